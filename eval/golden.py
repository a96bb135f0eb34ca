"""Score the pipeline on the project's golden cases.

    python eval/golden.py             # one line: recall, unwanted events, per-field agreement
    python eval/golden.py --misses    # and every expected event not found, every unwanted one produced
    python eval/golden.py --json      # the summary as JSON
    python eval/golden.py --pin       # write the current scores into eval/baseline.json as the new floors
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from sitreps.golden import corpus_digest, sample_report
from sitreps.golden_corpus import corpus_report

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
BASELINE = ROOT / "eval" / "baseline.json"


def pin(summary: dict[str, Any]) -> None:
    """Write the scores as floors, with the digest of the corpus they were measured on."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    lowered = [k for k, v in summary["fields"].items() if v < baseline.get("fields", {}).get(k, 0)]
    if summary["found"] < baseline.get("found", 0) or summary["unwanted"] > baseline.get("unwanted", 10**9):
        lowered.append("found/unwanted")
    corpus = summary["corpus"]
    was = baseline.get("corpus", {})
    if corpus["incidents"]["found"] < was.get("incidents", {}).get("found", 0) \
            or corpus["apart"]["kept"] < was.get("apart", {}).get("kept", 0) \
            or corpus["totals"]["kept"] < was.get("totals", {}).get("kept", 0):
        lowered.append("incidents")
    baseline.update(found=summary["found"], unwanted=summary["unwanted"], fields=summary["fields"],
                    corpus=corpus, corpus_sha256=corpus_digest())
    BASELINE.write_text(json.dumps(baseline, indent=2) + "\n", encoding="utf-8")
    if lowered:
        print(f"floors LOWERED for {', '.join(lowered)}: say why in the commit message", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", action="store_true", help="print the expected events not found")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON")
    parser.add_argument("--pin", action="store_true", help="make the current scores the floors in eval/baseline.json")
    args = parser.parse_args()
    report = sample_report(CASES)
    if args.misses:
        for case in report.cases:
            for m in case.missed:
                print(f"MISS {case.file}: {json.dumps(m)}")
            for u in case.produced_unwanted:
                print(f"UNWANTED {case.file}: {json.dumps(u)}")
    summary = report.as_dict()
    across = corpus_report(CASES)  # incidents and provenance: the sample ingested into a store
    summary["corpus"] = across.as_dict()
    if args.misses:
        for miss in across.missed:
            print(f"MISS corpus: {miss}")
    if args.pin:
        pin(summary)
    if args.json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"recall {summary['recall']} ({summary['found']}/{summary['expected']}), "
              f"unwanted {summary['unwanted']}, fields {summary['fields']}")
        print(f"across articles: {json.dumps(summary['corpus'])}")


if __name__ == "__main__":
    main()
