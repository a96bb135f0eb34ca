"""False merges of incidents among look-alikes: every row of an ACLED-style CSV is its own event (ACLED codes
one event per row), and many fall on one day in different towns, so any incident holding two rows' notes is a
false merge. Measures only: nothing is learned from the file (ACLED's terms allow measuring, not shipping).

    python eval/incident_merges.py $S/acled/acled_kenya_2017_2019.csv [--split tune|check|all] [--limit N]

Each note is an article published the day after its event date, in the row's country (``Article.country``),
ingested into a temporary store with incidents built as ``sitreps ingest`` builds them.
"""

from __future__ import annotations

import argparse
import csv
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from sitreps import api
from sitreps.evaluate import split_of
from sitreps.incidents import query_incidents
from sitreps.model import Article


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--split", choices=("tune", "check", "all"), default="tune")
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    articles = []
    with args.path.open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            if args.split != "all" and split_of(row["event_id_cnty"]) != args.split:
                continue
            day = datetime.strptime(row["event_date"], "%d-%m-%y").date()
            articles.append(Article(text=row["notes"], id=row["event_id_cnty"], published=day + timedelta(days=1),
                                    country=row.get("iso3") or None))
    articles = articles[:args.limit] if args.limit else articles
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "merges.duckdb"
        api.ingest((), db=db, articles=articles)
        incidents = query_incidents(db)
    placed = {a for i in incidents for a in i.articles}
    merged = [i for i in incidents if len(i.articles) > 1]
    pairs = {frozenset((a, b)) for i in merged for a in i.articles for b in i.articles if a < b}
    print(f"{len(articles)} notes ({args.split}), {len(placed)} in some incident, {len(incidents)} incidents; "
          f"{len(merged)} hold two notes or more: {len(pairs)} falsely merged pairs "
          f"({len(pairs) / max(1, len(articles)):.3f} a note)")
    print("incident sizes (notes):", dict(sorted(Counter(len(i.articles) for i in incidents).items())))


if __name__ == "__main__":
    main()
