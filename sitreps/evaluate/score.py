"""Gold records, predictions, and the arithmetic that compares them.

Every measure is micro-averaged over records: per record the gold and predicted *sets* of a field
(PLOVER types, CAMEO roots, source or target country codes) are compared, and the true positives,
false positives and false negatives are summed before precision and recall are taken.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..dictionaries.petrarch import full_code, petrarch_code
from ..model import Event

QUADS = ("neutral", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")
NEUTRAL = QUADS[0]

# The PLOVER README's quad categories (DEMAND is REQUEST and DISAPPROVE is ACCUSE in sitreps' names).
PLOVER_QUAD: dict[str, str] = {
    **dict.fromkeys(("AGREE", "CONSULT", "SUPPORT", "CONCEDE"), "verbal_cooperation"),
    **dict.fromkeys(("COOPERATE", "AID", "RETREAT"), "material_cooperation"),
    **dict.fromkeys(("REQUEST", "ACCUSE", "REJECT", "THREATEN", "SANCTION"), "verbal_conflict"),
    **dict.fromkeys(("PROTEST", "MOBILIZE", "COERCE", "ASSAULT"), "material_conflict"),
}

# Fields a gold record can annotate; ``GoldRecord.fields`` says which ones a record is scored on.
EVENT_FIELDS = ("event_type", "cameo_root")
ACTOR_FIELDS = ("source", "target")
# PETRARCH-style actor codes: country + first agent ("ARNGOV"), and each event as type|source|target country.
CODE_FIELDS = ("source_full", "target_full", "event")


def plover_quad(event_type: str | None) -> str | None:
    """The quad category of a PLOVER type, per the PLOVER README; None for None or an unknown type."""
    return PLOVER_QUAD.get(event_type) if event_type else None


def cameo_quad(code: str | None) -> str | None:
    """The five-way CAMEO class of a code by its root: 01-02 neutral, 03-05 verbal cooperation, 06-08
    material cooperation, 09-13 and 16 verbal conflict, 14-15 and 17-20 material conflict.

    Reducing relations (16: sanctions, cutting aid, expelling diplomats) is a verbal act in the usual
    five-class reading of CAMEO (the Phoenix data sets' class numbering), as SANCTION is in PLOVER's quads.
    """
    if not code or not code[:2].isdigit():
        return None
    root = int(code[:2])
    if root == 16:
        return QUADS[3]
    for high, quad in ((2, QUADS[0]), (5, QUADS[1]), (8, QUADS[2]), (13, QUADS[3]), (20, QUADS[4])):
        if 1 <= root <= high:
            return quad
    return None


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One coded event in a gold set. Actor codes are kept whole ("ARNGOV") and as countries ("ARN")."""

    event_type: str | None = None  # PLOVER
    cameo: str | None = None
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    quad: str | None = None  # one of QUADS
    source_countries: tuple[str, ...] = ()
    target_countries: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "cameo": self.cameo, "source": list(self.source),
                "target": list(self.target), "quad": self.quad}


@dataclass(frozen=True, slots=True)
class GoldRecord:
    """One text and what the gold says happened in it.

    ``fields`` names what this record is scored on (``event_type``, ``cameo_root``, ``source``,
    ``target``, ``quad``); ``meta["skip"]``, when set, is why the record is not scored at all.
    """

    id: str
    text: str
    published: date | None = None
    events: tuple[GoldEvent, ...] = ()
    meta: dict[str, Any] = field(default_factory=dict)
    fields: tuple[str, ...] = EVENT_FIELDS

    @property
    def skip(self) -> str | None:
        reason = self.meta.get("skip")
        return str(reason) if reason else None

    @property
    def quad(self) -> str | None:
        """The sentence's quad class: that of its first gold event that has one."""
        return next((e.quad for e in self.events if e.quad), None)


@dataclass(frozen=True, slots=True)
class Predicted:
    """The parts of a sitreps event that are scored."""

    event_type: str
    cameo: str | None = None
    source: tuple[str, ...] = ()  # actor codes (ISO3, IGO, …); actors without a code are left out
    target: tuple[str, ...] = ()
    confidence: float = 0.5
    evidence: str = ""
    event: Event | None = field(default=None, compare=False, repr=False)  # the whole event, for richer scorers

    @classmethod
    def from_event(cls, event: Event) -> Predicted:
        return cls(event.event_type, event.cameo, tuple(a.code for a in event.source if a.code),
                   tuple(a.code for a in event.target if a.code), event.confidence, event.evidence.text,
                   event)

    def to_dict(self) -> dict[str, Any]:
        return {"event_type": self.event_type, "cameo": self.cameo, "source": list(self.source),
                "target": list(self.target), "confidence": round(self.confidence, 3),
                "evidence": self.evidence}


