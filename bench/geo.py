"""What the gazetteer costs: place finding and resolution per article, an open Gazetteer's memory, and
the speed of importing a GeoNames dump.

    python bench/geo.py [PATH ...] [--articles N] [--gazetteer DB] [--import-rows N] [--json]

* per article: spaCy parses once (not timed); then the knowledge-base matcher, ``find_place_mentions``
  and ``find_dateline`` are timed on the parsed docs, as the event coder runs them; then, apart, the extra
  pass ``sitreps places`` makes over place names inside longer names (``find_embedded_places``);
* memory: resident set size of a fresh interpreter before and after ``Gazetteer.open`` and a first lookup;
* ``--import-rows N``: writes a synthetic dump of N made-up places (GeoNames layout) and imports it into a
  copy of the gazetteer, then measures the per-article cost and memory again on the enlarged copy.
"""

from __future__ import annotations

import argparse
import json
import logging
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import read_corpus, sample_corpus

logger = logging.getLogger("bench.geo")

COUNTRIES = ("SY", "IQ", "UA", "NG", "AF", "YE", "SD", "ML", "CD", "SO", "LY", "MM", "IN", "PK", "MX", "CO")
SYLLABLES = ("al", "ta", "kar", "mi", "zu", "bay", "dar", "qa", "ni", "ru", "sha", "ko", "vel", "ton", "ba", "ir")

_RSS_SCRIPT = """
import resource, sys, time
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
before = rss()
import duckdb
from sitreps.geo import Gazetteer
imported = rss()
started = time.perf_counter()
gaz = Gazetteer.open(sys.argv[1] if len(sys.argv) > 1 and sys.argv[1] else None)
gaz.resolve('Aleppo', countries=['SYR'])
opened = time.perf_counter() - started
after = rss()
for name in ['Idlib province', 'Kharkiv', 'Paris, Texas', 'Maiduguri', 'Hama'] * 20:
    gaz.resolve(name)
print(before, imported, after, rss(), opened)
"""


def gazetteer_memory(db: str | None) -> dict[str, float]:
    """RSS (MiB) of a fresh interpreter: bare, after importing duckdb and sitreps.geo, after opening and
    resolving once, and after 100 more lookups; and the seconds to open."""
    out = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, db or ""], capture_output=True, text=True, check=True)
    bare, imported, opened, used, seconds = map(float, out.stdout.split())
    return {"rss_bare_mb": round(bare, 1), "rss_imports_mb": round(imported, 1),
            "rss_open_mb": round(opened, 1), "rss_after_lookups_mb": round(used, 1),
            "gazetteer_mb": round(used - imported, 1), "open_seconds": round(seconds, 2)}


def place_cost(texts: list[str], db: str | None) -> dict[str, float]:
    """Milliseconds per article for the KB matcher, for place finding + resolution (the event coder's path),
    and for the extra pass of ``sitreps places`` over names inside longer names, on parsed docs."""
    from sitreps.coding.datelines import find_dateline
    from sitreps.coding.embedded_places import find_embedded_places
    from sitreps.coding.places import article_countries, find_place_mentions
    from sitreps.geo import Gazetteer
    from sitreps.kb import KnowledgeBase
    from sitreps.nlp.kbmatch import KBMatcher
    from sitreps.nlp.spacy import load_model

    nlp = load_model()
    matcher = KBMatcher(nlp.vocab, KnowledgeBase.load())
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse = time.perf_counter() - started
    with Gazetteer.open(db) as gaz:
        gaz.resolve("Aleppo")  # warm
        started = time.perf_counter()
        matches = [matcher(doc) for doc in docs]
        matching = time.perf_counter() - started
        started = time.perf_counter()
        names = 0
        found_names = []
        for doc, found, text in zip(docs, matches, texts):
            countries = article_countries(found)
            mentions = find_place_mentions(doc, found, gaz, countries)
            names += len(mentions)
            found_names.append((mentions, countries))
            find_dateline(text, gaz, countries)
        places = time.perf_counter() - started
        started = time.perf_counter()
        embedded = 0
        for doc, found, (mentions, countries) in zip(docs, matches, found_names):
            embedded += len(find_embedded_places(doc, found, mentions, gaz, countries))
        inside = time.perf_counter() - started
    n = len(texts)
    return {"articles": n, "place_names": names, "spacy_ms_per_article": round(1000 * parse / n, 2),
            "kb_match_ms_per_article": round(1000 * matching / n, 2),
            "places_ms_per_article": round(1000 * places / n, 2),
            "places_share_of_spacy": round(places / parse, 3) if parse else 0.0,
            "embedded_names": embedded, "embedded_ms_per_article": round(1000 * inside / n, 2),
            "embedded_share_of_spacy": round(inside / parse, 3) if parse else 0.0}


