"""Wire copy around the news: datelines, bylines and page furniture, and totals that are no single event."""

from __future__ import annotations

import pytest

import sitreps
from sitreps.coding.datelines import dateline_end, furniture_spans
from sitreps.coding.quantities import find_quantities
from sitreps.model import Event


def _events(text: str) -> list[Event]:
    return sitreps.extract(text, published="2019-03-05")


@pytest.mark.parametrize("line", [
    "DOHA, Jan 16 (Wire) - ",
    "PARIS, oct. 16 (Wire) - ",
    "PARIS Oct 16 (Wire) - ",
    "LONDON (Wire) — ",
    "Doha, Jan 16 (Wire) - ",
    "UNITED NATIONS, 16 October 2019 (Wire) - ",
    "PARIS, October 16, 2019 (Wire) - ",
])
def test_a_wire_dateline_ends_where_the_news_starts(line: str) -> None:
    assert dateline_end(line + "French police arrested two men on Tuesday.") == len(line.rstrip()) or \
        dateline_end(line + "French police arrested two men on Tuesday.") == len(line)


@pytest.mark.parametrize("text", [
    "Police arrested two men on Tuesday.",
    "By Monday, police had arrested ten people.",
    "Doha hosted talks on Monday - the first in a year.",
])
def test_a_sentence_is_no_dateline(text: str) -> None:
    assert dateline_end(text) == 0


@pytest.mark.parametrize("dateline", ["PARIS, oct 16 (Wire) -", "PARIS Oct 16 (Wire) -", "Doha, Jan 16 (Wire) -"])
def test_a_dateline_adds_nothing_to_the_first_sentences_actors(dateline: str) -> None:
    events = _events(f"{dateline} French police arrested two men on Tuesday.")
    assert [(a.text, a.code) for a in events[0].source] == [("French police", "FRA")]


def test_a_dateline_after_a_byline_and_headline_is_found() -> None:
    text = "Police hold two\nBy Jane Doe\nUpdated 4 March\nPARIS, Oct 16 (Wire) - French police arrested two men."
    assert text[dateline_end(text):].strip().startswith("French police")


@pytest.mark.parametrize("tag", ["SHOCK:", "BREAKING:", "WATCH:"])
def test_a_headline_tag_is_no_dateline_when_a_real_one_follows(tag: str) -> None:
    text = (f"{tag} Rebels Shell Frontline Town\n\nKYIV, Feb 1 (Wire) - Rebels shelled the town on Monday night, "
            "the army said.\n\nGunmen also attacked a checkpoint outside the town, the army said.")
    assert text[:dateline_end(text)].endswith("KYIV, Feb 1 (Wire) -")
    later = [e for e in sitreps.extract(text, published="2017-02-01") if e.sentence > 1]
    assert later and all(e.date is None or e.date.text != "Feb 1" for e in later)  # the dateline's day dates nothing


def test_an_event_placed_by_the_dateline_alone_is_at_country_precision() -> None:
    events = _events("NAIROBI, March 4 (Wire) - Police arrested a protest leader on Monday.")
    located = [e for e in events if e.location is not None]
    assert located, "the dateline should place the event"
    place = located[0].location
    assert place is not None and place.country == "KEN" and place.precision == "country"
    assert "dateline" in place.reason and place.lat is not None


def test_an_event_with_its_own_town_keeps_city_precision() -> None:
    events = _events("NAIROBI, March 4 (Wire) - Police arrested a protest leader in Mombasa on Monday.")
    place = events[0].location
    assert place is not None and place.name == "Mombasa" and place.precision == "city"


@pytest.mark.parametrize("line", [
    "Contributed by staff on March 3, 2019",
    "Reporting by Ann Lee; Editing by Tom Ray",
    "Additional reporting by Ann Lee in Nairobi",
    "Photo: Police arrest a protester in Nairobi on Monday.",
    "File photo - soldiers patrol a market",
    "Copyright 2019 Wire. All rights reserved.",
    "By Ann Lee, Nairobi",
])
def test_page_furniture_lines_are_marked(line: str) -> None:
    text = f"Police arrested two men in Nairobi on Monday.\n{line}\nThe men were charged on Tuesday."
    spans = furniture_spans(text)
    assert [text[s:e] for s, e in spans] == [line]


@pytest.mark.parametrize("line", [
    "By Monday, police had arrested ten people.",
    "By late afternoon, troops had left the town.",
    "Related talks will resume in Geneva next week.",
    "Copyright holders sued the company on Monday.",
])
def test_news_lines_are_no_furniture(line: str) -> None:
    assert furniture_spans(line) == []


def test_an_inline_credit_is_furniture() -> None:
    text = "Police arrested two men on Monday. (Reporting by Ann Lee; Editing by Tom Ray)"
    assert [text[s:e] for s, e in furniture_spans(text)] == ["(Reporting by Ann Lee; Editing by Tom Ray)"]


def test_a_byline_codes_no_event() -> None:
    events = _events("Police arrested two men in Nairobi on Monday.\n\nContributed by staff on March 3, 2019")
    assert all("Contributed" not in e.evidence.text for e in events)
    assert any(e.event_type == "COERCE" for e in events)


@pytest.mark.parametrize("text", [
    "The war has killed tens of thousands of people.",
    "The war, which pits the army against two rebel groups, has killed tens of thousands of people.",
    "More than 500,000 people have died since 2011.",
    "The insurgency has left 35,000 people dead.",
    "More than 600 civilians were killed in the north in the first half of the year.",
    "Air strikes killed 300 rebels over the last day in the province.",
    "Strikes since the campaign began have killed 300 fighters.",
])
def test_a_total_over_a_war_or_period_is_aggregate(text: str) -> None:
    killed = find_quantities(text).get("killed")
    assert killed is not None and killed.aggregate


@pytest.mark.parametrize("text", [
    "Gunmen killed 12 villagers on Monday.",
    "Amid the war, gunmen killed 12 villagers on Monday.",
])
def test_one_attacks_toll_is_no_aggregate(text: str) -> None:
    killed = find_quantities(text).get("killed")
    assert killed is not None and not killed.aggregate


def test_a_wars_toll_is_not_dated_to_the_publication_day() -> None:
    events = _events("Rebels attacked an army base in Yemen on Monday. "
                     "The war, which pits rebels against the government, has killed tens of thousands of people.")
    totals = [e for e in events if "killed" in e.quantities]
    for event in totals:
        assert event.quantities["killed"].aggregate
        assert event.date is None or event.date.precision != "day"


def test_the_parties_after_a_dateline_parsed_as_its_appositive_are_kept() -> None:
    events = _events("DOHA, Jan 16 (Wire) - Israel and Hamas agreed to a ceasefire on Wednesday.")
    agreement = next(e for e in events if e.event_type == "AGREE")
    assert sorted(a.code or "" for a in agreement.source) == ["ISR", "PSE"]


@pytest.mark.parametrize("text", [
    "The embassy said it had seen no evidence of 300 deaths in the town.",
    "The ministry rejected the official death toll of 300 dead.",
])
def test_a_disputed_figure_is_no_count(text: str) -> None:
    assert "killed" not in find_quantities(text)


def test_a_denied_killing_keeps_its_count_for_the_denied_claim() -> None:
    killed = find_quantities("The army denied that 40 civilians were killed in the raid.").get("killed")
    assert killed is not None and killed.best == 40
