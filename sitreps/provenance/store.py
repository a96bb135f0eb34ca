"""Provenance over the store: ``build_provenance`` (incremental) and the read side (``article_records``,
``source_groups``, ``outlet_reliability``).

A build indexes the articles that have no provenance yet (their LSH bands go in ``article_bands``), finds their
candidates by joining bands in SQL (bands shared by more than ``COMMON_BAND`` articles are boilerplate and
skipped), and (re)computes the record of every new article and of every stored article a new one touches: a
new wire copy joins the stored original's ``duplicates``, a page stitched from it gains its ``matches``.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..store.dialect import Connection
from .duplicates import Text, copies
from .reliability import outlet_summary, reliability
from .rewrites import rewrites
from .spun import Spun, spun
from .stitched import idf_weights, paragraph_matches, stitched, terms
from .text import paragraphs, units

COMMON_BAND = 25
_BATCH = 2000


@dataclass(frozen=True, slots=True)
class BuildReport:
    new: int
    updated: int
    seconds: float


def _conn(store: Any) -> Connection:
    return store.conn  # type: ignore[no-any-return]  # the store's own connection (DuckDB or PostgreSQL): one writer


def _ids_param(ids: Iterable[str]) -> list[list[str]]:
    return [sorted(set(ids))]


def _index(conn: Connection, rows: Iterable[tuple[str, str]]) -> None:
    """Write the bands of each (id, text), and count its content words in ``provenance_terms``."""
    batch: list[tuple[str, int, int, int]] = []
    df: Counter[str] = Counter()

    def flush() -> None:
        if batch:
            columns = [list(col) for col in zip(*batch)]
            conn.execute("INSERT INTO article_bands SELECT unnest($1::VARCHAR[]), unnest($2::INTEGER[]),"
                         " unnest($3::SMALLINT[]), unnest($4::BIGINT[])", columns)
            batch.clear()

    for article_id, text in rows:
        df.update(set(terms(text or "")))
        for unit in units(article_id, text or ""):
            batch.extend((article_id, unit.paragraph, band, key) for band, key in enumerate(unit.keys))
        if len(batch) >= _BATCH * 16:
            flush()
    flush()
    if df:
        conn.execute("INSERT INTO provenance_terms SELECT unnest($1::VARCHAR[]), unnest($2::BIGINT[])"
                     " ON CONFLICT (term) DO UPDATE SET df = provenance_terms.df + excluded.df", [list(df), list(df.values())])


def _idf(conn: Connection, texts: Iterable[Text]) -> dict[str, float]:
    """The idf of every content word of ``texts``, over the stored articles."""
    wanted = sorted(set().union(*(terms(t.text) for t in texts)))
    rows = conn.execute("SELECT term, df FROM provenance_terms WHERE term IN (SELECT unnest($1::VARCHAR[]))",
                        [wanted]).fetchall()
    total = conn.execute("SELECT count(*) FROM articles").fetchone()
    return idf_weights(dict(rows), int(total[0]) if total else 0)


def _common_bands(conn: Connection) -> None:
    """Bands shared by more than ``COMMON_BAND`` articles (boilerplate), once per build."""
    conn.execute("DROP TABLE IF EXISTS common_bands")
    conn.execute(f"""CREATE TEMP TABLE common_bands AS
        SELECT band, key, paragraph < 0 AS whole FROM article_bands
        GROUP BY 1, 2, 3 HAVING count(DISTINCT article_id) > {COMMON_BAND}""")


def _candidates(conn: Connection, ids: list[str]) -> dict[str, set[str]]:
    """For each of ``ids``, the other articles sharing a band with it (whole text with whole text, paragraph
    with paragraph), leaving out the common bands."""
    if not ids:
        return {}
    rows = conn.execute("""
        WITH mine AS (SELECT * FROM article_bands WHERE article_id IN (SELECT unnest($1::VARCHAR[])))
        SELECT DISTINCT m.article_id, b.article_id FROM mine m
        JOIN article_bands b ON b.band = m.band AND b.key = m.key AND (b.paragraph < 0) = (m.paragraph < 0)
             AND b.article_id <> m.article_id
        WHERE NOT EXISTS (SELECT 1 FROM common_bands c
                          WHERE c.band = m.band AND c.key = m.key AND c.whole = (m.paragraph < 0))""",
                        [ids]).fetchall()
    found: dict[str, set[str]] = {i: set() for i in ids}
    for mine, other in rows:
        found[mine].add(other)
    return found


def _texts(conn: Connection, ids: Iterable[str]) -> dict[str, Text]:
    rows = conn.execute("SELECT id, text, published, ingested_at, url, title, outlet, byline FROM articles"
                        " WHERE id IN (SELECT unnest($1::VARCHAR[]))", _ids_param(ids)).fetchall()
    return {r[0]: Text.of(r[0], r[1] or "", published=r[2], ingested_at=r[3], url=r[4], title=r[5],
                          outlet=r[6], byline=r[7]) for r in rows}


def record(article: Text, candidates: Iterable[Text], idf: dict[str, float] | None = None) -> dict[str, Any]:
    """The provenance record of one article given its LSH candidates (and the store's idf weights)."""
    others = list(candidates)
    found = copies(article, others)
    paras = paragraphs(article.text)
    # a page copies from what was there before it: articles published after this one are not its sources
    earlier = {o.id: o.short for o in others
               if not (o.published and article.published and o.published > article.published)}
    matches, parts = paragraph_matches(paras, earlier)
    stitch = stitched(article.text, paras, matches, idf, original=bool(found.taken_by), parts=parts)
    spin = spun(article.text)
    rewritten, replaced = rewrites(article, [o for o in others if o.id in earlier])
    if replaced:  # the same story stored before it, with words replaced the same way each time: spun
        taken = [(sub.start, sub.end) for sub in spin.substitutions]
        extra = [r for r in replaced if all(r.end <= a or r.start >= b for a, b in taken)]
        spin = Spun(round(1 - (1 - spin.score) * (1 - rewritten), 3),
                    tuple(sorted([*spin.substitutions, *extra], key=lambda sub: sub.start)))
    trust = reliability(article, found, stitch, spin)
    return {"id": article.id, "duplicate_of": found.duplicate_of, "duplicates": list(found.duplicates),
            "reuse": [{"article_id": i, "share": s} for i, s in found.reuse],
            "stitched": stitch.to_dict(), "spun": spin.to_dict(), "reliability": trust.to_dict()}


def build_provenance(store: Any) -> BuildReport:
    """Find copies, stitched and spun pages for the stored articles that have none yet (and update the
    stored articles they touch). Incremental: a second build with nothing new does nothing."""
    started = time.perf_counter()
    conn = _conn(store)
    new = [r[0] for r in conn.execute(
        "SELECT id FROM articles WHERE id NOT IN (SELECT article_id FROM article_provenance) ORDER BY id").fetchall()]
    if not new:
        return BuildReport(0, 0, time.perf_counter() - started)
    conn.execute("BEGIN TRANSACTION")
    try:
        for start in range(0, len(new), _BATCH):
            chunk = new[start:start + _BATCH]
            conn.execute("DELETE FROM article_bands WHERE article_id IN (SELECT unnest($1::VARCHAR[]))", [chunk])
            _index(conn, conn.execute("SELECT id, text FROM articles WHERE id IN (SELECT unnest($1::VARCHAR[]))",
                                      [chunk]).fetchall())
        _common_bands(conn)
        touched = set(new)
        for found in _candidates(conn, new).values():
            touched |= found
        affected = sorted(touched)
        updated = 0
        for start in range(0, len(affected), _BATCH):
            chunk = affected[start:start + _BATCH]
            cands = _candidates(conn, chunk)
            texts = _texts(conn, set(chunk).union(*cands.values()))
            idf = _idf(conn, (texts[i] for i in chunk if i in texts))
            rows = []
            for article_id in chunk:
                if article_id in texts:
                    rec = record(texts[article_id], (texts[o] for o in cands[article_id] if o in texts), idf)
                    rows.append((article_id, rec["duplicate_of"], rec["stitched"]["score"], rec["spun"]["score"],
                                 rec["reliability"]["score"], json.dumps(rec, ensure_ascii=False)))
            conn.execute("DELETE FROM article_provenance WHERE article_id IN (SELECT unnest($1::VARCHAR[]))",
                         [chunk])
            if rows:
                conn.execute("INSERT INTO article_provenance SELECT unnest($1::VARCHAR[]), unnest($2::VARCHAR[]),"
                             " unnest($3::DOUBLE[]), unnest($4::DOUBLE[]), unnest($5::DOUBLE[]),"
                             " unnest($6::JSON[])", [list(col) for col in zip(*rows)])
            updated += sum(1 for r in rows if r[0] not in new)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return BuildReport(len(new), updated, time.perf_counter() - started)


def article_records(store: Any, *, limit: int | None = None, stitched_only: bool = False, spun_only: bool = False,
                    duplicates_only: bool = False) -> Iterator[dict[str, Any]]:
    """Stored articles with their provenance, in order of ingestion; the filters keep stitched (score ≥ 0.5),
    spun (≥ 0.5) or copied articles (a ``duplicate_of`` or any ``duplicates``)."""
    where = []
    if stitched_only:
        where.append("p.stitched_score >= 0.5")
    if spun_only:
        where.append("p.spun_score >= 0.5")
    if duplicates_only:
        where.append("(p.duplicate_of IS NOT NULL OR json_array_length(p.record->'duplicates') > 0)")
    sql = ("SELECT a.id, a.url, a.title, a.outlet, a.published, a.byline, p.record FROM articles a"
           " LEFT JOIN article_provenance p ON p.article_id = a.id")
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY a.ingested_at, a.id"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    for article_id, url, title, outlet, published, byline, rec in _conn(store).execute(sql).fetchall():
        out: dict[str, Any] = {"id": article_id, "url": url, "title": title, "outlet": outlet,
                               "published": published.isoformat() if published else None, "byline": byline}
        body = json.loads(rec) if rec else {}
        body.pop("id", None)
        out.update({"duplicate_of": None, "duplicates": [], "reuse": [], "stitched": None, "spun": None,
                    "reliability": None, **body})
        yield out


def source_groups(store: Any, article_ids: Iterable[str]) -> list[list[str]]:
    """The given articles grouped so that each group counts as one source: an article with its stored
    near-copies (wire copies). Groups sorted by their first id; every id given is in exactly one group."""
    from scipy.cluster.hierarchy import DisjointSet  # type: ignore[import-untyped]

    ids = sorted(set(article_ids))
    together = DisjointSet(ids)
    rows = _conn(store).execute("SELECT article_id, duplicate_of, record->'duplicates' FROM article_provenance"
                                " WHERE article_id IN (SELECT unnest($1::VARCHAR[]))", [ids]).fetchall()
    anchor: dict[str, str] = {}
    for article_id, first, dups in rows:
        for other in [*(json.loads(dups) if dups else []), *([first] if first else [])]:
            if other in together:
                together.merge(other, article_id)
            elif other == first:  # the original is outside the set: copies of it still go together
                if first in anchor:
                    together.merge(anchor[first], article_id)
                anchor[first] = article_id
    return sorted(sorted(group) for group in together.subsets())


def outlet_reliability(store: Any) -> dict[str, dict[str, object]]:
    """Per outlet: the mean reliability of its articles, their number and how many gave each reason."""
    rows = _conn(store).execute("SELECT a.outlet, p.reliability, p.record->'reliability'->'reasons' FROM articles a"
                                " JOIN article_provenance p ON p.article_id = a.id").fetchall()
    return outlet_summary((outlet, score, json.loads(why) if why else []) for outlet, score, why in rows)
