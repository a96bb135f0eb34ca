"""When an event happened: the dates a sentence tells of the event itself, and what the article told before.

"The ministry announced on Sunday that strikes over the previous 24 hours killed 300" is dated by "the
previous 24 hours", not by the announcement; a sentence that names no date takes the last date of its
paragraph; "a meeting on Friday" that is still planned is the coming Friday.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..model import Actor, Article, When
from .dates import find_dates, publication_date

WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.I)


@dataclass
class ArticleMemory:
    """What the article told so far: the current paragraph's last date (a sentence with none takes it),
    and who did the last event named by each word ("the strikes" are the strikes told before)."""

    paragraph_end: int = -1
    last: When | None = None
    doers: dict[str, list[Actor]] = field(default_factory=dict)

    skip_before: int = 0  # the dateline's end: its date is when the story was filed

    def read(self, sent: Span, article: Article) -> list[When]:
        if sent.start_char >= self.paragraph_end:
            end = article.text.find("\n\n", sent.start_char)
            self.paragraph_end = end if end >= 0 else len(article.text)
            self.last = None
        dates = [d for d in find_dates(sent.text, article.published, offset=sent.start_char)
                 if (d.span_start or 0) >= self.skip_before]
        if dates:
            self.last = dates[-1]
            return dates
        return [self.last] if self.last is not None else []


def long_ago(token: Token) -> bool:
    """An act told as the distant past of another: "five years after crowds trashed its embassy"."""
    clause = token if token.pos_ in ("VERB", "AUX") else token.head
    if clause.dep_ not in ("advcl", "pcomp", "pobj"):
        return False
    if not any(c.dep_ == "mark" and c.lower_ in ("after", "before", "since") for c in clause.children) \
            and clause.head.lower_ not in ("after", "before", "since"):
        return False
    around = list(clause.children) + list(clause.head.children)
    return any(t.lemma_.lower() in ("year", "decade") for t in around)


def own_dates(dates: Sequence[When], clause: Token, speech_verb: Token | None) -> list[When]:
    """The dates told of the event, not of its telling: "announced on Sunday that strikes over the previous
    24 hours killed 300" is dated by "the previous 24 hours"."""
    if not dates:
        return []
    inside = (clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))
    own = [d for d in dates if d.span_start is not None and inside[0] <= d.span_start < inside[1]]
    if own:
        return own
    if speech_verb is not None:
        told = (speech_verb.left_edge.idx, speech_verb.right_edge.idx + len(speech_verb.right_edge))
        other = [d for d in dates if d.span_start is None or not told[0] <= d.span_start < told[1]]
        return other or list(dates)
    return list(dates)


def event_date(dates: Sequence[When], at: int, published: date | None, modality: str) -> When | None:
    """The date nearest the event's words; a bare weekday of a planned event is the coming one."""
    if not dates:
        return publication_date(published) if published else None
    when = min(dates, key=lambda d: abs((d.span_start or 0) - at))
    if modality == "planned" and published and when.precision == "day" and when.start < published \
            and when.text and WEEKDAY.search(when.text) and not re.search(r"\blast\b", when.text, re.I):
        shift = timedelta(days=7)
        when = replace(when, start=when.start + shift, end=when.end + shift)
    return when
