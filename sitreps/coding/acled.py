"""ACLED's coding of an event, from the coded event: ``acled`` = event type, sub-event type, inter codes,
interaction, civilian targeting and fatalities, by the decisions of ../shared/reference/acled/CODING.md.

``code_acled(coded)`` is a post-pass over one article's events: each event's PLOVER type, mode and CAMEO code,
its actors' sectors and codes, its counts and the words of its sentence (with the sentences beside it, which
tell the same incident) decide its ACLED code, in the codebook's order (§1.2):

1. a demonstration: its participants violent or destructive → Riots / Violent demonstration; else Protests,
   with lethal force or serious injury → Excessive force against protesters, physical intervention or arrests →
   Protest with intervention, else Peaceful protest;
2. a crowd outside a demonstration does the harm → Riots / Mob violence;
3. an organized armed actor does the harm: remote weapons with no ground fight → Explosions/Remote violence
   (by weapon), an armed other side or a fight → Battles, unarmed people → Violence against civilians
   (sexual violence, abduction with no further violence, else attack); property only → Strategic developments /
   Looting/property destruction;
4. no violence: a Strategic developments sub-type (arrests, agreement, …); verbal acts get none (§6).

Acts that did not happen (negated, planned, threatened, hypothetical) get no ACLED code. Cues are short word
lists named for what the codebook says they show. A demonstration told beside only the act it is about becomes
an event of its own. ``main_event`` picks the one event ACLED would code for a short report.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from ..model import Actor, Coded, Event
from .quantities import find_quantities


def _words(*words: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)


# §1.2/§1.4: a demonstration, and what its participants do
DEMONSTRATION = _words(r"protest\w*", r"demonstrat\w*", r"march(?:ed|es|ers|ing)?", r"rall(?:y|ies|ied)",
                       "sit-ins?", r"picket\w*", "petitioned")
PARTICIPANTS_VIOLENT = _words(r"riot\w*", r"clash\w*", r"ston(?:e|es|ed|ing)", "stone-throwing",
                              r"pelt\w*", r"hurl\w*", r"vandali[sz]\w*", "arson", r"barricad\w*",
                              r"(?:burn\w*|torch\w*|set fire to|set ablaze)(?: \w+)? (?:tyres|tires|vehicles?|cars?)",
                              "petrol bombs?", "molotov", r"loot\w*", "violent(?:ly)?", "rampage", "threw (?:stones|rocks|bottles|objects)",
                              r"destr(?:oy|oyed|oying|uction)", r"damag\w*", "bonfires?", "set (?:on )?fire")
INTERVENTION = _words("tear ?-?gas", "teargas", "water cannons?", "rubber bullets", r"baton\w*", "intervened",
                      "by force", "forcibly", "pushed back",
                      r"dispers\w*", r"arrest\w*", r"detain\w*", "broke up", "pepper spray", "warning shots",
                      "blanks")
LETHAL = _words(r"kill\w*", "shot dead", "died", r"deaths?", "dead", "live (?:bullets|ammunition|rounds|fire)",
                r"hospitali[sz]ed", "(?:critically|seriously) (?:injured|wounded)")
# what a demonstration is about ("protested after a driver was killed", "against the arrest of …"): its
# words tell neither the participants' conduct nor an intervention (§1.4)
GRIEVANCE = re.compile(r"\b(?:after|over|against|following|demand(?:s|ed|ing)?|call(?:ed|ing)? for|urg(?:ed|ing)|"
                       r"to (?:protest|condemn|denounce)|in protest|in response to|because of|accusing)\b"
                       r"(?:(?!\bbut\b)[^.;,])*(?:,\s*(?:who|which|whom|whose|where)\b(?:(?!\bbut\b)[^.;,])*)*",
                       re.IGNORECASE)
# an intervention is done to the crowd: its sentence names the crowd, a number of people or the police
CROWD = _words(r"protest\w*", r"demonstrat\w*", r"crowds?", "them", "they", "some", "several", "many",
               r"(?:\d+|dozens|scores|hundreds) (?:were|people|persons|others|of them|\w+ers|\w+ents)",
               r"polic\w*", r"officers?", "security", "troops", r"soldiers?", "participants", r"rall(?:y|ies)")
TOLD_DEMONSTRATION = _words("protested", "demonstrated", "marched", "rallied", "gathered", "took to the streets",
                           r"(?:staged|held|organi[sz]ed) (?:an? |the )?(?:\w+ )?(?:protests?|demonstrations?|sit-ins?)")
# §1.2: a crowd outside a demonstration
MOB = _words("mobs?", r"lynch\w*", r"vigilantes?", "crowds?", "irate", "angry (?:residents|villagers|youths?)")
# §1.5: the weapons of Explosions/Remote violence, highest-ranked first
REMOTE: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Chemical weapon", _words("sarin", "chlorine", "mustard gas", "chemical (?:weapons?|attack)")),
    ("Air/drone strike", _words("air ?-?strikes?", "airstrikes?", "air raids?", "drones?", "warplanes?",
                                "(?:fighter )?jets", "aircraft", "helicopters?", "gunships?", "bombers",
                                "aerial", r"bombard\w* from the air")),
    ("Suicide bomb", _words(r"suicide[ -](?:bomb\w*|attack\w*|vest|car bomb)", "self-detonat\\w*")),
    ("Shelling/artillery/missile attack", _words(r"shell(?:s|ed|ing)", "artillery", r"mortars?", "rockets?",
                                                 r"missiles?", "rpgs?", "howitzers?", "katyushas?")),
    ("Remote explosive/landmine/IED", _words("ieds?", "improvised explosive", "roadside bombs?", "land ?mines?",
                                             "explosive devices?", "car bombs?", "unexploded", "booby[ -]trap\\w*",
                                             "bomb (?:blast|exploded|went off)", r"explosions?", "blasts?")),
    ("Grenade", _words("(?:hand )?grenades?(?! launcher)")),
)
REMOTE_MODES = {"aerial": "Air/drone strike", "drone": "Air/drone strike", "suicide-attack": "Suicide bomb",
                "heavy-weapons": "Shelling/artillery/missile attack", "explosives": "Remote explosive/landmine/IED",
                "unconventional": "Chemical weapon"}
# §1.5: fire at close range beside remote weapons: a ground engagement, so Battles
SMALL_ARMS = _words("small arms", "small-arms", r"(?:heavy )?machine ?-?guns?", r"rifles?", "gunfire",
                    r"firearms?", "automatic weapons")
# §1.5: force exchanged between two sides (a fight), and acts that are a fight only against an armed side
FIGHT = _words(r"clash\w*", r"fight\w*", "fought", "gun ?-?battles?", "gunfights?", "firefights?",
               r"exchang\w* (?:of )?(?:fire|gunfire)", "shoot-?outs?", r"skirmish\w*", "battled?",
               "engaged", "returned fire")
ONE_SIDED_FIGHT = _words(r"repuls\w*", r"repell\w*", r"ambush\w*", r"thwart\w*", r"incursions?")
# §1.2 step 3a: what only an armed side holds ("assaults on positions", "ambushes on on-duty forces")
ARMED_TARGET = _words(r"positions?", r"bases?", r"checkpoints?", r"outposts?", "barracks", r"patrols?",
                      r"military (?:convoy|vehicle)s?", r"police (?:station|post|camp|vehicle)s?", r"camps?")
SEXUAL = _words(r"rap(?:e|ed|es|ing)", "gang-raped", r"sexual(?:ly)? \w+", r"defile\w*")
ABDUCTION = _words(r"abduct\w*", r"kidnap\w*", "hostages?", r"disappear\w*", "taken captive")
HARMED = _words(r"kill\w*", "shot", "dead", r"injur\w*", r"wound\w*", r"beat\w*", r"tortur\w*", r"stabb\w*",
                "hacked", "murdered", "died", r"assault\w*", "lynched")
TAKEN = _words("captured", "seized control", "took control", "overran", "took over")
RETAKEN = _words(r"recaptur\w*", r"regain\w*", "retook", r"liberat\w*")
PROPERTY = _words(r"loot\w*", r"plunder\w*", r"ransack\w*", r"pillag\w*", r"burn\w*", r"torch\w*", "set fire",
                  "set ablaze", r"destroy\w*", r"demolish\w*", r"vandali[sz]\w*")
AGREEMENT = _words(r"ceasefire\w*", "cease-fire", "truce", "peace", "surrender\\w*", r"prisoner\w*", "hostages?")
# §2: who an actor is, by the words that name it
STATE_WORDS = _words(r"polic\w*", r"officers?", r"soldiers?", "troops", "army", "military", r"forces?",
                     "security", "gendarmes?", "guards?", "rangers?", "kdf", "navy", "marines?")
UNIDENTIFIED = _words("gunm[ae]n", r"assailants?", r"attackers?", "unknown", "unidentified", "armed men",
                      r"bandits?", "suspected", r"militi\w*", "gangs?", "thugs", "raiders?", "criminals?")
IDENTITY = _words("clan", "ethnic", "tribal", "tribesmen", "communal", "community", r"herd\w*",
                  r"pastoralists?", "cattle raiders?", "farmers")
PROTESTERS = _words(r"protest\w*", r"demonstrators?", r"marchers?", "strikers", "picketers")
FOLLOWERS = _words(r"supporters?", r"youths?", r"followers?", r"activists?", r"loyalists?", r"fans?")
RIOTERS = _words(r"rioters?", "mobs?", r"crowds?", r"vigilantes?", "youths", "residents", "villagers")
PEOPLE = _words(r"m[ae]n", r"wom[ae]n", r"child\w*", r"boys?", r"girls?", r"persons?", "people", r"civilians?",
                r"residents?", r"villagers?", r"farmers?", r"traders?", r"shopkeepers?", r"students?", r"teachers?",
                r"workers?", r"victims?", r"famil\w*", r"suspects?", r"drivers?", r"passengers?", r"journalists?",
                r"herders?", r"motorists?", r"miners?", "elderly", r"chiefs?", r"politicians?", r"leaders?",
                r"businessm[ae]n", r"pupils?", r"wi(?:fe|ves)", r"husbands?", r"sons?", r"daughters?")

# §3: deaths told without a number: one person ("a man was shot dead", "the victim died"), or two ("both")
ONE_DEATH = _words("to death", r"lynch\w*", "shot dead", "killed", "died", "murdered", r"assassinat\w*",
                   "beheaded", "found dead", "succumbed")
PLURAL_DEAD = _words("several", "many", "dozens", "scores", "hundreds", "unknown number", "some", "people",
                     "civilians", "soldiers", "fighters", "militants", "troops", "officers", "casualties")
BOTH = _words("both")
ARMED = frozenset({1, 2, 3, 4, 8})
NOT_CODED = frozenset({"SUPPORT", "CONCEDE", "COOPERATE", "AID", "REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"})
# §1.1 within one incident, for picking the event ACLED codes: demonstrations first (§1.2), then the rest
RANK = ("Riots/Violent demonstration", "Protests/Excessive force against protesters",
        "Protests/Protest with intervention", "Protests/Peaceful protest", "Riots/Mob violence",
        "Battles/Government regains territory", "Battles/Non-state actor overtakes territory", "Battles/Armed clash",
        *(f"Explosions/Remote violence/{sub}" for sub, _ in REMOTE),
        "Violence against civilians/Sexual violence", "Violence against civilians/Attack",
        "Violence against civilians/Abduction/forced disappearance")


def inter_code(actor: Actor, country: str | None, *, violent: bool = False) -> int | None:
    """ACLED's inter code (1-8) of one actor; ``country`` is where the event took place; ``violent`` that the
    actor did harm (civilians who do are rioters, §2: civilians are never Actor 1 of a violent event)."""
    words = f"{actor.text} {actor.name}"
    if actor.code == "IGO" or actor.sector == "IGO":
        return 8
    if FOLLOWERS.search(actor.text) and not STATE_WORDS.search(actor.text):
        return 5 if violent else 7  # "party supporters", "youths": people, whoever they follow
    if actor.sector in ("MIL", "COP", "GOV", "SPY"):
        return 8 if country and actor.code and len(actor.code) == 3 and actor.code not in (country, "IGO") else 1
    if actor.sector in ("REB", "CRM"):
        if IDENTITY.search(words):
            return 4
        return 3 if actor.sector == "CRM" or UNIDENTIFIED.search(actor.text) else 2
    if PROTESTERS.search(words):
        return 6
    if RIOTERS.search(words) and violent or re.search(r"\b(rioters?|mobs?)\b", words, re.IGNORECASE):
        return 5
    if actor.sector == "AGR" and violent:
        return 4  # herders who fight: an identity (livelihood) militia
    if actor.sector is not None:
        return 5 if violent else 7
    if STATE_WORDS.search(actor.text):
        return 1
    if UNIDENTIFIED.search(actor.text):
        return 3
    return 7 if PEOPLE.search(actor.text) else None


def interaction(inter1: int | None, inter2: int | None) -> str | None:
    """The two inter codes joined, lower first ("17"); one side alone is ``X0``."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return None
    return f"{codes[0]}{codes[1] if len(codes) > 1 else 0}"


