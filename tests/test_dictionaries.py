"""sitreps.dictionaries.petrarch: PETRARCH actor and agent files, the knowledge base built from them, and
the actor-code scoring that goes with them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest

from sitreps import api
from sitreps.dictionaries import petrarch
from sitreps.dictionaries.petrarch import (
    display,
    parse_actors,
    parse_agents,
    petrarch_code,
    read_actors,
    read_agents,
    sniff,
)
from sitreps.evaluate import predict
from sitreps.evaluate.petrarch import parse_records
from sitreps.evaluate.score import (
    CODE_FIELDS,
    Counts,
    GoldEvent,
    GoldRecord,
    Predicted,
    event_keys,
    score_record,
    summarize,
)
from sitreps.kb import KBFormatError, KnowledgeBase
from sitreps.model import Actor, Article, Coded, Event, Evidence

ACTORS = """<!-- INVENTED ACTORS FOR THE TESTS -->
<!--
# a comment block over
# several lines [XXX]
-->
ZEBRIA_  [ZEB]   # a country
+ZEBRIAN
+PORT_ZEBRA
QUXLAND [QUX]
+QUXLANDERS
HARBOUR_GUILD [ZEBBUSGLD]
NORTH_WATCH [ZEBMIL]
GREY_HOST
\t[ZEB < 950601]
\t[ZEBGOV 19950601 - 19990815]
\t[ZEBREB > 990816]
OLD_KING
\t[--- <950630]
\t[ZEB]
TWIN_CITIES [ZEB/QUX]
PEACE_LEAGUE [IGOPLG]
HELPING_HANDS [NGO]
#GHOST [GHO]
"""

AGENTS = """<!-- INVENTED AGENTS -->
!PERSON! = MAN, MEN, WOMAN, WOMEN
FOREIGN_MINISTER [~GOVFRM] # a compound agent
HARBOUR_MASTER {HARBOUR_MASTERS_GENERAL} [~GOV]
NAVY {} [~MIL]
DEPUTY [~LEG]
MILITIA [~REB]
BORDER!PERSON! [~COP]
AID_AGENCY [NGO~]
GOLDEN_GOOSE [~GGS]
"""

VERBS = """<!-- VERBS -->
&CURRENCY
+DUCATS
--- STRIKE  [190]  ---
STRIKE
"""


@pytest.fixture
def dictionaries(tmp_path: Path) -> tuple[Path, Path]:
    actors, agents = tmp_path / "Test.actors.txt", tmp_path / "Test.agents.txt"
    actors.write_text(ACTORS, encoding="utf-8")
    agents.write_text(AGENTS, encoding="utf-8")
    return actors, agents


# ---------------------------------------------------------------- actors


def test_parse_actors_reads_names_synonyms_and_codes() -> None:
    blocks = {b.name: b for b in parse_actors(ACTORS)}
    assert "GHOST" not in blocks and "XXX" not in str(blocks)  # comments, both kinds
    zebria = blocks["ZEBRIA"]
    assert zebria.exact and zebria.synonyms == ("ZEBRIAN", "PORT ZEBRA")
    assert [c.code for c in zebria.codes] == ["ZEB"]
    assert [c.code for c in blocks["TWIN CITIES"].codes] == ["ZEB", "QUX"]
    host = blocks["GREY HOST"].codes
    assert (host[0].code, host[0].start, host[0].end) == ("ZEB", None, date(1995, 5, 31))
    assert (host[1].start, host[1].end) == (date(1995, 6, 1), date(1999, 8, 15))
    assert (host[2].code, host[2].start) == ("ZEBREB", date(1999, 8, 17))


def test_actor_codes_follow_date_restrictions() -> None:
    blocks = {b.name: b for b in parse_actors(ACTORS)}
    host, king = blocks["GREY HOST"], blocks["OLD KING"]
    assert host.code_on(date(1990, 1, 1)) == "ZEB"
    assert host.code_on(date(1997, 1, 1)) == "ZEBGOV"
    assert host.code_on(date(2005, 1, 1)) == "ZEBREB"
    assert host.code_on() == "ZEBREB"  # no date: the current, open-ended code
    assert king.code_on(date(1990, 1, 1)) is None  # a null code (---) before the date
    assert king.code_on(date(2000, 1, 1)) == "ZEB" and king.code_on() == "ZEB"


def test_read_actors_makes_knowledge_base_entries(dictionaries: tuple[Path, Path]) -> None:
    entries = {e.name: e for e in read_actors(dictionaries[0])}
    zebria = entries["Zebria"]
    assert (zebria.kind, zebria.code, zebria.sector, zebria.full_code) == ("country", "ZEB", None, "ZEB")
    assert zebria.aliases == ("Port Zebra",) and zebria.demonyms[0] == "Zebrian"
    assert "Quxlanders" in entries["Quxland"].demonyms and "Quxlandi" in entries["Quxland"].demonyms
    guild = entries["Harbour Guild"]
    assert (guild.kind, guild.code, guild.sector) == ("institution", "ZEB", "BUS")
    assert guild.full_code == "ZEBBUSGLD"
    assert (entries["North Watch"].sector, entries["North Watch"].country) == ("MIL", "ZEB")
    assert (entries["Grey Host"].kind, entries["Grey Host"].sector) == ("group", "REB")
    league, hands = entries["Peace League"], entries["Helping Hands"]
    assert (league.kind, league.code, league.sector) == ("igo", "IGO", "IGO")
    assert (hands.kind, hands.code, hands.sector) == ("ngo", "NGO", "NGO")
    assert len({e.id for e in entries.values()}) == len(entries)


def test_display_writes_names_as_text_does() -> None:
    assert display("MINAS TIRITH") == "Minas Tirith"
    assert display("PRINCE OF DOL AMROTH") == "Prince of Dol Amroth"
    assert display("U.S.") == "U.S." and display("MSF") == "MSF" and display("AL-QAEDA") == "Al-Qaeda"


def test_derived_demonyms_never_shadow_forms_already_taken(dictionaries: tuple[Path, Path]) -> None:
    entries = {e.name: e for e in read_actors(dictionaries[0], taken={"quxlandi"})}
    assert "Quxlandi" not in entries["Quxland"].demonyms
    assert petrarch.derived_demonyms("Syria") == ["Syrian", "Syrians"]
    assert petrarch.derived_demonyms("Japanese") == []


def test_a_synonym_before_any_actor_is_an_error() -> None:
    with pytest.raises(KBFormatError):
        parse_actors("+LONELY\nZEBRIA [ZEB]\n")


# ---------------------------------------------------------------- agents


def test_read_agents_expands_plurals_and_substitutions(dictionaries: tuple[Path, Path]) -> None:
    agents = read_agents(dictionaries[1])
    assert agents["foreign minister"] == "GOVFRM" and agents["foreign ministers"] == "GOVFRM"
    assert agents["harbour masters general"] == "GOV" and "harbour masters" not in agents
    assert "navies" not in agents and agents["navy"] == "MIL"  # {} means no plural
    assert agents["militias"] == "REB" and agents["deputies"] == "LEG"
    assert {agents[w] for w in ("borderman", "bordermen", "borderwoman", "borderwomen")} == {"COP"}
    assert agents["aid agency"] == "NGO"  # a prefix agent: [NGO~]


def test_agent_sectors_keep_only_sitreps_sectors() -> None:
    sectors = petrarch.agent_sectors(parse_agents(AGENTS))
    assert sectors["foreign minister"] == "GOV" and sectors["bordermen"] == "COP"
    assert "golden goose" not in sectors  # GGS is no sitreps sector


def test_sniff_tells_the_dictionaries_apart(tmp_path: Path, dictionaries: tuple[Path, Path]) -> None:
    verbs, plain = tmp_path / "verbs.txt", tmp_path / "plain.txt"
    verbs.write_text(VERBS, encoding="utf-8")
    plain.write_text("# phrases\nNew Zebria\nZebria Street\n", encoding="utf-8")
    assert [sniff(p) for p in (*dictionaries, verbs, plain)] == ["actors", "agents", "verbs", None]


# ---------------------------------------------------------------- the knowledge base


def test_knowledge_base_loads_petrarch_dictionaries(tmp_path: Path, dictionaries: tuple[Path, Path]) -> None:
    plain = tmp_path / "not_actors.txt"
    plain.write_text("Zebria Street\n", encoding="utf-8")
    kb = KnowledgeBase.load([*dictionaries, plain])
    assert kb.lookup("Zebria").code == "ZEB"  # type: ignore[union-attr]
    assert kb.lookup("Zebrian").code == "ZEB"  # type: ignore[union-attr]
    assert kb.lookup("the Harbour Guild").full_code == "ZEBBUSGLD"  # type: ignore[union-attr]
    assert kb.sector_of("the new harbour master") == "GOV"
    assert kb.sector_of("zebrian bordermen") == "COP"
    assert "Zebria Street" in kb.not_actors  # a plain .txt is still a not-an-actor list
    assert kb.lookup("France").code == "FRA"  # type: ignore[union-attr]  # the bundled entries stay


def test_knowledge_base_refuses_a_verb_dictionary(tmp_path: Path) -> None:
    verbs = tmp_path / "verbs.txt"
    verbs.write_text(VERBS, encoding="utf-8")
    with pytest.raises(KBFormatError):
        KnowledgeBase.load([verbs])


@pytest.mark.slow
def test_invented_countries_code_through_the_pipeline(dictionaries: tuple[Path, Path]) -> None:
    text = "Zebria's foreign minister accused Quxland of spying on Monday."
    coded = list(api.code_articles([Article(text)], actors=[str(p) for p in dictionaries], geocode=False))
    events = [e for c in coded for e in c.events if e.event_type == "ACCUSE"]
    assert events, [e.event_type for c in coded for e in c.events]
    source, target = events[0].source[0], events[0].target[0]
    assert (source.code, source.sector, target.code) == ("ZEB", "GOV", "QUX")
    assert petrarch_code(source.code, source.sector) == "ZEBGOV"


# ---------------------------------------------------------------- scoring


def test_petrarch_code_joins_country_and_agent() -> None:
    assert petrarch_code("ARN", "GOV") == "ARNGOV" and petrarch_code("ARN", None) == "ARN"
    assert petrarch_code("ARN", "CVL") == "ARNCVL" and petrarch_code("ARN", "JRN") == "ARNMED"
    assert petrarch_code("ARN", "NGO") == "NGOARN" and petrarch_code("IGO", "IGO") == "IGO"
    assert petrarch_code(None, "GOV") is None


def _event(kind: str, source: Iterable[Actor], target: Iterable[Actor]) -> Predicted:
    event = Event("a", 0, Evidence(0, 1, "x"), kind, source=tuple(source), target=tuple(target))
    return Predicted.from_event(event)


def test_actor_codes_are_scored_at_two_levels_and_events_whole() -> None:
    fields = ("event_type", "cameo_root", "source", "target", *CODE_FIELDS)
    gold = GoldRecord("r", "t", None, (
        GoldEvent("ACCUSE", "112", ("ZEBGOVFRM",), ("QUX",), None, ("ZEB",), ("QUX",)),
        GoldEvent("ASSAULT", "190", ("QUXMIL",), ("ZEB",), None, ("QUX",), ("ZEB",)),
    ), {}, fields)
    predicted = [
        _event("ACCUSE", [Actor("Zebria", "Zebria", "ZEB", "GOV")], [Actor("Quxland", "Quxland", "QUX")]),
        _event("ASSAULT", [Actor("Quxlanders", "Quxland", "QUX", "CVL")], []),
    ]
    counts = score_record(gold, predicted).counts
    assert counts["source"] == Counts(2, 0, 0)  # ZEB, QUX
    assert counts["target"] == Counts(1, 0, 1)  # QUX found, ZEB missed
    assert counts["source_full"] == Counts(1, 1, 1)  # ZEBGOV right (FRM cut), QUXCVL for QUXMIL
    assert counts["target_full"] == Counts(1, 0, 1)
    assert counts["event"] == Counts(1, 1, 1)  # ACCUSE|ZEB|QUX right; ASSAULT|QUX|- for ASSAULT|QUX|ZEB
    right = [_event("ACCUSE", [Actor("Zebria", "Zebria", "ZEB")], [Actor("Quxland", "Quxland", "QUX")]),
             _event("ASSAULT", [Actor("Quxland", "Quxland", "QUX")], [Actor("Zebria", "Zebria", "ZEB")])]
    summary = summarize([score_record(gold, predicted), score_record(gold, right)])
    assert (summary.event_right, summary.event_total) == (1, 2)
    assert summary.to_dict()["events_exactly_right"] == {"right": 1, "total": 2, "share": 0.5}


def test_event_keys_pair_every_source_with_every_target() -> None:
    assert event_keys("AGREE", ["ZEB", "QUX"], ["ARN"]) == {"AGREE|ZEB|ARN", "AGREE|QUX|ARN"}
    assert event_keys("AGREE", [], []) == {"AGREE|-|-"}


RECORDS = """<Sentences>
<Sentence date="20010203" id="R-01" category="DEMO">
<EventCoding eventcode="112" sourcecode="ZEBGOV" targetcode="QUX" />
<Text>Zebria's foreign minister accused Quxland of spying.</Text>
</Sentence>
</Sentences>
"""


def test_records_with_dictionaries_are_all_scored_on_codes() -> None:
    plain = next(parse_records(RECORDS))
    assert "source_full" not in plain.fields  # invented codes, no dictionary: not scored on actors
    loaded = next(parse_records(RECORDS, dictionaries=("a.txt", "b.txt")))
    assert set(CODE_FIELDS) <= set(loaded.fields) and "source" in loaded.fields
    assert loaded.meta["actors"] == ["a.txt", "b.txt"]


def test_predict_loads_the_records_dictionaries(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[list[str]] = []

    def fake(articles: Iterable[Article], **options: object) -> Iterator[Coded]:
        seen.append(list(options["actors"]))  # type: ignore[call-overload]
        return iter([Coded(a) for a in articles])

    monkeypatch.setattr(api, "code_articles", fake)
    record = next(parse_records(RECORDS, dictionaries=("a.txt",)))
    found, failures = predict([record], actors=["mine.jsonl"])
    assert seen == [["mine.jsonl", "a.txt"]] and found == {"R-01": []} and not failures