def synthetic_dump(path: Path, rows: int, seed: int = 7) -> Path:
    """``rows`` made-up populated places in the GeoNames layout, a few alternate names each."""
    rng = random.Random(seed)

    def word() -> str:
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).title()

    with open(path, "w", encoding="utf-8") as out:
        for i in range(rows):
            name = f"{word()} {word()}" if rng.random() < 0.3 else word()
            alternates = ",".join(word() for _ in range(rng.randint(0, 3)))
            fields = [50_000_000 + i, name, name, alternates, round(rng.uniform(-40, 60), 5),
                      round(rng.uniform(-100, 120), 5), "P", "PPL", rng.choice(COUNTRIES), "",
                      f"{rng.randint(1, 20):02d}", "", "", "", rng.choice((0, 0, 0, 120, 800, 5000)), "", "200",
                      "UTC", "2024-01-01"]
            out.write("\t".join(map(str, fields)) + "\n")
    return path


def import_speed(rows: int, db: str | None, folder: Path) -> tuple[dict[str, Any], str]:
    """Import a synthetic dump into a copy of the gazetteer; the report and the copy's path."""
    from sitreps.geo import Gazetteer, default_path
    from sitreps.geo.importer import import_geonames

    Gazetteer.open(db).close()
    copy = folder / "gazetteer.duckdb"
    shutil.copy(db or default_path(), copy)
    started = time.perf_counter()
    dump = synthetic_dump(folder / "synthetic.txt", rows)
    written = time.perf_counter() - started
    report = import_geonames(dump, db=copy)
    result = report.to_dict() | {"dump_mb": round(dump.stat().st_size / 2**20, 1),
                                 "rows_per_second": round(report.rows_read / report.seconds),
                                 "dump_written_seconds": round(written, 1),
                                 "gazetteer_mb": round(copy.stat().st_size / 2**20, 1)}
    return result, str(copy)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", help="Articles to measure on (default: the bundled sample).")
    parser.add_argument("--articles", type=int, default=200)
    parser.add_argument("--gazetteer", default=None, help="Gazetteer file (default: the cache).")
    parser.add_argument("--import-rows", type=int, default=0, help="Also time importing a synthetic dump.")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    corpus = read_corpus(args.paths, args.articles) if args.paths else sample_corpus(args.articles)
    texts = [a.text for a in corpus.articles]
    results: dict[str, Any] = {"machine": platform.platform(), "corpus": corpus.source,
                               "default": {**place_cost(texts, args.gazetteer), **gazetteer_memory(args.gazetteer)}}
    if args.import_rows:
        with tempfile.TemporaryDirectory(prefix="sitreps-bench-geo-") as folder:
            report, copy = import_speed(args.import_rows, args.gazetteer, Path(folder))
            results["import"] = report
            results["imported"] = {**place_cost(texts, copy), **gazetteer_memory(copy)}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for key, values in results.items():
        if isinstance(values, dict):
            print(f"\n{key}")
            for name, value in values.items():
                print(f"  {name:<28} {value}")
        else:
            print(f"{key}: {values}")


if __name__ == "__main__":
    main()
