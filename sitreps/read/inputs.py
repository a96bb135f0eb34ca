"""Which files of a folder are news: ``--include``/``--exclude`` patterns, the documentation rule, and a
rough count of the records the inputs hold (for a progress bar's total).

The documentation rule (docs/reliability.md): walking a folder, a file is documentation, not news, when
its name before the first dot is one of DOC_STEMS (README, LICENSE, CHANGELOG, …, any case, any
extension), or when it is a markup document (DOC_SUFFIXES: .md, .markdown, .rst, .adoc), or when it is a
folder's sidecar (``sitreps.json``). A file named on the command line is always read, and an ``--include``
pattern that names a documentation file reads it too.
"""

from __future__ import annotations

import gzip
import io
import logging
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

logger = logging.getLogger(__name__)

DOC_STEMS = frozenset({"readme", "license", "licence", "copying", "changelog", "changes", "history",
                       "contributing", "contributors", "authors", "notice", "code_of_conduct"})
DOC_SUFFIXES = frozenset({".md", ".markdown", ".rst", ".adoc"})
SIDECAR = "sitreps.json"
CHUNK = 1 << 20


def is_documentation(name: str) -> bool:
    """A file name that is a folder's documentation, not news (see the module's rule)."""
    lower = name.lower()
    return (lower.split(".", 1)[0] in DOC_STEMS or PurePosixPath(lower).suffix in DOC_SUFFIXES
            or lower == SIDECAR)


@dataclass(frozen=True)
class Selection:
    """Glob patterns (``fnmatch``: ``*``, ``?``, ``[abc]``; ``*`` crosses folders): a file is read when it
    matches an ``include`` pattern (or none is given) and no ``exclude`` pattern. A pattern is tried on the
    file's name, its path below the folder given, and its whole path."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def wants(self, path: Path, root: Path | None = None) -> bool:
        names = _names(path, root)
        if self.include and not any(fnmatchcase(n, p) for p in self.include for n in names):
            return False
        return not any(fnmatchcase(n, p) for p in self.exclude for n in names)

    def included(self, path: Path, root: Path | None = None) -> bool:
        """Named by an ``--include`` pattern (which reads even a documentation file)."""
        names = _names(path, root)
        return any(fnmatchcase(n, p) for p in self.include for n in names)


def _names(path: Path, root: Path | None) -> list[str]:
    names = [path.name, path.as_posix()]
    if root is not None:
        try:
            names.append(path.relative_to(root).as_posix())
        except ValueError:
            pass
    return names


def estimate_records(files: Iterable[Path]) -> int:
    """About how many records (articles or failures) the files hold: one per page or text file, one per
    line of JSON Lines and CSV, one per feed item and per WARC response. Cheap: counts bytes, parses
    nothing; a file it cannot open counts one (it will be one failure)."""
    return sum(_estimate(path) for path in files)


def _estimate(path: Path) -> int:
    name = path.name.lower()
    try:
        stem = name.removesuffix(".gz")
        with gzip.open(path, "rb") if name.endswith(".gz") else path.open("rb") as handle:
            if stem.endswith(".warc"):
                return max(1, _count(handle, b"WARC-Type: response"))
            if stem.endswith((".jsonl", ".ndjson")):
                return max(1, _count(handle, b"\n"))
            if stem.endswith((".csv", ".tsv")):
                return max(1, _count(handle, b"\n") - 1)
            if stem.endswith((".rss", ".atom", ".xml")):
                return max(1, _count(handle, b"<item", b"<entry"))
    except (OSError, EOFError, zlib.error):
        return 1
    return 1


def _count(handle: io.BufferedIOBase, *needles: bytes) -> int:
    """Occurrences of the needles in a binary stream, read in chunks (a match across a chunk boundary is
    missed: fine for an estimate)."""
    found = 0
    while chunk := handle.read(CHUNK):
        found += sum(chunk.count(needle) for needle in needles)
    return found