def _remote(event: Event, text: str) -> str | None:
    """The Explosions/Remote violence sub-type the weapon words (or the event's mode) tell, highest first."""
    found = [sub for sub, cue in REMOTE if cue.search(text)]
    if event.mode in REMOTE_MODES and REMOTE_MODES[event.mode] not in found:
        found.append(REMOTE_MODES[event.mode])
    return min(found, key=[s for s, _ in REMOTE].index) if found else None


def _at_crowd(event: Event) -> bool:
    """An act told of the crowd, not of what it protests about ("against the arrest of their leader")."""
    kept = GRIEVANCE.sub(" ", event.evidence.text)
    word = event.trigger.split()[0] if event.trigger else ""
    return bool(word) and re.search(rf"\b{re.escape(word)}\b", kept, re.IGNORECASE) is not None \
        and CROWD.search(kept) is not None


def _in_grievance(event: Event) -> bool:
    """The act is what a demonstration is about ("protested over the killing of a rider"), not done at it."""
    word = event.trigger.split()[0] if event.trigger else ""
    return bool(word) and any(re.search(rf"\b{re.escape(word)}\b", m.group(0), re.IGNORECASE)
                              for m in GRIEVANCE.finditer(event.evidence.text))


def _first(actors: Sequence[Actor], country: str | None, *, violent: bool = False) -> int | None:
    return next((c for a in actors if (c := inter_code(a, country, violent=violent))), None)