@dataclass(frozen=True, slots=True)
class Counts:
    """True positives, false positives and false negatives, and what follows from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


def set_counts(gold: Iterable[str], predicted: Iterable[str]) -> Counts:
    """Compare two sets: shared items are true positives."""
    g, p = set(gold), set(predicted)
    return Counts(len(g & p), len(p - g), len(g - p))


def gold_sets(record: GoldRecord) -> dict[str, set[str]]:
    """The gold set of every field, from the events that have a PLOVER type."""
    typed = [e for e in record.events if e.event_type]
    return {
        "event_type": {e.event_type for e in typed if e.event_type},
        "cameo_root": {e.cameo[:2] for e in typed if e.cameo},
        "source": {c for e in typed for c in e.source_countries},
        "target": {c for e in typed for c in e.target_countries},
        "source_full": {full_code(c) for e in typed for c in e.source},
        "target_full": {full_code(c) for e in typed for c in e.target},
        "event": {t for e in typed for t in event_keys(e.event_type, e.source_countries, e.target_countries)},
    }


def event_keys(event_type: str | None, sources: Iterable[str], targets: Iterable[str]) -> set[str]:
    """An event as ``TYPE|SOURCE|TARGET`` country-code keys, one per source-target pair ("-" for none)."""
    sides = sorted(set(sources)) or ["-"], sorted(set(targets)) or ["-"]
    return {f"{event_type}|{s}|{t}" for s in sides[0] for t in sides[1]}


def actor_codes(predicted: Predicted, side: str) -> set[str]:
    """A predicted event's actors on one side as PETRARCH codes (code + agent of the sector: "ARNGOV")."""
    if predicted.event is None:
        return set(getattr(predicted, side))
    actors = predicted.event.source if side == "source" else predicted.event.target
    return {c for a in actors if (c := petrarch_code(a.code, a.sector))}


def predicted_sets(predicted: Sequence[Predicted]) -> dict[str, set[str]]:
    return {
        "event_type": {p.event_type for p in predicted},
        "cameo_root": {p.cameo[:2] for p in predicted if p.cameo},
        "source": {c for p in predicted for c in p.source},
        "target": {c for p in predicted for c in p.target},
        "source_full": {c for p in predicted for c in actor_codes(p, "source")},
        "target_full": {c for p in predicted for c in actor_codes(p, "target")},
        "event": {k for p in predicted for k in event_keys(p.event_type, (c[:3] for c in p.source),
                                                            (c[:3] for c in p.target))},
    }


def trigger_offset(predicted: Predicted) -> int:
    """Where the event's trigger stands in its sentence (its first word), for ordering a sentence's events."""
    event = predicted.event
    if event is None or not event.trigger:
        return 1 << 30
    found = re.search(rf"(?<!\w){re.escape(event.trigger.split()[0])}(?!\w)", event.evidence.text)
    return found.start() if found else 1 << 30


# The verbs of CAMEO 015 (acknowledge or claim responsibility), as the claim's words end in them.
_CLAIMING = re.compile(r"(?<!\w)(claim|claims|claimed|admit|admits|admitted|acknowledge|acknowledges|acknowledged)$",
                       re.IGNORECASE)
# The comments of CAMEO 010-014 and 018 (a comment, pessimism and concern, optimism and hope, weighing an option,
# condolences and sympathy), as the words of a claim made by such a comment end in them ("X expressed
# condolences", "it hoped", "X declined to comment", "it is considering").
_COMMENTING = re.compile(r"(?<!\w)(condolences?|sympathy|concerns?|pessimism|optimism|respects?|regrets?|hope|"
                         r"hopes|hoped|hoping|condolence message|comment|comments|commented|commenting|"
                         r"consider|considers|considered|considering)$", re.IGNORECASE)


