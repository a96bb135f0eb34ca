"""A telling: one stored event with what grouping needs from its article (outlet, date, independent source,
its title and lede), and the proper names and function words that the article profiles use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..model import Event
from .settings import Settings, family_of

# Function words and the words every conflict report uses: they tell nothing about which incident it is.
STOP = frozenset("""
a an the and or but of in on at to for from by with without into onto over under after before during since
until about against among between through near this that these those there here it its they them their he she
his her him we our you your i me my was were is are be been being has have had do does did will would could
should may might must can said says say told tells according reported reports report also other another more
most some any all each every one two three four five six seven eight nine ten first second last new news people
police officials official government killed wounded injured dead death deaths attack attacks attacked
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december today yesterday tonight week weeks month months year years day days
mr mrs ms dr not no than then when where which who whom whose what while as if so such very just only
""".split())


def proper_names(text: str) -> frozenset[str]:
    """Capitalised words not at a sentence start and not function words, lower-cased."""
    out: set[str] = set()
    after_stop = True
    for match in re.finditer(r"[A-Za-z][A-Za-z'\-]+|[.!?]", text):
        word = match.group()
        if word in ".!?":
            after_stop = True
            continue
        low = word.lower()
        if word[0].isupper() and not after_stop and low not in STOP and len(low) > 1:
            out.add(low.removesuffix("'s"))
        after_stop = False
    return frozenset(out)


@dataclass(frozen=True, slots=True)
class Telling:
    """One event to be placed, with its article's outlet, publication date and independent-source key."""

    event: Event
    outlet: str | None = None
    published: date | None = None
    source_key: str = ""  # tellings with the same key are one source (an outlet, or a wire copy's original)
    lede: str = ""  # the article's first words: its title and lede name the incident
    reliability: float | None = None  # the article's (sitreps.provenance), where provenance is stored

    @property
    def family(self) -> str:
        return family_of(self.event.event_type)

    @property
    def aggregate(self) -> bool:
        return any(q.aggregate for q in self.event.quantities.values())

    def anchors(self, settings: Settings) -> bool:
        """Whether this telling may place its article in an incident: confident, not a total over a period,
        not a plan or a hypothesis, and (by default) the main event of its sentence."""
        e = self.event
        return (not self.aggregate and e.confidence >= settings.min_confidence
                and e.modality in ("asserted", "negated") and (e.main or not settings.main_only))

    def window(self, settings: Settings) -> tuple[date, date] | None:
        """The days this telling's incident may lie in: its date widened by its precision's slack."""
        when = self.event.date
        if when is None:
            if self.published is None:
                return None
            slack = timedelta(days=settings.slack("publication"))
            return self.published - slack, self.published + timedelta(days=1)
        slack = timedelta(days=settings.slack(when.precision))
        return when.start - slack, when.end + slack

    @property
    def own_date(self) -> bool:
        """Whether the telling's sentence gives its date: not the publication date, and not a date the coder
        carried over from another sentence ("Police said two suspects had been arrested" after a lede that
        says "on Tuesday")."""
        when, ev = self.event.date, self.event.evidence
        if when is None or when.precision == "publication":
            return False
        return when.span_start is None or ev.start <= when.span_start < ev.end

    def actor_keys(self) -> frozenset[str]:
        return frozenset((a.code or a.name).lower() for a in (*self.event.source, *self.event.target))