def _protest(near: str, killed: bool) -> tuple[str, str]:
    """§1.4 by what the participants did and what was done to them; not by what they protest about."""
    near = GRIEVANCE.sub(" ", near)
    if INTERVENTION.search(near):  # the arrest of the person the crowd speaks for is no intervention
        near = " ".join(s for s in re.split(r"(?<=[.;])\s+", near) if not INTERVENTION.search(s)
                        or CROWD.search(s))
    if PARTICIPANTS_VIOLENT.search(near):
        return "Riots", "Violent demonstration"
    if killed or LETHAL.search(near):
        return "Protests", "Excessive force against protesters"
    if INTERVENTION.search(near):
        return "Protests", "Protest with intervention"
    return "Protests", "Peaceful protest"


def _violence(event: Event, own: str, near: str, doer: int | None, victim: int | None) -> tuple[str, str] | None:
    """§1.2 steps 1-3 for an act of force."""
    harmed = bool(event.quantities.get("killed") or event.quantities.get("injured")) or bool(HARMED.search(own))
    mob = MOB.search(own) and not DEMONSTRATION.search(own)  # §1.2 step 2: a crowd outside a demonstration
    protest = DEMONSTRATION.search(near) or INTERVENTION.search(own) and CROWD.search(own) \
        and not FIGHT.search(own) and doer != 5  # tear gas at a crowd; not warning shots at a boat
    if protest and not mob and (doer in (5, 6) or victim in (5, 6, None) or event.cameo == "175") \
            and not _in_grievance(event):
        if doer in (5, 6) or PARTICIPANTS_VIOLENT.search(GRIEVANCE.sub(" ", own)):
            return "Riots", "Violent demonstration"
        killed = bool(event.quantities.get("killed"))
        if killed or LETHAL.search(GRIEVANCE.sub(" ", own)):
            return "Protests", "Excessive force against protesters"
        return "Protests", "Protest with intervention"
    if doer in (5, 7) or mob and doer is None or doer is None and FIGHT.search(own) and RIOTERS.search(own):
        return "Riots", "Mob violence"
    if SEXUAL.search(own) or event.mode == "sexual":
        return "Violence against civilians", "Sexual violence"
    weapon = _remote(event, own)
    if weapon and not ((FIGHT.search(own) or SMALL_ARMS.search(own)) and victim in ARMED | {None}):
        return "Explosions/Remote violence", weapon
    if ABDUCTION.search(own) or event.mode == "abduct":
        hurt = bool(event.quantities.get("killed") or event.quantities.get("injured"))
        return "Violence against civilians", "Attack" if hurt else "Abduction/forced disappearance"
    if RETAKEN.search(own) and doer == 1:
        return "Battles", "Government regains territory"
    if TAKEN.search(own) and doer in (2, 3, 4, 8) and victim in ARMED | {None}:
        return "Battles", "Non-state actor overtakes territory"
    if FIGHT.search(own) and (doer in (5, 6, 7) or victim in (5, 6) or doer == 1 and victim == 7):
        return "Riots", "Mob violence"  # §2: unarmed people who fight armed ones (or each other) are rioters
    if victim is None and ARMED_TARGET.search(own) and doer not in (5, 6, 7):
        victim = 1
    if victim in ARMED or FIGHT.search(own) and doer not in (5, 6, 7) \
            or FIGHT.search(near) and victim is None and doer in ARMED \
            or ONE_SIDED_FIGHT.search(own) and victim is None and doer in ARMED:
        return "Battles", "Armed clash"  # §1.3: civilians who die in a clash are its deaths, not another event
    if victim is None and not harmed and PROPERTY.search(own):
        return "Strategic developments", "Looting/property destruction"
    if event.mode in ("destroy", "seize") and not harmed:
        return "Strategic developments", "Looting/property destruction"
    return "Violence against civilians", "Attack"


