"""Counts read from sentences (find_quantities) and number expressions (parse_count)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitreps.coding.numbers import parse_count
from sitreps.coding.quantities import find_quantities
from sitreps.model import QUANTITY_KINDS

OFFSET = 1200  # the sentence starts this far into its article


@pytest.mark.parametrize(
    ("sentence", "kind", "words", "low", "best", "high"),
    [
        # killed
        ("Russian air strikes killed 300 rebels.", "killed", "killed 300", 300, 300, 300),
        ("The blast ripped through the market, killing at least 12 people.", "killed", "killing at least 12",
         12, 12, 12),
        ("Officials said 300 people were killed in the fighting.", "killed", "300 people were killed",
         300, 300, 300),
        ("Medics counted 12 dead after the bombing.", "killed", "12 dead", 12, 12, 12),
        ("The death toll rose to 40 on Monday.", "killed", "death toll rose to 40", 40, 40, 40),
        ("The car bomb left 5 dead.", "killed", "5 dead", 5, 5, 5),
        ("The fire claimed the lives of 7 workers.", "killed", "claimed the lives of 7", 7, 7, 7),
        ("The ministry reported 7 fatalities.", "killed", "7 fatalities", 7, 7, 7),
        ("Three soldiers died in the ambush.", "killed", "Three soldiers died", 3, 3, 3),
        ("A soldier was killed near the border.", "killed", "A soldier was killed", 1, 1, 1),
        ("No one was killed in the attack.", "killed", "No one was killed", 0, 0, 0),
        ("Dozens of civilians were killed in the raid.", "killed",
         "Dozens of civilians were killed", 12, 12, 12),
        ("Militiamen massacred 20 villagers.", "killed", "massacred 20", 20, 20, 20),
        ("More than 20 people were killed.", "killed", "More than 20 people were killed", 20, 20, 20),
        ("Between 10 and 15 people are feared dead.", "killed", "Between 10 and 15 people are feared dead",
         10, 10, 15),
        ("Up to 30 people were shot dead by police.", "killed", "Up to 30 people were shot dead", 1, 30, 30),
        ("Twenty-five fighters were killed, the group said.", "killed", "Twenty-five fighters were killed",
         25, 25, 25),
        ("The floods killed 2000 people.", "killed", "killed 2000", 2000, 2000, 2000),
        ("Bombs killed two hundred and fifty people.", "killed",
         "killed two hundred and fifty", 250, 250, 250),
        # injured
        ("The attack wounded 14 people.", "injured", "wounded 14", 14, 14, 14),
        ("Officials said 14 injured were taken to hospital.", "injured", "14 injured", 14, 14, 14),
        ("A grenade exploded, wounding dozens.", "injured", "wounding dozens", 12, 12, 12),
        ("Two or three people were hurt.", "injured", "Two or three people were hurt", 2, 2, 3),
        # arrested
        ("Police arrested 15 protesters.", "arrested", "arrested 15", 15, 15, 15),
        ("Police said 15 people were detained.", "arrested", "15 people were detained", 15, 15, 15),
        ("Officers raided the camp, detaining 40.", "arrested", "detaining 40", 40, 40, 40),
        ("Security forces rounded up 100 men.", "arrested", "rounded up 100", 100, 100, 100),
        ("Hundreds of students were arrested.", "arrested",
         "Hundreds of students were arrested", 100, 100, 100),
        # displaced
        ("The fighting displaced 20,000 people.", "displaced", "displaced 20,000", 20000, 20000, 20000),
        ("The offensive forced 3,000 to flee.", "displaced", "forced 3,000 to flee", 3000, 3000, 3000),
        ("Some 10,000 refugees fled across the border.", "displaced", "Some 10,000 refugees fled",
         10000, 10000, 10000),
        ("The floods left 1.5 million homeless.", "displaced",
         "1.5 million homeless", 1500000, 1500000, 1500000),
        # targets
        ("Russian jets hit 60 Islamic State targets.", "targets", "hit 60 Islamic State targets", 60, 60, 60),
        ("Aircraft struck 27 targets near Raqqa.", "targets", "struck 27 targets", 27, 27, 27),
        ("The army destroyed 10 rebel positions.", "targets", "destroyed 10 rebel positions", 10, 10, 10),
        # munitions
        ("Rebels fired 20 rockets at the city.", "munitions", "fired 20 rockets", 20, 20, 20),
        ("Helicopters dropped 12 barrel bombs on Daraya.", "munitions",
         "dropped 12 barrel bombs", 12, 12, 12),
        ("Warships launched 30 cruise missiles.", "munitions", "launched 30 cruise missiles", 30, 30, 30),
        ("The coalition reported 40 air strikes in Iraq.", "munitions", "40 air strikes", 40, 40, 40),
        ("Russian planes carried out 40 sorties.", "munitions", "carried out 40 sorties", 40, 40, 40),
        # size
        ("Thousands of protesters filled the square.", "size", "Thousands of protesters", 1000, 1000, 1000),
        ("A crowd of 5,000 marched on parliament.", "size", "A crowd of 5,000", 5000, 5000, 5000),
        ("Some 2,000 demonstrators blocked the road.", "size", "Some 2,000 demonstrators", 2000, 2000, 2000),
        ("A force of 300 troops entered the town.", "size", "A force of 300 troops", 300, 300, 300),
        ("Tens of thousands took to the streets.", "size", "Tens of thousands took to the streets",
         10000, 10000, 10000),
        ("Moscow has deployed 4,000 troops to Syria.", "size", "deployed 4,000 troops", 4000, 4000, 4000),
    ],
)
def test_find_quantities_reads_count(sentence: str, kind: str, words: str, low: int, best: int,
                                     high: int) -> None:
    found = find_quantities(sentence, offset=OFFSET)
    assert kind in found
    q = found[kind]
    assert (q.low, q.best, q.high, q.text) == (low, best, high, words)
    assert sentence[q.start - OFFSET:q.end - OFFSET] == words


@pytest.mark.parametrize(
    "sentence",
    [
        "The man, aged 25, was killed.",
        "The company lost $5 million after strikes halted production.",
        "Brigade 93 soldiers were killed.",
        "Support fell 5 percent as 12 percent of voters stayed home.",
        "At 3 pm the army shelled the town.",
        "In 2015 the army killed rebels.",
        "On October 3 soldiers were killed.",
        "In 2015 soldiers were killed in the north.",
        "300 people were killed or wounded.",
        "The army said it killed militants.",
        "A number of people were killed.",
        "There were no reports of people killed.",
        "The minister said the government would consider the proposal.",
        "Rebels fired rockets at the city for 3 hours.",
    ],
)
def test_find_quantities_ignores_numbers_that_count_something_else(sentence: str) -> None:
    assert find_quantities(sentence) == {}


def test_age_does_not_replace_the_count() -> None:
    found = find_quantities("A 25-year-old man was killed.")
    assert (found["killed"].best, found["killed"].text) == (1, "A 25-year-old man was killed")


def test_several_kinds_in_one_sentence() -> None:
    found = find_quantities("The strike killed 12 people and wounded 30, while police arrested 5.")
    assert {k: q.best for k, q in found.items()} == {"killed": 12, "injured": 30, "arrested": 5}


def test_same_kind_twice_keeps_largest_and_widens() -> None:
    found = find_quantities("Police said 12 people were killed; the hospital counted 15 dead.")
    q = found["killed"]
    assert (q.low, q.best, q.high, q.text) == (12, 15, 15, "15 dead")


def test_aggregate_marks_totals_over_a_period_or_area() -> None:
    sentence = "More than 250,000 people have been killed since the war began in 2011."
    q = find_quantities(sentence)["killed"]
    assert (q.best, q.aggregate) == (250000, True)
    assert find_quantities("Air strikes killed 300 rebels over the last day.")["killed"].aggregate is True
    assert find_quantities("Air strikes killed 300 rebels on Tuesday.")["killed"].aggregate is False


def test_event_count_beats_running_total() -> None:
    sentence = ("Since the war began, more than 250,000 people have been killed, "
                "and on Tuesday a strike killed 12.")
    q = find_quantities(sentence)["killed"]
    assert (q.best, q.text, q.aggregate) == (12, "killed 12", False)


def test_crowd_that_is_arrested_is_not_a_crowd_size() -> None:
    found = find_quantities("Dozens of protesters were arrested.")
    assert set(found) == {"arrested"}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("1,200", (1200, 1200, 1200)),
        ("three", (3, 3, 3)),
        ("twenty-five", (25, 25, 25)),
        ("a hundred", (100, 100, 100)),
        ("two hundred and fifty", (250, 250, 250)),
        ("1.5 million", (1_500_000, 1_500_000, 1_500_000)),
        ("a dozen", (12, 12, 12)),
        ("half a dozen", (6, 6, 6)),
        ("dozens", (12, 12, 12)),
        ("tens", (10, 10, 10)),
        ("scores", (20, 20, 20)),
        ("hundreds", (100, 100, 100)),
        ("thousands", (1000, 1000, 1000)),
        ("tens of thousands", (10_000, 10_000, 10_000)),
        ("several", (3, 3, 3)),
        ("a few", (3, 3, 3)),
        ("several hundred", (300, 300, 300)),
        ("at least 12", (12, 12, 12)),
        ("more than 20", (20, 20, 20)),
        ("over 20", (20, 20, 20)),
        ("more than a dozen", (12, 12, 12)),
        ("up to 30", (1, 30, 30)),
        ("fewer than 10", (1, 9, 9)),
        ("nearly 40", (40, 40, 40)),
        ("some 40", (40, 40, 40)),
        ("an estimated 300", (300, 300, 300)),
        ("between 10 and 15", (10, 10, 15)),
        ("10 to 15", (10, 10, 15)),
        ("10-15", (10, 10, 15)),
        ("two or three", (2, 2, 3)),
        ("a", (1, 1, 1)),
        ("one", (1, 1, 1)),
        ("no one", (0, 0, 0)),
        ("nobody", (0, 0, 0)),
        ("none", (0, 0, 0)),
        ("the army", None),
        ("many", None),
        ("", None),
    ],
)
def test_parse_count(expression: str, expected: tuple[int, int, int] | None) -> None:
    assert parse_count(expression) == expected


@given(st.text(max_size=200))
def test_find_quantities_values_are_well_formed(text: str) -> None:
    for kind, q in find_quantities(text, offset=3).items():
        assert kind in QUANTITY_KINDS
        assert 0 <= q.low <= q.best <= q.high
        assert text[q.start - 3:q.end - 3] == q.text
