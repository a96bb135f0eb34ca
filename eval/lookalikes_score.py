"""Score sitreps' incidents on the synthetic look-alike set of eval/lookalikes.py (ours, synthetic; not the hidden
set), the way the issue reads its own set: `sitreps ingest` the articles, `sitreps incidents --format jsonl`,
then CoNLL F1 (MUC, B-cubed, CEAF-e), pairwise P/R/F1 over articles and the merged killed figure on the
incidents two or more articles tell; beside it the issue's baseline, articles published within 3 days that
share proper names, in the same run.

    python eval/lookalikes.py generate /tmp/lookalikes
    python eval/lookalikes_score.py /tmp/lookalikes [--db FILE] [--misses] [--join 0.3 ...]

An article listed in several incidents (its story's other incidents: an arrest, a curfew) is scored four
ways, as a scorer reading the jsonl might: "main" (the incident listing it with the most articles, then the
first in the file), "first" or "last" (the first or last line listing it; the lines come oldest incident
first) and pairwise over every listing ("any").
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

from sitreps.evaluate.clustering import all_metrics, linked_by_names, pairwise
from sitreps.incidents.telling import proper_names


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def baseline(articles: list[dict[str, Any]], days: int = 3, shared: int = 3, lede: int = 300) -> dict[str, str]:
    """The issue's baseline: articles published within ``days`` of each other whose title and lede share
    ``shared`` or more proper names, grouped by single link."""
    names = {a["id"]: proper_names(((a.get("title") or "") + ". " + a["text"])[:lede]) for a in articles}
    when = {a["id"]: date.fromisoformat(a["published"]) for a in articles}
    return linked_by_names(names, shared, near=lambda a, b: abs((when[a] - when[b]).days) <= days)


def clusterings(incidents: list[dict[str, Any]], ids: list[str]) -> dict[str, Any]:
    """Article -> incident as "main", "first" and "last" (listed), and article -> every incident listing it
    ("any")."""
    size = {inc["id"]: len(inc["articles"]) for inc in incidents}
    order = {inc["id"]: n for n, inc in enumerate(incidents)}
    listed: dict[str, list[str]] = defaultdict(list)
    for inc in incidents:
        for a in inc["articles"]:
            listed[a].append(inc["id"])
    main = {a: min(v, key=lambda i: (-size[i], order[i])) for a, v in listed.items()}
    first = {a: v[0] for a, v in listed.items()}
    last = {a: v[-1] for a, v in listed.items()}
    for a in ids:
        for one in (main, first, last):
            one.setdefault(a, "alone:" + a)
        listed.setdefault(a, ["alone:" + a])
    return {"main": main, "first": first, "last": last, "any": {a: set(v) for a, v in listed.items()},
            "several": sum(1 for v in listed.values() if len(v) > 1)}


def killed_exact(gold: list[dict[str, Any]], incidents: list[dict[str, Any]]) -> tuple[int, int, list[str]]:
    """On the gold incidents of two or more articles: whether the predicted incident sharing most of their
    articles (ties: the one giving a killed figure) has the gold killed figure as its best."""
    multi = [g for g in gold if len(g["articles"]) > 1]
    right, misses = 0, []
    for g in multi:
        mine = set(g["articles"])
        best = max(incidents, key=lambda i: (len(mine & set(i["articles"])),
                                              (i.get("quantities") or {}).get("killed", {}).get("best") is not None),
                   default=None)
        told = ((best or {}).get("quantities") or {}).get("killed") or {}
        if best is not None and mine & set(best["articles"]) and told.get("best") == g["killed"]:
            right += 1
        else:
            misses.append(f"{g['id']} gold {g['killed']} got {told.get('low')}/{told.get('best')}/{told.get('high')}")
    return right, len(multi), misses


def run(folder: Path, db: Path, build_args: list[str]) -> list[dict[str, Any]]:
    """`sitreps ingest`, then `sitreps incidents --format jsonl` (the incidents built again first when settings are
    given or the store was coded before)."""
    cli = [sys.executable, "-m", "sitreps"]
    reused = db.exists()  # a store coded before: only its incidents are built again
    subprocess.run([*cli, "ingest", str(folder / "articles.jsonl"), "--db", str(db)], check=True,
                   stdout=subprocess.DEVNULL)
    if build_args or reused:
        subprocess.run([*cli, "incidents", "build", "--db", str(db), "--rebuild", *build_args], check=True,
                       stdout=subprocess.DEVNULL)
    out = subprocess.run([*cli, "incidents", "--db", str(db), "--format", "jsonl"], check=True,
                         capture_output=True, text=True).stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def line(name: str, metrics: dict[str, Any]) -> str:
    parts = [f"{m} {metrics[m].f1:.3f}" for m in ("muc", "b_cubed", "ceaf_e")]
    p = metrics["pairwise"]
    return (f"{name:<22} CoNLL F1 {metrics['conll_f1']:.3f} ({', '.join(parts)}); pairwise P {p.precision:.3f}"
            f" R {p.recall:.3f} F1 {p.f1:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--db", type=Path, default=None, help="a store to (re)use; default a temporary one")
    parser.add_argument("--misses", action="store_true", help="list the killed figures that missed")
    args, build_args = parser.parse_known_args()
    articles = read_jsonl(args.folder / "articles.jsonl")
    gold = read_jsonl(args.folder / "gold.jsonl")
    truth = {a: g["id"] for g in gold for a in g["articles"]}
    ids = [a["id"] for a in articles]
    with tempfile.TemporaryDirectory() as tmp:
        incidents = run(args.folder, args.db or Path(tmp) / "lookalikes.duckdb", build_args)
    found = clusterings(incidents, ids)
    multi = sum(1 for g in gold if len(g["articles"]) > 1)
    print(f"{len(articles)} articles, {len(gold)} gold incidents ({multi} told by two or more articles);"
          f" sitreps: {len(incidents)} incidents, {found['several']} articles listed in several")
    print(line("baseline (3 days, names)", all_metrics(truth, baseline(articles))))
    print(line("sitreps (main)", all_metrics(truth, found["main"])))
    print(line("sitreps (first listed)", all_metrics(truth, found["first"])))
    print(line("sitreps (last listed)", all_metrics(truth, found["last"])))
    p = pairwise(truth, found["any"])
    print(f"{'sitreps (any listing)':<22} pairwise P {p.precision:.3f} R {p.recall:.3f} F1 {p.f1:.3f}")
    right, total, misses = killed_exact(gold, incidents)
    print(f"killed exact on multi-article incidents: {right}/{total} = {right / max(1, total):.3f}")
    if args.misses:
        print("\n".join(misses))


if __name__ == "__main__":
    main()
