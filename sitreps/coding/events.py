"""From a parsed article to events: who did what to whom, where, when, how many, who says so.

``EventCoder.code(doc, article, kb_matches)`` is the whole extraction. It runs
inside the NLP stage (the only place a spaCy ``Doc`` exists) and returns a
``Coded`` packet of plain values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from ..geo import Gazetteer
from ..kb import KnowledgeBase
from ..lexicon import Lexicon
from ..model import Actor, Article, Claim, Coded, Event, Evidence, Mention, Place, Quantity, Sentence, When
from ..nlp.kbmatch import KBMatch
from .actors import POSSESSIVES, ActorResolver, ArticleActors, localise, thing_doer, thing_target
from .claims import Speech, claim_span, denial_negates, disputed, find_speech
from .modality import find_modality
from .intent import code_demands, code_intentions
from .when import ArticleMemory, event_date, long_ago, own_dates
from .datelines import dateline_end, find_dateline
from .event_place import event_location, happening_verb, with_reason
from .places import PlaceMention, article_countries, find_place_mentions
from .quantities import find_quantities
from .speakers import Speakers
from .syntax import (agent, children, is_passive, left_harmed, noun_modifiers, patients, pobjs, subject,
                     unrealised, with_conjuncts)
from .triggers import WEAK_VERBS, Hit, TriggerFinder

BACKGROUND_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "crisis", "campaign", "fighting",
                              "unrest", "uprising", "rebellion", "occupation", "siege"})
PROTESTERS = re.compile(r"\b(protesters?|protestors?|demonstrators?|marchers?|rioters?|crowds?)\b", re.I)
PARTNER_PREPS = ("with", "against", "on", "to", "toward", "towards", "at")
GENERIC_CODES = frozenset({"18", "19", "20", "180", "190", "200", "17", "170"})
QUANTITY_TYPES = {
    "killed": ("ASSAULT",), "injured": ("ASSAULT",), "targets": ("ASSAULT",), "munitions": ("ASSAULT",),
    "arrested": ("COERCE",), "displaced": ("ASSAULT", "COERCE", "RETREAT"), "size": ("PROTEST", "MOBILIZE"),
}
TARGET_PREPS = {
    "ASSAULT": ("on", "against", "at", "of"), "COERCE": ("of", "on", "against"), "PROTEST": ("against",),
    "ACCUSE": ("against",), "SANCTION": ("on", "against", "from"), "THREATEN": ("against",),
    "CONSULT": ("with",), "COOPERATE": ("with",), "AGREE": ("with",), "AID": ("to", "for"),
    "REQUEST": ("on", "to"), "SUPPORT": ("for",), "MOBILIZE": ("against",), "RETREAT": ("from",),
    "REJECT": (), "CONCEDE": ("to",),
}


@dataclass
class _Draft:
    """An event being assembled from one or more trigger hits."""

    hits: list[Hit]
    source: list[Token] = field(default_factory=list)
    target: list[Token] = field(default_factory=list)

    @property
    def main(self) -> Hit:
        return self.hits[0]


class EventCoder:
    """Holds the knowledge base, lexicon and gazetteer; codes one parsed article at a time."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, gazetteer: Gazetteer | None,
                 make_doc: Callable[[str], Doc], *, intentions: bool = True) -> None:
        self.kb, self.lexicon, self.gazetteer = kb, lexicon, gazetteer
        self.intentions = intentions  # PLOVER: promised or future acts are AGREE, CONCEDE, THREATEN
        self.triggers = TriggerFinder(make_doc, lexicon)

    def code(self, doc: Doc, article: Article, kb_matches: Sequence[KBMatch]) -> Coded:
        sentences = tuple(Sentence(article.id, i, s.start_char, s.end_char, s.text) for i, s in enumerate(doc.sents))
        mentions = self._mentions(doc, article, kb_matches)
        countries = article_countries(kb_matches)
        places: list[PlaceMention] = []
        dateline: Place | None = None
        skip = dateline_end(article.text)
        if self.gazetteer is not None:
            places = [p for p in find_place_mentions(doc, kb_matches, self.gazetteer, countries)
                      if (p.place.start or 0) >= skip]  # the dateline is where the story was filed
            dateline = find_dateline(article.text, self.gazetteer, countries)
        place_countries = Counter(p.place.country for p in places if p.place.country)
        main_country = place_countries.most_common(1)[0][0] if place_countries else (
            dateline.country if dateline is not None else None)
        fallback = self._fallback_place(dateline, main_country)
        resolver = ActorResolver(ArticleActors(self.kb, kb_matches, main_country=main_country, skip_before=skip))
        events: list[Event] = []
        context = ArticleMemory(skip_before=skip)
        speakers = Speakers(doc, resolver, skip)  # quotations and their speakers; pronouns and roles named
        for index, sent in enumerate(doc.sents):
            events.extend(self._code_sentence(sent, index, article, resolver, places, fallback, context, speakers))
        return Coded(article, sentences, mentions, tuple(events))

    def _fallback_place(self, dateline: Place | None, main_country: str | None) -> Place | None:
        """Where an event whose sentence names no place is put: the dateline when the article's places lie
        in its country, else the country most of the article's places lie in, at country precision."""
        if dateline is not None and dateline.country in (main_country, None):
            return with_reason(dateline, f"no place in the sentence; the article's dateline '{dateline.text}'")
        if main_country is None or self.gazetteer is None:
            return None
        country = self.gazetteer.country(main_country)
        if country is None:
            return None
        return Place(country.name, country.name, country.country, None, country.lat, country.lon,
                     country.geonames_id, "country",
                     f"no place in the sentence; most places the article names are in {country.name}")

    # -- per sentence -------------------------------------------------------------------------
    def _code_sentence(self, sent: Span, index: int, article: Article, resolver: ActorResolver,
                       places: Sequence[PlaceMention], dateline: Place | None, context: ArticleMemory,
                       speakers: Speakers | None = None) -> list[Event]:
        dates = context.read(sent, article)
        hits = [h for h in self.triggers(sent) if (plover := self._plover(h))
                and not (plover in DESCRIBING and _describes(sent.doc[h.head]))]
        if not hits:
            return []
        drafts = _merge(sent.doc, [self._draft(sent.doc, h, resolver.state.by_token) for h in hits], self._plover)
        drafts = [d for d in drafts if not _only_a_qualifier(sent.doc, d, drafts)]
        quantities = find_quantities(sent.text, offset=sent.start_char)
        out: list[tuple[Event, int]] = []
        clauses: list[Token] = []  # the word carrying each event's modality, for code_intentions
        for draft in drafts:
            event = self._event(draft, sent, index, article, resolver, places, dateline, dates, context,
                                counted=bool(quantities), speakers=speakers)
            if event is not None:
                out.append((event, sent.doc[draft.main.start].idx))
                clauses.append(sent.doc[draft.main.light if draft.main.light is not None else draft.main.head])
        if self.intentions:
            out = code_demands(out, clauses, self.lexicon)  # "said Qatar must mediate" is a demand
            out = code_intentions(out, clauses, self.lexicon)  # "agreed to send aid" is one AGREE
        out.extend(self._implied_protests([e for e, _ in out]))
        return _assign_quantities(out, {k: q for k, q in quantities.items()  # a disputed figure is no one's count
                                        if q.start is None or q.end is None or not disputed(sent.doc, q.start, q.end)})

    def _implied_protests(self, events: Sequence[Event]) -> list[tuple[Event, int]]:
        """Police firing on protesters tells of a protest too (ACLED: protest with intervention)."""
        if any(e.event_type == "PROTEST" for e in events):
            return []
        code = self.lexicon.cameo("141")
        for e in events:
            crowd = next((a for a in e.target if a.sector == "CVL" and a.start is not None
                          and PROTESTERS.search(a.text)), None)
            if e.event_type in ("ASSAULT", "COERCE") and crowd is not None and code is not None:
                protest = replace(e, event_type="PROTEST", trigger=crowd.text, mode=code.mode, context=code.context,
                                  cameo=code.code, acled={"event_type": "Protests",
                                                          "sub_event_type": "Protest with intervention"},
                                  source=(crowd,), target=(), quantities={}, id="", confidence=e.confidence * 0.8)
                return [(protest, crowd.start or 0)]
        return []

    def _plover(self, hit: Hit) -> str | None:
        code = self.lexicon.cameo(hit.trigger.cameo)
        return code.plover if code else None

    def _draft(self, doc: Doc, hit: Hit, known: Mapping[int, KBMatch]) -> _Draft:
        """The argument words of one trigger; ``known`` maps token indices to knowledge-base matches."""
        tok = doc[hit.head]
        plover = self._plover(hit) or ""
        preps = TARGET_PREPS.get(plover, ())
        if hit.pos == "VERB":
            if is_passive(tok):
                return _Draft([hit], agent(tok), patients(tok))
            if _shared_passive(tok):  # "were chased away by the police and arrested": the first verb's voice
                return _Draft([hit], agent(tok) or agent(tok.head), patients(tok))
            if tok.dep_ == "amod" and tok.tag_ == "VBN" and tok.head.pos_ in ("NOUN", "PROPN"):
                return _Draft([hit], agent(tok), [tok.head])  # "the arrested workers": they were arrested
            if _misread_progressive(tok):  # "soldiers are now patrolling farms" read as "are (patrolling farms)"
                return _Draft([hit], subject(tok.head.head), [tok.head])
            objects = [c for c in children(tok, "dobj", "dative") if c.i not in hit.words]
            pattern_objects = [c for c in children(tok, "dobj") if c.i in hit.words]  # "imposed sanctions on X"
            target = objects or pobjs(tok, *preps) or [
                t for o in pattern_objects for t in pobjs(o, *preps, *PARTNER_PREPS, "for")]  # "restored ties with X"
            if plover in ("AID", "SUPPORT", "REQUEST") and target and target[0].lemma_.lower() in _AID_NOUNS:
                target = pobjs(tok, "to", "for") or children(tok, "dative")
            if plover == "ASSAULT" and tok.lemma_.lower() in CLASH_VERBS:  # "a mob clashed with the police":
                return _Draft([hit], subject(tok) + pobjs(tok, "with"), target)  # both sides fought
            return _Draft([hit], subject(tok), target)
        source = [c for c in tok.children if c.dep_ == "poss"] + pobjs(tok, "by", "from")
        source += [a for c in tok.children if c.dep_ == "acl" and c.lemma_.lower() in DONE_VERBS
                   for a in agent(c)]  # "the arrests made by the police"
        if plover == "ASSAULT" and tok.lemma_.lower() in CLASH_VERBS:
            source += pobjs(tok, "with")  # "the clash with the police": both sides fought
        source += [c for c in noun_modifiers(tok) if c.i != hit.head  # "*police firing" names its doer
                   and c.lower_ not in WEAPON_WORDS  # "Grad rockets", "artillery fire" name no one
                   and (c.ent_type_ in ("NORP", "GPE", "ORG") or c.i in known
                        or self.kb.sector_of(c.lower_) is not None)]  # "police firing", "army shelling"
        target = pobjs(tok, *preps)
        if hit.light is not None:
            light = doc[hit.light]
            if not source or all(t.lower_ in OWNER_PRONOUNS for t in source):  # "the Kremlin launched its
                source = (subject(light) if not is_passive(light) else agent(light)) or source  # air strikes"
            target = target or pobjs(light, *preps)
        elif tok.dep_ == "nsubj" and tok.head.pos_ == "VERB":  # "air strikes killed 300 rebels"
            target = target or children(tok.head, "dobj")
        return _Draft([hit], source, target)

    def _event(self, draft: _Draft, sent: Span, index: int, article: Article, resolver: ActorResolver,
               places: Sequence[PlaceMention], dateline: Place | None, dates: Sequence[When],
               context: ArticleMemory, *, counted: bool = False, speakers: Speakers | None = None) -> Event | None:
        doc = sent.doc
        hit = draft.main
        code = self.lexicon.cameo(hit.trigger.cameo)
        if code is None or not code.plover:
            return None
        plover = code.plover
        if hit.trigger.words == ("agree",) and _voices_accord(doc[hit.head]):
            return None  # "they agree with the NCAA that…": a comment (CAMEO 019), not an agreement
        if plover == "ASSAULT" and code.code in GENERIC_CODES:
            code = self.lexicon.cameo(_weapon_code(sent)) or code  # "hit 60 targets" among air strikes is aerial
        if code.code in ("042", "043") and any(w.lemma_.lower() in TROOPS for t in draft.source for w in t.subtree):
            code = self.lexicon.cameo("154") or code  # troops arriving are deployed, not on a visit
            plover = code.plover or plover
        if code.code in ("15", "150", "154") and _civilians(doc[hit.head], draft.target):
            code = self.lexicon.cameo("070") or code  # "deployed election observers", "rescue teams": aid
            plover = code.plover or plover
        peace = PEACEKEEPING_CODES.get(code.code) if PEACEKEEPING.search(sent.text) else None
        if peace is not None and self.lexicon.cameo(peace) is not None:
            code = self.lexicon.cameo(peace)  # type: ignore[assignment]  # "sent 300 troops to the UN mission"
            plover = code.plover or plover
        tok = doc[hit.head]
        if plover == "ASSAULT":  # "attacked a checkpoint, leaving three soldiers dead"
            left = left_harmed(tok) + (left_harmed(doc[hit.light]) if hit.light is not None else [])
            if hit.pos == "NOUN" and tok.dep_ == "nsubj":  # "the blast ripped through the market, leaving…"
                left += left_harmed(tok.head)
            draft.target = draft.target + [t for t in left if t not in draft.target]
        speech_from = doc[hit.light] if hit.light is not None else tok
        speech = speakers.speech(speech_from, sent) if speakers is not None else find_speech(speech_from, sent)
        claimant = (speakers.claimant(speech) if speakers is not None else resolver.resolve(speech.speaker[0])) \
            if speech and speech.speaker else []
        source_toks = draft.source or (speech.accused if speech else [])
        if speech is not None and speech.stance == "claimed" and speech.accused:
            source_toks = speech.accused  # "X claimed responsibility for the bombing, which killed 12": X did it
        source = _resolve_all(resolver, source_toks, plover, claimant)
        armed = hit.trigger.words[0] in ARMED_MOVES and self._armed(source, draft.source)
        if hit.trigger.words[0] in ARMED_ONLY:
            if not armed:
                return None  # "the governor entered the assembly", "aid trucks entered Aleppo": no force moved
            if source and all(a.sector == "COP" for a in source):
                code = self.lexicon.cameo("153") or code  # "police entered the campus": police, not troops
        if code.code == "150" and hit.pos == "NOUN" and len({a.code or a.name for a in source}) > 1 \
                and self.lexicon.cameo("062") is not None:
            code, plover = self.lexicon.cameo("062"), "COOPERATE"  # type: ignore[assignment]  # joint war games
        # the kind of act and its word: "the strikes" take up the airstrikes, not "the killings" police firing
        lemma = f"{(hit.trigger.cameo or '')[:2]}:{_stem(tok.lemma_)}"
        if not source and hit.pos == "NOUN" and any(c.lower_ in ("the", "these", "those") for c in tok.children):
            source = list(_told_before(context.doers, lemma))  # "the strikes also killed…": the strikes told before
        if not source and plover == "ASSAULT" and speech and speech.stance != "denied" and claimant \
                and claimant[0].sector == "MIL":
            source = [claimant[0]]  # "the defence ministry said air strikes killed…": its own strikes
        target = [a for a in _resolve_all(resolver, draft.target, plover, claimant)
                  if all(a.name != s.name for s in source)]
        if not target:  # "restored ties with Gondor", "signed a protocol with Dagolath": the object's partner
            partners = [p for t in draft.target for p in pobjs(t, *PARTNER_PREPS)]
            if hit.pos == "NOUN":
                partners += pobjs(tok, *PARTNER_PREPS)
            target = [a for a in _resolve_all(resolver, partners, plover, claimant)
                      if all(a.name != s.name for s in source)]
        target = [self._place_as_target(a, places) for a in target]  # "shelled Kharkiv": Ukraine is hit
        if hit.trigger.words[0] in ARMED_MOVES:  # what is entered is a place: its country, not a namesake
            target = [a for a in target if a.sector is None]  # ("entered al-Assad district": not Bashar al-Assad)
        if not target and plover in ("ASSAULT", "COERCE", "THREATEN", "SANCTION"):
            named = [Actor(t.text, "", None, None, t.idx, t.idx + len(t.text)) for t in draft.target]
            target = [a for a in (self._place_as_target(a, places) for a in named) if a.code is not None]
        weak = hit.trigger.words[0] in WEAK_VERBS and len(hit.trigger.words) == 1
        if long_ago(doc[hit.light] if hit.light is not None else tok):
            return None  # "…five years after crowds burned down its embassy": background, not news
        heads = [doc[h.head] for h in draft.hits if h.light is None] + list(draft.source)  # "waged war" is an act
        if any(t.lemma_.lower() in BACKGROUND_NOUNS for t in heads) and not any(d.precision == "day" for d in dates):
            return None  # "Syria's civil war has killed 250,000 people": background, not an event
        if not source and not target:
            if weak or all(h.pos == "NOUN" and h.light is None for h in draft.hits) \
                    and tok.dep_ not in ("nsubj", "nsubjpass", "ROOT") \
                    and not (code.mode == "arrest" and _done_to(tok)) and not code.code.startswith("175") \
                    and not any(i not in range(h.start, h.end) for h in draft.hits for i in h.words):
                # "informed about the arrests"; "one person died in the clash": the death tells the act
                return None  # "killed in firing" is told by its verb
        modality = find_modality(speech_from, event_type=plover, reported=speech is not None)
        if modality == "asserted" and plover in ("ASSAULT", "COERCE") and speech_from.pos_ in ("VERB", "AUX"):
            modality = unrealised(speech_from) or modality  # "sent teams to apprehend him": not (yet) done
        refused = REFUSALS.get(plover) if modality == "negated" and _will_not(speech_from) else None
        if refused is not None and self.lexicon.cameo(refused) is not None:
            # "would not hold talks", "will not release the soldiers": a refusal, which PLOVER codes REJECT
            code, plover, modality = self.lexicon.cameo(refused), "REJECT", "asserted"  # type: ignore[assignment]
        anchors = {h.head for h in draft.hits} | {h.light for h in draft.hits if h.light is not None}
        anchors |= {t.i for t in draft.target}
        anchors |= {v.i for h in draft.hits if h.pos == "NOUN" and h.light is None
                    for v in [happening_verb(doc[h.head])] if v is not None}  # "the attack occurred in X"
        exclude = [(a.start, a.end) for a in [*source, *claimant] if a.start is not None and a.end is not None]
        location = event_location(sent, anchors, places, exclude, dateline)
        dated = any(d.span_start is not None and sent.start_char <= d.span_start < sent.end_char for d in dates)
        # "these persons were arrested", "two men were shot": a violent or coercive act told of
        # people who are not named actors is still an event
        # so is one told with a light verb ("tear-gas shells were lobbed", "arrests were made") or done to
        # people by pronoun or number ("they were detained", "the two were arrested")
        patient = plover in ("ASSAULT", "COERCE") and (hit.light is not None or hit.pos == "VERB" and any(
            t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.lemma_.lower() not in _AID_NOUNS for t in draft.target)
            or hit.pos == "VERB" and _told_passive(tok)  # "15 workers were arrested", the subject misparsed
            or hit.pos == "NOUN" and _done_to(tok))  # "the arrest of azmal khan", "the arrests made by police"
        if not (source or target or counted or dated or patient or armed) \
                and (location is None or "attached" not in location.reason):
            return None  # no one, no count, no date or place of its own: too little to be an event record
        own = [t for t in (*draft.source, *draft.target) if _own_argument(t, draft.hits)]
        if plover == "ASSAULT" and not source:  # "two men shot him", "killed by unidentified persons"
            source = [a for t in draft.source if t in own for w in with_conjuncts(t)
                      for a in [thing_doer(w)] if a is not None]
        if plover == "ASSAULT":  # "attacked a police station", "ambushed the convoy": what was hit, uncoded
            target += [a for t in draft.target if t in own for w in with_conjuncts(t)
                       if not _covered(w, [*source, *target]) for a in [thing_target(w)] if a is not None]
        country = location.country if location is not None and location.country else resolver.state.main_country
        source = [localise(a, self.kb, country) for a in source]
        target = [localise(a, self.kb, country) for a in target]
        claimant = [localise(a, self.kb, country) for a in claimant]
        claim = _claim(speech, claimant, source, doc, modality)
        if claim.stance == "denied" and speech is not None and denial_negates(speech_from, speech.verb):
            modality = "negated"  # a denial, the same way everywhere
        if source:
            context.doers.pop(lemma, None)  # the latest doer of an act comes last
            context.doers[lemma] = source
        clause = doc[hit.light] if hit.light is not None else (tok.head if hit.pos == "NOUN" else tok)
        told = [d for d in dates if modality in ("asserted", "negated")  # a plan takes no earlier date
                or d.span_start is not None and d.span_start >= sent.start_char]
        when = event_date(own_dates(told, clause, speech.verb if speech else None), doc[hit.start].idx,
                          article.published, modality)
        # a verb that launches or carries on the act named by its object is one of the act's words: "launched …
        # offensive", "continued their advance"; not one reached through a preposition ("resorted to firing")
        words = sorted({i for h in draft.hits for i in h.words} | {
            h.light for h in draft.hits if h.light is not None and doc[h.light].lemma_.lower() in LAUNCHING
            and doc[h.head].dep_ not in ("pobj", "pcomp")})
        trigger_text = " ".join(doc[i].text for i in words)
        confidence = 0.35 + 0.2 * bool(source) + 0.15 * bool(target) + 0.1 * (hit.pos == "VERB") \
            + 0.1 * (location is not None and "attached" in location.reason) - 0.15 * weak \
            - 0.3 * _participial_adjunct(tok, hit.pos)
        return Event(
            article_id=article.id, sentence=index,
            evidence=Evidence(sent.start_char, sent.end_char, sent.text),
            event_type=plover, trigger=trigger_text, mode=code.mode, context=code.context, cameo=code.code,
            acled={"event_type": code.acled[0], "sub_event_type": code.acled[1]} if code.acled else None,
            source=tuple(source), target=tuple(target), location=location, date=when, claim=claim,
            modality=modality, confidence=max(0.05, min(0.95, confidence)),
        )

    def _armed(self, actors: Sequence[Actor], words: Sequence[Token]) -> bool:
        """Whether the doer is an armed or security force: a resolved actor of such a sector, or words naming
        one ("the Turkish-backed forces", "a large force from Jabhat Al-Nusra", "tanks and fighters")."""
        if any(a.sector in ARMED_SECTORS for a in actors):
            return True
        return any(self.kb.sector_of(w.lower_) in ARMED_SECTORS or w.lemma_.lower() in TROOPS | ARMED_WORDS
                   for t in words for w in t.subtree)

    def _place_as_target(self, actor: Actor, places: Sequence[PlaceMention]) -> Actor:
        """A town or province named as the target of an act is its country's: "shelled Kharkiv" hits Ukraine.
        The place itself stays the event's location."""
        if actor.code is not None or actor.start is None:
            return actor
        for m in places:
            p = m.place
            if p.country and p.start is not None and p.end is not None and p.start <= actor.start < p.end \
                    and p.use == "literal" and p.precision in ("city", "admin1", "point", "region"):
                entry = self.kb.get(f"country:{p.country}")
                return replace(actor, name=entry.name if entry else p.country, code=p.country, sector=None)
        return actor

    def _mentions(self, doc: Doc, article: Article, kb_matches: Sequence[KBMatch]) -> tuple[Mention, ...]:
        sent_of = {}
        for i, s in enumerate(doc.sents):
            for t in range(s.start, s.end):
                sent_of[t] = i
        out = [Mention(article.id, sent_of.get(m.start_token, 0), m.start_char, m.end_char, m.text,
                       m.entry.kind.upper(), m.entry.id) for m in kb_matches]
        out += [Mention(article.id, sent_of.get(e.start, 0), e.start_char, e.end_char, e.text, e.label_)
                for e in doc.ents]
        return tuple(sorted(out, key=lambda m: (m.start, m.end, m.label)))


