"""Which trigger candidates a sentence reports as events: one decision with named features.

Every trigger the lexicon finds is a *candidate*. ``clues`` describes a candidate by a few dozen named
features (grammar, tense and aspect, modality, arguments found, boilerplate, background), all 0 or 1 but
``distance``. ``probability`` weighs them with a logistic regression whose weights are read from
``sitreps/data/lexicon/decision.tsv`` (one ``feature<TAB>weight`` row each, ``bias`` the intercept):

    p = 1 / (1 + exp(-(bias + sum(weight[f] * value[f]))))

A candidate whose probability reaches ``THRESHOLD`` becomes an event, with that probability as its
``confidence``. The weights are fitted by ``eval/fit_decision.py`` on the tune splits of several dev sets
(its docstring has the command); nothing here is fitted by hand but the features themselves.

Every feature is a fact of grammar or layout a reader can check on the sentence:

- where the act is told: ``root`` (the sentence's main verb), ``coordinated`` (a verb joined to it),
  ``complement`` (a clause of saying or wanting: "said troops *attacked*"), ``adverbial`` ("*when* police
  fired"), ``relative`` (a relative clause or a participle after a noun: "the man *who* was arrested"),
  ``describes`` ("Iranian-*backed* Houthis"), ``noun_modifier`` ("the *ceasefire* agreement"), ``distance``
  (words from the sentence's main verb, in tens, at most 2);
- the trigger: ``verb``, ``light_verb`` ("*carried out* raids"), ``subject_noun`` ("the *attack* killed"),
  ``weak`` (a trigger of many senses: hit, take, move, call…), ``type_X`` for its PLOVER type;
- tense and aspect of its clause: ``past``, ``present`` (simple present: generic or habitual),
  ``perfect``, ``pluperfect`` ("had been arrested": background), ``progressive``, ``infinitive``;
- modality: ``negated``, ``planned``, ``threatened``, ``hypothetical``; ``reported`` (inside speech);
- arguments: ``source``, ``target``, ``place`` (a place attached to the act), ``count`` (a number of dead,
  arrested…), ``dated`` (a date in the sentence), ``patient`` (people it was done to), ``no_args`` (none of
  these, nor an armed force moving);
- background and furniture: ``long_ago`` ("five years after crowds burned…"), ``ago`` (dated by its own
  "15 months ago", "last year"), ``habitual`` ("farmers usually protest…"), ``old_date``
  (dated more than ``OLD_DAYS`` before publication),
  ``background`` (a war, conflict or campaign told as a whole), ``bare_noun`` (a noun with no argument,
  no light verb, not a subject), ``qualifier`` (a participle only naming who another act is done to),
  ``adjunct`` (a participle or purpose clause after its main clause), ``furniture`` (a title, byline,
  caption, credit or dateline line);
- acts named but not told (sitreps/coding/told.py): ``predicated`` (a linking verb describes it: "the talks
  remain a priority"), ``regarded`` (the object of a verb of comment or inquiry, "condemned the attack", or
  the subject of a verb of consequence, "the arrest sparked protests"), ``unspecific`` ("any attack"),
  ``conditional`` ("if troops attack", "whether the army attacked"), ``question`` (a sentence that asks),
  ``absent`` ("without Russian support"), ``kind_of`` (a noun modifying a noun: "an arrest warrant"),
  ``no_agent`` (done by no one: "floods killed 20", "killed in a road accident") and ``speculation`` (an act
  a speaker thinks possible of someone else: "officials fear the militants could attack").

Every fact in ``RULES`` rules a candidate out whatever the weights say; ``bare_noun`` does not hold for an act
told as existing ("there were clashes").
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from spacy.tokens import Span, Token

from .datelines import furniture_line
from .parsed import sentence_memo, text_of
from .told import TOLD_ABOUT, existential, told_about

OLD_DAYS = 180  # an act dated this many days before publication is background, not the story's news
THRESHOLD = 0.3  # a candidate is an event from this probability up: chosen on the tune splits. Below it the
# fitted probabilities are right about one time in seven (eval/fit_decision.py's reliability table: 0.2-0.3 bin
# 14% right, 0.3-0.4 52%); 0.4 loses arrests told in relative clauses on IndiaPoliceEvents (arrest F1 -0.009)
WEIGHTS_FILE = Path(__file__).resolve().parent.parent / "data" / "lexicon" / "decision.tsv"

PLOVER_TYPES = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE",
                "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT")
MODALITIES = ("negated", "planned", "threatened", "hypothetical")
FEATURES = ("bias", "root", "coordinated", "complement", "adverbial", "relative", "describes", "noun_modifier",
            "distance", "verb", "light_verb", "subject_noun", "weak", "past", "present", "perfect",
            "pluperfect", "progressive", "infinitive", *MODALITIES, "reported", "source", "target", "place",
            "count", "dated", "patient", "no_args", "long_ago", "ago", "habitual", "old_date", "background",
            "bare_noun", "qualifier", "adjunct", "furniture", *TOLD_ABOUT, *(f"type_{t}" for t in PLOVER_TYPES))

# Cooperation told as what someone is: "Iranian-backed Houthis", "forces supported by Russian warplanes".
DESCRIBING = frozenset({"SUPPORT", "COOPERATE", "CONSULT", "AGREE"})
# Features that rule a candidate out whatever the rest say: grammar facts that make it no act of the story.
RULES = ("long_ago", "ago", "habitual", "background", "bare_noun", "no_args", "qualifier", "describes",
         "furniture", *TOLD_ABOUT)
# Adverbs of frequency that make a simple present generic: "farmers usually protest in spring".
FREQUENCY = frozenset({"usually", "often", "always", "generally", "regularly", "typically", "frequently",
                       "sometimes", "normally", "routinely", "traditionally", "habitually", "seldom", "rarely"})
FUTURE = frozenset({"will", "shall", "'ll", "wo"})


def clause_of(token: Token) -> Token:
    """The verb whose clause tells the act: the token itself, or the verb governing a noun trigger."""
    t = token
    for _ in range(6):
        if t.pos_ in ("VERB", "AUX") or t.dep_ == "ROOT" or t.head.i == t.i:
            return t
        t = t.head
    return t


def _tense(verb: Token) -> dict[str, float]:
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {c.lower_ for c in aux}
    have = [c for c in aux if c.lemma_ == "have"]
    return {
        "past": float(verb.tag_ == "VBD" or any(c.tag_ == "VBD" for c in aux)),
        "present": float(verb.tag_ in ("VBZ", "VBP") and not aux),
        "perfect": float(bool(have) and verb.tag_ == "VBN"),
        "pluperfect": float(any(c.lower_ in ("had", "'d") for c in have)),
        "progressive": float(verb.tag_ == "VBG" and any(c.lemma_ == "be" for c in aux)),
        "infinitive": float("to" in words and verb.tag_ == "VB" and not words & FUTURE),
    }


def _ago(verb: Token) -> bool:
    """Dated by its own adverbial months or years back: "arrested 15 months ago", "signed last year", "two
    decades earlier"; not "a month ago", "last month" or "earlier this year", which may be the story's time."""
    for c in verb.children:
        if c.dep_ not in ("advmod", "npadvmod"):
            continue
        words = {t.lower_ for t in c.subtree}
        counted = any(t.like_num or t.lower_ in ("several", "many", "few") for t in c.subtree)
        back = "ago" in words or "last" in words or "previous" in words or "earlier" in words and counted
        if back and "this" not in words and (words & {"year", "years", "decade", "decades"}
                                             or "months" in words and "ago" in words):
            return True
    return False


