"""Golden expectations across articles (tests/cases/corpus.json): incidents and the provenance of pages.

The bundled sample corpus is ingested into a real DuckDB store (incidents and provenance built as ``sitreps
ingest`` builds them), then:

- an expected incident is found when one stored incident lists every one of its articles and agrees on each
  field given (``event_type``, ``country``, ``killed`` low/best/high/disputed, ``sources``: how many);
- an ``apart`` pair is kept apart when no incident holds claims of that article whose evidence names both words;
- a ``totals`` figure (a total over a period) is kept out when no incident's claim from those articles gives it;
- provenance: near-duplicate pairs found, stitched and spun pages flagged (score ≥ 0.5), and pages flagged that
  the file does not list (false alarms).
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

YES = 0.5  # a provenance score from which a page counts as flagged


@dataclass
class CorpusReport:
    incidents_expected: int = 0
    incidents_found: int = 0
    apart_expected: int = 0
    apart_kept: int = 0
    totals_expected: int = 0
    totals_kept: int = 0
    provenance: dict[str, dict[str, int]] = field(default_factory=dict)  # kind -> expected, found, false alarms
    missed: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"incidents": {"expected": self.incidents_expected, "found": self.incidents_found},
                "apart": {"expected": self.apart_expected, "kept": self.apart_kept},
                "totals": {"expected": self.totals_expected, "kept": self.totals_kept},
                "provenance": self.provenance}


def _figure_matches(want: dict[str, Any], got: dict[str, Any] | None) -> bool:
    return got is not None and all(got.get(k) == v for k, v in want.items())


def _incident_matches(want: dict[str, Any], inc: dict[str, Any], ids: set[str]) -> bool:
    if not ids <= set(inc["articles"]):
        return False
    if "event_type" in want and inc["event_type"] != want["event_type"]:
        return False
    if "country" in want and (inc.get("location") or {}).get("country") != want["country"]:
        return False
    if "killed" in want and not _figure_matches(want["killed"], inc["quantities"].get("killed")):
        return False
    return "sources" not in want or len(inc["sources"]) == want["sources"]


def score_corpus(expected: dict[str, Any], incidents: list[dict[str, Any]], pages: dict[str, dict[str, Any]],
                 ids: dict[str, str]) -> CorpusReport:
    """Score stored incidents (as dicts) and article provenance records (by article id) against the
    expectations; ``ids``: sample file name -> article id."""
    report = CorpusReport()
    for want in expected.get("incidents", []):
        report.incidents_expected += 1
        wanted = {ids[f] for f in want["articles"]}
        if any(_incident_matches(want, inc, wanted) for inc in incidents):
            report.incidents_found += 1
        else:
            report.missed.append(f"incident: {want['why']}")
    for pair in expected.get("apart", []):
        report.apart_expected += 1
        article, (a, b) = ids[pair["file"]], pair["evidence"]
        together = any(
            any(c["article_id"] == article and a in c["evidence"]["text"] for c in inc["claims"])
            and any(c["article_id"] == article and b in c["evidence"]["text"] for c in inc["claims"])
            for inc in incidents)
        if together:
            report.missed.append(f"apart: {pair['why']}")
        else:
            report.apart_kept += 1
    for total in expected.get("totals", []):
        report.totals_expected += 1
        articles = {ids[f] for f in total["files"]}
        counted = any(c["article_id"] in articles and (c["quantities"].get("killed") or {}).get("best") == total["killed"]
                      for inc in incidents for c in inc["claims"])
        if counted:
            report.missed.append(f"totals: {total['why']}")
        else:
            report.totals_kept += 1
    if pages:
        report.provenance = _provenance(expected.get("provenance", {}), pages, ids, report.missed)
    return report


def _provenance(want: dict[str, Any], pages: dict[str, dict[str, Any]], ids: dict[str, str],
                missed: list[str]) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    pairs = {frozenset((ids[a], ids[b])) for a, b in want.get("duplicates", [])}
    found_pairs = {frozenset((page, other)) for page, rec in pages.items() for other in rec.get("duplicates") or ()}
    out["duplicates"] = {"expected": len(pairs), "found": len(pairs & found_pairs),
                         "false_alarms": len(found_pairs - pairs)}
    missed += [f"duplicates: {sorted(p)}" for p in pairs - found_pairs]
    for kind in ("stitched", "spun"):
        flagged = {page for page, rec in pages.items() if ((rec.get(kind) or {}).get("score") or 0.0) >= YES}
        listed = {ids[f] for f in want.get(kind, [])}
        out[kind] = {"expected": len(listed), "found": len(listed & flagged), "false_alarms": len(flagged - listed)}
        missed += [f"{kind}: {page}" for page in listed - flagged]
    return out


def corpus_report(cases_dir: str | Path) -> CorpusReport:
    """Ingest the sample corpus into a temporary store and score it against ``cases_dir``/corpus.json."""
    from . import api
    from .model import Article

    expected = json.loads((Path(cases_dir) / "corpus.json").read_text(encoding="utf-8"))
    articles = [a for a in api.sample_articles() if isinstance(a, Article)]
    ids = {Path((a.origin or "").split("#")[0]).name: a.id for a in articles}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "golden.duckdb"
        api.ingest((), db=db, articles=articles)
        incidents = [i.to_dict() for i in api.incidents(db=db)]
        pages = _pages(db)
    return score_corpus(expected, incidents, pages, ids)


def _pages(db: Path) -> dict[str, dict[str, Any]]:
    """Each article's provenance record, where the store has them."""
    try:
        from . import api

        return {r["id"]: r for r in api.articles(db=db)}  # type: ignore[attr-defined]
    except AttributeError:  # a sitreps without provenance
        return {}