# Troops sent as peacekeepers give protection (CAMEO 074); peacekeepers pulled out are withdrawn (1661).
PEACEKEEPING = re.compile(r"\bpeace-?keep(?:ing|ers?)\b", re.I)
PEACEKEEPING_CODES = {"15": "074", "150": "074", "154": "074", "0874": "1661"}
# Civilians sent abroad: a deployment of them is aid, not a show of force.
CIVILIANS = frozenset({"observer", "monitor", "team", "expert", "doctor", "medic", "rescuer", "volunteer",
                       "inspector", "staff", "specialist", "engineer", "nurse",
                       # and what aid is made of: "is mobilising additional funds to support peace building"
                       "fund", "money", "resource", "aid", "assistance", "relief", "food", "medicine", "vaccine"})
# Cooperation told as what someone is ("Iranian-backed Houthis", "forces supported by Russian warplanes")
DESCRIBING = frozenset({"SUPPORT", "COOPERATE", "CONSULT", "AGREE"})  # aid "donated by" is given


def _voices_accord(verb: Token) -> bool:
    """"Agree with" as a view held, not a deal made: in the present ("they agree with the recommendation") or
    with what is agreed told as a clause ("agreed with the Senate that…"); not "agreed with Iran to…"."""
    if not any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children):
        return False
    if any(c.dep_ == "xcomp" for c in verb.children):
        return False
    return verb.tag_ in ("VBP", "VBZ") or any(c.dep_ == "ccomp" for c in verb.children)