def _habitual(verb: Token) -> bool:
    """A generic or habitual statement: a simple present (or "used to", "would") with an adverb of
    frequency, "farmers usually protest against new taxes", "police often fire tear gas"."""
    aux = {c.lower_ for c in verb.children if c.dep_ == "aux"}
    generic = verb.tag_ in ("VBZ", "VBP") and not aux or bool(aux & {"would", "used"})
    return generic and any(c.dep_ == "advmod" and c.lower_ in FREQUENCY for c in verb.children)


def furniture(sent: Span) -> bool:
    """A line of page furniture: a byline, credit, caption or share line, or a title (a short line in title
    case with no closing stop)."""
    memo = sentence_memo(sent, "furniture")
    key = (sent.start, sent.end)
    if key not in memo:
        memo[key] = _furniture(sent)
    return memo[key]  # type: ignore[no-any-return]


def _furniture(sent: Span) -> bool:
    text = text_of(sent).strip()
    if furniture_line(text):  # the same lines the coder skips (datelines.furniture_spans)
        return True
    words = [t for t in sent if t.is_alpha]
    if not words or text[-1:] in ".!?\"'”’":
        return False
    capital = sum(t.text[0].isupper() for t in words if len(t) > 3)
    long_words = sum(len(t) > 3 for t in words)
    return len(words) <= 16 and long_words > 0 and capital >= 0.7 * long_words


