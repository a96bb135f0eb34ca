"""Spinning found against the stored story it was spun from (sitreps/provenance/rewrites.py): words replaced
the same way wherever they occur, with forms no table lists; a light edit of the same story is no spin."""

from __future__ import annotations

from datetime import date

from sitreps.provenance.duplicates import Text
from sitreps.provenance.rewrites import rewrites

STORY = (
    "Police said on Monday that gunmen killed four people in the market town of Eastmere. Police said the "
    "attackers arrived on motorbikes and opened fire on traders before fleeing north. The district governor "
    "said the government would send more police to the area. Residents said people had been afraid to open "
    "their shops since a similar attack last year, and that the police station in the town had been closed "
    "for months. Hospital staff said two of the wounded were in a serious condition, and police said they "
    "were searching the forest north of the town for the attackers."
)
# a spinner's table written for this test: none of these forms is in sitreps/data/provenance/spun.tsv
SWAPS = {"Police": "Law enforcement officers", "police": "law enforcement officers", "said": "stated",
         "people": "individuals", "government": "administration"}


def _spin(text: str) -> str:
    out = []
    for word in text.split(" "):
        bare = word.rstrip(".,")
        out.append(SWAPS.get(bare, bare) + word[len(bare):])
    return " ".join(out)


def _text(id: str, text: str, day: int) -> Text:
    return Text.of(id, text, published=date(2031, 4, day))


def test_a_spun_copy_is_found_against_its_original_with_forms_no_table_lists() -> None:
    spun = _spin(STORY)
    score, subs = rewrites(_text("copy", spun, 3), [_text("original", STORY, 2)])
    assert score >= 0.5
    found = {(s.text, s.canonical) for s in subs}
    assert ("stated", "said") in found and ("law enforcement officers", "police") in found
    for s in subs:  # offsets point at the replacing words in the copy
        assert spun[s.start:s.end] == s.text


def test_a_light_edit_of_the_same_story_is_no_spin() -> None:
    edited = STORY.replace("four people", "four traders").replace(" before fleeing north", "") + \
        " The market reopened on Tuesday."
    score, _ = rewrites(_text("edit", edited, 3), [_text("original", STORY, 2)])
    assert score < 0.5


def test_another_story_gives_nothing() -> None:
    other = ("The finance ministry announced a new budget on Thursday with higher spending on schools and roads, "
             "and lawmakers will debate it next week before a vote in parliament at the end of the month.")
    assert rewrites(_text("copy", _spin(STORY), 3), [_text("other", other, 2)]) == (0.0, [])