def _describes(token: Token) -> bool:
    """A participle that describes a noun rather than telling an act: "Russia-backed rebels", "government
    forces backed by Russian warplanes", "internationally recognised government"."""
    return token.tag_ == "VBN" and token.dep_ in ("amod", "acl") and token.head.pos_ in ("NOUN", "PROPN")


def _civilians(token: Token, target: Sequence[Token]) -> bool:
    """Whether those deployed are civilians: "deployed election observers", "the deployment of an advance
    team"; not "a team of paratroopers"."""
    sent = target or pobjs(token, "of")
    return bool(sent) and all(t.lemma_.lower() in CIVILIANS and not any(
        w.lemma_.lower() in TROOPS for w in t.subtree) for t in sent)


# Light verbs that start or carry on an act ("launched an offensive", "carried out raids", "continued their
# advance"): the event's trigger names them with the act's noun, as news tells the act by the verb.
LAUNCHING = frozenset({"launch", "mount", "wage", "unleash", "carry", "conduct", "begin", "start", "continue",
                       "undertake", "resume", "intensify", "escalate", "step"})
# Verbs of a military or police move: made by an armed force ("thousands of police officers are patrolling the
# markets") they are events even where the force is named by no actor the knowledge base knows; those of
# ARMED_ONLY are events only then: "troops entered the town", not "the governor entered the assembly".
ARMED_MOVES = frozenset({"enter", "patrol", "advance"})
ARMED_ONLY = frozenset({"enter", "advance"})
ARMED_SECTORS = frozenset({"MIL", "COP", "REB", "SPY"})
ARMED_WORDS = frozenset({"force", "tank", "unit", "division", "militant", "fighter", "gunman", "army",
                         "militia", "commando", "jihadist", "insurgent", "rebel", "policeman", "police",
                         "jaysh", "jaish"})  # Arabic "army": "Jaysh al-Islam", "Jaish al-Fateh"