def acled_code(event: Event, near: str) -> dict[str, Any] | None:
    """The ACLED coding of one event; ``near`` is its sentence with those beside it. None: ACLED codes no such
    act (verbal acts, §6) or it did not happen."""
    if event.modality != "asserted" or event.event_type in NOT_CODED:
        return None
    own = event.evidence.text
    country = event.location.country if event.location else None
    killed = event.quantities.get("killed")
    kind: tuple[str, str] | None
    violent = event.event_type == "ASSAULT"
    doer = _first(event.source, country, violent=violent)
    victim = _first(event.target, country)
    if event.event_type == "PROTEST":
        kind = ("Riots", "Violent demonstration") if event.mode == "riot" else _protest(near, bool(killed))
        if kind[0] == "Riots" and MOB.search(own) and not DEMONSTRATION.search(near):
            kind = ("Riots", "Mob violence")  # §1.2 step 2: a crowd on the rampage outside a demonstration
        doer = 5 if kind[0] == "Riots" else 6
        # the police, mostly: they break up a protest, and a riot is mostly against them
        victim = 1 if kind[1] not in ("Peaceful protest", "Mob violence") else None
    elif violent:
        kind = _violence(event, own, near, doer, victim)
        if kind and kind[0] == "Riots":  # §1.4: the actor is the rioters; the other side is who they met
            other = doer if doer in ARMED else victim if victim != 5 else None
            doer, victim = 5, other
        elif kind and kind[0] == "Protests":
            victim = 6
        elif kind and kind[0] == "Violence against civilians":
            victim = 7
    elif event.event_type == "COERCE":
        if event.mode == "arrest" and DEMONSTRATION.search(near) and _at_crowd(event):
            kind, doer, victim = ("Protests", "Protest with intervention"), doer or 1, 6
        elif event.mode == "arrest" and doer in (2, 3, 4):
            kind, victim = ("Violence against civilians", "Abduction/forced disappearance"), 7
        elif event.mode == "arrest" or event.cameo == "173":
            kind, doer, victim = ("Strategic developments", "Arrests"), doer or 1, victim or 7
        elif event.mode == "seize" or PROPERTY.search(own):
            kind = ("Strategic developments", "Looting/property destruction")
        elif DEMONSTRATION.search(near) and INTERVENTION.search(own):
            kind, victim = ("Protests", "Protest with intervention"), 6
        else:
            kind = tuple(event.acled.values())[:2] if event.acled else None  # type: ignore[assignment]
    elif event.event_type in ("AGREE", "CONSULT", "RETREAT"):
        kind = ("Strategic developments", "Agreement") if AGREEMENT.search(own) or event.mode == "ceasefire" \
            else None
    elif event.event_type == "MOBILIZE" and doer in ARMED:
        kind = ("Strategic developments", "Change to group/activity")
    else:
        kind = None
    if kind is None:
        return None
    targeted = kind[0] == "Violence against civilians" or kind[1] == "Excessive force against protesters" \
        or kind[0] in ("Explosions/Remote violence", "Riots") and victim == 7
    if kind[0] in ("Violence against civilians", "Battles", "Explosions/Remote violence") and doer is None:
        doer = 3  # an unnamed armed doer: ACLED's unidentified armed group (§2)
    return {"event_type": kind[0], "sub_event_type": kind[1], "inter1": doer, "inter2": victim or 0,
            "interaction": interaction(doer, victim), "civilian_targeting": bool(targeted),
            "fatalities": killed.best if killed else 0}


