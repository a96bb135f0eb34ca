"""When an event happened: the dates a sentence tells of the event itself, and what the article told before.

"The ministry announced on Sunday that strikes over the previous 24 hours killed 300" is dated by "the
previous 24 hours" counted back from that Sunday, not by the announcement; a sentence that names no date
takes the last date of its paragraph, else the day the story's lede tells of (a day in the week before
publication); "a meeting on Friday" that is still planned is the coming Friday.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from spacy.tokens import Span, Token

from ..model import Actor, Article, When
from .dates import find_dates, publication_date
from .parsed import text_of

LEDE_PARAGRAPHS = 2  # the lede: the first paragraphs (a headline is a paragraph of its own)
LEDE_DAYS = 7
WEEKDAY = re.compile(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE)


@dataclass
class ArticleMemory:
    """What the article told so far: the current paragraph's last date (a sentence with none takes it),
    and who did the last event named by each word ("the strikes" are the strikes told before)."""

    paragraph_end: int = -1
    last: When | None = None
    doers: dict[str, list[Actor]] = field(default_factory=dict)

    skip_before: int = 0  # the dateline's end: its date is when the story was filed
    lede: When | None = None  # the day the story's first dated sentence tells of
    paragraphs: int = 0

    def read(self, sent: Span, article: Article) -> list[When]:
        if sent.start_char >= self.paragraph_end:
            end = article.text.find("\n\n", sent.start_char)
            self.paragraph_end = end if end >= 0 else len(article.text)
            self.last = None
            self.paragraphs += 1
        dates = [d for d in find_dates(text_of(sent), article.published, offset=sent.start_char)
                 if (d.span_start or 0) >= self.skip_before]
        if dates:
            self.last = dates[-1]
            if self.lede is None and self.paragraphs <= LEDE_PARAGRAPHS and _recent_day(dates[0], article):
                self.lede = dates[0]
            return dates
        if self.last is not None:
            return [self.last]
        # a wire story's later paragraphs tell of the lede's day unless they name another
        return [self.lede] if self.lede is not None else []


def _recent_day(when: When, article: Article) -> bool:
    """A day in the week before publication: the news of the story, not its background."""
    return when.precision == "day" and article.published is not None \
        and timedelta(0) <= article.published - when.start <= timedelta(days=LEDE_DAYS)


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
    24 hours killed 300" is dated by "the previous 24 hours", counted back from that Sunday."""
    if not dates:
        return []
    inside = (clause.left_edge.idx, clause.right_edge.idx + len(clause.right_edge))
    # "a truce that begins on Saturday": a relative clause's date is its own, not the event's
    relative = [(t.left_edge.idx, t.right_edge.idx + len(t.right_edge)) for t in clause.subtree
                if t.dep_ in ("relcl", "acl") and t.i != clause.i and not t.left_edge.i <= clause.i <= t.right_edge.i]
    dates = [d for d in dates if d.span_start is None or not any(a <= d.span_start < b for a, b in relative)] \
        or list(dates)
    own = [d for d in dates if d.span_start is not None and inside[0] <= d.span_start < inside[1]]
    if speech_verb is None:
        return own or list(dates)
    # the telling's own words: the speech verb's dependents other than the one the event hangs from
    telling = [(c.left_edge.idx, c.right_edge.idx + len(c.right_edge)) for c in speech_verb.children
               if not (c.left_edge.i <= clause.i <= c.right_edge.i)]
    told = [d for d in dates if d.span_start is not None and any(a <= d.span_start < b for a, b in telling)]
    if not own:
        own = [d for d in dates if d not in told] or list(dates)
    if told and told[0].precision == "day" and own is not dates and all(d not in told for d in own):
        return _anchored(own, clause, told[0].start)
    return own


def _anchored(dates: list[When], clause: Token, anchor: date) -> list[When]:
    """The dates re-read as the speaker meant them: counted from the day the words were said."""
    sent = clause.sent
    again = {d.span_start: d for d in find_dates(text_of(sent), anchor, offset=sent.start_char)}
    return [again.get(d.span_start, d) for d in dates]


def event_date(dates: Sequence[When], at: int, published: date | None, modality: str) -> When | None:
    """The date nearest the event's words; a bare weekday of a planned event is the coming one."""
    if not dates:
        return publication_date(published) if published else None
    when = min(dates, key=lambda d: abs((d.span_start or 0) - at))
    if modality == "planned" and published and when.precision == "day" and when.start < published \
            and when.text and WEEKDAY.search(when.text) and not re.search(r"\blast\b", when.text, re.IGNORECASE):
        shift = timedelta(days=7)
        when = replace(when, start=when.start + shift, end=when.end + shift)
    return when


def aggregate_period(when: When | None, start: int, end: int) -> When | None:
    """The period of a total over a war, a campaign or a region ("has killed tens of thousands since 2011"):
    the date its own sentence (``start:end``) gives, else unknown (None); never the day the story was
    published, nor a date told of another sentence's event."""
    if when is None or when.span_start is None or not start <= when.span_start < end:
        return None
    return when
