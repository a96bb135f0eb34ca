"""The CLI's choice of store, the same on every command: ``--db FILE`` (DuckDB, the default), ``--pg URL``
(PostgreSQL), or the ``SITREPS_DB`` environment variable (either) where neither is given."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from .target import ENV


def store_option(help_text: str, default: str = "sitreps.duckdb") -> Callable[[Any], Any]:
    """``--db`` and ``--pg``, handed to the command as one ``db`` argument (a path or a URL)."""

    def decorate(fn: Any) -> Any:
        @functools.wraps(fn)
        def command(*args: Any, pg: str | None = None, **kwargs: Any) -> Any:
            if pg:
                kwargs["db"] = pg
            return fn(*args, **kwargs)

        command = click.option("--pg", "pg", metavar="URL", default=None,
                               help="A PostgreSQL database (postgresql://user@host/name) instead of --db.")(command)
        return click.option("--db", default=default, show_default=True, envvar=ENV,
                            help=f"{help_text} (or ${ENV}: a file or a postgresql:// URL).")(command)

    return decorate