def code_acled(coded: Coded) -> Coded:
    """Every event of an article with its ACLED coding (or none), and the incident's deaths on each."""
    if not coded.events:
        return coded
    texts = {s.index: s.text for s in coded.sentences}
    coded = replace(coded, events=(*coded.events, *_told_protests(coded.events)))
    codes = []
    for e in coded.events:
        near = " ".join(texts.get(i, "") for i in (e.sentence - 1, e.sentence, e.sentence + 1)) or e.evidence.text
        codes.append(acled_code(e, near))
    kinds: dict[int, set[str]] = {}
    for e, code in zip(coded.events, codes):
        if code is not None and code["event_type"] != "Strategic developments":
            kinds.setdefault(e.sentence, set()).add(code["event_type"])
    deaths = _deaths(coded, texts)
    for e, code in zip(coded.events, codes):
        if code is not None and code["event_type"] != "Strategic developments":
            code["fatalities"] = _incident_deaths(e.sentence, code["event_type"], kinds, deaths)
    return replace(coded, events=tuple(replace(e, acled=c) for e, c in zip(coded.events, codes)))


def _told_protests(events: Sequence[Event]) -> list[Event]:
    """A demonstration a sentence tells beside the act it is about ("crowds gathered outside the court against
    the detention of two activists"), when the coder found only that act: the demonstration as an event of its
    own (§1.2 step 1: a demonstration present is coded as one), placed and dated as the act."""
    out = []
    for index in sorted({e.sentence for e in events}):
        told = [e for e in events if e.sentence == index]
        if any(e.event_type == "PROTEST" for e in told) or not any(_in_grievance(e) for e in told):
            continue
        kept = GRIEVANCE.sub(" ", told[0].evidence.text)
        found = DEMONSTRATION.search(kept)
        if found and TOLD_DEMONSTRATION.search(kept):
            act = next(e for e in told if _in_grievance(e))
            out.append(replace(act, event_type="PROTEST", trigger=found.group(0), mode="demo", context=(),
                               cameo="141", source=(), target=(), quantities={}, claim=None, modality="asserted",
                               confidence=act.confidence * 0.8, id=""))
    return out


