"""IndiaPoliceEvents (Halterman et al. 2021): sentence labels of police action in Times of India stories.

The folder holds ``docs.jsonl`` (``doc_id``, ``doc_text``), ``sents.jsonl`` (``doc_id``, ``sent_id``,
``sent_labels``, ``sent_text``) and ``metadata.jsonl`` (``doc_id``, ``date``). Each document is one record,
coded whole (document context helps actors) with its publication date; each sentence is found in the
document text, and a predicted event belongs to the sentences its evidence overlaps (where it overlaps
several, the ones holding its trigger word).

The texts carry UTF-8 read as cp1252 (``â€™`` for ``’``): the common sequences are mended before coding.

A sentence is predicted positive for a label by the events in it. The labels mark police actions that
happened, so only events told as having happened count (``modality`` "asserted"): "will arrest the
accused", "would be detained if…", "no arrests have been made", "by not arresting" give no label.
"By police": a source actor in sector COP or named as police. An event with no source actor at all is
the police's when:

- ``FORCE``: an ASSAULT, or a COERCE with CAMEO 175 or a trigger of force (firing, tear gas, lathi …), by
  police, or with no source either in a sentence where police and a word of force (firing, shot, bullets,
  lathi, tear gas) stand within 40 characters ("police firing", "firing by the police"), or as crowd
  control (CAMEO 175: tear gas, lathi charges, rubber bullets, shots in the air: "tear-gas shells were
  lobbed"), which only the police use: crowd control is theirs whoever the coder took for its doer ("they
  opened fire and lobbed tear-gas shells" with "they" read as the mob), unless that is an armed group;
- ``KILL``: such a FORCE event that is an ASSAULT with a killed count above 0 or a killing trigger;
- ``ARREST``: a COERCE with mode ``arrest``, a CAMEO 173 code or an arrested count, with no source (in
  this corpus an arrest with no one named is the police's) or by the state: police, any other state
  sector (a court remanding, the army apprehending), or a person of no known sector ("sharma arrested…",
  an officer named before); not by rebels, civilians or other non-state actors; a prison sentence
  (CAMEO 173 in the lexicon) is a court's judgement, not the arrest or detention the label marks;
- ``ANY_ACTION``: any of those, or a police event of a material kind (with no source: in a sentence that
  names the police).

``FAIL`` (police failing to act) is not scored: sitreps has no such event.
"""

from __future__ import annotations

import json
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Event
from .score import Counts, GoldRecord, Predicted, RecordScore
from .sitreps_gold import GOLD

logger = logging.getLogger(__name__)

LABELS = ("KILL", "ARREST", "FORCE", "ANY_ACTION")
MOJIBAKE = (("â€™", "’"), ("â€˜", "‘"), ("â€œ", "“"), ("â€\ufffd", "”"), ("â€”", "—"), ("â€“", "–"),
            ("â€¢", "•"), ("â€š", "‚"), ("â€¦", "…"), ("Â\ufffd", " "), ("Â\xa0", "\xa0"), ("Â", ""))
POLICE = re.compile(r"\b(police\w*|policem[ae]n|cops?|constab\w*|crpf|srp|rapid action force|"
                    r"(?:sub-)?inspectors?|commissioner|dcp|acp|dsp|ssp)\b", re.IGNORECASE)
_COP = r"\b(?:police\w*|cops?|policem[ae]n)\b"
_SHOT = r"\b(?:fir(?:e|ed|es|ing|ng)|shot|shooting|bullets?|rounds|lathi\w*|tear\s*-?gas\w*|teargas\w*)\b"
# Police and a word of force within 40 characters, either order: "police firing", "firing by the police".
POLICE_FORCE = re.compile(rf"{_COP}[^.;]{{0,40}}?{_SHOT}|{_SHOT}[^.;]{{0,40}}?{_COP}", re.IGNORECASE)
KILLING = re.compile(r"\b(kill\w*|dead|died|deaths?|lynch\w*|murder\w*|succumb\w*|perish\w*)\b", re.IGNORECASE)
FORCE = re.compile(r"\b(fir(e|ed|es|ing)|tear\s*-?gas\w*|teargas\w*|lathi\w*|baton\w*|cane\w*|beat\w*|"
                   r"rubber bullets?|shells?|rounds?|charge\w*)\b", re.IGNORECASE)
