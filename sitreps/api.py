"""The Python API: what the CLI calls, and what a user calls in two lines.

    >>> import sitreps
    >>> events = sitreps.extract("Rebels shelled Aleppo on Wednesday, the army said.", published="2015-10-18")
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from .model import Article, Coded, Event, Failure
from .pipeline import run
from .registry import build

logger = logging.getLogger(__name__)


def as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def build_pipeline(*, model: str | None = None, on_error: Callable[[Failure], None] | None = None,
                   actors: Iterable[str] = (), triggers: Iterable[str] = (), geocode: bool = True,
                   intentions: bool = True, skim: bool = True) -> list[Any]:
    """The default stages: drop repeats, then spaCy + extraction (with the user's extra actor/trigger files).

    ``intentions=False`` codes promised and future acts as the act itself with modality "planned" (the
    PETRARCH and CAMEO-dictionary convention) instead of PLOVER's AGREE, CONCEDE and THREATEN.
    ``skim=False`` parses every sentence, not only those that can hold an event (``sitreps.nlp.skim``).
    """
    config: dict[str, Any] = {"actors": tuple(map(str, actors)), "triggers": tuple(map(str, triggers)),
                              "geocode": geocode, "intentions": intentions, "skim": skim}
    if model:
        config["model"] = model
    if on_error is not None:
        config["on_error"] = on_error
    return [build("dedupe.ids.v1"), build("code.spacy.v1", **config)]


def extract(text: str, *, published: date | str | None = None, model: str | None = None,
            url: str | None = None, title: str | None = None, intentions: bool = True,
            country: str | None = None) -> list[Event]:
    """Events in one text, resolved against its publication date. No database involved. ``country``: the
    country the text is known to be about (ISO3), as in ``code_articles``."""
    article = Article(text=text, url=url, title=title, published=as_date(published))
    return [e for coded in code_articles([article], model=model, intentions=intentions, country=country)
            for e in coded.events]


def code_articles(articles: Iterable[Article], *, model: str | None = None,
                  on_error: Callable[[Failure], None] | None = None, geocode: bool = True,
                  actors: Iterable[str] = (), triggers: Iterable[str] = (), intentions: bool = True,
                  country: str | None = None, skim: bool = True) -> Iterator[Coded]:
    """Run articles through the pipeline; yields one ``Coded`` per article.

    ``country`` (ISO3): the focus country of a collection known to be about one country, for the articles
    that do not name their own (``Article.country``): place names then prefer it, and an event with no place
    of its own is put in it, at country precision.
    """
    if country:
        focus = country.strip().upper()
        articles = (a if a.country else replace(a, country=focus) for a in articles)
    return run(articles, build_pipeline(model=model, on_error=on_error, geocode=geocode, actors=actors,
                                        triggers=triggers, intentions=intentions, skim=skim))


def coding_specs(*, model: str | None = None, actors: Iterable[str] = (), triggers: Iterable[str] = (),
                 geocode: bool = True, intentions: bool = True, skim: bool = True,
                 max_chars: int | None = None) -> list[Any]:
    """The coding stage by name and config, for worker processes to rebuild (``sitreps.run.local``)."""
    from .run.local import StageSpec

    config: dict[str, Any] = {"actors": tuple(map(str, actors)), "triggers": tuple(map(str, triggers)),
                              "geocode": geocode, "intentions": intentions, "skim": skim}
    if max_chars is not None:
        config["max_chars"] = max_chars
    if model:
        config["model"] = model
    return [StageSpec.of("code.spacy.v1", **config)]


def read(paths: Iterable[str | Path], *, published: date | str | None = None, include: Iterable[str] = (),
         exclude: Iterable[str] = ()) -> Iterator[Article | Failure]:
    """Articles and Failures from files, folders and "-"; ``include``/``exclude``: glob patterns."""
    from .read import read_paths

    return read_paths(paths, published=as_date(published), include=include, exclude=exclude)


@dataclass
class IngestReport:
    db: str
    articles_read: int = 0
    articles_new: int = 0
    articles_seen: int = 0
    events: int = 0
    failures: int = 0
    seconds: float = 0.0
    failure_kinds: dict[str, int] = field(default_factory=dict)
    workers: int = 1
    worker_peak_rss_mb: float = 0.0  # the largest peak resident memory of a worker process (0: none ran)
    interrupted_runs: int = 0  # earlier runs into this store that never ended (killed): this one goes on

    @property
    def articles_per_second(self) -> float:
        return self.articles_read / self.seconds if self.seconds else 0.0


def ingest(paths: Iterable[str | Path], *, db: str | Path = "sitreps.duckdb", published: date | str | None = None,
           model: str | None = None, batch_size: int = 100, progress: Callable[[int], None] | None = None,
           articles: Iterable[Article | Failure] | None = None, actors: Iterable[str] = (),
           triggers: Iterable[str] = (), intentions: bool = True, country: str | None = None,
           incidents: bool = True, provenance: bool = True, include: Iterable[str] = (),
           exclude: Iterable[str] = (), workers: int = 1, skim: bool = True, max_chars: int | None = None,
           dask: str | None = None) -> IngestReport:
    """Read, code and store: the single writer. Re-ingesting the same input changes nothing. ``country``
    as in ``code_articles``. At the end, ``provenance``: find wire copies, stitched and spun pages among the
    new articles (``sitreps.provenance.build_provenance``); then ``incidents``: place the new events into
    incidents (incremental; a wire copy counts as one source with its original). ``workers`` > 1: code in
    that many worker processes (``sitreps.run.local``); this process stays the one writer. ``dask``: code on
    the Dask scheduler at that address ("" for a new LocalCluster of ``workers`` processes; ``sitreps.run.dask``),
    one task per input file writing a Parquet shard beside the store, loaded here. ``progress`` is told of
    every record read: coded, already stored, or failed."""
    from .dedupe import UniqueArticles
    from .run import state
    from .run.local import WorkerStats, code_in_workers, not_starting_a_worker
    from .store import describe, open_store

    not_starting_a_worker()  # a script's unguarded call, run again by each worker as it starts: not a second ingest
    report = IngestReport(describe(db))  # a URL without its password
    failures: list[Failure] = []
    started = time.perf_counter()
    items = articles if articles is not None else read(paths, published=published, include=include,
                                                       exclude=exclude)

    with open_store(db) as store:
        known = store.article_ids()
        run_id, interrupted = state.begin(store, [str(p) for p in paths] or ["(articles given)"])
        report.interrupted_runs = len(interrupted)

        def fresh() -> Iterator[Article]:
            for item in items:
                if isinstance(item, Failure):
                    failures.append(item)
                    if progress is not None:
                        progress(1)
                elif item.id in known:  # stored by an earlier run: not coded again
                    report.articles_read += 1
                    report.articles_seen += 1
                    if progress is not None:
                        progress(1)
                else:
                    report.articles_read += 1
                    yield item

        def flush(status: str = state.RUNNING) -> None:
            _flush(store, batch, report)
            report.failures += store.record(failures[recorded[0]:])  # failures are kept as they come, too
            recorded[0] = len(failures)
            state.progress(store, run_id, read=report.articles_read, new=report.articles_new,
                           seen=report.articles_seen, events=report.events, failures=report.failures, status=status)
            logger.debug("ingest run %s: %d articles stored, %s", run_id, report.articles_new, status)

        batch: list[Coded] = []
        recorded = [0]
        stats = WorkerStats()
        unique: Iterable[Article] = UniqueArticles()(fresh())
        focus = country.strip().upper() if country else None  # for the articles that name no country
        if focus:
            unique = (a if a.country else replace(a, country=focus) for a in unique)
        specs = coding_specs(model=model, actors=actors, triggers=triggers, intentions=intentions, skim=skim,
                             max_chars=max_chars)

        def from_dask() -> Iterator[Coded]:
            from .run.dask import code_on_dask

            # the shards beside a store file; for a server's store, in the working folder
            shards = ".sitreps-shards" if "://" in str(db) else f"{db}.shards"
            for item in code_on_dask(paths, specs, shards=shards, address=dask or None, workers=workers,
                                     published=as_date(published), include=include, exclude=exclude,
                                     country=focus):
                if isinstance(item, Failure):
                    failures.append(item)
                    if progress is not None:
                        progress(1)
                    continue
                report.articles_read += 1
                if item.article.id in known:
                    report.articles_seen += 1
                    if progress is not None:
                        progress(1)
                else:
                    yield item

        stream = from_dask() if dask is not None else \
            code_in_workers(unique, specs, workers=workers, on_error=failures.append, stats=stats)
        try:
            for coded in stream:
                batch.append(coded)
                if progress is not None:
                    progress(1)
                if len(batch) >= batch_size:
                    flush()
            flush()
            if provenance:
                from .provenance import build_provenance

                build_provenance(store)
            if incidents:
                from .incidents import build_incidents

                build_incidents(store)
            from .review.records import refresh_if_stale

            refresh_if_stale(store._conn)  # analysts' corrections over the new events and incidents
        except BaseException:
            batch.clear()  # what was not written stays unwritten; the next run codes it again
            with contextlib.suppress(Exception):  # the store itself may be what failed
                flush(state.FAILED)
            raise
        flush(state.DONE)
    report.failure_kinds = _kinds(failures)
    report.workers = len(stats.peak_rss_mb) or 1
    report.worker_peak_rss_mb = stats.max_rss_mb
    report.seconds = time.perf_counter() - started
    return report


def articles(*, db: str | Path = "sitreps.duckdb", limit: int | None = None, stitched: bool = False,
             spun: bool = False, duplicates: bool = False) -> list[dict[str, Any]]:
    """The stored articles with their provenance (``duplicate_of``, ``duplicates``, ``reuse``, ``stitched``,
    ``spun``, ``reliability``); the flags keep only stitched, spun or copied ones."""
    from .provenance import article_records
    from .store import open_store

    with open_store(db, read_only=True) as store:
        return list(article_records(store, limit=limit, stitched_only=stitched, spun_only=spun,
                                    duplicates_only=duplicates))


def _flush(store: Any, batch: list[Coded], report: IngestReport) -> None:
    if batch:
        counts = store.write(batch)
        report.articles_new += counts.articles_new
        report.articles_seen += counts.articles_seen
        report.events += counts.events
        batch.clear()


def _kinds(failures: Iterable[Failure]) -> dict[str, int]:
    out: dict[str, int] = {}
    for f in failures:
        out[f.error] = out.get(f.error, 0) + 1
    return out


def incidents(db: str | Path = "sitreps.duckdb", **filters: Any) -> list[Any]:
    """The incidents stored in ``db`` (``sitreps.incidents.Incident`` records); ``filters``: event_type,
    country, since, until, actor, limit, as for ``sitreps incidents``."""
    from .incidents import query_incidents

    return list(query_incidents(db, **filters))


def sample_dir() -> Path:
    """The bundled sample corpus."""
    return Path(str(resources.files("sitreps") / "data" / "sample"))


def sample_articles() -> Iterator[Article | Failure]:
    """The bundled sample corpus: its folder read as a user's would be, the publication dates and outlets of
    its plain-text files from the folder's sidecar (``sitreps.json``), its README left out as documentation."""
    yield from read([sample_dir()], exclude=("README.md",))