def _deaths(coded: Coded, texts: dict[int, str]) -> dict[int, int]:
    """The deaths each sentence tells (its events' killed counts, else its own words), single acts included."""
    out: dict[int, int] = {}
    for e in coded.events:
        if (q := e.quantities.get("killed")) and not q.aggregate:
            out[e.sentence] = max(out.get(e.sentence, 0), q.best)
    wanted = {e.sentence + k for e in coded.events for k in (0, 1, 2)}  # what _incident_deaths reads
    for index, text in texts.items():
        if index not in out and index in wanted:
            q = find_quantities(text).get("killed")
            if q is not None and not q.aggregate:
                out[index] = q.best
            elif ONE_DEATH.search(text) and not PLURAL_DEAD.search(text):
                out[index] = 2 if BOTH.search(text) else 1
    return out


def _incident_deaths(first: int, kind: str, kinds: dict[int, set[str]], deaths: dict[int, int]) -> int:
    """§3: one incident's deaths all go to its one event. The incident is told from the event's sentence on,
    up to two sentences more (a report tells the act, then its toll), stopping at a demonstration or riot told
    after an act of violence; where counts differ the highest told is kept (a sentence restating the toll does
    not add to it)."""
    best = deaths.get(first, 0)
    for index in (first + 1, first + 2):
        if kinds.get(index, {kind}) & {"Protests", "Riots"} and kind not in ("Protests", "Riots"):
            break
        best = max(best, deaths.get(index, 0))
    return best


def main_event(events: Sequence[Event]) -> Event | None:
    """The one event ACLED would code for a short report: in the first sentence that tells an ACLED-coded act,
    the act of the highest rank (§1.1: co-occurring tactics are one event at the highest type); of acts of
    the same rank, one placed more precisely than its country (§4: the most specific location)."""
    coded = [e for e in events if e.acled]
    if not coded:
        return None
    first = min(e.sentence for e in coded)
    return min((e for e in coded if e.sentence == first), key=lambda e: (
        _rank(e), e.location is None or e.location.precision in ("country", "region", "unknown")))


def _rank(event: Event) -> int:
    acled = event.acled or {}
    key = f"{acled.get('event_type')}/{acled.get('sub_event_type')}"
    return RANK.index(key) if key in RANK else len(RANK)