def _disowned(event: Event) -> bool:
    """The act is told inside a denial (CAMEO 016), a claim of responsibility (015) or a comment (012, 013,
    018), not as the main act."""
    claim = event.claim
    if claim is None:
        return False
    text = (claim.text or "").strip()
    return claim.stance == "denied" or claim.stance == "claimed" and bool(_CLAIMING.search(text)) \
        or claim.stance == "reported" and bool(_COMMENTING.search(text))


def sentence_event(predicted: Sequence[Predicted]) -> Predicted | None:
    """The event that stands for a sentence that is given one class: the first act it tells as having happened.

    A CAMEO coder codes the main clause's verb. Sitreps' events do not carry the parse, and in English news
    prose the main clause's verb comes before its complements, purpose clauses and relative clauses ("provided
    $1.7 billion to support refugees", "condemned the attack that killed 40"), so the first event (by the
    place of its trigger) stands for the main clause. Only asserted events count: a planned, threatened,
    hypothetical or negated act is the object of another (the appeal, the promise) or no act at all
    ("is considering sending aid"), and a sentence with no asserted event is a statement (neutral).
    Nor does an act whose teller denies it, claims it as their own or comments on it: the main clause is then
    a CAMEO 01 statement, 016 ("rejected accusations that its troops had shelled…"), 015 ("the Taliban claimed
    responsibility for the attack", "the rebels claimed that they had attacked…") or a comment of 010-014 or
    018 ("expressed condolences over an attack that killed 40", "said it hoped for more talks", "declined to
    comment on a report that…", "is considering providing experts"), and the act is its content.
    Predictions without an ``Event`` (tests, other readers) are taken as asserted, in list order.
    """
    told = [p for p in predicted if p.event is None or p.event.modality == "asserted" and not _disowned(p.event)]
    return min(told, key=trigger_offset) if told else None  # min keeps the first of equals


def predicted_quad(predicted: Sequence[Predicted], *, by: str = "cameo") -> str:
    """The quad of the sentence's event (``sentence_event``); ``neutral`` when there is none.

    ``by="cameo"`` takes the class of its CAMEO code, ``by="plover"`` that of its PLOVER type.
    """
    best = sentence_event(predicted)
    if best is None:
        return NEUTRAL
    quad = plover_quad(best.event_type) if by == "plover" else cameo_quad(best.cameo)
    return quad or NEUTRAL


@dataclass(frozen=True, slots=True)
class RecordScore:
    """How one record went: counts per field, exactly right or not, quads compared."""

    record_id: str
    counts: dict[str, Counts]
    exact: bool | None = None  # None: the record is not scored on event types
    gold_quad: str | None = None
    quad_plover: str | None = None
    quad_cameo: str | None = None
    per_type: dict[str, Counts] = field(default_factory=dict)
    values: dict[str, tuple[float, ...]] = field(default_factory=dict)  # measured amounts, e.g. distance_km
    detail: dict[str, Any] = field(default_factory=dict)  # gold beside predicted, for the errors file

    @property
    def right(self) -> bool:
        """Nothing wrong in any field scored."""
        if self.exact is False or any(c.fp or c.fn for c in self.counts.values()):
            return False
        return self.gold_quad is None or self.gold_quad == self.quad_cameo


