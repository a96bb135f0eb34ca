"""ConfliBERT's CAMEO classification TSV as gold records: ``sentence<TAB>label``, no header.

Labels 0 to 4 are the CAMEO classes of the sentence: 0 neutral (statements and appeals, CAMEO
01-02), 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict. The
dataset does not document the numbering; it is read from its examples and matches the usual CAMEO
quad order. Each sentence becomes a record with one gold event that carries only a quad class.

**How a sentence is scored.** The labels are CAMEO classes, so the headline accuracy compares the class
of the CAMEO code sitreps gives (``score.cameo_quad``: 01-02 neutral, 03-05, 06-08, 09-13 and 16, 14-15 and
17-20); the class of the PLOVER type is reported beside it. The two differ where the ontologies do:
appeals (CAMEO 02) are neutral but PLOVER REQUEST is verbal conflict; yielding (08: lifting a ban,
resigning) is material cooperation in CAMEO but PLOVER CONCEDE is verbal. The event that stands for the
sentence is its first asserted event (``score.sentence_event``): a CAMEO coder codes the main clause,
which in news prose comes before the purpose and relative clauses that tell further acts; planned,
threatened, hypothetical and negated acts are objects of another act or no act. A sentence with no
asserted event is a statement: neutral, which is also what sitreps' unrecorded CAMEO 01x comments are.
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