TROOPS = frozenset({"troop", "soldier", "peacekeeper", "contingent", "marine", "paratrooper", "battalion",
                    "platoon", "brigade", "regiment"})


_AID_NOUNS = frozenset({"aid", "assistance", "support", "help", "supply", "food", "medicine", "relief", "weapon",
                        "arms", "money", "fund", "loan", "grant", "equipment", "ammunition",
                        # what aid is counted in: "sent 200 tonnes of food", "a team of medical experts"
                        "tonne", "ton", "team", "shipment", "consignment", "convoy", "package", "batch", "expert",
                        "dollar", "euro", "million", "billion", "vehicle", "truck", "tent", "vaccine", "dose"})


def _resolve_all(resolver: ActorResolver, tokens: Sequence[Token], hint: str, speaker: Sequence[Actor]) -> list[Actor]:
    out: list[Actor] = []
    for t in tokens:
        for a in resolver.resolve(t, hint=hint, speaker=speaker):
            if all(a.name != b.name for b in out):
                out.append(a)
    return out


def _claim(speech: Speech | None, claimant: Sequence[Actor], source: Sequence[Actor], doc: Doc,
           modality: str) -> Claim:
    if speech is None:
        return Claim(None, "asserted")
    who = claimant[0] if claimant else None
    stance = speech.stance
    if modality == "negated" and who is not None and (not source or any(_same_side(who, s) for s in source)):
        stance = "denied"  # "the ministry said its jets had not struck…" is a denial
    if stance == "reported" and who is not None and any(_same_side(who, s) for s in source):
        stance = "claimed"  # the actor tells of its own act
    start, end = claim_span(speech)
    return Claim(who, stance, doc.text[start:end], start, end)


STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "MED", "JUD", "LEG", "SPY"})


def _same_side(claimant: Actor, actor: Actor) -> bool:
    """Whether the claimant speaks for the actor: the same country's state, or the same group."""
    if claimant.name == actor.name:
        return True
    if not claimant.code or claimant.code != actor.code:
        return False
    sides = {claimant.sector, actor.sector}
    return sides <= STATE_SECTORS | {None} or len(sides) == 1


# A cooperative act refused ("will not meet") is a REJECT: the CAMEO code of each refusal.
REFUSALS = {"CONSULT": "125", "AGREE": "120", "SUPPORT": "120", "COOPERATE": "121", "AID": "122",
            "RETREAT": "124", "CONCEDE": "124"}


def _will_not(token: Token) -> bool:
    """Negated in the future or conditional, or refused as impossible: "will not", "won't", "would not",
    "shall not", "cannot accept", "can't allow"."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    return any(c.dep_ == "aux" and c.lower_ in ("will", "would", "wo", "shall", "'ll", "can", "ca", "cannot")
               for c in verb.children)


WEAPON_CUES = (  # (CAMEO code, words): the means of an attack the sentence names, most telling first
    ("1952", frozenset({"drone", "drones", "uav", "uavs"})),
    ("195", frozenset({"air", "airstrike", "airstrikes", "jets", "jet", "warplanes", "warplane", "aircraft",
                       "helicopter", "helicopters", "bombers", "sorties", "aerial", "airstrip", "raids"})),
    ("194", frozenset({"shelling", "shells", "artillery", "mortar", "mortars", "rockets", "rocket", "tanks",
                       "howitzer", "howitzers", "missiles", "missile", "grad", "barrage", "shelled"})),
    ("183", frozenset({"bomb", "bombs", "bombing", "ied", "explosive", "explosives", "blast", "car-bomb"})),
    ("193", frozenset({"gunmen", "gunfire", "gunfight", "shot", "shooting", "rifles", "firefight", "gunman"})),
)


WEAPON_WORDS = frozenset({"grad", "katyusha", "kalashnikov", "ak-47", "artillery"}).union(
    *(cues for _, cues in WEAPON_CUES))


def _weapon_code(sent: Span) -> str:
    """The most specific CAMEO assault code the sentence's words support, else the generic 190."""
    words = {t.lower_ for t in sent}
    for code, cues in WEAPON_CUES:
        if words & cues:
            return code
    return "190"


