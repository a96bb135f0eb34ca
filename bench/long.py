"""Time and memory of one long document against its size: coded in sections, per-word time and memory stay flat.

    python bench/long.py [--sizes 10000,100000,1000000] [--section-chars N] [--json]

Each size is a made-up story (a dateline, then paragraphs of events and of other news, names varied) coded by
the whole pipeline (``SpacyCoder``) in a fresh interpreter, so each has its own peak RSS; the model's load
and a warm-up article are excluded from the time. ``--section-chars 0`` codes the text as one ``Doc`` (the
cost before sections; slow above 100 KB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

PARAGRAPHS = (
    ("Gunmen from the {group} attacked a police post near {town} on Tuesday, killing {n} officers, the district "
    "governor said. The group said in a statement that it had carried out the attack."),
    ("The market in {town} reopened after a week and traders sold fruit, bread and fuel to visitors from the "
    "coast. Prices were steady, the chamber of commerce said."),
    ("Protesters marched through {town} on Wednesday to demand the release of {n} students arrested last month. "
    "Police fired tear gas to disperse the crowd."),
    "The {group} denied any role in the bombing of a bridge outside {town}, which wounded {n} people.",
    "Temperatures rose in the afternoon and light rain is expected in the north at the weekend.",
)
GROUPS = ("Northern Liberation Front", "Valley Defence Brigade", "Coastal People's Army", "Red Hill Militia")
TOWNS = ("Haldenport", "Marrowick", "Eastfield", "Tollbridge", "Kestrel Bay", "Ashcombe", "Lowmoor")


def story(size: int) -> str:
    parts = ["Violence spreads in the valley\n\nHALDENPORT, May 3 (Test Wire) - "]
    i = 0
    while sum(map(len, parts)) < size:
        template = PARAGRAPHS[i % len(PARAGRAPHS)]
        parts.append(template.format(group=GROUPS[i % len(GROUPS)], town=TOWNS[(i * 3) % len(TOWNS)],
                                     n=i % 17 + 2) + "\n\n")
        i += 1
    return "".join(parts)[:size]


def measure(size: int, section_chars: int) -> dict[str, Any]:
    from sitreps.model import Article
    from sitreps.nlp.spacy import SpacyCoder

    config: dict[str, Any] = {"section_chars": section_chars or 10**9}
    coder = SpacyCoder(**config)
    list(coder([Article(text=story(3_000), url="https://example.test/warm-up")]))
    text = story(size)
    article = Article(text=text, url=f"https://example.test/{size}", published=date(2024, 5, 3))
    started = time.perf_counter()
    coded = list(coder([article]))
    seconds = time.perf_counter() - started
    words = len(text.split())
    return {"bytes": size, "words": words, "seconds": seconds, "ms_per_1000_words": 1000 * seconds / words * 1000,
            "events": sum(len(c.events) for c in coded), "sentences": sum(len(c.sentences) for c in coded),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "section_chars": section_chars}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="text sizes in characters, comma-separated")
    parser.add_argument("--section-chars", type=int, default=None, help="section size (default: the coder's)")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.section_chars is None:
        from sitreps.nlp.sections import SECTION_CHARS

        args.section_chars = SECTION_CHARS
    if args.one:
        print(json.dumps(measure(args.one, args.section_chars)))
        return 0
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--one", str(size), "--section-chars",
                               str(args.section_chars)], stdout=subprocess.PIPE, text=True, check=False)
        if done.returncode:
            print(f"{size}: failed (exit status {done.returncode})", file=sys.stderr)
            continue
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if not args.json:
            r = rows[-1]
            print(f"{r['bytes']:>10,} chars  {r['words']:>9,} words  {r['seconds']:8.1f} s  "
                  f"{r['ms_per_1000_words']:7.0f} ms/1000 words  {r['peak_rss_mb']:6.0f} MiB peak  "
                  f"{r['events']:>6,} events", flush=True)
    if args.json:
        print(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
