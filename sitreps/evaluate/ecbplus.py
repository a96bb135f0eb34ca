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

from ..incidents import Settings, build_incidents, family_of
from ..incidents.store import connection
from ..incidents.telling import proper_names
from ..model import Article
from . import split_of
from .clustering import all_metrics, linked_by_names, pairwise


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
    # a name in more than 50 documents links nothing by itself
    return linked_by_names({d.id: proper_names(d.text[:lede]) for d in docs}, shared, most=50)


CONFLICT = ("violence", "repression", "protest")


def predicted(docs: list[Doc], settings: Settings, store_path: str, progress: Callable[[int], None] | None = None
              ) -> tuple[dict[str, str], dict[str, set[str]], set[str], dict[str, str], set[str]]:
    """Code the documents, build incidents; each document's story (that of the incident holding most of its
    confident tellings: a document tells one story, whose incidents may be several), every incident listing it, and the
    documents about conflict: those whose placed tellings are mostly of the violence, repression or protest
    families (read from sitreps' own output, never from the gold)."""
    from .. import api
    from ..store import open_store

    articles = [Article(text=d.text, id=d.id, origin=d.id) for d in docs]
    api.ingest((), db=store_path, articles=articles, progress=progress)
    main: dict[str, str] = {}
    incident: dict[str, str] = {}  # the incident itself, as a reader of `sitreps incidents` lines sees it
    listed: dict[str, set[str]] = defaultdict(set)
    with open_store(store_path) as store:
        told = {a for (a,) in connection(store).execute("SELECT DISTINCT article_id FROM events").fetchall()}
        build_incidents(store, settings, rebuild=True)
        rows = connection(store).execute(
            "SELECT e.article_id, ie.incident_id, count(*) FILTER (WHERE e.confidence >= ?)"
            " FROM incident_events ie JOIN events e ON e.id = ie.event_id"
            " WHERE ie.role = 'claim' GROUP BY 1, 2 ORDER BY 1, 3 DESC, 2", [settings.min_confidence]).fetchall()
        story = dict(connection(store).execute(
            "SELECT id, coalesce(json_extract_string(record, '$.story'), id) FROM incidents").fetchall())
        types = connection(store).execute(
            "SELECT e.article_id, e.event_type FROM incident_events ie JOIN events e ON e.id = ie.event_id"
            " WHERE ie.role = 'claim' ORDER BY e.id").fetchall()
    families: dict[str, Counter[str]] = defaultdict(Counter)
    for article_id, event_type in types:
        families[article_id][family_of(event_type)] += 1
    conflict = {a for a, told in families.items() if told.most_common(1)[0][0] in CONFLICT}
    for article_id, incident_id, _ in rows:
        main.setdefault(article_id, story.get(incident_id, incident_id))  # the story its main incident is of
        incident.setdefault(article_id, incident_id)
        listed[article_id].add(incident_id)
    for d in docs:
        main.setdefault(d.id, "alone:" + d.id)
        incident.setdefault(d.id, "alone:" + d.id)
        listed.setdefault(d.id, {"alone:" + d.id})
    return main, dict(listed), conflict, incident, told


def score_split(docs: list[Doc], settings: Settings, progress: Callable[[int], None] | None = None
                ) -> dict[str, Any]:
    gold = {d.id: d.incident for d in docs}
    with tempfile.TemporaryDirectory() as folder:
        main, listed, conflict, incident, told = predicted(docs, settings, str(Path(folder) / "ecbplus.duckdb"),
                                                           progress)
    about = [d for d in docs if d.id in conflict]
    gold_conflict = {d.id: d.incident for d in about}
    eventful = [d for d in docs if d.id in told]
    return {"documents": len(docs), "incidents": len(set(gold.values())),
            "baseline": all_metrics(gold, baseline(docs)), "sitreps": all_metrics(gold, main),
            "sitreps_incidents": all_metrics(gold, incident),
            "eventful_documents": len(eventful),
            "eventful_baseline": all_metrics({d.id: d.incident for d in eventful}, baseline(eventful)),
            "eventful_sitreps": all_metrics({d.id: d.incident for d in eventful}, {d.id: main[d.id] for d in eventful}),
            "listed_pairwise": pairwise(gold, listed),
            "listed_in_several": sum(1 for v in listed.values() if len(v) > 1),
            "conflict_documents": len(about),
            "conflict_baseline": all_metrics(gold_conflict, baseline(about)),
            "conflict_sitreps": all_metrics(gold_conflict, {d.id: main[d.id] for d in about})}


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
        cb, cs = r["conflict_baseline"], r["conflict_sitreps"]
        lines.append(f"about conflict ({r['conflict_documents']} documents whose placed tellings are mostly violence,"
                     f" repression or protest): CoNLL F1 baseline {cb['conll_f1']:.3f}, sitreps {cs['conll_f1']:.3f};"
                     f" pairwise P/R/F1 baseline {cb['pairwise'].precision:.3f}/{cb['pairwise'].recall:.3f}/"
                     f"{cb['pairwise'].f1:.3f}, sitreps {cs['pairwise'].precision:.3f}/{cs['pairwise'].recall:.3f}/"
                     f"{cs['pairwise'].f1:.3f}")
        si = r["sitreps_incidents"]
        lines.append(f"by incident (each document in the incident holding most of its confident tellings, as the"
                     f" incident lines read): CoNLL F1 {si['conll_f1']:.3f}, pairwise F1 {si['pairwise'].f1:.3f}")
        eb, es = r["eventful_baseline"], r["eventful_sitreps"]
        lines.append(f"documents with an event ({r['eventful_documents']}): CoNLL F1 baseline {eb['conll_f1']:.3f},"
                     f" sitreps {es['conll_f1']:.3f}; pairwise F1 baseline {eb['pairwise'].f1:.3f},"
                     f" sitreps {es['pairwise'].f1:.3f}")
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