def _merge(doc: Doc, drafts: list[_Draft], plover_of) -> list[_Draft]:  # type: ignore[no-untyped-def]
    """One violent act told by two words ("air strikes … killed", "killed in an attack") is one event."""
    out: list[_Draft] = []
    for d in drafts:
        tok = doc[d.main.head]
        partner = None
        if plover_of(d.main) == "ASSAULT":
            for o in out:
                if plover_of(o.main) != "ASSAULT":
                    continue
                other = doc[o.main.head]
                linked = (tok.head == other and tok.dep_ in ("nsubj", "nsubjpass", "dobj"))\
                    or (other.head == tok and other.dep_ in ("nsubj", "nsubjpass", "dobj")) \
                    or (tok.head.head == other and tok.head.dep_ == "prep" and tok.dep_ == "pobj") \
                    or (other.head.head == tok and other.head.dep_ == "prep" and other.dep_ == "pobj") \
                    or _relative(tok, other) or _relative(other, tok) \
                    or tok.i in o.main.words or other.i in d.main.words \
                    or (not d.source or not o.source) and (_when(tok, other) or _when(other, tok))
                # "killed in police firing" (triggers); "two were killed when the police opened fire"
                if linked:
                    partner = o
                    break
        if partner is None:
            out.append(d)
            continue
        first, second = (d, partner) if _specific(d.main.trigger.cameo) > _specific(partner.main.trigger.cameo) \
            else (partner, d)
        partner.hits = first.hits + [h for h in second.hits if h not in first.hits]
        partner.source = first.source + [t for t in second.source if t not in first.source]
        merged_target = [t for t in first.target + second.target if t.i not in {h.head for h in partner.hits}]
        partner.target = list(dict.fromkeys(merged_target))
    return out


