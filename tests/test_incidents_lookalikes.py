"""Look-alike incidents and the merged killed figure: made-up reports of attacks on one day in towns of one
province; "at least N" as a floor; a report's reactions and arrests (their date carried over from the lede)
in its incident, not in incidents of their own; one sentence one act; rare names told apart."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from sitreps.incidents import Settings, build_incidents, query_incidents
from sitreps.incidents.merge import figure, lower_bound
from sitreps.incidents.telling import Telling
from sitreps.model import Actor, Article, Coded, Event, Evidence, Place, Quantity, When
from sitreps.store import open_store

DAY = date(2031, 6, 3)
LAKETON = Place("Laketon", "Laketon", "KEN", "Rift", 0.5, 36.0, None, "city", "test")
HILLVALE = Place("Hillvale", "Hillvale", "KEN", "Rift", 0.0, 36.6, None, "city", "test")
RIFT = Place("Rift province", "Rift", "KEN", "Rift", None, None, None, "admin1", "test")
GUNMEN = Actor("gunmen", "gunmen", None, "REB")
POLICE = Actor("police", "police", "KEN", "COP")


def event(article: str, sentence: int, text: str, start: int, kind: str = "ASSAULT", place: Place | None = LAKETON,
          killed: Quantity | None = None, own_date: bool = True) -> Event:
    """An event of a sentence starting at ``start``; its date told in it, or carried over from the lede."""
    span = start if own_date else 0
    when = When(DAY, DAY, "day", "on Tuesday", span, span + 10)
    return Event(article, sentence, Evidence(start, start + len(text), text), kind, trigger="killed",
                 source=(POLICE if kind != "ASSAULT" else GUNMEN,), location=place, date=when,
                 quantities={"killed": killed} if killed else {}, confidence=0.9, main=True)


def telling(article: str, outlet: str, killed: Quantity) -> Telling:
    return Telling(event(article, 0, killed.text, 0, killed=killed), outlet, DAY, outlet)


def test_at_least_is_a_floor_that_a_fuller_count_meets() -> None:
    early = Quantity(16, 16, 16, "killing at least 16")
    later = Quantity(17, 17, 17, "killing 17")
    assert lower_bound(early) and not lower_bound(later)
    merged = figure([telling("a1", "Daily Lantern", early), telling("a2", "Evening Kettle", later)], "killed")
    assert merged is not None and (merged.low, merged.best, merged.high, merged.disputed) == (16, 17, 17, False)
    # two counts that contradict each other, one source each: the lowest (ACLED's rule), and disputed
    five, forty = Quantity(5, 5, 5, "killing 5"), Quantity(40, 40, 40, "killing 40")
    merged = figure([telling("a1", "Daily Lantern", forty), telling("a2", "Evening Kettle", five)], "killed")
    assert merged is not None and (merged.best, merged.disputed) == (5, True)
    # a count below another outlet's floor is disputed; two outlets' count beats one outlet's floor
    three = Quantity(3, 3, 3, "killing 3")
    floor = Quantity(6, 6, 6, "at least 6 killed")
    merged = figure([telling("a1", "A", three), telling("a2", "B", three), telling("a3", "C", floor)], "killed")
    assert merged is not None and (merged.best, merged.disputed) == (3, True)


def _report(name: str, title: str, sentences: list[str], events: list[Event], outlet: str = "Daily Lantern"
            ) -> Coded:
    text = " ".join(sentences)
    return Coded(Article(text=text, title=title, outlet=outlet, published=DAY, id=name), events=tuple(events))


def _lede_report() -> tuple[str, list[str], list[int]]:
    sentences = ["Gunmen killed 6 villagers in Laketon on Tuesday.",
                 "Police said two suspects had been arrested in connection with the attack.",
                 "Another eight were wounded and taken to hospital in Hillvale."]
    starts = [0]
    for s in sentences[:-1]:
        starts.append(starts[-1] + len(s) + 1)
    return "Six killed in Laketon raid", sentences, starts


def test_a_reports_reactions_and_wounded_stay_in_its_incident(tmp_path: Path) -> None:
    title, sentences, starts = _lede_report()
    events = [event("r1", 0, sentences[0], starts[0], killed=Quantity(6, 6, 6, "killed 6")),
              event("r1", 1, sentences[1], starts[1], kind="COERCE", place=RIFT, own_date=False),
              event("r1", 2, sentences[2], starts[2], place=HILLVALE, own_date=False)]
    found = {}
    for fold in (True, False):
        db = tmp_path / f"fold-{fold}.duckdb"
        with open_store(db) as store:
            store.write([_report("r1", title, sentences, events)])
            build_incidents(store, Settings(fold_undated=fold))
        found[fold] = query_incidents(db)
    assert len(found[True]) == 1 and len(found[True][0].claims) == 3
    assert found[True][0].location is not None and found[True][0].location.name == "Laketon"
    assert len(found[False]) == 3  # without folding: the arrest and the hospital are incidents of their own


def test_one_sentence_is_one_act_in_any_family(tmp_path: Path) -> None:
    text = "Police opened fire on protesters in Laketon on Tuesday, killing 3."
    events = [event("p1", 0, text, 0, kind="PROTEST"), event("p1", 0, text, 0, kind="COERCE"),
              event("p1", 0, text, 0, killed=Quantity(3, 3, 3, "killing 3"))]
    db = tmp_path / "s.duckdb"
    with open_store(db) as store:
        store.write([_report("p1", "Three protesters shot dead in Laketon", [text], events)])
        build_incidents(store)
    found = query_incidents(db)
    assert len(found) == 1 and found[0].quantities["killed"].best == 3


def test_look_alikes_naming_two_towns_the_coder_did_not_place_stay_apart(tmp_path: Path) -> None:
    """Two raids told in the same words, both placed only in the province: the ledes name two towns (real
    Kenyan towns, as the gazetteer has them; the reports are made up)."""
    def raid(name: str, village: str, killed: int, outlet: str) -> Coded:
        text = f"Gunmen attacked {village} in Rift province on Tuesday, killing {killed} residents and burning homes."
        return _report(name, f"Gunmen kill {killed} in {village}, Rift province",
                       [text], [event(name, 0, text, 0, place=RIFT, killed=Quantity(killed, killed, killed,
                                                                                       f"killing {killed}"))], outlet)

    reports = [raid("k1", "Mogotio", 6, "Daily Lantern"), raid("k2", "Mogotio", 6, "Evening Kettle"),
               raid("t1", "Marigat", 6, "Morning Anvil"), raid("t2", "Marigat", 6, "Harbour Gazette")]
    # other news of the province on other days, so that the province's name is not rare in the build
    reports += [_report(f"o{n}", f"Rift province news {n}", [f"Farmers in Rift province harvested maize {n}."], [])
                for n in range(4)]
    found = {}
    for rare in (Settings().name_rare, 0.0):
        db = tmp_path / f"rare-{rare}.duckdb"
        with open_store(db) as store:
            store.write(reports)
            build_incidents(store, Settings(name_rare=rare))
        found[rare] = sorted(i.articles for i in query_incidents(db))
    assert found[Settings().name_rare] == [("k1", "k2"), ("t1", "t2")]
    assert found[0.0] == [("k1", "k2", "t1", "t2")]  # place, day, words and figure alone cannot tell them apart


def test_the_lookalike_scorer_reads_incident_lines() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "eval"))
    from lookalikes_score import baseline, clusterings, killed_exact

    incidents = [{"id": "x", "articles": ["a", "b"], "quantities": {"killed": {"low": 4, "best": 5, "high": 5}}},
                 {"id": "y", "articles": ["b"], "quantities": {"killed": {"low": None, "best": None, "high": None}}},
                 {"id": "z", "articles": ["c"], "quantities": {"killed": {"low": 2, "best": 2, "high": 2}}}]
    found = clusterings(incidents, ["a", "b", "c", "d"])
    assert found["main"]["b"] == "x" and found["first"]["b"] == "x" and found["last"]["b"] == "y"
    assert found["any"]["b"] == {"x", "y"}
    assert found["main"]["d"] == "alone:d" and found["several"] == 1
    gold = [{"id": "g1", "articles": ["a", "b"], "killed": 5}, {"id": "g2", "articles": ["c", "d"], "killed": 3}]
    right, total, misses = killed_exact(gold, incidents)
    assert (right, total) == (1, 2) and misses and misses[0].startswith("g2 gold 3")
    articles = [{"id": "a", "title": "Gunmen raid Kamasia", "text": "Gunmen attacked Kamasia in Rift and Kerio.",
                 "published": "2031-06-03"},
                {"id": "b", "title": "Kamasia attack", "text": "Armed men raided Kamasia in Rift and Kerio.",
                 "published": "2031-06-05"},
                {"id": "c", "title": "Kamasia attack", "text": "Armed men raided Kamasia in Rift and Kerio.",
                 "published": "2031-06-10"}]
    linked = baseline(articles)
    assert linked["a"] == linked["b"] != linked["c"]  # three names shared, but c is a week later
