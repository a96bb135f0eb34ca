"""Intentions: cooperation promised is AGREE, a retreat announced is CONCEDE, force threatened is THREATEN.

The PLOVER manual asks for the single category, not an act plus an auxiliary mode: cooperative acts
(CONSULT, SUPPORT, COOPERATE, AID) told in the future or as what the actor agrees, offers, promises or
is willing to do are AGREE; future retreats and concessions ("announced it would withdraw", "will
release the hostages") are CONCEDE; conflict acts threatened ("threatened to strike", "vowed to
retaliate") or, for force, told in the future ("will attack") are THREATEN. CAMEO says the same with
its "express intent" codes: the code is chosen from the act's own code (aid 07x → 033x, talks 04x →
036, release 084 → 0353, ceasefire 087 → 0356, an air strike 195 → 1384 …).

One event remains. When the coder also found the governing word ("agreed", "vowed", "threatened") as
an event of its own, it is merged into the act: actors, place and quantities missing from the act come
from it; the trigger holds the words of both. The date kept is the one the sentence gives for the act.

**Modality.** The resulting AGREE, CONCEDE or THREATEN is ``asserted``: what happened is the promise
or the threat itself, told in the article; the act promised lies in the future and is not an event of
its own. Negated and hypothetical acts ("would not withdraw", "could send aid") are left as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from ..lexicon import Lexicon
from ..model import Event

COOPERATIVE = frozenset({"CONSULT", "SUPPORT", "COOPERATE", "AID"})
YIELDING = frozenset({"RETREAT", "CONCEDE"})
FORCE = frozenset({"ASSAULT", "COERCE"})  # told in the future by itself, a threat
CONFLICT = FORCE | {"PROTEST", "SANCTION", "MOBILIZE"}  # threatened or vowed, a threat
GOVERNORS = frozenset({"AGREE", "THREATEN"})  # "agreed", "promised", "vowed", "threatened" coded alone

THREAT_HEADS = frozenset({"threaten", "warn"})
PROMISE_HEADS = frozenset({"vow", "pledge", "promise", "swear"})  # of cooperation a promise, of force a threat
COMMIT_HEADS = frozenset({
    "agree", "offer", "commit", "undertake", "volunteer", "willing", "ready", "prepared", "prepare", "plan",
    "intend", "arrange", "propose", "set", "schedule", "due", "poised", "eager", "keen", "determined",
})  # not "decide": "decided to lift the sanctions" tells the act itself, taken by decision
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
# Verbs that tell of an act named by their subject taking place: "talks would continue", "aid will arrive".
TAKING_PLACE = frozenset({"continue", "begin", "start", "resume", "take", "open", "be", "hold", "go", "proceed",
                          "commence", "happen", "occur", "arrive", "convene", "follow"})

# CAMEO "express intent" code of a cooperative act, by the act's code or its nearest listed parent.
INTENT_CODES: dict[str, str] = {
    "03": "030",
    "04": "036", "045": "039",
    "05": "032", "057": "030",
    "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
    "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334",
    "08": "035", "081": "0351", "0813": "0351", "0814": "0351", "082": "0352", "083": "034", "0831": "0341",
    "0832": "0342", "0833": "0343", "0834": "0344", "084": "0353", "085": "0354", "086": "0355", "087": "0356",
}
# CAMEO threat code of a conflict act.
THREAT_CODES: dict[str, str] = {
    "13": "130", "14": "133", "15": "138",
    "16": "131", "161": "1313", "162": "1311", "163": "1312", "164": "134", "165": "135", "166": "136",
    "17": "130", "172": "132", "1721": "1321", "1722": "1322", "1723": "1323", "1724": "1324", "175": "137",
    "18": "1383", "19": "1384", "191": "1381", "192": "1382", "20": "1383", "204": "1385",
}


# CAMEO demand code (10x) of an act others are told they must do: the 02x/10x scheme by the act's kind.
DEMAND_CODES: dict[str, str] = {
    "03": "100", "04": "106", "045": "108", "05": "102",
    "06": "101", "061": "1011", "062": "1012", "063": "1013", "064": "1014",
    "07": "103", "071": "1031", "072": "1032", "073": "1033", "074": "1034",
    "08": "105", "081": "1051", "082": "1052", "083": "104", "0831": "1041", "0832": "1042", "0833": "1043",
    "0834": "1044", "084": "1053", "085": "1054", "086": "1055", "087": "1056",
}
DEMANDED = COOPERATIVE | YIELDING | {"AGREE"}


def mapped_code(code: str | None, table: dict[str, str], default: str) -> str:
    """The table's code for ``code`` or its nearest listed parent ("0841" → "084" → "0353")."""
    code = code or ""
    for n in range(len(code), 1, -1):
        if code[:n] in table:
            return table[code[:n]]
    return default


