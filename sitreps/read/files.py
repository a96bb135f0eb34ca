"""Files, folders and stdin: find the inputs, check them, and hand each to the reader for its kind."""

from __future__ import annotations

import gzip
import io
import logging
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any, cast

from ..errors import BadInput
from ..model import Article, Failure
from .feed import read_feed
from .html import read_html
from .inputs import SIDECAR, Selection, is_documentation
from .jsonl import bounded_lines, read_json, read_lines
from .sniff import binary_reason, decode, sniff_kind
from .table import read_table
from .text import failure, read_text
from .warc import read_warc

logger = logging.getLogger(__name__)

STDIN = "-"
HEAD_BYTES = 8192
EXTENSIONS = {
    ".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".xml": "feed", ".rss": "feed", ".atom": "feed",
    ".warc": "warc", ".csv": "csv", ".tsv": "tsv",
}
STREAMED = ("jsonl", "warc", "csv", "tsv")
MAX_INFLATION = 100  # news text compresses 3-10 times; a gzip file inflating 100 times more is a bomb  # read record by record, so max_bytes applies to each record, not the file

Item = Article | Failure


def iter_inputs(paths: Iterable[str | os.PathLike[str]],
                selection: Selection | None = None, *, quiet: bool = False) -> Iterator[Path | str | Failure]:
    """Each file to read, in order: folders walked recursively and sorted, hidden entries skipped, and in
    a folder its documentation (``inputs.is_documentation``) skipped unless an include pattern names it;
    ``selection``'s patterns apply to every file; ``quiet``: no warnings (for a second walk)."""
    selection = selection or Selection()
    for given in paths:
        if str(given) == STDIN:
            yield STDIN
            continue
        path = Path(given)
        if path.is_dir():
            found, docs, unwanted = 0, [], 0
            for file in _walk(path):
                if file.name == SIDECAR:
                    continue  # read as the folder's sidecar, not as news
                if not selection.wants(file, path):  # excluded by a pattern: as the user asked, no warning
                    unwanted += 1
                elif is_documentation(file.name) and not selection.included(file, path):
                    docs.append(file.name)
                else:
                    found += 1
                    yield file
            if docs and not quiet:
                logger.warning("%s: skipped %d documentation file(s), not news (%s); name one with --include "
                               "to read it", path, len(docs), ", ".join(docs[:5]) + (" …" if len(docs) > 5 else ""))
            if unwanted:
                logger.info("%s: %d file(s) left out by --include/--exclude", path, unwanted)
            if not found and not quiet:
                logger.warning("%s: the folder holds no files to read", path)
        elif path.exists():
            if selection.wants(path):
                yield path
            else:
                logger.info("%s: left out by --include/--exclude", path)
        else:
            yield failure("not-found", f"there is no file or folder at {str(path)!r}", str(path))


def _walk(folder: Path) -> Iterator[Path]:
    """Files under a folder, depth first, entries sorted by name; hidden files and folders skipped."""
    try:
        entries = sorted(os.scandir(folder), key=_entry_name)
    except OSError as error:
        logger.warning("cannot list %s: %s", folder, error)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(Path(entry.path))
        elif entry.is_symlink() and entry.is_dir():
            logger.debug("%s: not following a link to a folder", entry.path)
        elif entry.is_file():
            yield Path(entry.path)


def _entry_name(entry: os.DirEntry[str]) -> str:
    return entry.name


def _kind(name: str, head: bytes) -> str:
    """The reader for a file: by extension where it is clear, else by sniffing its first bytes."""
    suffixes = [s.lower() for s in Path(name).suffixes[-2:]]
    sniffed = sniff_kind(head)
    if sniffed in ("gzip", "warc"):
        return sniffed
    kind = EXTENSIONS.get(suffixes[-1]) if suffixes else None
    if kind == "feed" and sniffed == "html":
        return "html"  # an .xml file that is really XHTML
    if sniffed == "xml":
        return "feed"
    if kind == "json" and sniffed == "jsonl":
        return "jsonl"
    return kind or sniffed


def _inner_kind(name: str, head: bytes) -> str:
    """The kind of a gzip file's content: the suffix before .gz, else sniffed."""
    stem = name[:-3] if name.lower().endswith(".gz") else name
    return _kind(stem, head)


def read_bytes(data: bytes, *, origin: str, kind: str | None = None, published: date | None = None,
               max_bytes: int = 20_000_000) -> Iterator[Item]:
    """Bytes already in memory (a file, stdin) to Articles and Failures; ``kind`` None means sniff."""
    if not data.strip():
        yield failure("empty", "the input is empty or only whitespace", origin)
        return
    kind = kind or sniff_kind(data[:HEAD_BYTES])
    if kind == "gzip":
        try:
            inner = gzip.GzipFile(fileobj=io.BytesIO(data)).read(max_bytes + 1)
        except (OSError, EOFError, zlib.error) as error:
            yield failure("parse", f"the gzip data is damaged: {error}", origin)
            return
        if len(inner) > max_bytes:
            yield failure("too-large", f"it is over {max_bytes:,} bytes uncompressed", origin)
            return
        if inner.startswith(b"WARC/"):
            yield from read_warc(io.BytesIO(data), path=origin, published=published, max_bytes=max_bytes)
            return
        yield from read_bytes(inner, origin=origin, kind=_inner_kind(origin, inner[:HEAD_BYTES]),
                              published=published, max_bytes=max_bytes)
        return
    if kind == "warc":
        yield from read_warc(io.BytesIO(data), path=origin, published=published, max_bytes=max_bytes)
        return
    if kind in ("csv", "tsv"):
        yield from read_table(io.BytesIO(data), path=origin, delimiter="\t" if kind == "tsv" else ",",
                              published=published, max_bytes=max_bytes)
        return
    reason = binary_reason(data[:HEAD_BYTES])
    if reason:
        yield failure("binary", f"the input is not text: {reason}", origin)
        return
    if kind == "jsonl":
        yield from read_lines(data.splitlines(), path=origin, published=published, max_bytes=max_bytes)
    elif kind == "html":
        yield read_html(data, published=published, origin=origin)
    elif kind == "feed":
        yield from read_feed(data, path=origin, published=published)
    else:
        try:
            text = decode(data)
        except BadInput as error:
            yield failure(error.kind, error.message, origin)
            return
        if kind == "json":
            yield from read_json(text, path=origin, published=published)
        else:
            yield read_text(text, published=published, origin=origin)