def _own_argument(token: Token, hits: Sequence[Hit]) -> bool:
    """Whether a word is an argument of the act's own words (its subject, object, "by" or "on" phrase), not
    one reached through another clause: in "airstrikes … reflect the intensity of the campaign" the
    intensity is what reflects, not what was struck."""
    words = {i for h in hits for i in (h.head, *h.words, *((h.light,) if h.light is not None else ()))}
    head = token.head
    return head.i in words or head.dep_ in ("prep", "agent") and head.head.i in words


def _covered(token: Token, actors: Sequence[Actor]) -> bool:
    """Whether an actor already found stands on this word."""
    return any(a.start is not None and a.end is not None and a.start <= token.idx < a.end for a in actors)


def _only_a_qualifier(doc: Doc, draft: _Draft, drafts: Sequence[_Draft]) -> bool:
    """A participle that only qualifies the people another event is done to: in "will release the detained
    fishermen" the release is told, the detention is who they are."""
    tok = doc[draft.main.head]
    return tok.dep_ == "amod" and any(d is not draft and tok.head.i in {t.i for t in d.target} for d in drafts)


def _stem(lemma: str) -> str:
    """A word's stem, for telling an act taken up again: "struck", "strikes" → "strik"; "shelling" → "shell"."""
    word = lemma.lower()
    word = word[:-3] if word.endswith("ing") and len(word) > 5 else word
    return word[:-1] if word.endswith("e") else word


