"""Golden cases: hand-written expectations ("with" / "without") and how events are matched to them.

The format is described in tests/cases/README.md. A predicted event matches an
expected one when every field the expectation gives matches; pairing is
one-to-one. ``score_cases`` gives recall over "with", the number of "without"
events produced, and per-field agreement on the matched pairs.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import Event

QUANTITY_FIELDS = ("killed", "injured", "arrested", "targets", "munitions", "size", "displaced")
DIVISION_SUFFIX = re.compile(r"\s+(province|governorate|region|oblast|district|state|county)$")
IGNORED = frozenset({"why", "item", "evidence_note"})


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


def _plain(text: str) -> str:
    """A place name without diacritics, case or a trailing division word: "Ḩamāh" → "hamah"."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return DIVISION_SUFFIX.sub("", _norm(folded))


def field_matches(name: str, want: Any, event: Event) -> bool:
    """Whether one expected field agrees with the event."""
    if name == "event_type":
        return event.event_type == want
    if name in ("source", "target"):
        codes = {a.code for a in (event.source if name == "source" else event.target)}
        return all(c in codes for c in want)
    if name == "actors":
        codes = {a.code for a in (*event.source, *event.target)}
        return all(c in codes for c in want)
    if name in ("source_sector", "target_sector"):
        actors = event.source if name == "source_sector" else event.target
        return want in {a.sector for a in actors}
    if name == "claimant":
        claimant = event.claim.claimant if event.claim else None
        return claimant is None if want == "outlet" else (claimant is not None and claimant.code == want)
    if name == "stance":
        return (event.claim.stance if event.claim else "asserted") == want
    if name == "date":
        return event.date is not None and event.date.start.isoformat() == want
    if name in QUANTITY_FIELDS:
        q = event.quantities.get(name)
        return q is not None and q.best == want
    if name == "country":
        return event.location is not None and event.location.country == want
    if name == "place":
        loc = event.location
        if loc is None:
            return False
        names = {_plain(loc.name), _plain(loc.text)}
        return _plain(want) in names or any(n.startswith(_plain(want)) and len(n) - len(_plain(want)) <= 1 for n in names)
    if name == "modality":
        return event.modality == want
    if name == "evidence":
        return _norm(want) in _norm(event.evidence.text)
    if name == "mode":
        return event.mode == want
    if name == "cameo":
        return event.cameo is not None and event.cameo.startswith(str(want))
    raise KeyError(f"unknown golden field {name!r}")


def matches(expected: Mapping[str, Any], event: Event) -> bool:
    return all(field_matches(k, v, event) for k, v in expected.items() if k not in IGNORED)


def _locate(expected: Mapping[str, Any], event: Event) -> bool:
    """The expectation and the event are about the same words: type and evidence agree."""
    return event.event_type == expected["event_type"] and (
        "evidence" not in expected or field_matches("evidence", expected["evidence"], event))


@dataclass
class CaseScore:
    file: str
    expected: int = 0
    found: int = 0
    unwanted: int = 0
    missed: list[dict[str, Any]] = field(default_factory=list)
    produced_unwanted: list[dict[str, Any]] = field(default_factory=list)
    field_hits: dict[str, list[int]] = field(default_factory=dict)  # field → [agree, compared]


def score_case(case: Mapping[str, Any], events: Sequence[Event]) -> CaseScore:
    """Score one article's events against its golden case."""
    score = CaseScore(case["file"])
    free = list(events)
    for want in case.get("with", []):
        score.expected += 1
        hit = next((e for e in free if matches(want, e)), None)
        if hit is not None:
            score.found += 1
            free.remove(hit)
        else:
            score.missed.append(dict(want))
        # per-field agreement, on the event told by the same words (found or not)
        near = hit or next((e for e in events if _locate(want, e)), None)
        if near is not None:
            for k, v in want.items():
                if k in IGNORED or k in ("event_type", "evidence"):
                    continue
                agree, compared = score.field_hits.get(k, [0, 0])
                score.field_hits[k] = [agree + field_matches(k, v, near), compared + 1]
    for unwanted in case.get("without", []):
        # a negated record says the event did not happen: it is not the unwanted event, unless asked for
        told = [e for e in events if e.modality != "negated" or "modality" in unwanted]
        if any(matches(unwanted, e) for e in told):
            score.unwanted += 1
            score.produced_unwanted.append(dict(unwanted))
    return score


@dataclass
class GoldenReport:
    cases: list[CaseScore]

    @property
    def expected(self) -> int:
        return sum(c.expected for c in self.cases)

    @property
    def found(self) -> int:
        return sum(c.found for c in self.cases)

    @property
    def unwanted(self) -> int:
        return sum(c.unwanted for c in self.cases)

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0

    def field_agreement(self) -> dict[str, float]:
        totals: dict[str, list[int]] = {}
        for c in self.cases:
            for k, (a, n) in c.field_hits.items():
                t = totals.setdefault(k, [0, 0])
                t[0] += a
                t[1] += n
        return {k: round(a / n, 3) for k, (a, n) in sorted(totals.items()) if n}

    def as_dict(self) -> dict[str, Any]:
        return {"expected": self.expected, "found": self.found, "recall": round(self.recall, 3),
                "unwanted": self.unwanted, "fields": self.field_agreement()}


def load_cases(folder: str | Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(Path(folder).glob("*.expected.json"))]


def sample_report(cases_dir: str | Path) -> GoldenReport:
    """Code the bundled sample corpus and score it against the golden cases in ``cases_dir``."""
    from collections import defaultdict

    from . import api
    from .model import Article

    by_file: dict[str, list[Event]] = defaultdict(list)
    articles = [a for a in api.sample_articles() if isinstance(a, Article)]
    for coded in api.code_articles(articles):
        by_file[Path((coded.article.origin or "").split("#")[0]).name].extend(coded.events)
    return GoldenReport([score_case(case, by_file.get(case["file"], [])) for case in load_cases(cases_dir)])


def corpus_digest() -> str:
    """A digest of the bundled sample corpus and the golden cases: the floors hold for this corpus only."""
    import hashlib

    root = Path(__file__).resolve().parent
    cases = root.parent / "tests" / "cases"
    files = sorted((root / "data" / "sample").iterdir()) + sorted(cases.glob("*.json"))
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()
