"""Long documents coded in sections, so that time and memory per word stay flat.

spaCy's parse and the coder's article-wide passes (speakers, referents, places) grow faster than the text: a
1 MB text as one ``Doc`` takes minutes and gigabytes. A text longer than ``SECTION_CHARS`` is cut at paragraph
breaks into windows of about that size, each coded on its own, with what later sections need carried in
front of it as a *preamble*: the title and dateline (the place a story was filed from, its date), the names
told before (people and bodies a later "the group" or "he" may be), and the previous section's last paragraph.
What the coder finds in the preamble is dropped (it was found where it stands); what it finds in the section
is moved to the whole text's offsets and sentence numbers, and the sections' results make one ``Coded``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

from ..model import Article, Coded, Event

SECTION_CHARS = 20_000  # a window: a long feature story's length; the parse of it is still linear
MAX_CHARS = 20_000_000  # the size limit: a longer text is a recorded "too-long" failure
HEADER_CHARS = 600  # the title and dateline carried into every section, at most
NAMES_CARRIED = 30  # names told before, carried into the next section (the latest ones)
OFFSETS = ("start", "end", "span_start", "span_end")
T = TypeVar("T")


def split_sections(text: str, size: int = SECTION_CHARS) -> list[tuple[int, int]]:
    """(start, end) windows covering the text, each cut after a paragraph break (else a line break, else a
    sentence's end, else a space) at most ``size`` characters in."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            found = window.rfind(mark, size // 4)
            if found > 0:
                cut = found + len(mark)
                break
        end = start + (cut if cut > 0 else size)
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def preamble(header: str, names: Sequence[str], previous: str) -> str:
    """What goes in front of a later section: the header, the names told before (one a line, so none joins a
    sentence) and the last paragraph of the section before."""
    parts = [p for p in (header.strip(), "\n".join(names), previous.strip()) if p]
    return "".join(p + "\n\n" for p in parts)


def last_paragraph(text: str, limit: int = 2_000) -> str:
    """The text's last paragraph (its last ``limit`` characters at most)."""
    body = text.rstrip()
    cut = body.rfind("\n\n")
    return body[cut + 2:][-limit:] if cut >= 0 else body[-limit:]


def section_article(article: Article, start: int, end: int, before: str) -> Article:
    """The section as an article of its own, under the whole article's id (its events carry that id)."""
    return replace(article, text=before + article.text[start:end], id=article.id)


def placed(coded: Coded, skip: int, offset: int, sentence_base: int) -> Coded:
    """A section's results without what lies in its first ``skip`` characters (the preamble), moved by
    ``offset`` characters and ``sentence_base`` sentences into the whole text."""
    kept_sentences = [s for s in coded.sentences if s.start >= skip]
    first = kept_sentences[0].index if kept_sentences else 0
    renumber = sentence_base - first
    sentences = tuple(_moved(s, offset, renumber) for s in kept_sentences)
    mentions = tuple(_moved(m, offset, renumber) for m in coded.mentions if m.start >= skip)
    events = tuple(_moved(e, offset, renumber) for e in coded.events if e.evidence.start >= skip)
    return Coded(coded.article, sentences, mentions, events)


def joined(article: Article, parts: Iterable[Coded]) -> Coded:
    """The sections' results as the whole article's."""
    sentences: list[Any] = []
    mentions: list[Any] = []
    events: list[Any] = []
    for part in parts:
        sentences.extend(part.sentences)
        mentions.extend(part.mentions)
        events.extend(part.events)
    return Coded(article, tuple(sentences), tuple(mentions), tuple(events))


def _moved(value: T, offset: int, renumber: int) -> T:
    """Every character offset in ``value`` (and the records inside it) moved by ``offset``; its sentence
    number by ``renumber``; an event's id made afresh from its new place."""
    if isinstance(value, tuple):
        return tuple(_moved(v, offset, renumber) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {k: _moved(v, offset, renumber) for k, v in value.items()}  # type: ignore[return-value]
    if not is_dataclass(value) or isinstance(value, (type, Article)):
        return value
    changes: dict[str, Any] = {}
    for f in fields(value):
        current = getattr(value, f.name)
        if f.name in OFFSETS and isinstance(current, int) and not isinstance(current, bool):
            changes[f.name] = current + offset
        elif f.name in ("sentence", "index") and isinstance(current, int) and not isinstance(current, bool):
            changes[f.name] = current + renumber
        elif isinstance(current, (tuple, dict)) or is_dataclass(current):
            changes[f.name] = _moved(current, offset, renumber)
    if isinstance(value, Event):
        changes["id"] = ""  # made again from the event's sentence and place in the whole text
    return replace(value, **changes) if changes else value  # type: ignore[type-var]