def read_file(path: Path, *, published: date | None = None, max_bytes: int = 20_000_000) -> Iterator[Item]:
    """One file: size and content checks first, then the reader for its kind."""
    origin = str(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except FileNotFoundError:
        yield failure("not-found", f"there is no file at {origin!r}", origin)
        return
    except OSError as error:
        yield failure("unreadable", f"the file could not be opened: {error.strerror or error}", origin)
        return
    if not head.strip() and size <= HEAD_BYTES:
        yield failure("empty", "the file is empty or only whitespace", origin)
        return
    kind = _kind(path.name, head)
    if kind == "gzip":
        yield from _read_gzip(path, published=published, max_bytes=max_bytes)
        return
    if kind in STREAMED:
        reason = binary_reason(head) if kind == "jsonl" else None
        if reason:
            yield failure("binary", f"the file is not text: {reason}", origin)
            return
        with path.open("rb") as handle:
            if kind == "warc":
                yield from read_warc(handle, path=origin, published=published, max_bytes=max_bytes)
            elif kind in ("csv", "tsv"):
                yield from read_table(handle, path=origin, delimiter="\t" if kind == "tsv" else ",",
                                      published=published, max_bytes=max_bytes)
            else:
                yield from read_lines(bounded_lines(handle, max_bytes), path=origin, published=published,
                                      max_bytes=max_bytes)
        return
    if size > max_bytes:
        yield failure("too-large", f"the file is {size:,} bytes, over the {max_bytes:,}-byte limit", origin)
        return
    yield from read_bytes(path.read_bytes(), origin=origin, kind=kind, published=published,
                          max_bytes=max_bytes)


def _read_gzip(path: Path, *, published: date | None, max_bytes: int) -> Iterator[Item]:
    """A gzipped file: WARC and JSON Lines are streamed, anything else decompressed up to max_bytes."""
    origin = str(path)
    try:
        with path.open("rb") as raw:  # the first member's first bytes: damage further on is the reader's
            head = zlib.decompressobj(wbits=47).decompress(raw.read(1 << 16), HEAD_BYTES)
    except (OSError, zlib.error) as error:
        yield failure("parse", f"the gzip file is damaged: {error}", origin)
        return
    kind = _inner_kind(path.name, head)
    if kind == "warc":
        with path.open("rb") as raw:
            yield from read_warc(raw, path=origin, published=published, max_bytes=max_bytes)
    elif kind in ("jsonl", "csv", "tsv"):
        limit = max(max_bytes, MAX_INFLATION * path.stat().st_size)
        with gzip.open(path, "rb") as inner, io.BufferedReader(_Capped(inner, limit)) as handle:
            try:
                if kind == "jsonl":
                    yield from read_lines(bounded_lines(cast(IO[bytes], handle), max_bytes), path=origin,
                                          published=published, max_bytes=max_bytes)
                else:
                    yield from read_table(cast(IO[bytes], handle), path=origin, published=published,
                                          delimiter="\t" if kind == "tsv" else ",", max_bytes=max_bytes)
            except (OSError, EOFError, zlib.error) as error:
                yield failure("parse", f"the gzip file is damaged part way: {error}", origin)
            except BadInput as error:
                yield failure(error.kind, error.message, origin)
    else:
        yield from read_bytes(path.read_bytes(), origin=origin, kind="gzip", published=published,
                              max_bytes=max_bytes)


class _Capped(io.RawIOBase):
    """A decompressing stream that refuses to inflate past ``limit`` bytes (a gzip bomb)."""

    def __init__(self, inner: gzip.GzipFile, limit: int) -> None:
        self.inner, self.limit, self.total = inner, limit, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        n = self.inner.readinto(buffer)
        self.total += n
        if self.total > self.limit:
            raise BadInput("too-large", f"it inflates past {self.limit:,} bytes, over {MAX_INFLATION} times its "
                                        "compressed size (a gzip bomb?); read no further")
        return n


def read_stdin(*, published: date | None = None, max_bytes: int = 20_000_000) -> Iterator[Item]:
    """Standard input, read up to max_bytes and sniffed."""
    data = sys.stdin.buffer.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield failure("too-large", f"standard input is over the {max_bytes:,}-byte limit", "<stdin>")
        return
    yield from read_bytes(data, origin="<stdin>", published=published, max_bytes=max_bytes)
