"""Quotations in a text: where they open and close, and which run on across paragraphs.

News marks quotations with curly quotes, straight double quotes, or doubled apostrophes (''…''). A
quotation left open at a paragraph's end runs on: the quotation that opens the next paragraph continues it,
and the two share a run number (one speaker). A doubled apostrophe between letters ("week''s" in mended
text) is an apostrophe, not a quotation mark.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_MARKS = re.compile(r"“|”|(?<![A-Za-z])''|''(?![A-Za-z])|\"|``")  # (not "week''s": an apostrophe)
OPENING, CLOSING = ("“", "``"), ("”",)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation in the text: its characters, and the run of quotations it belongs to."""

    start: int
    end: int
    run: int  # quotations that run on across paragraphs share a run number


def find_quotes(text: str) -> list[Quote]:
    """The quotations in a text, in order. A quotation left open at a paragraph's end stops there; the
    quotation that opens the next paragraph continues its run."""
    quotes: list[Quote] = []
    opened: int | None = None
    run, left_open = 0, False
    paragraph_end = _paragraph_end(text, 0)
    for m in QUOTE_MARKS.finditer(text):
        mark, at = m.group(), m.start()
        if opened is not None and at > paragraph_end:  # the paragraph ended inside the quotation
            quotes.append(Quote(opened, paragraph_end, run))
            opened, left_open = None, True
        if at > paragraph_end:
            starts_paragraph = not text[paragraph_end:at].strip()
            if not (left_open and starts_paragraph):
                run += 1
            left_open = False
            paragraph_end = _paragraph_end(text, at)
        if opened is None and mark not in CLOSING:
            opened = at
        elif opened is not None and mark not in OPENING:
            quotes.append(Quote(opened, m.end(), run))
            opened = None
            run += 1
    if opened is not None:
        quotes.append(Quote(opened, min(paragraph_end, len(text)), run))
    return quotes


def _paragraph_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return end if end >= 0 else len(text)
