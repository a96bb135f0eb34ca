"""Spun pages found without the article they were spun from: spinner variants of known names (words swapped
for synonyms one by one) and wire wording swapped everywhere; and one story naming a country in several forms
is not stitched. Every text here is made up."""

from __future__ import annotations

from sitreps.provenance.spun import spun
from sitreps.provenance.stitched import stitched, terms
from sitreps.provenance.text import paragraphs
from sitreps.provenance.variants import name_variants, wording_swaps

WIRE = """GENEVA, May 12 (Wire) - The United Nations Security Council met in emergency session on Thursday after
shelling near the border town killed eleven people, the Prime Minister's office said.

Police said the shells hit a market and a school. According to the town's mayor, four children were among the dead.

The Foreign Ministry said it would ask the European Union to send observers, and the Prime Minister said the
attack would not go unanswered."""

SPUN = """GENEVA, May 12 (Wire) - The Joined Countries Safety Board met in emergency session on Thursday after
shelling near the border town eliminated eleven individuals, the Key Preacher's office stated.

Cops stated the shells hit a market and a school. As per the town's mayor, four kids were among the dead.

The Overseas Department stated it would ask the European Partnership to send observers, and the Key Preacher
stated the assault would not go unanswered."""


def test_the_wire_story_is_not_spun():
    found = spun(WIRE)
    assert found.substitutions == ()
    assert found.score == 0.0


def test_a_spinners_rewrite_is_found_without_its_original():
    found = spun(SPUN)
    assert found.score >= 0.5
    names = {(s.text, s.canonical) for s in found.substitutions if s.kind in ("synonym", "variant", "phrase")}
    assert ("Joined Countries Safety Board", "United Nations Security Council") in names
    assert ("European Partnership", "European Union") in names
    assert any(text == "Key Preacher" and canonical.endswith("Minister") for text, canonical in names)
    for sub in found.substitutions:
        assert SPUN[sub.start:sub.end] == sub.text
    wording = {s.canonical for s in found.substitutions if s.kind == "wording"}
    assert {"said", "according to", "police", "people", "killed", "children"} <= wording


def test_a_name_inside_a_longer_name_or_a_known_name_is_no_variant():
    text = ("Investigators from the National Transportation Safety Board arrived on Monday. The United States "
            "and the National Security Council said nothing.")
    assert name_variants(text) == []


def test_a_name_does_not_run_across_punctuation():
    assert name_variants("Officers at the police, terminal staff and drivers were questioned.") == []
    assert [v.text for v in name_variants("Officers at the police terminal were questioned.")] == [
        "police terminal"]


def test_wire_wording_counts_only_where_the_wire_word_is_absent():
    assert wording_swaps("The minister stated his case. Later he said he would resign.") == []
    swaps = wording_swaps("The minister stated his case. Later he stated he would resign.")
    assert [(v.text, v.canonical) for v in swaps] == [("stated", "said"), ("stated", "said")]


def test_one_plausible_variant_alone_is_weak():
    text = WIRE + "\n\nThe mortality toll could rise, doctors said."
    found = spun(text)
    assert [s.kind for s in found.substitutions] == ["phrase"]
    assert found.score < 0.5


TROOPS = """WASHINGTON, June 3 (Wire) - The United States will move 1,500 soldiers from bases in Texas to Lithuania
and Latvia next month, the Defense Department said on Friday, as NATO allies asked for more help.

A Pentagon spokeswoman said the soldiers would train with local units and would return home by the winter.

Lithuania's president thanked Washington and said her country would host the U.S. troops at two bases.

Moscow called the American move a provocation, and a Kremlin spokesman said Russia would respond.

Latvian officials said the first U.S. units were expected within three weeks."""


def test_a_country_named_in_several_forms_is_one_term():
    assert terms("The United States said.")["#USA"] == 1
    assert terms("U.S. officials and American troops.")["#USA"] == 2


def test_one_short_story_with_different_people_in_each_paragraph_is_not_stitched():
    paras = paragraphs(TROOPS)
    found = stitched(TROOPS, paras, [frozenset()] * len(paras))
    assert found.score < 0.5
