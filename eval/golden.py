"""Score the pipeline on the project's golden cases.

    python eval/golden.py             # one line: recall, unwanted events, per-field agreement
    python eval/golden.py --misses    # and every expected event not found, every unwanted one produced
    python eval/golden.py --json      # the summary as JSON (what eval/baseline.json pins)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from sitreps.golden import sample_report

CASES = Path(__file__).resolve().parent.parent / "tests" / "cases"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="print the expected events not found")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    args = parser.parse_args()
    report = sample_report(CASES)
    if args.misses:
        for case in report.cases:
            for m in case.missed:
                print(f"MISS {case.file}: {json.dumps(m)}")
            for u in case.produced_unwanted:
                print(f"UNWANTED {case.file}: {json.dumps(u)}")
    summary = report.as_dict()
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"recall {summary['recall']} ({summary['found']}/{summary['expected']}), "
              f"unwanted {summary['unwanted']}, fields {summary['fields']}")


if __name__ == "__main__":
    main()
