"""From a parsed article to events: who did what to whom, where, when, how many, who says so.

``EventCoder.code(doc, article, kb_matches)`` is the whole extraction. It runs
inside the NLP stage (the only place a spaCy ``Doc`` exists) and returns a
``Coded`` packet of plain values.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from ..geo import Gazetteer
from ..kb import KnowledgeBase
from ..lexicon import Lexicon
from ..model import Actor, Article, Coded, Event, Evidence, Mention, Place, Quantity, Sentence, When
from ..nlp.kbmatch import KBMatch
from . import decide
from .acled import code_acled
from .actors import ActorResolver, ArticleActors, localise, thing_doer, thing_target
from .arguments import AID_NOUNS, covered, done_to, own_argument, resolve_all, told_passive
from .claims import claim_of, denial_negates, disputed, find_speech
from .datelines import dateline_end, dateline_start, find_dateline, furniture_spans, in_furniture
from .drafts import PARTNER_PREPS, Draft, draft_of, merge, only_a_qualifier
from .event_place import event_location, happening_verb, with_reason
from .intent import code_demands, code_intentions
from .modality import find_modality
from .parsed import entities, sentences, text_of
from .places import PlaceMention, article_countries, find_place_mentions
from .quantities import find_quantities
from .recode import (
    ARMED_MOVES,
    ARMED_ONLY,
    ARMED_SECTORS,
    ARMED_WORDS,
    LAUNCHING,
    REFUSALS,
    TROOPS,
    participial_adjunct,
    refine,
    stem,
    told_before,
    voices_accord,
    will_not,
)
from .speakers import Speakers
from .syntax import left_harmed, pobjs, unrealised, with_conjuncts
from .triggers import WEAK_VERBS, Hit, TriggerFinder
from .when import ArticleMemory, aggregate_period, event_date, long_ago, own_dates

BACKGROUND_NOUNS = frozenset({"war", "conflict", "insurgency", "violence", "crisis", "campaign", "fighting",
                              "unrest", "uprising", "rebellion", "occupation", "siege"})
PROTESTERS = re.compile(r"\b(protesters?|protestors?|demonstrators?|marchers?|rioters?|crowds?)\b", re.IGNORECASE)
logger = logging.getLogger(__name__)
# A sentence longer than this is a list or table run together: coding it costs the square of its length.
MAX_SENTENCE_TOKENS = 250
QUANTITY_TYPES = {
    "killed": ("ASSAULT",), "injured": ("ASSAULT",), "targets": ("ASSAULT",), "munitions": ("ASSAULT",),
    "arrested": ("COERCE",), "displaced": ("ASSAULT", "COERCE", "RETREAT"), "size": ("PROTEST", "MOBILIZE"),
}


class EventCoder:
    """Holds the knowledge base, lexicon and gazetteer; codes one parsed article at a time."""

    def __init__(self, kb: KnowledgeBase, lexicon: Lexicon, gazetteer: Gazetteer | None,
                 make_doc: Callable[[str], Doc], *, intentions: bool = True,
                 threshold: float | None = None) -> None:
        self.kb, self.lexicon, self.gazetteer = kb, lexicon, gazetteer
        # the probability from which a candidate is an event (decide.py)
        self.threshold = decide.THRESHOLD if threshold is None else threshold
        self.intentions = intentions  # PLOVER: promised or future acts are AGREE, CONCEDE, THREATEN
        self.triggers = TriggerFinder(make_doc, lexicon)

    def code(self, doc: Doc, article: Article, kb_matches: Sequence[KBMatch]) -> Coded:
        told = tuple(Sentence(article.id, i, s.start_char, s.end_char, text_of(s))
                          for i, s in enumerate(sentences(doc)))
        mentions = self._mentions(doc, article, kb_matches)
        focus = (article.country or "").upper() or None  # a collection known to be about one country
        countries = article_countries(kb_matches)
        if focus:
            countries = [focus, *(c for c in countries if c != focus)]
        places: list[PlaceMention] = []
        dateline: Place | None = None
        skip, begin = dateline_end(article.text), dateline_start(article.text)  # (a title may come before it)
        if self.gazetteer is not None:
            places = [p for p in find_place_mentions(doc, kb_matches, self.gazetteer, countries)
                      if not begin <= (p.place.start or 0) < skip]  # the dateline is where the story was filed
            dateline = find_dateline(article.text, self.gazetteer, countries)
        place_countries = Counter(p.place.country for p in places if p.place.country)
        main_country = focus or (place_countries.most_common(1)[0][0] if place_countries else (
            dateline.country if dateline is not None else None))
        fallback = self._fallback_place(dateline, main_country, focus=bool(focus))
        resolver = ActorResolver(ArticleActors(self.kb, kb_matches, main_country=main_country, skip_before=skip))
        events: list[Event] = []
        context = ArticleMemory(skip_before=skip)
        furniture = furniture_spans(article.text)  # bylines, credits, captions: no events there
        speakers = Speakers(doc, resolver, skip)  # quotations and their speakers; pronouns and roles named
        for index, sent in enumerate(sentences(doc)):
            if len(sent) > MAX_SENTENCE_TOKENS:  # a list or table run together, no sentence: its cost is
                logger.warning("%s: sentence %d has %d tokens, over %d; not coded", article.id, index,
                               len(sent), MAX_SENTENCE_TOKENS)  # quadratic in its length
                continue
            if not in_furniture(furniture, sent.start_char):
                events.extend(self._code_sentence(sent, index, article, resolver, places, fallback, context,
                                                  speakers))
        return code_acled(Coded(article, told, mentions, tuple(events)))

    def _fallback_place(self, dateline: Place | None, main_country: str | None, *,
                        focus: bool = False) -> Place | None:
        """Where an event whose sentence names no place is put: the dateline when the article's places lie
        in its country, else the country most of the article's places lie in (``focus``: the country the
        article is known to be about), at country precision."""
        if dateline is not None and dateline.country in (main_country, None):
            return with_reason(dateline, f"no place in the sentence; the article's dateline '{dateline.text}'")
        if main_country is None or self.gazetteer is None:
            return None
        country = self.gazetteer.country(main_country)
        if country is None:
            return None
        why = f"{country.name}, the focus country" if focus else \
            f"most places the article names are in {country.name}"
        return Place(country.name, country.name, country.country, None, country.lat, country.lon,
                     country.geonames_id, "country", f"no place in the sentence; {why}")

    # -- per sentence -------------------------------------------------------------------------
    def _code_sentence(self, sent: Span, index: int, article: Article, resolver: ActorResolver,
                       places: Sequence[PlaceMention], dateline: Place | None, context: ArticleMemory,
                       speakers: Speakers | None = None) -> list[Event]:
        dates = context.read(sent, article)
        hits = [h for h in self.triggers(sent) if self._plover(h)]
        if not hits:
            return []
        drafts = merge(sent.doc, [draft_of(sent.doc, h, self._plover(h) or "", resolver.state.by_token, self.kb)
                                  for h in hits], self._plover)
        qualifiers = [only_a_qualifier(sent.doc, d, drafts) for d in drafts]
        quantities = find_quantities(text_of(sent), offset=sent.start_char)
        out: list[tuple[Event, int]] = []
        clauses: list[Token] = []  # the word carrying each event's modality, for code_intentions
        for draft, qualifier in zip(drafts, qualifiers):
            event = self._event(draft, sent, index, article, resolver, places, dateline, dates, context,
                                counted=bool(quantities), qualifier=qualifier, speakers=speakers)
            if event is not None:
                out.append((event, sent.doc[draft.main.start].idx))
                clauses.append(sent.doc[draft.main.light if draft.main.light is not None else draft.main.head])
        if self.intentions:
            out = code_demands(out, clauses, self.lexicon)  # "said Qatar must mediate" is a demand
            out = code_intentions(out, clauses, self.lexicon)  # "agreed to send aid" is one AGREE
        out.extend(self._implied_protests([e for e, _ in out]))
        return _mark_main(_assign_quantities(out, {k: q for k, q in quantities.items()  # a disputed figure is
                                                   if q.start is None or q.end is None  # no one's count
                                                   or not disputed(sent.doc, q.start, q.end)}))

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
                                  source=(crowd,), target=(), quantities={}, id="", confidence=round(e.confidence * 0.8, 3))
                return [(protest, crowd.start or 0)]
        return []

    def _plover(self, hit: Hit) -> str | None:
        code = self.lexicon.cameo(hit.trigger.cameo)
        return code.plover if code else None

    def _event(self, draft: Draft, sent: Span, index: int, article: Article, resolver: ActorResolver,
               places: Sequence[PlaceMention], dateline: Place | None, dates: Sequence[When],
               context: ArticleMemory, *, counted: bool = False,
               qualifier: bool = False, speakers: Speakers | None = None) -> Event | None:
        """The event a draft tells, when ``decide`` finds the sentence reports it (its probability is the
        event's confidence); None where it does not, or where the trigger cannot be this act at all (no
        PLOVER type, "agree with" a view held, "entered" by no armed force)."""
        doc = sent.doc
        hit = draft.main
        code = self.lexicon.cameo(hit.trigger.cameo)
        if code is None or not code.plover:
            return None
        if hit.trigger.words == ("agree",) and voices_accord(doc[hit.head]):
            return None  # "they agree with the NCAA that…": a comment (CAMEO 019), not an agreement
        code = refine(self.lexicon, code, sent, doc[hit.head], draft.source, draft.target)
        plover = code.plover or ""
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
        source = resolve_all(resolver, source_toks, plover, claimant)
        armed = hit.trigger.words[0] in ARMED_MOVES and self._armed(source, draft.source)
        if hit.trigger.words[0] in ARMED_ONLY:
            if not armed:
                return None  # "the governor entered the assembly", "aid trucks entered Aleppo": no force moved
            if source and all(a.sector == "COP" for a in source):
                code = self.lexicon.cameo("153") or code  # "police entered the campus": police, not troops
        if code.code == "150" and hit.pos == "NOUN" and len({a.code or a.name for a in source}) > 1 \
                and self.lexicon.cameo("062") is not None:
            code, plover = self.lexicon.cameo("062") or code, "COOPERATE"  # joint war games
        # the kind of act and its word: "the strikes" take up the airstrikes, not "the killings" police firing
        lemma = f"{(hit.trigger.cameo or '')[:2]}:{stem(tok.lemma_)}"
        if not source and hit.pos == "NOUN" and any(c.lower_ in ("the", "these", "those") for c in tok.children):
            source = list(told_before(context.doers, lemma))  # "the strikes also killed…": the strikes told before
        if not source and plover == "ASSAULT" and speech and speech.stance != "denied" and claimant \
                and claimant[0].sector == "MIL":
            source = [claimant[0]]  # "the defence ministry said air strikes killed…": its own strikes
        target = [a for a in resolve_all(resolver, draft.target, plover, claimant)
                  if all(a.name != s.name for s in source)]
        if not target:  # "restored ties with Gondor", "signed a protocol with Dagolath": the object's partner
            partners = [p for t in draft.target for p in pobjs(t, *PARTNER_PREPS)]
            if hit.pos == "NOUN":
                partners += pobjs(tok, *PARTNER_PREPS)
            target = [a for a in resolve_all(resolver, partners, plover, claimant)
                      if all(a.name != s.name for s in source)]
        target = [self._place_as_target(a, places) for a in target]  # "shelled Kharkiv": Ukraine is hit
        if hit.trigger.words[0] in ARMED_MOVES:  # what is entered is a place: its country, not a namesake
            target = [a for a in target if a.sector is None]  # ("entered al-Assad district": not Bashar al-Assad)
        if not target and plover in ("ASSAULT", "COERCE", "THREATEN", "SANCTION"):
            named = [Actor(t.text, "", None, None, t.idx, t.idx + len(t.text)) for t in draft.target]
            target = [a for a in (self._place_as_target(a, places) for a in named) if a.code is not None]
        weak = hit.trigger.words[0] in WEAK_VERBS and len(hit.trigger.words) == 1
        heads = [doc[h.head] for h in draft.hits if h.light is None] + list(draft.source)  # "waged war" is an act
        # "Syria's civil war has killed 250,000 people": background, not an event
        background = any(t.lemma_.lower() in BACKGROUND_NOUNS for t in heads) \
            and not any(d.precision == "day" for d in dates)
        # "informed about the arrests"; "one person died in the clash": the death tells the act
        bare = not source and not target and (
            weak or all(h.pos == "NOUN" and h.light is None for h in draft.hits)
            and tok.dep_ not in ("nsubj", "nsubjpass", "ROOT")
            and not (code.mode == "arrest" and done_to(tok)) and not code.code.startswith("175")
            and not any(i not in range(h.start, h.end) for h in draft.hits for i in h.words))
        modality = find_modality(speech_from, event_type=plover, reported=speech is not None)
        if modality == "asserted" and plover in ("ASSAULT", "COERCE") and speech_from.pos_ in ("VERB", "AUX"):
            modality = unrealised(speech_from) or modality  # "sent teams to apprehend him": not (yet) done
        refused = REFUSALS.get(plover) if modality == "negated" and will_not(speech_from) else None
        if refused is not None and self.lexicon.cameo(refused) is not None:
            # "would not hold talks", "will not release the soldiers": a refusal, which PLOVER codes REJECT
            code, plover, modality = self.lexicon.cameo(refused) or code, "REJECT", "asserted"
        anchors = {h.head for h in draft.hits} | {h.light for h in draft.hits if h.light is not None}
        anchors |= {t.i for t in draft.target if t.i not in draft.aimed}
        anchors |= {v.i for h in draft.hits if h.pos == "NOUN" and h.light is None
                    for v in [happening_verb(doc[h.head])] if v is not None}  # "the attack occurred in X"
        exclude = [(a.start, a.end) for a in [*source, *claimant] if a.start is not None and a.end is not None]
        location = event_location(sent, anchors, places, exclude, dateline)
        attached = location is not None and "attached" in location.reason
        dated = any(d.span_start is not None and sent.start_char <= d.span_start < sent.end_char for d in dates)
        # "these persons were arrested", "two men were shot": a violent or coercive act told of people who are
        # not named actors, with a light verb ("tear-gas shells were lobbed"), or done to people by pronoun or
        # number ("they were detained", "the two were arrested") is still an event
        patient = plover in ("ASSAULT", "COERCE") and (hit.light is not None or hit.pos == "VERB" and any(
            t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and t.lemma_.lower() not in AID_NOUNS for t in draft.target)
            or hit.pos == "VERB" and told_passive(tok)  # "15 workers were arrested", the subject misparsed
            or hit.pos == "NOUN" and done_to(tok))  # "the arrest of azmal khan", "the arrests made by police"
        # a protest is done by people: its subject is its doer even where no known actor ("pupils protest …")
        crowd = plover == "PROTEST" and any(t.pos_ in ("NOUN", "PROPN") for t in draft.source)
        clause = doc[hit.light] if hit.light is not None else (tok.head if hit.pos == "NOUN" else tok)
        told = [d for d in dates if modality in ("asserted", "negated")  # a plan takes no earlier date
                or d.span_start is not None and d.span_start >= sent.start_char]
        when = event_date(own_dates(told, clause, speech.verb if speech else None), doc[hit.start].idx,
                          article.published, modality)
        features = decide.clues(
            tok, sent, plover=plover, verb_trigger=hit.pos == "VERB",
            light=doc[hit.light] if hit.light is not None else None, weak=weak, modality=modality,
            reported=speech is not None, background=background, bare_noun=bare, qualifier=qualifier,
            long_ago=long_ago(doc[hit.light] if hit.light is not None else tok),
            adjunct=participial_adjunct(tok, hit.pos),
            old_date=when is not None and article.published is not None
            and (article.published - when.end).days > decide.OLD_DAYS,
            args={"source": bool(source), "target": bool(target), "place": attached, "count": counted,
                  "dated": dated, "patient": patient,
                  "none": not (source or target or counted or dated or patient or armed or attached or crowd)})
        p = decide.probability(features)
        if decide.RECORDER is not None:
            decide.RECORDER.append(decide.Candidate(article.id, index, sent.start_char, sent.end_char, plover,
                                                    code.code, features, p))
        if p < self.threshold:
            return None
        own = [t for t in (*draft.source, *draft.target) if own_argument(t, draft.hits)]
        if plover == "ASSAULT" and not source:  # "two men shot him", "killed by unidentified persons"
            source = [a for t in draft.source if t in own for w in with_conjuncts(t)
                      for a in [thing_doer(w)] if a is not None]
        if plover == "ASSAULT":  # "attacked a police station", "ambushed the convoy": what was hit, uncoded
            target += [a for t in draft.target if t in own for w in with_conjuncts(t)
                       if not covered(w, [*source, *target]) for a in [thing_target(w)] if a is not None]
        country = location.country if location is not None and location.country else resolver.state.main_country
        source = [localise(a, self.kb, country) for a in source]
        target = [localise(a, self.kb, country) for a in target]
        claimant = [localise(a, self.kb, country) for a in claimant]
        claim = claim_of(speech, claimant, source, doc, modality)
        if claim.stance == "denied" and speech is not None and denial_negates(speech_from, speech.verb):
            modality = "negated"  # a denial, the same way everywhere
        if source:
            context.doers.pop(lemma, None)  # the latest doer of an act comes last
            context.doers[lemma] = source
        # a verb that launches or carries on the act named by its object is one of the act's words: "launched …
        # offensive", "continued their advance"; not one reached through a preposition ("resorted to firing")
        words = sorted({i for h in draft.hits for i in h.words} | {
            h.light for h in draft.hits if h.light is not None and doc[h.light].lemma_.lower() in LAUNCHING
            and doc[h.head].dep_ not in ("pobj", "pcomp")})
        trigger_text = " ".join(doc[i].text for i in words)
        return Event(
            article_id=article.id, sentence=index,
            evidence=Evidence(sent.start_char, sent.end_char, text_of(sent)),
            event_type=plover, trigger=trigger_text, mode=code.mode, context=code.context, cameo=code.code,
            acled={"event_type": code.acled[0], "sub_event_type": code.acled[1]} if code.acled else None,
            source=tuple(source), target=tuple(target), location=location, date=when, claim=claim,
            modality=modality, confidence=round(p, 3),
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
        for i, s in enumerate(sentences(doc)):
            for t in range(s.start, s.end):
                sent_of[t] = i
        out = [Mention(article.id, sent_of.get(m.start_token, 0), m.start_char, m.end_char, m.text,
                       m.entry.kind.upper(), m.entry.id) for m in kb_matches]
        out += [Mention(article.id, sent_of.get(e.start, 0), e.start_char, e.end_char, e.text, e.label_)
                for e in entities(doc)]
        return tuple(sorted(out, key=lambda m: (m.start, m.end, m.label)))


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
    return [_with_counts(e, extra[i]) if i in extra else e for i, (e, _) in enumerate(events)]


def _with_counts(event: Event, counts: dict[str, Quantity]) -> Event:
    """An event with its counts; a total's date is the period its sentence gives, else unknown."""
    total = any(q.aggregate for q in counts.values())
    when = aggregate_period(event.date, event.evidence.start, event.evidence.end) if total else event.date
    return replace(event, quantities={**event.quantities, **counts}, date=when)


def _mark_main(events: list[Event]) -> list[Event]:
    """Mark the sentence's main event: the one the decision is surest of (the first on a tie)."""
    if not events:
        return events
    best = max(range(len(events)), key=lambda i: (events[i].confidence, -i))
    return [replace(e, main=True) if i == best else e for i, e in enumerate(events)]
