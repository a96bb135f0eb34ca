"""A labour strike told as a state ("are on strike", "remained on strike") is a PROTEST (CAMEO 143), like
"went on strike"; a negated one keeps modality negated; a military strike stays ASSAULT."""

from __future__ import annotations

import pytest

from sitreps import api


def _coded(text: str) -> list[tuple[str, str | None, str]]:
    return [(e.event_type, e.cameo, e.modality) for e in api.extract(text, published="2024-03-05")]


@pytest.mark.parametrize("text", [
    "Dock workers in the port have been on strike since Monday over unpaid wages.",
    "Nurses are on strike in the capital.",
    "Teachers remained on strike on Tuesday.",
    "Bus drivers stayed on strike for a third day.",
])
def test_being_on_strike_is_a_strike(text: str) -> None:
    assert ("PROTEST", "143", "asserted") in _coded(text), _coded(text)


def test_not_on_strike_is_negated() -> None:
    assert ("PROTEST", "143", "negated") in _coded("The doctors were not on strike.")


def test_a_military_strike_is_no_labour_strike() -> None:
    coded = _coded("Warplanes carried out a strike on rebel positions near the border on Monday.")
    assert coded and coded[0][0] == "ASSAULT" and all(c[1] != "143" for c in coded), coded
