"""CSV and TSV files as article records: a header row names the fields, each row is one record.

The header names are those of a JSON record (``id, title, text, date, url, outlet``, or the other names
``jsonl.py`` knows: body, headline, published, …), any case. Row n is read as record n (origin "path#n",
from 1). A file whose header has no text or html column is one failure; a bad row is one failure and
reading goes on.
"""

from __future__ import annotations

import codecs
import csv
import io
import logging
from collections.abc import Iterator
from datetime import date
from typing import IO, Any

from ..model import Article, Failure
from .jsonl import HTML_KEYS, TEXT_KEYS, read_record
from .sniff import binary_reason
from .text import failure

logger = logging.getLogger(__name__)


def _encoding(head: bytes) -> str:
    """UTF-8 (a BOM dropped) when the first bytes decode as UTF-8, else Windows-1252."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return "cp1252"
    return "utf-8-sig"


def read_table(stream: IO[bytes], *, path: str, delimiter: str = ",", published: date | None = None,
               max_bytes: int = 20_000_000) -> Iterator[Article | Failure]:
    """Each row of a CSV (or, with ``delimiter="\\t"``, TSV) stream, read as a JSON record would be."""
    buffered: Any = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[type-var]
    head = buffered.peek(8192)[:8192]
    reason = binary_reason(head)
    if reason:
        yield failure("binary", f"the file is not text: {reason}", path)
        return
    encoding = _encoding(head)
    text = io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="")
    if csv.field_size_limit() < max_bytes + 1:  # a process-wide limit: only ever raised
        csv.field_size_limit(max_bytes + 1)
    reader = csv.reader(text, delimiter=delimiter)
    try:
        header = next(reader, None)
    except csv.Error as error:
        yield failure("parse", f"the header row cannot be read: {error}", path)
        return
    names = [name.strip().lower().lstrip("\ufeff") for name in header or []]
    if not any(names):
        yield failure("empty", "the file has no header row", path)
        return
    if not set(names) & set(TEXT_KEYS + HTML_KEYS):
        yield failure("missing-field", f"the header names no text column (one of {', '.join(TEXT_KEYS)}, "
                                       f"or html); it has: {', '.join(n for n in names if n)[:300]}", path)
        return
    number = 0
    while True:
        number += 1
        origin = f"{path}#{number}"
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            yield failure("parse", f"row {number} cannot be read: {error}", origin)
            continue
        if not any(cell.strip() for cell in row):
            number -= 1
            continue  # a blank line is no record
        if sum(map(len, row)) > max_bytes:
            yield failure("too-large", f"row {number} is over the {max_bytes:,}-character limit", origin)
            continue
        if len(row) > len(names):
            yield failure("parse", f"row {number} has {len(row)} fields; the header names {len(names)}", origin)
            continue
        yield read_record({k: v for k, v in zip(names, row, strict=False) if k}, origin=origin,
                          published=published)
    if number == 1:
        yield failure("empty", "the file has a header and no rows", path)
