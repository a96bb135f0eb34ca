"""Attributions (PolNeAR, Newell et al. 2018): who says what, in political news articles.

The folder holds ``docs.jsonl``: one article a line, ``{"id", "outlet", "published", "title", "text",
"attributions": [{"source": [span] | null, "cue": [span], "content": [span]}]}``, each span
``{"start", "end", "text"}`` (character offsets into ``text``; a part may be cut into several spans).
Each article is one record, its id the article's.

Scored, over the predicted events (each placed at its trigger: the first word of ``trigger`` in its
evidence sentence, the first time that word stands there):

- **inside a statement**: events whose trigger lies inside the content of an attribution whose cue is a verb
  of speech or belief (``SPEECH_CUES``: "said", "told", "according to", "claimed", "denied", "thinks",
  "fears", a colon …; not "wants", "urged", "criticized", "asked": those do not tell that something
  happened). Where contents nest ("X said Y claimed that …"), the innermost (shortest) one is the event's.
  Its claimant is right when it names that attribution's source:
  - a named or described source ("Senator Smith", "the campaign"): the claimant's span overlaps the
    source's span, or the claimant's name shares a capitalised word with it;
  - a personal pronoun ("he", "she", "they", "we", "I", "his", …): the claimant must carry the name of the
    person or body meant, approximated by the capitalised names earlier in the pronoun's own sentence,
    outside quotations ("Jo was booed when she said …"), and where there are none by the **nearest earlier
    source that is not a pronoun** (for "he", "she", "I": the nearest one with a capitalised word in it):
    right when the claimant's name shares a capitalised word with it. A claimant that is only the pronoun
    is wrong. The sentence does not end after a title or an initial ("Mr. Smith", "Jo J. Smith"); what lies
    inside a quotation is followed from the paragraph's start, so a sentence that opens inside a quotation
    begun in the sentence before ('"We won. We will win again," she said') takes no names from it; and the
    sentence's first word is no name unless the text also capitalises it mid-sentence ("Now, he said").
    "I" or "we" inside what another source says refers to that source ('"I won," Jo said');
  - a relative pronoun ("who", "which", "that"): the claimant's span ends within 40 characters before it
    (its antecedent) or overlaps it;
  - no source: not scored (nothing to compare).
  Reported as ``inside`` (all), and ``pronoun`` (personal-pronoun sources only).
- **outlet's voice**: events whose trigger lies outside the content of every attribution (of any cue). The
  share of them given a claimant is ``outlet_claimant`` (lower is better; ``fp`` counts those given one).

Events inside only non-speech contents ("wants", "urged") count in neither.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Actor, Event
from .score import Counts, GoldRecord, Predicted, RecordScore

GOLD = "attributions"
# Words of a cue that make it speech or belief (any of them in the cue, lower case).
SPEECH_CUES = frozenset({
    "say", "says", "said", "saying", "tell", "tells", "told", "telling", "according", "add", "adds", "added",
    "adding", "write", "writes", "wrote", "writing", "note", "notes", "noted", "noting", "report", "reports",
    "reported", "reportedly", "reporting", "announce", "announces", "announced", "announcing", "state", "states",
    "stated", "suggest", "suggests", "suggested", "suggesting", "tweet", "tweets", "tweeted", "declare",
    "declares", "declared", "explain", "explains", "explained", "explaining", "argue", "argues", "argued",
    "arguing", "think", "thinks", "thought", "believe", "believes", "believed", "continue", "continued",
    "claim", "claims", "claimed", "claiming", "insist", "insists", "insisted", "reply", "replied", "respond",
    "responded", "reveal", "revealed", "acknowledge", "acknowledged", "admit", "admitted", "confirm",
    "confirmed", "recall", "recalled", "recalling", "conclude", "concluded", "predict", "predicted", "warn",
    "warned", "fear", "fears", "feared", "know", "knows", "knew", "show", "shows", "showed", "showing",
    "find", "finds", "found", "deny", "denies", "denied", "cite", "cited", "citing", "point", "pointed",
    "allege", "alleged", "contend", "contended", "maintain", "maintained", "stress", "stressed", "read",
    "reads", ":", "said:", "added:", "says:", "wrote:", "told:",
})
PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "his", "her", "their", "our", "my", "him", "them",
                               "us", "me", "it", "its"})
PERSON_PRONOUNS = frozenset({"he", "she", "i", "his", "her", "him", "me", "my"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*[A-Za-z]")
NOT_NAMES = frozenset({"the", "a", "an", "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "president", "this", "that",
                       "it", "he", "she", "they", "we", "in", "on", "and", "but", "his", "her", "their", "our",
                       "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
                       "february", "march", "april", "may", "june", "july", "august", "september", "october",
                       "november", "december", "after", "before", "when", "while", "although", "if", "as", "at"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """One gold attribution: the source's spans (empty: none), the cue's text, the content's spans."""

    source: tuple[tuple[int, int, str], ...]
    cue: str
    content: tuple[tuple[int, int], ...]

    @property
    def speech(self) -> bool:
        return any(w in SPEECH_CUES for w in self.cue.lower().split())

    @property
    def size(self) -> int:
        return sum(e - s for s, e in self.content)

    def holds(self, at: int) -> bool:
        return any(s <= at < e for s, e in self.content)

    @property
    def source_text(self) -> str:
        return " ".join(t for _, _, t in self.source)

    @property
    def pronoun(self) -> bool:
        return bool(self.source) and self.source_text.strip().lower() in PERSONAL_PRONOUNS

    @property
    def relative(self) -> bool:
        return bool(self.source) and self.source_text.strip().lower() in RELATIVE_PRONOUNS


