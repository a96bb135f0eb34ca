"""provenance.text.alternation: a trie-shaped pattern that matches what the plain longest-first alternation of the
same names matches, in either case, with the context checks the callers put around it."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitreps.provenance.text import alternation

LETTERS = "aAbB. -'é"  # few letters, so that names share prefixes and texts hold them
names = st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=6), min_size=1, max_size=12)
texts = st.text(alphabet=LETTERS + "x\n", max_size=60)


def _plain(found: list[str]) -> str:
    return "|".join(re.escape(n) for n in sorted(found, key=len, reverse=True))


def _both(found: list[str], flags: int = 0) -> tuple[re.Pattern[str], re.Pattern[str]]:
    around = r"(?<![\w.])(?:{})(?![\w-])"  # as the provenance checks use them: whole words only
    return (re.compile(around.format(_plain(found)), flags),
            re.compile(around.format(alternation(found, ignore_case=bool(flags & re.IGNORECASE))), flags))


@settings(max_examples=300, deadline=None)
@given(names, texts)
def test_the_same_matches_as_the_plain_alternation(found: list[str], text: str) -> None:
    for flags in (0, re.IGNORECASE):
        plain, trie = _both(found, flags)
        assert [(m.start(), m.group(0)) for m in trie.finditer(text)] == \
               [(m.start(), m.group(0)) for m in plain.finditer(text)]


def test_the_longest_name_that_fits_wins_and_a_shorter_one_when_the_longer_does_not() -> None:
    _, trie = _both(["Niger", "Nigeria", "Niger Delta", "United States", "United States of America", "U.S."])
    text = "Nigeria, the Niger Deltas, Niger, the United States of America, the United States Navy and U.S. troops"
    assert trie.findall(text) == ["Nigeria", "Niger", "Niger", "United States of America", "United States", "U.S."]
    _, any_case = _both(["Niger Delta", "NIGER"], re.IGNORECASE)
    assert any_case.findall("the niger delta and NIGER") == ["niger delta", "NIGER"]
    assert alternation(["ab", "ac", "a"]) == "a(?:b|c)?"
    assert alternation([]) == ""