STATE_SECTORS = frozenset({"COP", "GOV", "MIL", "JUD", "SPY", "LEG"})
NON_STATE_ARMED = frozenset({"REB", "CRM"})
SENTENCING = re.compile(r"sentenc", re.IGNORECASE)
MATERIAL = frozenset({"COOPERATE", "AID", "RETREAT", "PROTEST", "MOBILIZE", "COERCE", "ASSAULT", "SANCTION"})


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """One sentence of a document: where it is in the text (start -1: not found) and its labels."""

    index: int
    start: int
    end: int
    labels: frozenset[str]

    def to_dict(self) -> dict[str, Any]:
        return {"sent_id": self.index, "start": self.start, "end": self.end, "labels": sorted(self.labels)}


_MENDS = dict(MOJIBAKE)
_BAD = re.compile("|".join(re.escape(bad) for bad, _ in MOJIBAKE))


def mend(text: str) -> str:
    """Undo the common cp1252 mojibake of UTF-8 punctuation."""
    return mend_mapped(text)[0]


def mend_mapped(text: str) -> tuple[str, Callable[[int], int]]:
    """The mended text, and a function from offsets in ``text`` to offsets in it."""
    pieces: list[str] = []
    marks: list[tuple[int, int, int]] = []  # (old start, old end, new start) of each mended sequence
    at = shift = 0
    for m in _BAD.finditer(text):
        pieces += [text[at:m.start()], _MENDS[m.group()]]
        marks.append((m.start(), m.end(), m.start() - shift))
        shift += len(m.group()) - len(_MENDS[m.group()])
        at = m.end()
    pieces.append(text[at:])
    starts = [m[0] for m in marks]

    def where(offset: int) -> int:
        i = bisect_right(starts, offset) - 1
        if i < 0:
            return offset
        old_start, old_end, new_start = marks[i]
        if offset < old_end:  # inside a mended sequence: its start
            return new_start
        return new_start + len(_MENDS[text[old_start:old_end]]) + offset - old_end
    return "".join(pieces), where


def locate(text: str, sentences: Sequence[tuple[int, str, frozenset[str]]]) -> tuple[GoldSentence, ...]:
    """Find each sentence in the text, in order; one not found is kept with start -1 (never predicted)."""
    out: list[GoldSentence] = []
    cursor = 0
    for index, sentence, labels in sentences:
        needle = sentence.strip()
        at = text.find(needle, cursor) if needle else -1
        if at < 0:
            at = text.find(needle) if needle else -1
        if at < 0:
            logger.debug("sentence %d not found in its document", index)
            out.append(GoldSentence(index, -1, -1, labels))
            continue
        out.append(GoldSentence(index, at, at + len(needle), labels))
        cursor = at + len(needle)
    return tuple(out)


# ---------------------------------------------------------------- predicted labels


def police_source(event: Event) -> bool:
    """A source actor in sector COP, or named as police."""
    return any(a.sector == "COP" or POLICE.search(a.text or "") for a in event.source)


def state_source(event: Event) -> bool:
    """A source actor of a state sector, or a person of no known sector or code (an officer by name)."""
    return any(a.sector in STATE_SECTORS or (a.sector is None and a.code is None) for a in event.source)


