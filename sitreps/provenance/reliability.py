"""How far an article can be trusted as a source, from its provenance: a score in 0..1 with the reasons.

It ranks claims (a stitched or spun page's claim comes after a wire's); it never drops one. An outlet's
summary is the mean over its stored articles with a count of each reason.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from .duplicates import Copies, Text
from .spun import Spun
from .stitched import Stitched

STITCHED_COST = 0.45  # times the stitched score
SPUN_COST = 0.35  # times the spun score
REUSE_COST = 0.1
COPY_COST = 0.05
NO_BYLINE_COST = 0.05
NO_DATE_COST = 0.1
RESIDUE_COST = 0.05
COMPILED_COST = 0.1

_RESIDUE = re.compile(r"(?im)^\s*(?:photo|image|picture|file photo|caption|image caption|video)\s*[:|-]|"
                      r"\((?:photo|image|file photo)\b[^)]{0,80}\)|\b(?:getty images|afp photo|reuters/[A-Z]|"
                      r"ap photo/|click here to|read more:|also read:|follow us on|like and share|trending now)\b")
# a page that says it was put together from other outlets' reports
_COMPILED = re.compile(r"\b(?:compiled|assembled|aggregated|put together|sourced)\s+from\s+(?:\w+\s+){0,3}?"
                       r"(?:feeds|reports|wires|agencies|sources|news agencies)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reliability:
    score: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        return {"score": self.score, "reasons": list(self.reasons)}


def reliability(article: Text, found: Copies, stitch: Stitched, spin: Spun) -> Reliability:
    """The reliability of one article from what the provenance checks found."""
    score = 1.0
    reasons: list[str] = []
    if stitch.score >= 0.5:
        score -= STITCHED_COST * stitch.score
        reasons.append(f"stitched from {len(stitch.segments)} stories ({stitch.score:.2f})")
    if spin.score >= 0.5:
        score -= SPUN_COST * spin.score
        forms = sorted({f"{s.text} → {s.canonical}" for s in spin.substitutions})
        reasons.append(f"spun names ({spin.score:.2f}): " + "; ".join(forms[:5]))
    if found.duplicate_of:
        score -= COPY_COST
        reasons.append(f"copy of {found.duplicate_of}: counts as one source with it")
    elif found.reuse and found.reuse[0][0] not in found.duplicates and stitch.score < 0.5:
        other, share = found.reuse[0]
        if share >= 0.3:
            score -= REUSE_COST
            reasons.append(f"reuses {share:.0%} of its text from {other}")
    if not article.byline:
        score -= NO_BYLINE_COST
        reasons.append("no byline")
    if article.published is None:
        score -= NO_DATE_COST
        reasons.append("no publication date")
    if _COMPILED.search(article.text):
        score -= COMPILED_COST
        reasons.append("says it was compiled from other reports")
    if _RESIDUE.search(article.text):
        score -= RESIDUE_COST
        reasons.append("caption or page residue in the text")
    return Reliability(round(max(0.0, score), 3), tuple(reasons))


def outlet_summary(rows: Iterable[tuple[str | None, float, list[str]]]) -> dict[str, dict[str, object]]:
    """Per outlet: mean score, article count and how many articles gave each reason (its first words)."""
    totals: dict[str, list[float]] = {}
    reasons: dict[str, Counter[str]] = {}
    for outlet, score, why in rows:
        key = outlet or "(unknown)"
        totals.setdefault(key, []).append(score)
        reasons.setdefault(key, Counter()).update({_reason_kind(r) for r in why})
    return {key: {"score": round(sum(scores) / len(scores), 3), "articles": len(scores),
                  "reasons": dict(sorted(reasons[key].items()))} for key, scores in sorted(totals.items())}


def _reason_kind(reason: str) -> str:
    for kind in ("stitched", "spun", "copy", "reuses", "no byline", "no publication date", "says it was compiled",
                 "caption"):
        if reason.startswith(kind):
            return kind
    return reason