def _told_before(doers: Mapping[str, list[Actor]], key: str) -> list[Actor]:
    """The doers of the latest act of the same kind told by the same word: "airstrikes" … "the strikes"."""
    kind, _, stem = key.partition(":")
    for told in reversed(list(doers)):
        k, _, s = told.partition(":")
        if k == kind and s and stem and (s.endswith(stem) or stem.endswith(s)):
            return doers[told]
    return []


def _shared_passive(verb: Token) -> bool:
    """A participle coordinated with a passive verb, with no subject or auxiliary of its own: "were chased
    away by the security forces and arrested"."""
    return verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.pos_ == "VERB" and is_passive(verb.head) \
        and not any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "dobj") for c in verb.children)


def _told_passive(verb: Token) -> bool:
    """A finite passive ("were arrested", "was shot", "being detained"): someone had it done to them, even
    where the parser lost the subject of a lower-case or garbled sentence."""
    return any(c.dep_ == "auxpass" for c in verb.children) or _shared_passive(verb)


def _done_to(noun: Token) -> bool:
    """A noun of force or arrest told of whom it was done to, or as done: "the arrest of azmal khan", "the
    killing of three men", "the arrests made by the police", "arrests carried out on Sunday"."""
    if any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.ent_type_ not in ("DATE", "TIME")
           and t.lemma_.lower() not in _AID_NOUNS for t in pobjs(noun, "of")):
        return True
    if any(c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in DONE_VERBS
           and not any(g.dep_ in ("nsubj", "aux") for g in c.children) for c in noun.children):
        return True
    # arrests counted or taken up as known: "the arrests", "our arrests", "the state figure of arrests",
    # "TADA arrests (18,686)": acts that were done; "an arrest" may still be wanted
    return noun.tag_ == "NNS" and noun.lemma_.lower() in COUNTED_ACTS


OWNER_PRONOUNS = frozenset(POSSESSIVES) | {"my", "your"}
DONE_VERBS = frozenset({"make", "carry", "conduct", "effect", "perform"})  # "arrests made", "raids carried out"
CLASH_VERBS = frozenset({"clash", "skirmish", "battle", "scuffle"})  # reciprocal fights: every side is a doer
COUNTED_ACTS = frozenset({"arrest", "detention"})


def _when(clause: Token, verb: Token) -> bool:
    """The violent act of a "when" clause is how the main clause's harm was done: "one person was killed
    when a mob clashed with the police", "three died as police fired on the crowd"."""
    return clause.dep_ == "advcl" and clause.head == verb and any(
        c.dep_ in ("mark", "advmod") and c.lower_ in ("when", "as", "after") for c in clause.children)


def _relative(verb: Token, noun: Token) -> bool:
    """"the bombing (in Kabul), which killed 12": the relative clause tells of the noun's act."""
    if verb.dep_ != "relcl" or not any(c.lower_ in ("which", "that") for c in verb.children):
        return False
    head = verb.head
    return head == noun or (head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head == noun)


def _specific(code: str) -> int:
    return 0 if code in GENERIC_CODES else len(code)


def _assign_quantities(events: list[tuple[Event, int]], found: dict[str, Quantity]) -> list[Event]:
    """Give each count to the nearest event (by its trigger's offset) of a type it belongs to."""
    extra: dict[int, dict[str, Quantity]] = {}
    for kind, q in found.items():
        fits = [i for i, (e, _) in enumerate(events) if e.event_type in QUANTITY_TYPES.get(kind, ())]
        if fits:
            at, end = q.start or 0, q.end or 0  # a passive count with its own doer is its verb's: "12 were killed by X"
            own = [i for i, (e, _) in enumerate(events) if i in fits and at <= events[i][1] < end
                   and e.evidence.text[end - e.evidence.start:].lstrip().startswith("by ")]
            extra.setdefault(own[0] if own else min(fits, key=lambda i: abs(at - events[i][1])), {})[kind] = q
    return [replace(e, quantities={**e.quantities, **extra[i]}) if i in extra else e
            for i, (e, _) in enumerate(events)]


def _misread_progressive(verb: Token) -> bool:
    """A progressive verb the parser read as a participle on the object of "be": "soldiers are now patrolling
    farms" as "are (patrolling farms)"; not "these are the fighting units"."""
    noun = verb.head
    return verb.dep_ == "amod" and verb.tag_ == "VBG" and verb.i < noun.i and noun.dep_ == "attr" \
        and noun.head.lemma_ == "be" and not any(c.dep_ in ("det", "poss", "nummod") for c in noun.children)


def _participial_adjunct(tok: Token, pos: str) -> bool:
    """Whether a verb event is told in a participle clause after its main clause ("launched an offensive in
    Hama, targeting the village of X", "launched an offensive around X to seize Y"): the main clause's act is
    the sentence's event, the clause its aim or outcome."""
    purpose = tok.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    return pos == "VERB" and tok.dep_ == "advcl" and tok.head.pos_ == "VERB" and tok.head.i < tok.i \
        and (tok.tag_ == "VBG" or purpose)
