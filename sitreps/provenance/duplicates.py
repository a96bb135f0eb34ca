"""Wire copies and near-duplicates: which stored articles share this one's text, and how much of it.

Candidates come from the LSH bands (``store.py``); here each candidate's share is measured exactly on word
shingles. A near-copy is a pair whose shingle sets overlap both ways (light edits: a sentence dropped or
added, words changed, other boilerplate); a page that took a few paragraphs from another is reuse, not a copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from .text import DOC_SHINGLE, PARA_SHINGLE, containment, jaccard, shingles, words

COPY_JACCARD = 0.5  # near-copies: Jaccard of 5-word shingles at least this …
COPY_CONTAINMENT = 0.6  # … and each holds at least this share of the other's shingles
REUSE_SHARE = 0.1  # reuse entries below this share are left out


@dataclass(frozen=True, slots=True)
class Text:
    """A stored article as the provenance checks read it, with its shingle sets."""

    id: str
    text: str
    published: date | None = None
    ingested_at: datetime | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    doc: frozenset[str] = field(default=frozenset(), compare=False)
    short: frozenset[str] = field(default=frozenset(), compare=False)

    @classmethod
    def of(cls, id: str, text: str, **meta: object) -> Text:
        tokens = words(text)
        return cls(id, text, doc=frozenset(shingles(tokens, DOC_SHINGLE)),
                   short=frozenset(shingles(tokens, PARA_SHINGLE)), **meta)  # type: ignore[arg-type]

    def order(self) -> tuple[str, str, str]:
        """Earliest first: by publication date, then time of ingestion, then id."""
        return (self.published.isoformat() if self.published else "9999",
                self.ingested_at.isoformat() if self.ingested_at else "9999", self.id)


@dataclass(frozen=True, slots=True)
class Copies:
    """What an article shares with the stored ones."""

    duplicate_of: str | None
    duplicates: tuple[str, ...]
    reuse: tuple[tuple[str, float], ...]  # (other article id, share of this article's text found in it)
    taken_by: tuple[str, ...] = ()  # later articles, not near-copies, that hold part of this one's text


def copies(article: Text, candidates: Iterable[Text]) -> Copies:
    """Near-copies and reuse of ``article`` among ``candidates`` (the LSH candidates, any order)."""
    near: list[Text] = []
    reuse: list[tuple[str, float]] = []
    taken_by: list[str] = []
    for other in candidates:
        if other.id == article.id:
            continue
        share = containment(set(article.doc), set(other.doc))
        back = containment(set(other.doc), set(article.doc))
        if share >= REUSE_SHARE:
            reuse.append((other.id, round(share, 3)))
        if (min(share, back) >= COPY_CONTAINMENT
                and jaccard(set(article.doc), set(other.doc)) >= COPY_JACCARD):
            near.append(other)
        elif share >= REUSE_SHARE and other.order() > article.order():
            taken_by.append(other.id)
    first = min([article, *near], key=Text.order)
    reuse.sort(key=lambda item: (-item[1], item[0]))
    return Copies(None if first.id == article.id else first.id, tuple(sorted(t.id for t in near)), tuple(reuse),
                  tuple(sorted(taken_by)))
