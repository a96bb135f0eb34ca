"""What the grouping of tellings into incidents decides on: event-type families and the thresholds.

The families follow the PLOVER manual's categories and quad classes: every kind of physical harm is one
family (ASSAULT and its modes), repression short of violence another (COERCE), then PROTEST, MOBILIZE,
SANCTION, the material cooperation acts (COOPERATE, AID), RETREAT, and the two verbal quads. An article's
tellings form units by family; two articles of one incident may be told in different families (an arrest
and the shooting it follows), where the words agree: the same family is a bonus, not a block.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FAMILIES: dict[str, str] = {
    "ASSAULT": "violence",
    "COERCE": "repression",
    "PROTEST": "protest",
    "MOBILIZE": "mobilize",
    "SANCTION": "sanction",
    "RETREAT": "retreat",
    "COOPERATE": "material-cooperation",
    "AID": "material-cooperation",
    "ACCUSE": "verbal-conflict",
    "REJECT": "verbal-conflict",
    "THREATEN": "verbal-conflict",
    "REQUEST": "verbal-conflict",
    "AGREE": "verbal-cooperation",
    "CONSULT": "verbal-cooperation",
    "SUPPORT": "verbal-cooperation",
    "CONCEDE": "verbal-cooperation",
}


def family_of(event_type: str) -> str:
    """The PLOVER family of an event type (an unknown type is its own family)."""
    return FAMILIES.get(event_type.upper(), event_type.lower())


# How far a date of each precision may be from another and still be the same incident, in days on each side.
DATE_SLACK: dict[str, int] = {"day": 1, "publication": 3, "range": 2, "week": 4, "month": 16, "year": 183}


@dataclass(frozen=True, slots=True)
class Settings:
    """The thresholds of ``build_incidents``; docs/incidents.md says what each does."""

    min_confidence: float = 0.5  # a telling below this never places its article in an incident
    main_only: bool = True  # only a sentence's main event places an article in an incident
    fallback: bool = True  # an article with no such telling is placed by its most confident asserted one
    fold_undated: bool = True  # a telling whose sentence gives no date that fits no incident of its story joins its
    # article's main incident (a reaction, an arrest "in connection with the attack", the wounded taken to hospital)
    units_per_article: int = 1  # the incidents one article may be placed in (its weightiest units)
    join: float = 0.30  # the least score for a telling to join an incident instead of starting one
    max_km: float = 25.0  # two point- or city-precision places further apart are never one incident
    near_km: float = 5.0  # places this close count as the same place
    date_slack: dict[str, int] = field(default_factory=lambda: dict(DATE_SLACK))
    text_min: float = 0.15  # below this cosine of their word profiles two groups are never one incident
    text_full: float = 0.5  # a cosine of the articles' word profiles at least this counts as full agreement
    text_sure: float = 0.30  # from this cosine on, two places in different countries do not veto a join
    text_over_km: float = 0.35  # from this cosine on, precise places over max_km apart do not veto a join
    strongest: float = 0.5  # the share of the strongest article pair in the text link (0: average link)
    name_rare: float = 0.01  # a proper name in fewer than this share of a build's articles (3 at least) is rare:
    # two groups whose titles and ledes give rare names, none found in the other's reports, are two incidents
    name_lede: int = 300  # the characters of an article (its title, then its text) whose names are compared so
    name_keys: int = 25  # an article is compared with the incidents sharing one of its weightiest terms
    crowd: int = 200  # ... unless more than this many incidents of a week share the term
    w_text: float = 0.55
    w_actors: float = 0.10
    w_place: float = 0.15
    w_date: float = 0.10
    w_family: float = 0.05
    w_quantities: float = 0.05

    def slack(self, precision: str | None) -> int:
        return self.date_slack.get(precision or "", 3)
