"""A folder's sidecar, ``sitreps.json``: publication dates, outlets, urls and titles of the files beside it.

    {"outlet": "Harbour Times", "published": "2024-03-01",
     "files": {"port-strike.txt": {"published": "2024-03-02", "url": "https://harbour.example/strike"}}}

Top-level fields hold for every file in the folder; an entry under ``files`` (keyed by file name) holds for
that file and wins over them. Fields: published, outlet, url, title, byline, country (ISO3, ISO2 or a
name). What a document states itself wins (a page's own date, a record's own outlet); the sidecar fills
what it lacks, and its date wins over ``--published``. A sidecar that cannot be read is one recorded
failure (error "sidecar"), and the folder's files are read without it.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..model import Article, Failure
from .inputs import SIDECAR
from .jsonl import country_code, parse_published
from .text import failure

logger = logging.getLogger(__name__)

FIELDS = ("published", "outlet", "url", "title", "byline", "country")
MAX_SIDECAR_BYTES = 50_000_000


class BadSidecar(ValueError):
    """What is wrong with a sidecar, in words."""


@dataclass(frozen=True)
class FileMeta:
    """What a sidecar says about one file."""

    published: date | None = None
    outlet: str | None = None
    url: str | None = None
    title: str | None = None
    byline: str | None = None
    country: str | None = None

    def fill(self, article: Article) -> Article:
        """The article with the fields it lacks taken from here."""
        changes = {name: getattr(self, name) for name in ("outlet", "url", "title", "byline", "country")
                   if getattr(self, name) and not getattr(article, name)}
        if self.published and not article.published:
            changes["published"] = self.published
        return dataclasses.replace(article, **changes) if changes else article


@dataclass(frozen=True)
class Sidecar:
    folder: Path
    defaults: FileMeta = FileMeta()
    files: tuple[tuple[str, FileMeta], ...] = ()

    def meta(self, path: Path) -> FileMeta:
        for name, meta in self.files:
            if name == path.name:
                return meta
        return self.defaults


def _meta(raw: dict[str, Any], base: FileMeta, where: str) -> FileMeta:
    unknown = sorted(set(raw) - set(FIELDS) - {"files"})
    if unknown:
        raise BadSidecar(f"{where}: unknown field(s) {', '.join(unknown)} (known: {', '.join(FIELDS)})")
    values: dict[str, Any] = {}
    for name in FIELDS:
        value = raw.get(name)
        if value in (None, ""):
            continue
        if not isinstance(value, str):
            raise BadSidecar(f"{where}: {name} must be a string, not {type(value).__name__}")
        if name == "published":
            parsed = parse_published(value)
            if parsed is None:
                raise BadSidecar(f"{where}: {value!r} is not a date like 2024-03-01")
            values[name] = parsed
        elif name == "country":
            code = country_code(value)
            if code is None:
                raise BadSidecar(f"{where}: {value!r} is not a country")
            values[name] = code
        else:
            values[name] = value.strip()
    return dataclasses.replace(base, **values)


def load_sidecar(folder: Path) -> Sidecar | Failure | None:
    """The folder's sidecar, a Failure saying why it cannot be read, or None when there is none."""
    path = folder / SIDECAR
    if not path.is_file():
        return None
    origin = str(path)
    try:
        if path.stat().st_size > MAX_SIDECAR_BYTES:
            return failure("sidecar", f"the sidecar is over {MAX_SIDECAR_BYTES:,} bytes; not read", origin)
        data = json.loads(path.read_text(encoding="utf-8-sig"))
        if not isinstance(data, dict):
            raise BadSidecar(f"the sidecar is a JSON {type(data).__name__}, not an object")
        defaults = _meta(data, FileMeta(), "top level")
        files = data.get("files") or {}
        if not isinstance(files, dict):
            raise BadSidecar("'files' must be an object keyed by file name")
        entries = []
        for name, raw in files.items():
            if not isinstance(raw, dict):
                raise BadSidecar(f"files[{name!r}] must be an object")
            if not (folder / name).is_file():
                logger.warning("%s: names %r, which is not a file in %s", origin, name, folder)
            entries.append((str(name), _meta(raw, defaults, f"files[{name!r}]")))
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as error:
        message = error.msg if isinstance(error, json.JSONDecodeError) else str(error)
        return failure("sidecar", f"the sidecar cannot be read, so the folder's files are read without it: "
                                  f"{message}", origin)
    return Sidecar(folder, defaults, tuple(entries))
