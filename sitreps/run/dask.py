"""Run the coding stages on a Dask cluster: one task per input file, Parquet shards, one writer that loads them.

``sitreps ingest --dask [ADDRESS]``: each task reads one file, codes its articles with the stages rebuilt by
name (as ``sitreps.run.local``'s workers do) and writes a Parquet shard of plain records (``records.py``): one
row per coded article or failure. The shard's name is a hash of the file's path, size and modification time
and of the stages' config, so a file already coded is not coded again (a run killed midway goes on where it
stopped). This process, the one writer, loads each shard as it is done into the store, which skips articles
already stored: loading a shard twice changes nothing. Needs the optional extra ``sitreps[dask]``.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..dedupe import UniqueArticles
from ..errors import SitrepsError
from ..model import Article, Coded, Failure
from .local import StageSpec
from .records import dumps, loads

logger = logging.getLogger(__name__)

_STAGES: dict[tuple[StageSpec, ...], list[Any]] = {}  # per worker process, built once per config
_FAILED: list[Failure] = []  # the stages' failures in the task running now


class DaskMissing(SitrepsError):
    def __str__(self) -> str:
        return "the Dask executor needs the optional extra: pip install 'sitreps[dask]'"


@dataclass(frozen=True, slots=True)
class Shard:
    """A done task: the shard's path and what it holds."""

    path: str
    source: str
    coded: int
    failures: int
    reused: bool  # written by an earlier run and not coded again


def input_files(paths: Iterable[str | os.PathLike[str]], include: Iterable[str] = (),
                exclude: Iterable[str] = ()) -> tuple[list[Path], list[Failure]]:
    """The files under the paths, one task each, chosen as ``sitreps.read`` chooses them (folders walked and
    sorted, hidden entries, sidecars and documentation skipped, ``include``/``exclude`` patterns applied), and
    a Failure for each path that is not there. Standard input cannot be shared out."""
    from ..read.files import iter_inputs
    from ..read.inputs import Selection

    files: list[Path] = []
    missing: list[Failure] = []
    for entry in iter_inputs(paths, Selection(tuple(include), tuple(exclude))):
        if isinstance(entry, Failure):
            missing.append(entry)
        elif isinstance(entry, Path):
            files.append(entry)
        else:
            raise SitrepsError("--dask reads files and folders, not standard input")
    return files, missing


def shard_name(file: Path, specs: Sequence[StageSpec], published: date | None, country: str | None = None) -> str:
    stat = file.stat()
    key = repr((str(file.resolve()), stat.st_size, stat.st_mtime_ns, tuple(specs), published)
               + ((country,) if country else ()))  # without a country, the names of earlier runs
    return hashlib.sha256(key.encode()).hexdigest()[:24] + ".parquet"


def code_file(file: str, specs: tuple[StageSpec, ...], published: date | None, shards: str,
              country: str | None = None) -> Shard:
    """The task: read one file, code it, write its shard (atomically: written aside, then renamed). ``country``:
    the country of the articles that name none (``sitreps ingest --country``), as a local run gives it."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..pipeline import run
    from ..read import read_paths
    from ..registry import build

    target = Path(shards) / shard_name(Path(file), specs, published, country)
    if target.exists():
        table = pq.read_table(target, columns=["kind"])
        kinds = table.column("kind").to_pylist()
        return Shard(str(target), file, kinds.count("coded"), kinds.count("failure"), True)
    stages = _STAGES.get(specs)
    if stages is None:
        stages = _STAGES[specs] = [build(s.name, **dict(s.config), on_error=_FAILED.append) for s in specs]
    _FAILED.clear()
    failures: list[Failure] = []
    articles: list[Article] = []
    for item in read_paths([file], published=published):
        (failures if isinstance(item, Failure) else articles).append(item)  # type: ignore[arg-type]
    unique: Iterable[Article] = UniqueArticles()(articles)
    if country:
        unique = (a if a.country else replace(a, country=country) for a in unique)
    coded = list(run(unique, stages))
    failures.extend(_FAILED)
    rows = [("coded", c.article.id, dumps(c)) for c in coded] + [("failure", f.item_id, dumps(f)) for f in failures]
    table = pa.table({"kind": [r[0] for r in rows], "id": [r[1] for r in rows], "record": [r[2] for r in rows]},
                     schema=pa.schema([("kind", pa.string()), ("id", pa.string()), ("record", pa.string())]))
    aside = target.with_suffix(f".{os.getpid()}.tmp")
    pq.write_table(table, aside)
    aside.replace(target)
    return Shard(str(target), file, len(coded), len(failures), False)


def read_shard(path: str) -> Iterator[Coded | Failure]:
    """A shard's records, in the order they were written."""
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    for record in table.column("record").to_pylist():
        yield loads(record)


def client_for(address: str | None, workers: int | None) -> Any:
    """A client of the scheduler at ``address``, or of a new LocalCluster of ``workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as error:
        raise DaskMissing() from error
    if logging.getLogger().getEffectiveLevel() >= logging.WARNING:  # sitreps -v shows Dask's own log too
        for name in ("distributed", "dask"):
            logging.getLogger(name).setLevel(logging.WARNING)
    if address:
        return Client(address)
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
    return Client(cluster)


def code_on_dask(paths: Iterable[str | os.PathLike[str]], specs: Sequence[StageSpec], *, shards: str | Path,
                 address: str | None = None, workers: int | None = None, published: date | None = None,
                 on_shard: Callable[[Shard], None] | None = None, include: Iterable[str] = (),
                 exclude: Iterable[str] = (), country: str | None = None) -> Iterator[Coded | Failure]:
    """Every input file coded by a task on the cluster; yields the records of each shard as it is done.
    ``country``: the country of articles that name none (ISO 3166 alpha-3, upper case)."""
    from distributed import as_completed

    files, missing = input_files(paths, include, exclude)
    yield from missing
    Path(shards).mkdir(parents=True, exist_ok=True)
    client = client_for(address, workers)
    try:
        futures = [client.submit(code_file, str(f), tuple(specs), published, str(Path(shards).resolve()), country,
                                 key=f"sitreps-code-{shard_name(f, specs, published, country)}", pure=False)
                   for f in files]
        for future in as_completed(futures):
            shard: Shard = future.result()
            if on_shard is not None:
                on_shard(shard)
            yield from read_shard(shard.path)
    finally:
        cluster = getattr(client, "cluster", None)
        client.close()
        if cluster is not None and address is None:
            cluster.close()