def clues(tok: Token, sent: Span, *, plover: str, verb_trigger: bool, light: Token | None, weak: bool,
          modality: str, reported: bool, args: Mapping[str, bool], background: bool, long_ago: bool,
          bare_noun: bool, qualifier: bool, adjunct: bool, old_date: bool) -> dict[str, float]:
    """The named features of one candidate (see the module's docstring)."""
    clause = light if light is not None else clause_of(tok)
    root = sent.root
    head = clause
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    relative = head.dep_ in ("relcl", "acl") or tok.dep_ in ("relcl", "acl")
    out = {
        "bias": 1.0,
        "root": float(clause.i == root.i),
        "coordinated": float(clause.i != root.i and head.i == root.i),
        "complement": float(head.dep_ in ("ccomp", "xcomp")),
        "adverbial": float(head.dep_ == "advcl"),
        "relative": float(relative),
        "describes": float(plover in DESCRIBING and tok.tag_ == "VBN" and tok.dep_ in ("amod", "acl")
                           and tok.head.pos_ in ("NOUN", "PROPN")),
        "noun_modifier": float(not verb_trigger and tok.dep_ in ("compound", "amod", "nmod", "poss")),
        "distance": min(abs(clause.i - root.i), 20) / 10,
        "verb": float(verb_trigger),
        "light_verb": float(light is not None),
        "subject_noun": float(not verb_trigger and tok.dep_ in ("nsubj", "nsubjpass")),
        "weak": float(weak),
        **_tense(clause if clause.pos_ in ("VERB", "AUX") else root),
        **{m: float(modality == m) for m in MODALITIES},
        "reported": float(reported),
        **{k: float(args.get(k, False)) for k in ("source", "target", "place", "count", "dated", "patient")},
        "no_args": float(args.get("none", False)),
        "long_ago": float(long_ago),
        "ago": float(_ago(clause)),
        "habitual": float(_habitual(clause)),
        "old_date": float(old_date),
        "background": float(background),
        "bare_noun": float(bare_noun and not existential(tok)),  # "there were clashes": told as happening
        "qualifier": float(qualifier),
        "adjunct": float(adjunct),
        "furniture": float(furniture(sent)),
        **told_about(tok, clause, sent, verb_trigger=verb_trigger, light=light is not None),
        **{f"type_{t}": float(plover == t) for t in PLOVER_TYPES},
    }
    return out


@lru_cache(maxsize=4)
def load_weights(path: str | None = None) -> dict[str, float]:
    """The fitted weights, by feature name; a feature not in the file weighs 0."""
    file = Path(path) if path else WEIGHTS_FILE
    weights: dict[str, float] = {}
    for line in file.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, _, value = line.partition("\t")
        weights[name.strip()] = float(value)
    return weights


def ruled_out(features: Mapping[str, float]) -> str | None:
    """The first rule that says the candidate is no event of the story, if any (see ``RULES``)."""
    return next((rule for rule in RULES if features.get(rule)), None)


def probability(features: Mapping[str, float], weights: Mapping[str, float] | None = None) -> float:
    """The probability that the candidate is an event the text reports: 0 where a rule rules it out, else
    the logistic regression's."""
    if ruled_out(features):
        return 0.0
    w = load_weights() if weights is None else weights
    z = sum(w.get(name, 0.0) * value for name, value in features.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


class Candidate(NamedTuple):
    """One candidate as the decision saw it, for fitting the weights."""

    article_id: str
    sentence: int
    sentence_start: int  # character offsets of its sentence in the article text
    sentence_end: int
    event_type: str
    cameo: str
    features: dict[str, float]
    probability: float


# Set to a list to collect every candidate: eval/fit_decision.py does, to fit the weights. None at run time.
RECORDER: list[Candidate] | None = None