def clause_verb(token: Token) -> Token | None:
    """The verb whose clause tells the act: the trigger itself, or the verb a noun trigger is the object of."""
    if token.pos_ in ("VERB", "AUX"):
        verb = token
    elif token.dep_ == "dobj" and token.head.pos_ in ("VERB", "AUX") or token.dep_ in ("nsubj", "nsubjpass") \
            and token.head.lemma_.lower() in TAKING_PLACE:
        verb = token.head  # "will hold talks", "talks would continue"; not "a blockade would harm the region"
    else:
        return None
    while verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        verb = verb.head  # "agreed to release prisoners and withdraw troops"
    return verb


def intention(verb: Token, modality: str) -> tuple[str, Token | None] | None:
    """How the clause of ``verb`` tells its doer's intention, and the word that governs it.

    ``("threat", g)``: threatened or warned; ``("promise", g)``: vowed, pledged, promised, sworn;
    ``("commit", g)``: agreed, offered, willing, ready, planned…; ``("future", g)``: told in the future tense
    ("will meet", "said it would withdraw"). None when it is not an intention of the doer ("urged X to
    withdraw", "hopes to meet", "considering sending aid").
    """
    if modality in ("negated", "hypothetical"):
        return None
    head = verb.head
    lemma = head.lemma_.lower()
    aux = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if verb.dep_ == "xcomp":
        if lemma in THREAT_HEADS:
            return "threat", head
        if lemma in PROMISE_HEADS:
            return "promise", head
        if lemma in COMMIT_HEADS or head.lower_ in COMMIT_HEADS:
            return "commit", head
        if head.lower_ == "going" or lemma == "be":  # "is going to send", "talks are to begin"
            return "future", None
        return None
    if verb.dep_ == "ccomp" and lemma in THREAT_HEADS:  # "warned that it would retaliate"
        return "threat", head
    if aux & FUTURE_AUX or ("would" in aux and modality == "planned"):
        if verb.dep_ == "ccomp" and lemma in PROMISE_HEADS:
            return "promise", head
        if verb.dep_ == "ccomp" and lemma in COMMIT_HEADS:
            return "commit", head
        return "future", head if verb.dep_ == "ccomp" else None
    return None


def recode(event: Event, kind: str) -> tuple[str, str] | None:
    """The (PLOVER type, CAMEO code) an act told as an intention of ``kind`` becomes; None: it stays."""
    plover = event.event_type
    if kind == "threat" and plover not in ("REQUEST", "ACCUSE", "REJECT", "AGREE", "THREATEN"):
        return "THREATEN", mapped_code(event.cameo if plover in CONFLICT else None, THREAT_CODES, "130")
    if plover in CONFLICT and (kind == "promise" or kind == "future" and plover in FORCE):
        return "THREATEN", mapped_code(event.cameo, THREAT_CODES, "130")
    if plover in COOPERATIVE:
        return "AGREE", mapped_code(event.cameo, INTENT_CODES, "030")
    if plover in YIELDING:
        return "CONCEDE", mapped_code(event.cameo, INTENT_CODES, "035")
    return None


def code_intentions(events: Sequence[tuple[Event, int]], clauses: Sequence[Token],
                    lexicon: Lexicon) -> list[tuple[Event, int]]:
    """The sentence's events with intentions coded as one AGREE, CONCEDE or THREATEN event each.

    ``events`` pairs each event with its trigger's character offset; ``clauses[i]`` is the word that
    carries event i's modality (its trigger, or the light verb of a noun trigger).
    """
    out: list[tuple[Event, int] | None] = list(events)
    at = {c.i: n for n, c in enumerate(clauses)}
    intended: set[int] = set()
    for n in range(len(out)):
        if out[n] is None:
            continue  # a governor merged into an act told before it
        event, offset = out[n]  # type: ignore[misc]
        verb = clause_verb(clauses[n])
        if verb is not None and _decided(verb, event):
            out[n] = (replace(event, modality="asserted", id=""), offset)
            continue
        found = intention(verb, event.modality) if verb is not None else None
        if found is None:
            continue
        kind, head = found
        governor = _governor(head, at, out)
        recoded = recode(event, kind)
        if recoded is None and (governor is None or event.event_type not in GOVERNORS):
            continue  # "decided to strike", "prepared to attack": a plan, left planned
        if recoded is not None:
            code = lexicon.cameo(recoded[1])
            if code is None:
                continue
            acled = {"event_type": code.acled[0], "sub_event_type": code.acled[1]} if code.acled else None
            event = replace(event, event_type=recoded[0], cameo=code.code, mode=code.mode, context=code.context,
                            acled=acled, modality="asserted", id="")
        if governor is not None:
            event = _merge(out[governor][0], event)  # type: ignore[index]
            out[governor] = None
        out[n] = (event, offset)
        intended.add(n)
    for n, item in enumerate(out):  # "will meet in Berlin to discuss the fighting": the purpose is promised too
        verb = clause_verb(clauses[n]) if item is not None and n not in intended else None
        owner = at.get(verb.head.i) if verb is not None and _purpose(verb) else None
        if owner is not None and owner in intended and out[owner] is not None:
            main, purpose = out[owner][0], item[0]  # type: ignore[index]
            if purpose.event_type in COOPERATIVE and main.event_type == "AGREE":
                merged = replace(main, target=main.target or purpose.target, id="")
                out[owner], out[n] = (merged, out[owner][1]), None  # type: ignore[index]
    return [item for item in out if item is not None]


