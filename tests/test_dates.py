"""Date expressions resolved against a publication date (Sunday 18 October 2015 unless stated)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.coding.dates import find_dates, publication_date, resolve_date
from sitreps.model import DATE_PRECISIONS

PUB = date(2015, 10, 18)  # a Sunday
OFFSET = 500  # the sentence starts this far into its article


def d(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize(
    ("sentence", "words", "start", "end", "precision"),
    [
        # weekdays
        ("The strikes on Wednesday killed 12 people.", "on Wednesday", "2015-10-14", "2015-10-14", "day"),
        ("Gunmen attacked the base Wednesday.", "Wednesday", "2015-10-14", "2015-10-14", "day"),
        ("Police said the attack happened on Sunday.", "on Sunday", "2015-10-18", "2015-10-18", "day"),
        ("The town fell last Wednesday.", "last Wednesday", "2015-10-14", "2015-10-14", "day"),
        ("A bombing last Sunday killed five.", "last Sunday", "2015-10-11", "2015-10-11", "day"),
        ("Talks resume next Tuesday.", "next Tuesday", "2015-10-20", "2015-10-20", "day"),
        ("Talks were held on Tuesday.", "on Tuesday", "2015-10-13", "2015-10-13", "day"),
        ("Shelling began early Saturday morning.", "early Saturday morning",
         "2015-10-17", "2015-10-17", "day"),
        ("Tuesday's attack was the worst.", "Tuesday", "2015-10-13", "2015-10-13", "day"),
        ("Clashes have continued since Monday.", "since Monday", "2015-10-12", "2015-10-18", "range"),
        # days relative to publication
        ("Protesters gathered today in the square.", "today", "2015-10-18", "2015-10-18", "day"),
        ("A rocket hit the city this morning.", "this morning", "2015-10-18", "2015-10-18", "day"),
        ("Parliament votes tonight.", "tonight", "2015-10-18", "2015-10-18", "day"),
        ("Troops withdrew yesterday.", "yesterday", "2015-10-17", "2015-10-17", "day"),
        ("Gunfire was heard last night.", "last night", "2015-10-17", "2015-10-17", "day"),
        ("Jets struck overnight.", "overnight", "2015-10-17", "2015-10-18", "range"),
        ("He was held the day before yesterday.", "the day before yesterday",
         "2015-10-16", "2015-10-16", "day"),
        ("The ceasefire collapsed two days ago.", "two days ago", "2015-10-16", "2015-10-16", "day"),
        ("The offensive began three weeks ago.", "three weeks ago", "2015-09-21", "2015-09-27", "week"),
        ("The deal was signed 2 months ago.", "2 months ago", "2015-08-01", "2015-08-31", "month"),
        # weeks, months, years
        ("Police detained 40 people last week.", "last week", "2015-10-05", "2015-10-11", "week"),
        ("Talks stalled this week.", "this week", "2015-10-12", "2015-10-18", "week"),
        ("The army advanced last month.", "last month", "2015-09-01", "2015-09-30", "month"),
        ("Elections were held last year.", "last year", "2014-01-01", "2014-12-31", "year"),
        ("Fighting flared earlier this month.", "earlier this month", "2015-10-01", "2015-10-18", "range"),
        ("Some 400 people have died this year.", "this year", "2015-01-01", "2015-10-18", "year"),
        ("Rebels regrouped over the weekend.", "over the weekend", "2015-10-17", "2015-10-18", "range"),
        # periods ending at publication
        ("Jets hit 60 targets over the last day.", "over the last day", "2015-10-17", "2015-10-18", "range"),
        ("Twelve died in the past 24 hours.", "in the past 24 hours", "2015-10-17", "2015-10-18", "range"),
        ("Raids continued over the past day.", "over the past day", "2015-10-17", "2015-10-18", "range"),
        ("Dozens fled over the past week.", "over the past week", "2015-10-11", "2015-10-18", "range"),
        ("Prices rose in the last three days.", "in the last three days",
         "2015-10-15", "2015-10-18", "range"),
        ("Shelling intensified the past two weeks.", "the past two weeks",
         "2015-10-04", "2015-10-18", "range"),
        ("More troops arrived in recent weeks.", "in recent weeks", "2015-09-20", "2015-10-18", "range"),
        ("Strikes doubled since the start of the year.", "since the start of the year", "2015-01-01",
         "2015-10-18", "range"),
        # explicit dates
        ("The strike on September 27 killed 30.", "on September 27", "2015-09-27", "2015-09-27", "day"),
        ("Troops entered the town Sept. 27.", "Sept. 27", "2015-09-27", "2015-09-27", "day"),
        ("The siege began on 27 September.", "on 27 September", "2015-09-27", "2015-09-27", "day"),
        ("It was signed September 27, 2015, in Geneva.", "September 27, 2015",
         "2015-09-27", "2015-09-27", "day"),
        ("The ministry statement of 27/09/2015 said so.", "27/09/2015", "2015-09-27", "2015-09-27", "day"),
        ("The file dated 2015-09-27 lists the dead.", "2015-09-27", "2015-09-27", "2015-09-27", "day"),
        ("Rebels took the town on the 3rd of October.", "on the 3rd of October",
         "2015-10-03", "2015-10-03", "day"),
        ("Fighting resumed on October 3.", "on October 3", "2015-10-03", "2015-10-03", "day"),
        ("The truce began on Wednesday, October 14.", "on Wednesday, October 14", "2015-10-14", "2015-10-14",
         "day"),
        ("Aid convoys arrived September 27-29.", "September 27-29", "2015-09-27", "2015-09-29", "range"),
        ("The uprising began in September.", "in September", "2015-09-01", "2015-09-30", "month"),
        ("The protests began in March.", "in March", "2015-03-01", "2015-03-31", "month"),
        ("A similar raid happened last November.", "last November", "2014-11-01", "2014-11-30", "month"),
        ("Aid may arrive, as it did in May.", "in May", "2015-05-01", "2015-05-31", "month"),
        ("The vote of May 2015 was contested.", "May 2015", "2015-05-01", "2015-05-31", "month"),
        ("The town was captured in 2014.", "in 2014", "2014-01-01", "2014-12-31", "year"),
        ("Over 250,000 have died since 2011.", "since 2011", "2011-01-01", "2015-10-18", "range"),
        ("The mission ran from 2011 to 2014.", "from 2011 to 2014", "2011-01-01", "2014-12-31", "range"),
    ],
)
def test_find_dates_resolves_expression(sentence: str, words: str, start: str, end: str,
                                        precision: str) -> None:
    found = find_dates(sentence, PUB, offset=OFFSET)
    assert len(found) == 1
    when = found[0]
    assert (when.start, when.end, when.precision, when.text) == (d(start), d(end), precision, words)
    assert sentence[when.span_start - OFFSET:when.span_end - OFFSET] == words


@pytest.mark.parametrize(
    "sentence",
    [
        "The curfew starts at 3 pm and ends at 6 a.m.",
        "Police said the man, aged 25, had fled.",
        "A 25-year-old soldier was wounded.",
        "A 24-hour curfew was imposed.",
        "The blast killed 2,015 people, officials said.",
        "Aid may arrive within days.",
        "The March for Peace drew crowds.",
        "Brigade 93 was ordered to withdraw.",
        "The 2014 elections were delayed.",
        "A population of 2000 people lives there.",
        "Turnout rose by 3.5 percent.",
        "Resolution 2254 passed unanimously.",
        "Version 1.5.20 of the software was released.",
        "The minister said the government would consider the proposal.",
    ],
)
def test_find_dates_ignores_non_dates(sentence: str) -> None:
    assert find_dates(sentence, PUB) == []


def test_month_day_after_publication_is_previous_year() -> None:
    (when,) = find_dates("The cell was formed on December 30.", date(2016, 1, 5))
    assert (when.start, when.precision) == (date(2015, 12, 30), "day")


def test_month_after_publication_month_is_previous_year() -> None:
    (when,) = find_dates("Talks broke down in November.", PUB)
    assert (when.start, when.end) == (date(2014, 11, 1), date(2014, 11, 30))


def test_find_dates_in_text_order_without_overlap() -> None:
    sentence = "Over the last day, jets hit 60 targets, after raids on Wednesday and Thursday."
    found = find_dates(sentence, PUB)
    assert [w.text for w in found] == ["Over the last day", "on Wednesday", "Thursday"]
    assert [w.start for w in found] == [date(2015, 10, 17), date(2015, 10, 14), date(2015, 10, 15)]


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    found = find_dates("On 27/09/2015, a day after September 26 and yesterday, talks began.", None)
    assert [(w.text, w.start) for w in found] == [("On 27/09/2015", date(2015, 9, 27))]


def test_numeric_date_falls_back_to_month_first_when_day_first_is_impossible() -> None:
    (when,) = find_dates("The order is dated 09/27/2015.", PUB)
    assert when.start == date(2015, 9, 27)


def test_resolve_date_reads_one_expression() -> None:
    when = resolve_date("last Wednesday", PUB)
    assert when is not None and when.start == date(2015, 10, 14) and when.text == "last Wednesday"
    assert resolve_date("the talks", PUB) is None


def test_resolve_date_uses_dateparser_for_absolute_dates_the_rules_miss() -> None:
    when = resolve_date("2015.09.27", PUB)
    assert when is not None
    assert (when.start, when.precision) == (date(2015, 9, 27), "day")


def test_publication_date_is_the_fallback() -> None:
    when = publication_date(PUB)
    assert (when.start, when.end, when.precision, when.text) == (PUB, PUB, "publication", None)


@given(st.text(max_size=200), st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)))
def test_find_dates_spans_are_ordered_and_inside_text(text: str, published: date) -> None:
    found = find_dates(text, published, offset=7)
    previous_end = 7
    for when in found:
        assert when.precision in DATE_PRECISIONS
        assert when.start <= when.end
        assert previous_end <= when.span_start < when.span_end <= len(text) + 7
        assert text[when.span_start - 7:when.span_end - 7] == when.text
        previous_end = when.span_end


# -- the event's own date in a story ------------------------------------------------------------------

def _dated(text: str, published: str) -> list[tuple[str, str, date, str]]:
    import sitreps

    return [(e.event_type, e.trigger, e.date.start, e.date.precision) for e in sitreps.extract(text, published=published)
            if e.date is not None]


def test_later_paragraphs_tell_of_the_ledes_day() -> None:
    text = ("HONG KONG, Aug 6 (Daily Meridian) - Police fired tear gas at protesters in seven districts on Monday.\n\n"
            "Thousands of protesters blocked roads in Admiralty.\n\n"
            "Organisers said they would hold another rally.")
    dated = _dated(text, "2019-08-06")
    assert ("PROTEST", "blocked roads", date(2019, 8, 5), "day") in dated
    assert ("PROTEST", "rally", date(2019, 8, 6), "publication") in dated  # a plan does not take the lede's day


def test_an_old_lede_date_is_not_carried_on() -> None:
    text = ("The war began on March 3, 2011.\n\nRebels attacked an army post near Homs, killing four soldiers.")
    dated = _dated(text, "2016-05-02")
    assert all(d[2] == date(2016, 5, 2) for d in dated if d[1].startswith("attack"))


def test_relative_dates_in_reported_speech_count_from_the_day_it_was_said() -> None:
    text = ("The ministry said on Sunday that its jets had killed 300 rebels in Syria during the previous 24 hours.")
    dated = _dated(text, "2015-10-19")  # a Monday: the Sunday is the 18th, the day before it the 17th
    assert any(d[2] == date(2015, 10, 17) for d in dated), dated


def test_a_relative_clause_keeps_its_own_date() -> None:
    text = "Yemen's warring parties agreed to a truce that begins on Saturday evening, the UN envoy said on Friday."
    dated = _dated(text, "2022-04-02")
    assert dated and dated[0][2] == date(2022, 4, 1)
