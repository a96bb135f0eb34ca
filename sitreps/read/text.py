"""Plain text to an Article, and the checks every reader applies to the text it found."""

from __future__ import annotations

import logging
import re
from datetime import date

from ..model import Article, Failure
from .lang import not_english_reason
from .sniff import repair_mojibake

logger = logging.getLogger(__name__)

STAGE = "read"
MIN_CHARS = 20  # fewer non-space characters than this is not an article
MAX_TITLE_CHARS = 150
MAX_TITLE_WORDS = 25
_BLANK_AFTER_FIRST = re.compile(r"\A[ \t]*([^\n]+?)[ \t]*\n[ \t]*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ENGLISH_CODES = frozenset({"en", "eng", "english"})


def failure(kind: str, message: str, origin: str | None, item_id: str = "") -> Failure:
    """A read-stage Failure; the item id falls back to the origin so a person can find the input."""
    return Failure(stage=STAGE, item_id=item_id or origin or "", error=kind, message=message, origin=origin)


def normalise_newlines(text: str) -> str:
    """CRLF and CR to LF; a leading byte-order mark dropped; outer whitespace trimmed."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").strip()


def guess_title(text: str) -> str | None:
    """The first line when it is short, not a sentence, and followed by a blank line."""
    match = _BLANK_AFTER_FIRST.match(text)
    if not match or not text[match.end():].strip():
        return None
    line = match.group(1).strip()
    if len(line) > MAX_TITLE_CHARS or len(line.split()) > MAX_TITLE_WORDS or line.endswith((".", ",", ";")):
        return None
    return line


def text_problem(text: str, *, lang: str | None = None, what: str = "text") -> tuple[str, str] | None:
    """(kind, message) when the text cannot be an English article, else None."""
    if not text.strip():
        return "empty", f"the {what} is empty or only whitespace"
    visible = len("".join(text.split()))
    if visible < MIN_CHARS:
        return "empty", f"the {what} has only {visible} non-space characters (at least {MIN_CHARS} needed)"
    controls = len(_CONTROL.findall(text[:8192]))
    if controls and ("\x00" in text[:8192] or controls / min(len(text), 8192) > 0.05):
        return "binary", f"the {what} holds {controls} control characters, so it is not plain text"
    if lang and lang.strip().lower().split("-")[0].split("_")[0] not in ENGLISH_CODES:
        return "not-english", f"the record says its language is {lang!r}, and only English is read"
    reason = not_english_reason(text)
    if reason:
        return "not-english", f"the {what} does not look English: {reason}"
    return None


def read_text(text: str, *, published: date | None = None, url: str | None = None, title: str | None = None,
              outlet: str | None = None, origin: str | None = None, byline: str | None = None,
              id: str = "", lang: str | None = None) -> Article | Failure:
    """Plain text to an Article, or a Failure saying why it is not one.

    The text is kept whole (newlines normalised, outer whitespace trimmed), so offsets point into it;
    a short first line followed by a blank line becomes the title when none is given.
    """
    text = repair_mojibake(normalise_newlines(text))
    problem = text_problem(text, lang=lang)
    if problem:
        logger.debug("%s: %s", origin, problem[1])
        return failure(*problem, origin=origin, item_id=id)
    return Article(text=text, url=url or None, title=title or guess_title(text), published=published,
                   outlet=outlet or None, byline=byline or None, lang="en", origin=origin, id=id)