def score_record(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score one record on the fields it annotates."""
    gold, pred = gold_sets(record), predicted_sets(predicted)
    names = (*EVENT_FIELDS, *ACTOR_FIELDS, *CODE_FIELDS)
    counts = {name: set_counts(gold[name], pred[name]) for name in names if name in record.fields}
    exact = gold["event_type"] == pred["event_type"] if "event_type" in record.fields else None
    per_type: dict[str, Counts] = {}
    if "event_type" in record.fields:
        for t in gold["event_type"] | pred["event_type"]:
            per_type[t] = set_counts(gold["event_type"] & {t}, pred["event_type"] & {t})
    gold_quad = record.quad if "quad" in record.fields else None
    if gold_quad is None:
        return RecordScore(record.id, counts, exact, per_type=per_type)
    return RecordScore(record.id, counts, exact, gold_quad, predicted_quad(predicted, by="plover"),
                       predicted_quad(predicted), per_type)


@dataclass
class Summary:
    """The totals over a data set."""

    records: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    counts: dict[str, Counts] = field(default_factory=dict)
    per_type: dict[str, Counts] = field(default_factory=dict)
    exact_right: int = 0
    exact_total: int = 0
    quad_right: int = 0  # by the CAMEO code of the sentence's event (the data sets' labels are CAMEO classes)
    quad_right_plover: int = 0  # by its PLOVER type
    quad_total: int = 0
    event_right: int = 0  # records whose events (type, source and target country) are all right
    event_total: int = 0
    quiet_given: int = 0  # records whose gold has no event, given one anyway
    quiet_total: int = 0  # records scored on event types whose gold has no event
    confusion: dict[str, dict[str, int]] = field(default_factory=dict)  # gold quad → predicted quad → n
    values: dict[str, list[float]] = field(default_factory=dict)  # every measured amount, by name

    @property
    def exact_share(self) -> float:
        return self.exact_right / self.exact_total if self.exact_total else 0.0

    @property
    def quad_accuracy(self) -> float:
        return self.quad_right / self.quad_total if self.quad_total else 0.0

    @property
    def quad_accuracy_plover(self) -> float:
        return self.quad_right_plover / self.quad_total if self.quad_total else 0.0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"records": self.records, "skipped": dict(self.skipped),
                               "fields": {k: c.to_dict() for k, c in self.counts.items()}}
        if self.exact_total:
            out["exactly_right"] = {"right": self.exact_right, "total": self.exact_total,
                                    "share": round(self.exact_share, 4)}
            out["per_type"] = {k: c.to_dict() for k, c in sorted(self.per_type.items())}
        if self.quiet_total:
            out["no_event_given_one"] = {"given": self.quiet_given, "total": self.quiet_total,
                                         "share": round(self.quiet_given / self.quiet_total, 4)}
        if self.event_total:
            out["events_exactly_right"] = {"right": self.event_right, "total": self.event_total,
                                           "share": round(self.event_right / self.event_total, 4)}
        if self.quad_total:
            out["quad"] = {"right": self.quad_right, "total": self.quad_total,
                           "accuracy": round(self.quad_accuracy, 4),
                           "accuracy_by_plover_type": round(self.quad_accuracy_plover, 4),
                           "confusion": self.confusion}
        if self.values:
            out["measures"] = {k: measure(v) for k, v in sorted(self.values.items())}
        return out


def summarize(scores: Iterable[RecordScore], skipped: Mapping[str, int] | None = None) -> Summary:
    """Add up record scores."""
    summary = Summary(skipped=dict(skipped or {}))
    for s in scores:
        summary.records += 1
        for name, c in s.counts.items():
            summary.counts[name] = summary.counts.get(name, Counts()) + c
        for name, c in s.per_type.items():
            summary.per_type[name] = summary.per_type.get(name, Counts()) + c
        if s.exact is not None:
            summary.exact_total += 1
            summary.exact_right += s.exact
        types = s.counts.get("event_type")
        if types is not None and not types.tp + types.fn:
            summary.quiet_total += 1
            summary.quiet_given += bool(types.fp)
        if "event" in s.counts:
            summary.event_total += 1
            summary.event_right += not (s.counts["event"].fp or s.counts["event"].fn)
        if s.gold_quad is not None:
            summary.quad_total += 1
            summary.quad_right += s.gold_quad == s.quad_cameo
            summary.quad_right_plover += s.gold_quad == s.quad_plover
            row = summary.confusion.setdefault(s.gold_quad, {})
            row[s.quad_cameo or NEUTRAL] = row.get(s.quad_cameo or NEUTRAL, 0) + 1
        for name, amounts in s.values.items():
            summary.values.setdefault(name, []).extend(amounts)
    return summary


def measure(amounts: Sequence[float]) -> dict[str, float | int]:
    """How many, mean and median of a list of amounts."""
    ordered = sorted(amounts)
    n = len(ordered)
    if not n:
        return {"n": 0}
    middle = ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2
    return {"n": n, "mean": round(sum(ordered) / n, 2), "median": round(middle, 2)}


def match_counts(gold: Sequence[Any], predicted: Sequence[Any], same: Callable[[Any, Any], bool]) -> Counts:
    """Pair gold and predicted items one to one (greedily, in order) where ``same`` says they match.

    Matched pairs are true positives; predicted items left over are false positives, gold ones false negatives.
    """
    free = list(range(len(predicted)))
    tp = 0
    for g in gold:
        hit = next((i for i in free if same(g, predicted[i])), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
    return Counts(tp, len(predicted) - tp, len(gold) - tp)
