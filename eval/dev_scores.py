"""Every dev set scored on its fixed tune and check splits, side by side: the table in docs/quality.md.

    python eval/dev_scores.py ../shared/data/dev                      # every set, then the table
    python eval/dev_scores.py ../shared/data/dev --only cameo,acled_kenya --out scores.json
    python eval/dev_scores.py --table scores.json                      # the table of what was scored

Each set is coded once (``sitreps.evaluate.evaluate(..., split="both")``) and its tune and check records
summarised apart (``sitreps.evaluate.split_of``: 70/30 by a hash of the record id). Scores are merged into
``--out`` (JSON), so two processes can score different sets and one ``--table`` prints them all. The
data sets are not shipped: DATA is the folder that holds them (../shared/data/dev beside the repository).
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# name: (format, path under DATA, options, what to print, command shown in the table)
Metric = tuple[str, Callable[[dict[str, Any]], float | None]]


def _f1(field: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda s: s.get("fields", {}).get(field, {}).get("f1")


def _recall(field: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda s: s.get("fields", {}).get(field, {}).get("recall")


def _share(key: str) -> Callable[[dict[str, Any]], float | None]:
    return lambda s: (s.get(key) or {}).get("share")


def _counted(field: str, *, wrong: bool = False) -> Callable[[dict[str, Any]], float | None]:
    """tp / (tp + fp), or fp / (tp + fp) with ``wrong``: the attribution shares."""
    def share(s: dict[str, Any]) -> float | None:
        c = s.get("fields", {}).get(field)
        if not c or not c["tp"] + c["fp"]:
            return None
        return (c["fp"] if wrong else c["tp"]) / (c["tp"] + c["fp"])
    return share


PETRARCH: list[Metric] = [("event type F1", _f1("event_type")), ("exactly right", _share("exactly_right")),
                          ("no-event records given one", _share("no_event_given_one"))]
ACLED: list[Metric] = [("ACLED event type", _recall("acled event_type")),
                       ("sub-event type", _recall("acled sub_event_type")),
                       ("fatalities exact (deaths > 0)", _recall("fatalities")),
                       ("place within 161 km", _recall("Acc@161km")), ("interaction", _recall("acled interaction"))]
PLACES: list[Metric] = [("place names P", lambda s: s["fields"]["place_name"]["precision"]),
                        ("place names R", lambda s: s["fields"]["place_name"]["recall"]),
                        ("Acc@161km", _recall("acc161km")), ("country", _recall("country_accuracy"))]
SETS: dict[str, tuple[str, str, dict[str, Any], list[Metric]]] = {
    "petrarch_ud": ("petrarch", "up_ud_validate", {"intentions": False}, PETRARCH),
    "petrarch_unit": ("petrarch", "petrarch2_unittest", {"intentions": False}, PETRARCH),
    "cameo": ("cameo-tsv", "conflibert_cameo", {}, [
        ("quad accuracy", lambda s: s["quad"]["accuracy"]),
        ("by PLOVER type", lambda s: s["quad"]["accuracy_by_plover_type"])]),
    "acled_kenya": ("acled", "acled/acled_kenya_2017_2019.csv", {"country_from_gold": True}, ACLED),
    "acled_world": ("acled", "acled/acled_2020_world.csv", {"country_from_gold": True}, ACLED),
    "attribution": ("attribution", "attribution", {}, [
        ("claimant right inside statements", _counted("inside")),
        ("claimant right, pronoun source", _counted("pronoun")),
        ("outlet voice given a claimant", _counted("outlet_voice", wrong=True))]),
    "indiapolice": ("indiapolice", "indiapoliceevents", {}, [
        ("kill F1", _f1("kill")), ("arrest F1", _f1("arrest")), ("force F1", _f1("force"))]),
    "geowebnews": ("geowebnews", "geowebnews", {}, PLACES),
    "geovirus": ("geovirus", "geovirus", {}, PLACES),
    "event_location": ("event-location", "event_location", {}, [
        ("event place (strict)", _recall("event_place"))]),
}
OPTIONS = {"intentions": "--future-as-act", "country_from_gold": "--country-from-gold"}


def command(name: str) -> str:
    fmt, path, options, _ = SETS[name]
    flags = "".join(f" {OPTIONS[k]}" for k in options if k in OPTIONS)
    return f"sitreps evaluate {fmt} $S/{path}{flags} --split both"


def score(data: Path, names: list[str], out: Path, split: str = "both", skim: bool = True) -> None:
    """Code each set and merge its summaries into ``out``; ``split`` "tune" codes the tune records only
    (while tuning: the check column is then left as it was); ``skim`` False parses every sentence."""
    from sitreps.evaluate import evaluate

    scores = json.loads(out.read_text()) if out.exists() else {}
    for name in names:
        fmt, path, options, _ = SETS[name]
        started = time.perf_counter()
        result = evaluate(fmt, data / path, split=split, skim=skim, **options)
        if split == "tune":
            scores[name] = {**scores.get(name, {}), "tune": result.summary.to_dict()}
        else:
            scores[name] = {part: s.to_dict() for part, s in result.by_split.items()}
        scores[name]["seconds"] = round(time.perf_counter() - started, 1)
        out.write_text(json.dumps(scores, indent=1))
        print(f"{name}: {scores[name]['seconds']} s", flush=True)


def table(scores: dict[str, Any]) -> str:
    lines = ["| data | measure | tune | check | records (tune / check) |", "|---|---|---|---|---|"]
    for name, (_, _, _, metrics) in SETS.items():
        if name not in scores:
            continue
        tune, check = scores[name]["tune"], scores[name].get("check", {})
        for i, (label, get) in enumerate(metrics):
            values = []
            for part in (tune, check):
                try:
                    value = get(part)
                except (KeyError, TypeError):
                    value = None
                values.append("–" if value is None else f"{value:.3f}")
            first = f"`{command(name)}`" if i == 0 else ""
            sizes = f"{tune['records']} / {check.get('records', '–')}" if i == 0 else ""
            lines.append(f"| {first} | {label} | {values[0]} | {values[1]} | {sizes} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, help="the folder of the dev sets (../shared/data/dev)")
    parser.add_argument("--only", default="", help=f"comma-separated sets, of: {', '.join(SETS)}")
    parser.add_argument("--out", type=Path, default=Path("dev-scores.json"), help="scores JSON (merged into)")
    parser.add_argument("--split", choices=("both", "tune"), default="both",
                        help="both (the table's two columns) or tune only, while tuning")
    parser.add_argument("--table", type=Path, default=None, help="print the table of this scores file only")
    parser.add_argument("--parse-all", action="store_true",
                        help="parse every sentence (no skim), to measure what the skim costs")
    args = parser.parse_args()
    if args.table is not None:
        print(table(json.loads(args.table.read_text())))
        return
    if args.data is None:
        parser.error("DATA is needed unless --table is given")
    names = [n for n in args.only.split(",") if n] or list(SETS)
    unknown = [n for n in names if n not in SETS]
    if unknown:
        parser.error(f"unknown sets {unknown}; known: {', '.join(SETS)}")
    score(args.data, names, args.out, args.split, skim=not args.parse_all)
    print(table(json.loads(args.out.read_text())))


if __name__ == "__main__":
    main()