def labels_of(event: Event, sentence: str) -> set[str]:
    """The labels one predicted event gives the sentence it is in (see the module docstring)."""
    if event.modality != "asserted":
        return set()
    police, anonymous = police_source(event), not event.source
    out: set[str] = set()
    trigger, cameo = event.trigger or "", event.cameo or ""
    forceful = event.event_type == "ASSAULT" or (
        event.event_type == "COERCE" and (cameo.startswith("175") or bool(FORCE.search(trigger))))
    crowd_control = cameo.startswith("175") and not any(a.sector in NON_STATE_ARMED for a in event.source)
    if forceful and (police or crowd_control or (anonymous and POLICE_FORCE.search(sentence))):
        out.add("FORCE")
        if event.event_type == "ASSAULT" and (
                ("killed" in event.quantities and event.quantities["killed"].best > 0) or KILLING.search(trigger)):
            out.add("KILL")
    arrest = event.event_type == "COERCE" and (
        event.mode == "arrest" or cameo.startswith("173") or "arrested" in event.quantities) \
        and not SENTENCING.match(trigger)  # a court's sentence is not the taking into custody the label marks
    if arrest and (police or anonymous or state_source(event)):
        out.add("ARREST")
    if out or (event.event_type in MATERIAL and (police or (anonymous and POLICE.search(sentence)))):
        out.add("ANY_ACTION")
    return out


def sentences_of(event: Event, sentences: Sequence[GoldSentence], text: str) -> list[GoldSentence]:
    """The gold sentences an event's evidence overlaps; of several, those holding its trigger word."""
    start, end = event.evidence.start, event.evidence.end
    hit = [s for s in sentences if s.start >= 0 and s.start < end and start < s.end]
    if len(hit) > 1 and event.trigger:
        narrowed = [s for s in hit if event.trigger.casefold() in text[s.start:s.end].casefold()]
        hit = narrowed or hit
    return hit


def score_sentences(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score one document: per label, each sentence is a true/false positive/negative."""
    sentences: tuple[GoldSentence, ...] = record.meta.get(GOLD, ())
    found: dict[int, set[str]] = {s.index: set() for s in sentences}
    for p in predicted:
        if p.event is None:
            continue
        for s in sentences_of(p.event, sentences, record.text):
            found[s.index] |= labels_of(p.event, record.text[s.start:s.end])
    counts = {label.casefold(): Counts() for label in LABELS}
    wrong = []
    for s in sentences:
        gold, guess = s.labels & set(LABELS), found[s.index]
        for label in LABELS:
            g, q = label in gold, label in guess
            counts[label.casefold()] += Counts(int(g and q), int(q and not g), int(g and not q))
        if gold != guess:
            wrong.append({**s.to_dict(), "text": record.text[s.start:s.end] if s.start >= 0 else None,
                          "predicted": sorted(guess)})
    return RecordScore(record.id, counts, detail={"sentences": wrong})


# ---------------------------------------------------------------- reader


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                yield json.loads(line)


def read_indiapolice(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from the IndiaPoliceEvents folder (or any file in it)."""
    folder = Path(path)
    folder = folder if folder.is_dir() else folder.parent
    docs, sents, meta = folder / "docs.jsonl", folder / "sents.jsonl", folder / "metadata.jsonl"
    if not docs.is_file() or not sents.is_file():
        raise FileNotFoundError(f"no docs.jsonl and sents.jsonl in {folder}")
    dates: dict[str, date] = {}
    if meta.is_file():
        for row in _jsonl(meta):
            if row.get("date"):
                dates[str(row["doc_id"])] = date.fromisoformat(str(row["date"])[:10])
    by_doc: dict[str, list[tuple[int, str, frozenset[str]]]] = {}
    for row in _jsonl(sents):
        by_doc.setdefault(str(row["doc_id"]), []).append(
            (int(row["sent_id"]), row["sent_text"], frozenset(row.get("sent_labels") or ())))
    for row in _jsonl(docs):
        doc_id = str(row["doc_id"])
        text, where = mend_mapped(row["doc_text"])  # found in the raw text, then carried over to the mended
        sentences = tuple(GoldSentence(s.index, where(s.start), where(s.end), s.labels) if s.start >= 0 else s
                          for s in locate(row["doc_text"], sorted(by_doc.get(doc_id, []))))
        missing = sum(1 for s in sentences if s.start < 0)
        if missing:
            logger.warning("document %s: %d of %d sentences not found in its text", doc_id, missing, len(sentences))
        yield GoldRecord(doc_id, text, dates.get(doc_id), (), {GOLD: sentences,
                         "doc_labels": sorted(row.get("doc_labels") or ())}, ("sentences",))