def _decided(verb: Token, event: Event) -> bool:
    """A concession or cooperation decided on is taken by the decision ("decided to ease the curfew", "has
    decided to grant asylum"): CAMEO codes the act. Force decided on stays a plan."""
    return event.modality == "planned" and verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "decide" \
        and event.event_type in COOPERATIVE | YIELDING and not any(c.dep_ == "neg" for c in verb.head.children)


def _purpose(verb: Token) -> bool:
    """A purpose clause: "to discuss the fighting" after "will meet"."""
    return verb.dep_ in ("advcl", "xcomp") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _governor(head: Token | None, at: dict[int, int], events: Sequence[tuple[Event, int] | None]) -> int | None:
    """The index of the AGREE or THREATEN event coded from the governing word ("agreed", "vowed"), if any."""
    if head is None:
        return None
    for token in (head, head.head if head.pos_ in ("NOUN", "ADJ") else None):
        n = at.get(token.i) if token is not None else None
        if n is not None and events[n] is not None and events[n][0].event_type in GOVERNORS:  # type: ignore[index]
            return n
    return None


def _merge(governor: Event, act: Event) -> Event:
    """One event from the act and the word that governs it: what the act lacks comes from the governor."""
    def at(event: Event) -> int:
        return event.evidence.text.find(event.trigger.split()[0]) if event.trigger else -1

    words = [governor.trigger, act.trigger] if at(governor) <= at(act) else [act.trigger, governor.trigger]
    claim = act.claim if act.claim is not None and act.claim.claimant is not None else governor.claim or act.claim
    return replace(
        act, trigger=" ".join(dict.fromkeys(w for t in words for w in t.split())),
        source=act.source or governor.source, target=act.target or governor.target,
        location=act.location or governor.location,
        date=act.date or governor.date, quantities={**governor.quantities, **act.quantities}, claim=claim,
        modality=governor.modality,  # "agreed to accept": the agreeing is what is told as done
        confidence=max(act.confidence, governor.confidence), id="")


def code_demands(events: Sequence[tuple[Event, int]], clauses: Sequence[Token],
                 lexicon: Lexicon) -> list[tuple[Event, int]]:
    """Acts others are said to be obliged to do are demands (CAMEO 10, PLOVER REQUEST), by whoever says so.

    "Eritrea said Qatar must mediate with Djibouti" is Eritrea's demand that Qatar mediate (108), not a
    hypothetical mediation; "said the EU must lift the ban" is a demand to ease it (1054). The speaker is
    the source, the one who must act the target; the demand itself is asserted. ``clauses`` as in
    ``code_intentions``.
    """
    out: list[tuple[Event, int]] = []
    for (event, offset), clause in zip(events, clauses):
        verb = clause_verb(clause)
        code = lexicon.cameo(mapped_code(event.cameo, DEMAND_CODES, "100"))
        if event.modality == "hypothetical" and event.event_type in DEMANDED and verb is not None \
                and _demanded(verb) and code is not None and code.plover:
            speaker = event.claim.claimant if event.claim is not None else None
            event = replace(event, event_type=code.plover, cameo=code.code, mode=code.mode, context=code.context,
                            acled=None, source=(speaker,) if speaker is not None else (),
                            target=event.source or event.target, modality="asserted", id="")
        out.append((event, offset))
    return out


def _demanded(verb: Token) -> bool:
    """A clause of obligation told by a speaker about another: "said (that) Turkey must mediate"."""
    from .claims import SPEECH_VERBS

    if not any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children):
        return False
    if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS:
        return False
    return not any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON" for c in verb.children)  # "we must"
