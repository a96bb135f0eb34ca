"""A place name that names an agreement ("the Minsk truce") or who backs a group ("Moscow-backed fighters") is
not where the event happened. Made-up sentences."""

from __future__ import annotations

from datetime import date

from sitreps import api
from sitreps.model import Article


def places(text: str) -> list[tuple[str, str | None]]:
    article = Article(text=text, url=f"https://example.test/{abs(hash(text))}", published=date(2024, 2, 5))
    return [(e.event_type, e.location.name if e.location else None)
            for c in api.code_articles([article]) for e in c.events]


def test_an_agreement_named_after_a_town_is_not_the_place_of_the_event() -> None:
    found = places("Rebels fired 900 shells at army positions near Kramatorsk overnight, the heaviest shelling "
                   "since the Minsk truce, a military spokesman said on Monday.")
    assert found and all(name != "Minsk" for _, name in found)
    assert any(name == "Kramatorsk" for _, name in found)


def test_a_capital_that_backs_a_group_is_not_the_place_of_its_attack() -> None:
    found = places("Tehran-backed militiamen attacked a military base near Erbil on Sunday, wounding four "
                   "soldiers, officials said.")
    assert found and all(name != "Tehran" for _, name in found)
    assert any(name == "Erbil" for _, name in found)
    unplaced = places("Moscow-backed fighters shelled army positions overnight, killing two soldiers, a military "
                      "spokesman said on Monday.")
    assert unplaced and all(name != "Moscow" for _, name in unplaced)  # not the city (the country may stand)


def test_a_town_named_as_the_place_is_still_the_place() -> None:
    found = places("Gunmen attacked a police station in Minsk on Monday, killing two officers, police said.")
    assert any(kind == "ASSAULT" and name in ("Minsk", "Belarus") for kind, name in found)
