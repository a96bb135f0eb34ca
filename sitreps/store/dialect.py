"""The one place where the store's SQL differs between DuckDB and PostgreSQL.

Everything above the store (migrations, the query layer, incidents, provenance) writes its SQL once, in the
common subset of the two: ``?`` or ``$1`` placeholders, ``unnest($1::VARCHAR[])`` for a list parameter, JSON
columns read with ``->`` and ``->>`` by key, ``ILIKE``, ``coalesce``, ``NULLS LAST``, ``information_schema``.
``postgres_sql`` rewrites the two things PostgreSQL spells differently: placeholders (``?`` becomes ``$n``)
and the type ``DOUBLE`` (``DOUBLE PRECISION``); ``spell`` gives the few functions that differ (an ISO week, a
JSON array's elements) for a connection's dialect. JSON columns are ``JSON`` in both: PostgreSQL's ``json`` keeps
the text as written, so a stored record reads back byte for byte as DuckDB gives it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

PG_SCHEMES = ("postgresql://", "postgres://")

# a quoted literal or identifier (kept as it is), a ? placeholder, or the bare type name DOUBLE
_TOKENS = re.compile(r"""('(?:[^']|'')*')|("(?:[^"]|"")*")|(\?)|\b(DOUBLE)\b(?!\s+PRECISION)""", re.IGNORECASE)


class Connection(Protocol):
    """A store connection (DuckDB's, or ``PgConnection``): ``execute`` gives a cursor with the rows, ``cursor``
    a cursor of its own (for a streamed read)."""

    def execute(self, sql: str, params: Any = ..., /) -> Any: ...

    def cursor(self) -> Any: ...

    def close(self) -> None: ...


# the few functions spelled differently: name -> dialect -> SQL with {} for the argument
SPELLINGS: dict[str, dict[str, str]] = {
    "iso_week": {"duckdb": "strftime({}, '%G-W%V')", "postgresql": "to_char({}, 'IYYY-\"W\"IW')"},
    "json_elements": {"duckdb": "unnest(CAST({} AS JSON[]))", "postgresql": "json_array_elements({})"},
    "json_object": {"duckdb": "json_object({})", "postgresql": "json_build_object({})"},
    "json_array": {"duckdb": "json_array({})", "postgresql": "json_build_array({})"},
}


def dialect_of(conn: object) -> str:
    """``postgresql`` for the PostgreSQL store's connection or cursor, else ``duckdb``."""
    return str(getattr(conn, "dialect", "duckdb"))


def spell(conn: object, name: str, argument: str) -> str:
    """The SQL of function ``name`` (``SPELLINGS``) applied to ``argument``, in ``conn``'s dialect."""
    return SPELLINGS[name][dialect_of(conn)].format(argument)


def is_postgres(target: object) -> bool:
    """Whether ``target`` names a PostgreSQL database (a ``postgresql://`` URL) rather than a DuckDB file."""
    return isinstance(target, str) and target.startswith(PG_SCHEMES)


def redact(url: str) -> str:
    """The URL without its password, for messages and reports."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))


@lru_cache(maxsize=1024)
def postgres_sql(sql: str) -> str:
    """``sql`` as PostgreSQL reads it: each ``?`` becomes ``$1``, ``$2``, ... and ``DOUBLE`` becomes
    ``DOUBLE PRECISION`` (quoted text and names are left alone). SQL with ``$n`` already passes unchanged."""
    number = 0

    def swap(match: re.Match[str]) -> str:
        nonlocal number
        if match.group(3):
            number += 1
            return f"${number}"
        if match.group(4):
            return "DOUBLE PRECISION"
        return match.group(0)

    return _TOKENS.sub(swap, sql)
