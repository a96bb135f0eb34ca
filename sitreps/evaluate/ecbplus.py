"""``sitreps evaluate ecbplus PATH``: incidents against ECB+'s document clusters.

Each document (its title, then its text; the set gives no publication dates) is coded into a temporary
DuckDB store, incidents are built, and each document is mapped to the incident holding most of its
confident events ("main"); "listed" puts a document in every incident that lists it (pairwise only, since
MUC, B-cubed and CEAF-e need one cluster per document). The split is by a hash of the TOPIC
(``split_of(str(topic))``), so both look-alike incidents of a topic fall on the same side. The baseline
groups documents that share proper names (the issue's baseline, without its 3-day window: no dates here).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..incidents import Settings, build_incidents
from ..incidents.store import connection
from ..incidents.telling import proper_names
from ..model import Article
from . import split_of
from .clustering import all_metrics, pairwise


@dataclass(frozen=True, slots=True)
class Doc:
    id: str
    topic: str
    incident: str
    text: str


def read_docs(path: str | Path) -> list[Doc]:
    folder = Path(path)
    file = folder / "docs.jsonl" if folder.is_dir() else folder
    docs = []
    for line in file.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            text = ((row.get("title") or "") + "\n\n" + row["text"]).strip()
            docs.append(Doc(str(row["id"]), str(row["topic"]), str(row["incident"]), text))
    return docs


def baseline(docs: list[Doc], shared: int = 3, lede: int = 300) -> dict[str, str]:
    """Documents linked when the first ``lede`` characters (title and lede) share ``shared`` or more proper
    names, grouped by single link (of 2-4 names in the first 300 or 600 characters, the best on the tune split)."""
    names = {d.id: proper_names(d.text[:lede]) for d in docs}
    parent = {d.id: d.id for d in docs}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    by_name: dict[str, list[str]] = defaultdict(list)
    for doc_id, found in names.items():
        for name in found:
            by_name[name].append(doc_id)
    counts: Counter[tuple[str, str]] = Counter()
    for ids in by_name.values():
        if len(ids) <= 50:  # a name in many documents links nothing by itself
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    counts[(a, b)] += 1
    for (a, b), n in counts.items():
        if n >= shared:
            parent[root(a)] = root(b)
    return {d.id: root(d.id) for d in docs}


def predicted(docs: list[Doc], settings: Settings, store_path: str,
              progress: Callable[[int], None] | None = None) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Code the documents, build incidents; each document's main incident and every incident listing it."""
    from .. import api
    from ..store import open_store

    articles = [Article(text=d.text, id=d.id, origin=d.id) for d in docs]
    api.ingest((), db=store_path, articles=articles, progress=progress)
    main: dict[str, str] = {}
    listed: dict[str, set[str]] = defaultdict(set)
    with open_store(store_path) as store:
        build_incidents(store, settings, rebuild=True)
        rows = connection(store).execute(
            "SELECT e.article_id, ie.incident_id, count(*) FILTER (WHERE e.confidence >= ?)"
            " FROM incident_events ie JOIN events e ON e.id = ie.event_id"
            " WHERE ie.role = 'claim' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2", [settings.min_confidence]).fetchall()
    for article_id, incident_id, _ in rows:
        main.setdefault(article_id, incident_id)
        listed[article_id].add(incident_id)
    for d in docs:
        main.setdefault(d.id, "alone:" + d.id)
        listed.setdefault(d.id, {"alone:" + d.id})
    return main, dict(listed)


def score_split(docs: list[Doc], settings: Settings, progress: Callable[[int], None] | None = None
                ) -> dict[str, Any]:
    gold = {d.id: d.incident for d in docs}
    with tempfile.TemporaryDirectory() as folder:
        main, listed = predicted(docs, settings, str(Path(folder) / "ecbplus.duckdb"), progress)
    return {"documents": len(docs), "incidents": len(set(gold.values())),
            "baseline": all_metrics(gold, baseline(docs)), "sitreps": all_metrics(gold, main),
            "listed_pairwise": pairwise(gold, listed),
            "listed_in_several": sum(1 for v in listed.values() if len(v) > 1)}


def evaluate_ecbplus(path: str | Path, split: str = "tune", settings: Settings | None = None,
                     progress: Callable[[int], None] | None = None) -> dict[str, dict[str, Any]]:
    """The metrics per split asked for ("both": tune and check apart; "all": every document at once)."""
    settings = settings or Settings()
    docs = read_docs(path)
    parts = ("tune", "check") if split == "both" else (split,)
    return {part: score_split([d for d in docs if part == "all" or split_of(d.topic) == part], settings, progress)
            for part in parts}


def _cell(value: Any) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def report_lines(results: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for part, r in results.items():
        lines.append(f"== {part}: {r['documents']} documents, {r['incidents']} gold incidents")
        lines.append(f"{'metric':<12} {'baseline P/R/F1':>24} {'sitreps P/R/F1':>24}")
        for name in ("muc", "b_cubed", "ceaf_e", "pairwise"):
            b, s = r["baseline"][name], r["sitreps"][name]
            lines.append(f"{name:<12} {b.precision:>8.3f}{b.recall:>8.3f}{b.f1:>8.3f}"
                         f" {s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}")
        lines.append(f"{'CoNLL F1':<12} {r['baseline']['conll_f1']:>24.3f} {r['sitreps']['conll_f1']:>24.3f}")
        lp = r["listed_pairwise"]
        lines.append(f"every listed membership, pairwise: P {lp.precision:.3f} R {lp.recall:.3f} F1 {lp.f1:.3f}"
                     f" ({r['listed_in_several']} documents listed in several incidents)")
        lines.append("")
    return lines


def as_json(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    def plain(value: Any) -> Any:
        return value.to_dict() if hasattr(value, "to_dict") else round(value, 4) if isinstance(value, float) else value

    return {part: {k: ({m: plain(v) for m, v in val.items()} if isinstance(val, dict) else plain(val))
                   for k, val in r.items()} for part, r in results.items()}
