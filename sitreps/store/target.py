"""Which store a target names, and the API every store offers: ``open_store("x.duckdb")`` opens a DuckDB file,
``open_store("postgresql://...")`` a PostgreSQL database; both give a ``Store``."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self

from ..model import Article, Coded, Event, Failure
from .dialect import Connection, is_postgres, redact
from .sqlstore import SqlStore, WriteCounts

if TYPE_CHECKING:
    from .duckdb import DuckStore
    from .postgres import PgStore

ENV = "SITREPS_DB"  # a postgresql:// URL or a DuckDB file, used where no --db or --pg is given


class Store(Protocol):
    """The store's API, the same over DuckDB and PostgreSQL: one writer, many readers."""

    path: str
    read_only: bool
    dialect: str

    @property
    def conn(self) -> Connection: ...

    def write(self, batch: Iterable[Coded], /) -> WriteCounts: ...

    def record(self, failures: Iterable[Failure], /) -> int: ...

    def events(self, *, event_type: str | None = None, actor: str | None = None, country: str | None = None,
               since: date | None = None, until: date | None = None, article_id: str | None = None,
               limit: int | None = None) -> Iterator[Event]: ...

    def articles(self, *, limit: int | None = None) -> Iterator[Article]: ...

    def article_ids(self) -> set[str]: ...

    def failures(self) -> Iterator[Failure]: ...

    def counts(self) -> dict[str, int]: ...

    def summary(self) -> dict[str, Any]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None: ...


def open_store(target: str | Path, *, read_only: bool = False) -> SqlStore:
    """Open (creating and migrating if needed) the store ``target`` names: a ``postgresql://`` URL opens
    PostgreSQL (needs the ``pg`` extra), anything else is a DuckDB file path. A writer of a PostgreSQL store
    holds its writer lock until closed."""
    if is_postgres(target):
        from .postgres import PgStore

        return PgStore(str(target), read_only=read_only)
    from .duckdb import DuckStore

    return DuckStore(target, read_only=read_only)


def exists(target: str | Path) -> bool:
    """Whether there is a store to read at ``target`` (a PostgreSQL URL is taken to exist: opening it says)."""
    return is_postgres(target) or Path(target).exists()


def describe(target: str | Path) -> str:
    """``target`` for messages: a URL without its password, a path as it is."""
    return redact(str(target)) if is_postgres(target) else str(target)


def default_target(fallback: str = "sitreps.duckdb") -> str:
    """``SITREPS_DB`` if set, else ``fallback``."""
    return os.environ.get(ENV) or fallback


def _conforms(duck: DuckStore, pg: PgStore) -> tuple[Store, Store]:
    """Never called: mypy checks here that both back ends give the ``Store`` API."""
    return duck, pg
