"""ConfliBERT's CAMEO classification TSV as gold records: ``sentence<TAB>label``, no header.

Labels 0 to 4 are the CAMEO classes of the sentence: 0 neutral (statements and appeals, CAMEO
01-02), 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. The
dataset does not document the numbering; it is read from its examples and matches the usual CAMEO
quad order. Each sentence becomes a record with one gold event that carries only a quad class.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

from .score import QUADS, GoldEvent, GoldRecord

logger = logging.getLogger(__name__)

LABELS: dict[str, str] = {str(i): quad for i, quad in enumerate(QUADS)}


def parse_tsv(text: str, *, origin: str = "cameo") -> Iterator[GoldRecord]:
    """Gold records from the text of one TSV file; lines without a known label are logged and skipped."""
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        sentence, _, label = line.rpartition("\t")
        quad = LABELS.get(label.strip())
        if not sentence.strip() or quad is None:
            logger.warning("%s:%d: not 'sentence<TAB>label 0-4', skipped", origin, number)
            continue
        yield GoldRecord(f"{origin}:{number}", sentence.strip(), None, (GoldEvent(quad=quad),),
                         {"label": int(label)}, ("quad",))


def read_cameo_tsv(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from a TSV file, or from every ``*.tsv`` in a folder (sorted by name)."""
    path = Path(path)
    files = [path] if path.is_file() else sorted(path.glob("*.tsv"))
    if not files:
        raise FileNotFoundError(f"no *.tsv file in {path}")
    for file in files:
        yield from parse_tsv(file.read_text(encoding="utf-8"), origin=file.stem)
