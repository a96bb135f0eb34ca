"""Score the pipeline on the project's golden cases: python eval/golden.py [--misses] [--json]."""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from sitreps import api
from sitreps.golden import GoldenReport, load_cases, score_case
from sitreps.model import Article, Event, Failure

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def golden_report(cases_dir: Path = CASES) -> GoldenReport:
    """Code the bundled sample corpus and score it against the golden cases."""
    by_file: dict[str, list[Event]] = defaultdict(list)
    articles = [a for a in api.sample_articles() if isinstance(a, Article)]
    for coded in api.code_articles(articles):
        name = Path((coded.article.origin or "").split("#")[0]).name
        by_file[name].extend(coded.events)
    return GoldenReport([score_case(case, by_file.get(case["file"], [])) for case in load_cases(cases_dir)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--misses", action="store_true", help="print the expected events not found")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    report = golden_report()
    if args.misses:
        for case in report.cases:
            for m in case.missed:
                print(f"MISS {case.file}: {json.dumps(m)}")
            for u in case.produced_unwanted:
                print(f"UNWANTED {case.file}: {json.dumps(u)}")
    summary = report.as_dict()
    print(json.dumps(summary, indent=2) if args.json else
          f"recall {summary['recall']} ({summary['found']}/{summary['expected']}), unwanted {summary['unwanted']}, "
          f"fields {summary['fields']}", file=sys.stdout)


if __name__ == "__main__":
    main()