def _spans(raw: Any) -> list[dict[str, Any]]:
    return [s for s in (raw or []) if isinstance(s, dict) and "start" in s and "end" in s]


def read_attribution(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from the PolNeAR ``docs.jsonl`` (or its folder)."""
    file = Path(path)
    file = file / "docs.jsonl" if file.is_dir() else file
    if not file.is_file():
        raise FileNotFoundError(f"no docs.jsonl at {path}")
    with file.open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            row = json.loads(line)
            attributions = tuple(
                Attribution(tuple((int(s["start"]), int(s["end"]), str(s.get("text", ""))) for s in _spans(a.get("source"))),
                            " ".join(str(c.get("text", "")) for c in _spans(a.get("cue"))),
                            tuple((int(c["start"]), int(c["end"])) for c in _spans(a.get("content"))))
                for a in row.get("attributions") or ())
            published = None
            if row.get("published"):
                try:
                    published = date.fromisoformat(str(row["published"])[:10])
                except ValueError:
                    published = None
            yield GoldRecord(str(row["id"]), row["text"], published, (),
                             {GOLD: attributions, "outlet": row.get("outlet")}, ("attribution",))


def trigger_at(event: Event) -> int:
    """The character offset of the event's trigger: its first word's first place in the evidence sentence."""
    text = event.evidence.text
    if event.trigger:
        found = re.search(rf"(?<!\w){re.escape(event.trigger.split()[0])}(?!\w)", text)
        if found:
            return event.evidence.start + found.start()
    return event.evidence.start


def _names(text: str) -> set[str]:
    return {w.lower().rstrip(".") for w in CAPITALISED.findall(text)} - NOT_NAMES


# A sentence ends at . ! ? (and any closing quotation marks) before a space, or at a line break; not after a
# title or an initial ("Mr. Trump", "Sen. Obama", "Donald J. Trump").
SENTENCE_END = re.compile(r"(?<!\bMr)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bJr)(?<!\bSr)(?<!\bMrs)(?<!\bSen)(?<!\bRep)"
                          r"(?<!\bGov)(?<!\bGen)(?<!\bSgt)(?<!\bCol)(?<!\bLt)(?<!\b[A-Z])[.!?][\"'”’]*\s|\n")
QUOTE_MARK = re.compile(r"“|”|``|''|\"")
FIRST_PERSON = frozenset({"i", "we", "my", "our", "me", "us"})


def _outside_quotes(text: str, start: int, end: int) -> str:
    """The words of ``text[start:end]`` outside quotations, quotations followed from the paragraph's start
    (so a sentence that opens inside a quotation begun before it loses its quoted part)."""
    paragraph = text.rfind("\n", 0, start) + 1
    inside, kept, at = False, [], start
    for m in QUOTE_MARK.finditer(text, paragraph, end):
        if m.start() >= start and not inside:
            kept.append(text[max(at, start):m.start()])
        mark = m.group()
        inside = True if mark in ("“", "``") else False if mark == "”" else not inside
        at = m.end()
    if not inside:
        kept.append(text[max(at, start):end])
    return " ".join(kept)


def _referent(attribution: Attribution, before: Sequence[Attribution], text: str = "", depth: int = 0) -> str:
    """What a pronoun source is taken to refer to: for "I" or "we" inside what another source says, that
    source; else the names earlier in its own sentence, outside quotations ("Jo was booed when she
    said…"), else the nearest earlier source that is not a pronoun."""
    start = attribution.source[0][0]
    pronoun = attribution.source_text.strip().lower()
    if pronoun in FIRST_PERSON and depth < 3:
        around = [a for a in before if a is not attribution and a.source and a.speech and a.holds(start)]
        if around:
            speaker = min(around, key=lambda a: a.size)
            return _referent(speaker, before, text, depth + 1) if speaker.pronoun else speaker.source_text
    if text:
        opening = max((m.end() for m in SENTENCE_END.finditer(text, max(0, start - 400), start)), default=0)
        prefix = _outside_quotes(text, opening, start)
        first = CAPITALISED.search(prefix)
        # a sentence's first word is capitalised only as such unless the text capitalises it mid-sentence too
        if first and text[opening:start].lstrip(" \"'“”‘’`(").startswith(first.group()) and not re.search(
                rf"[a-z,;]\s+{re.escape(first.group())}\b", text):
            prefix = prefix[first.end():]
        if _names(prefix):
            return prefix
    person = pronoun in PERSON_PRONOUNS
    best: tuple[int, str] | None = None
    for a in before:
        if not a.source or a.pronoun or a.relative or a.source[0][0] >= start:
            continue
        if person and not _names(a.source_text):
            continue
        if best is None or a.source[0][0] > best[0]:
            best = (a.source[0][0], a.source_text)
    return best[1] if best else ""


def _overlaps(actor: Actor, spans: Sequence[tuple[int, int, str]]) -> bool:
    return actor.start is not None and actor.end is not None and any(
        actor.start < e and s < actor.end for s, e, _ in spans)


def claimant_right(claimant: Actor | None, attribution: Attribution, before: Sequence[Attribution],
                   text: str = "") -> bool:
    """Whether a predicted claimant names the attribution's source (see the module docstring)."""
    if claimant is None:
        return False
    name = _names(f"{claimant.name} {claimant.text}") if not attribution.pronoun else _names(claimant.name)
    if attribution.pronoun:
        return bool(name & _names(_referent(attribution, before, text)))
    if attribution.relative:
        start, end = attribution.source[0][0], attribution.source[-1][1]
        return claimant.end is not None and claimant.start is not None and (
            start - 40 <= claimant.end <= end or _overlaps(claimant, attribution.source))
    return _overlaps(claimant, attribution.source) or bool(name & _names(attribution.source_text))


def score_attributions(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score one article: claimants inside statements (all, pronoun sources) and in the outlet's voice."""
    attributions: tuple[Attribution, ...] = record.meta.get(GOLD, ())
    inside, pronoun, outlet = Counts(), Counts(), Counts()
    wrong: list[dict[str, Any]] = []
    for p in predicted:
        event = p.event
        if event is None:
            continue
        at = trigger_at(event)
        claimant = event.claim.claimant if event.claim else None
        holding = [a for a in attributions if a.holds(at)]
        if not holding:  # the outlet's own voice: tp no claimant, fp one given
            outlet += Counts(int(claimant is None), int(claimant is not None), 0)
            if claimant is not None:
                wrong.append({"at": at, "trigger": event.trigger, "claimant": claimant.name, "gold": None,
                              "sentence": event.evidence.text})
            continue
        speech = [a for a in holding if a.speech]
        if not speech:
            continue
        gold = min(speech, key=lambda a: a.size)
        if not gold.source:
            continue
        right = claimant_right(claimant, gold, attributions, record.text)
        one = Counts(int(right), int(not right), 0)
        inside += one
        if gold.pronoun:
            pronoun += one
        if not right:
            wrong.append({"at": at, "trigger": event.trigger, "claimant": claimant.to_dict() if claimant else None,
                          "stance": event.claim.stance if event.claim else None, "gold": gold.source_text,
                          "referent": _referent(gold, attributions, record.text) if gold.pronoun else None,
                          "cue": gold.cue, "sentence": event.evidence.text})
    return RecordScore(record.id, {"inside": inside, "pronoun": pronoun, "outlet_voice": outlet},
                       detail={"wrong": wrong})


def attribution_lines(counts: dict[str, Counts]) -> list[str]:
    """The three numbers of the summary, as lines of text."""
    lines = []
    inside, pronoun, outlet = (counts.get(k, Counts()) for k in ("inside", "pronoun", "outlet_voice"))
    for label, c in (("claimant right inside statements", inside), ("claimant right, pronoun source", pronoun)):
        n = c.tp + c.fp
        lines.append(f"{label}: {c.tp}/{n} = {c.tp / n if n else 0.0:.3f}")
    n = outlet.tp + outlet.fp
    lines.append(f"outlet-voice events given a claimant: {outlet.fp}/{n} = {outlet.fp / n if n else 0.0:.3f}")
    return lines
