"""sitreps.evaluate's richer formats: ACLED CSV, PLOVER JSON, sitreps gold, RAMS, WikiEvents, MUC-4, IndiaPoliceEvents."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps import api
from sitreps.evaluate import FORMATS, SCORERS, evaluate
from sitreps.evaluate.acled import named_actor, parse_csv, plover_type
from sitreps.evaluate.args import (
    head,
    muc4_record,
    rams_record,
    read_wikievents,
    schema,
    score_arguments,
    text_match,
)
from sitreps.evaluate.command import evaluate as evaluate_command
from sitreps.evaluate.indiapolice import (
    labels_of,
    locate,
    mend,
    mend_mapped,
    read_indiapolice,
    score_sentences,
)
from sitreps.evaluate.plover_json import codes, current_type, parse_plover
from sitreps.evaluate.score import Counts, GoldRecord, Predicted, match_counts, measure, summarize
from sitreps.evaluate.sitreps_gold import (
    GOLD,
    OUTLET,
    country_iso3,
    haversine_km,
    names_match,
    pair,
    parse_sitreps_gold,
    score_fields,
)
from sitreps.model import Actor, Article, Claim, Coded, Event, Evidence, Place, Quantity, When


def _event(text: str, kind: str, *, source: Iterable[str | Actor] = (), target: Iterable[str | Actor] = (),
           place: Place | None = None, day: date | None = None, killed: int | None = None,
           evidence: tuple[int, int] | None = None, **more: object) -> Event:
    """A predicted event over ``text``; actor strings are found in it for their offsets."""
    def actor(a: str | Actor) -> Actor:
        if isinstance(a, Actor):
            return a
        at = text.find(a)
        return Actor(a, a, start=at if at >= 0 else None, end=at + len(a) if at >= 0 else None)

    start, end = evidence or (0, len(text))
    quantities = {"killed": Quantity(killed, killed, killed, str(killed))} if killed is not None else {}
    return Event("a", 0, Evidence(start, end, text[start:end]), kind, source=tuple(map(actor, source)),
                 target=tuple(map(actor, target)), location=place, date=When(day, day, "day") if day else None,
                 quantities=quantities, **more)  # type: ignore[arg-type]


def _predicted(*events: Event) -> list[Predicted]:
    return [Predicted.from_event(e) for e in events]


# ---------------------------------------------------------------- shared arithmetic


def test_match_counts_pairs_one_to_one() -> None:
    same = lambda g, p: g[0] == p[0]
    assert match_counts(["ab", "ac"], ["ax"], same) == Counts(1, 0, 1)  # one predicted item serves one gold
    assert match_counts(["ab"], ["ax", "ay", "bz"], same) == Counts(1, 2, 0)
    assert match_counts([], ["x"], same) == Counts(0, 1, 0)


def test_measure_gives_mean_and_median() -> None:
    assert measure([1.0, 3.0, 8.0, 4.0]) == {"n": 4, "mean": 4.0, "median": 3.5}
    assert measure([]) == {"n": 0}


def test_name_and_place_helpers() -> None:
    assert names_match("Boko Haram", ["Boko Haram militants"])  # two of three words, all of the shorter
    assert not names_match("Military Forces of Nigeria", ["Nigeria"])  # one word of four is not a name
    assert names_match("Al-Shabaab", ["al Shabaab"])
    assert country_iso3("Nigeria") == "NGA" and country_iso3("566") == "NGA" and country_iso3("xx-none") is None
    assert haversine_km(0.0, 0.0, 0.0, 1.0) == pytest.approx(111.2, abs=0.1)


# ---------------------------------------------------------------- ACLED

ACLED_CSV = """event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,country,location,latitude,longitude,fatalities,notes
NIG1,2024-03-05,Battles,Armed clash,Military Forces of Nigeria (2023-),Boko Haram - Jamaatu Ahli is-Sunnah,Nigeria,Maiduguri,11.8333,13.15,10,"On 5 March 2024, Nigerian troops clashed with Boko Haram in Maiduguri. 10 militants were killed."
NIG2,06 March 2024,Riots,Violent demonstration,Rioters (Nigeria),,Nigeria,Kano,12.0,8.5,0,"On 6 March 2024, rioters burned tyres in Kano."
NIG3,2024-03-07,Strategic developments,Change to group/activity,Boko Haram,,Nigeria,Bama,11.5,13.7,0,"On 7 March 2024, Boko Haram moved its camp near Bama."
NIG4,2024-03-08,Protests,Peaceful protest,Protesters (Nigeria),,Nigeria,Abuja,9.0,7.5,0,
"""


def test_acled_types_and_actors() -> None:
    assert plover_type("Battles") == ("ASSAULT", None)
    assert plover_type("Riots", "Mob violence") == ("PROTEST", "riot")
    assert plover_type("Strategic developments", "Arrests") == ("COERCE", "arrest")
    assert plover_type("Strategic developments", "Other") == (None, None)
    assert named_actor("Military Forces of Nigeria (2023-)").sector == "MIL"
    assert named_actor("Police Forces of India (2014-)").country == "IND"
    assert named_actor("Civilians (Nigeria)").country == "NGA"
    assert named_actor("Boko Haram").sector is None


def test_acled_reader_keeps_each_column() -> None:
    records = list(parse_csv(iter(ACLED_CSV.splitlines(keepends=True))))
    assert [r.id for r in records] == ["NIG1", "NIG2", "NIG3"]  # NIG4 has no notes
    first = records[0].meta[GOLD][0].values
    assert first["event_type"] == "ASSAULT" and first["acled event_type"] == "Battles"
    assert first["country"] == "NGA" and first["place"] == "Maiduguri" and first["date"] == date(2024, 3, 5)
    assert first["Acc@161km"] == (11.8333, 13.15) and first["killed"] == 10
    assert first["source actor"][0].sector == "MIL" and first["target actor"][0].name.startswith("Boko")
    second = records[1].meta[GOLD][0].values
    assert (second["event_type"], second["mode"], second["date"]) == ("PROTEST", "riot", date(2024, 3, 6))
    assert "event_type" not in records[2].meta[GOLD][0].values  # an unmapped strategic development


def test_acled_scoring_per_field() -> None:
    record = next(parse_csv(iter(ACLED_CSV.splitlines(keepends=True))))
    troops = Actor("Nigerian troops", "Nigerian military", "NGA", "MIL")
    place = Place("Maiduguri", "Maiduguri", "NGA", lat=11.85, lon=13.16)
    clash = _event(record.text, "ASSAULT", source=[troops], target=["Boko Haram"], place=place,
                   day=date(2024, 3, 5), killed=11, acled={"event_type": "Battles", "sub_event_type": "Armed clash"})
    extra = _event(record.text, "ACCUSE")
    score = score_fields(record, _predicted(clash, extra))
    c = score.counts
    assert c["event_type"] == Counts(1, 1, 0)  # the unpaired ACCUSE is a false positive
    assert c["acled event_type"] == Counts(1, 0, 0) and c["acled sub_event_type"] == Counts(1, 0, 0)
    assert c["source actor"] == Counts(1, 0, 0)  # by sector and country: "Military Forces of Nigeria"
    assert c["target actor"] == Counts(1, 0, 0)  # by name
    assert c["country"] == c["place"] == c["Acc@161km"] == c["date"] == Counts(1, 0, 0)
    assert c["killed"] == Counts(0, 1, 1) and c["killed ±20%"] == Counts(1, 0, 0)
    assert score.values["distance_km"][0] == pytest.approx(2.4, abs=0.2)
    assert score.detail["unpaired_predicted"][0]["event_type"] == "ACCUSE"


# ---------------------------------------------------------------- sitreps gold


def _sitreps_lines() -> list[str]:
    text = "Russian missiles hit Kharkiv on Wednesday, killing 3, the Ukrainian Air Force said. Talks failed."
    return [json.dumps({"id": "r1", "text": text, "published": "2024-05-02", "events": [
        {"event_type": "ASSAULT", "source": ["RUS"], "target": ["UKR"], "country": "Ukraine", "place": "Kharkiv",
         "lat": 49.99, "lon": 36.23, "date": "2024-05-01", "killed": 3, "claimant": "Ukrainian Air Force",
         "stance": "claimed"},
        {"event_type": "CONSULT", "claimant": None}]}), "", "{not json"]


def test_sitreps_gold_reader() -> None:
    records = list(parse_sitreps_gold(_sitreps_lines()))
    assert len(records) == 1 and records[0].published == date(2024, 5, 2)
    first, second = (g.values for g in records[0].meta[GOLD])
    assert first["country"] == "UKR" and first["source code"] == ("RUS",) and first["killed ±20%"] == 3
    assert second == {"event_type": "CONSULT", "claimant": OUTLET}


def test_sitreps_gold_pairs_events_and_scores_every_field() -> None:
    record = next(parse_sitreps_gold(_sitreps_lines()))
    text = record.text
    air_force = Actor("the Ukrainian Air Force", "Ukrainian Air Force", "UKR", "MIL")
    strike = _event(text, "ASSAULT", source=[Actor("Russian", "Russia", "RUS")], target=[],
                    place=Place("Kharkiv", "Kharkiv", "UKR", lat=49.98, lon=36.25), day=date(2024, 5, 1),
                    killed=3, claim=Claim(air_force, "claimed"))
    talks = _event(text, "CONSULT", claim=Claim(None, "asserted"))
    assert pair(record.meta[GOLD], [talks.__class__.from_dict(talks.to_dict()), strike]) == {0: 1, 1: 0}
    c = score_fields(record, _predicted(talks, strike)).counts
    assert c["event_type"] == Counts(2, 0, 0)
    assert c["source code"] == Counts(1, 0, 0) and c["target code"] == Counts(0, 0, 1)
    assert c["country"] == c["place"] == c["Acc@161km"] == c["date"] == Counts(1, 0, 0)
    assert c["killed"] == c["stance"] == Counts(1, 0, 0)
    assert c["claimant"] == Counts(2, 0, 0)  # by name, and the outlet's own voice for the talks


def test_sitreps_gold_unpaired_gold_is_missed_on_every_field() -> None:
    record = next(parse_sitreps_gold(_sitreps_lines()))
    summary = summarize([score_fields(record, [])])
    assert summary.counts["event_type"] == Counts(0, 0, 2)
    assert summary.counts["claimant"] == Counts(0, 0, 2) and summary.counts["killed"] == Counts(0, 0, 1)
    assert summary.per_type == {"ASSAULT": Counts(0, 0, 1), "CONSULT": Counts(0, 0, 1)}


# ---------------------------------------------------------------- PLOVER JSON


def test_plover_json_labels_codes_and_grouping() -> None:
    assert [current_type(x) for x in ("FIGHT", "demand", "DISAPPROVE", "INVESTIGATE", "AID", "DANCE")] == [
        "ASSAULT", "REQUEST", "ACCUSE", "ACCUSE", "AID", None]
    assert codes("SYRMIL; SYRREB") == ("SYRMIL", "SYRREB")
    assert codes([{"code": "USA", "sector": "GOV"}, "IGO"]) == ("USAGOV", "IGO")
    items = [{"id": "p1", "text": "Syrian troops shelled rebels in Idlib.", "event": "FIGHT", "source": "SYRMIL",
              "target": ["SYRREB"], "mode": "artillery", "location": {"name": "Idlib", "country": "Syria"}},
             {"id": "p1", "text": "Syrian troops shelled rebels in Idlib.", "event": "DEMAND", "source": "IGO"},
             {"id": "p2", "text": ""}]
    records = list(parse_plover(items))
    assert len(records) == 1 and len(records[0].meta[GOLD]) == 2
    first = records[0].meta[GOLD][0].values
    assert first["source country"] == ("SYR",) and first["country"] == "SYR" and first["place"] == "Idlib"
    assert "source country" not in records[0].meta[GOLD][1].values  # IGO is no country
    troops = Actor("Syrian troops", "Syrian military", "SYR", "MIL")
    shelling = _event(records[0].text, "ASSAULT", source=[troops], target=["rebels"], mode="artillery")
    c = score_fields(records[0], _predicted(shelling)).counts
    assert c["source country"] == Counts(1, 0, 0)
    assert c["source code"] == Counts(1, 0, 1)  # SYRMIL is code and sector; the unpaired REQUEST's IGO is missed
    assert c["target code"] == Counts(0, 1, 1) and c["mode"] == Counts(1, 0, 0)
    assert c["event_type"] == Counts(1, 0, 1)


# ---------------------------------------------------------------- RAMS / WikiEvents / MUC-4


def test_head_word_matching() -> None:
    assert head("members of the Farabundo Marti front [FMLN]") == "member"
    assert text_match("MEMBERS OF THE FMLN", "the FMLN") and text_match("Fans", "Russian fans")
    assert not text_match("the Russian army", "Russian fans")
    assert schema("conflict.attack.firearmattack") == ("attacker", "target", "place")
    assert schema("life.die.nonviolentdeath") is None and schema("Life.Die.Unspecified") is not None


RAMS = {"doc_key": "d1", "source_url": "u", "sentences": [["Calm", "day", "."], ["Rebels", "shelled", "the", "army",
        "base", "in", "Aleppo", "."]], "evt_triggers": [[4, 4, [["conflict.attack.n/a", 1.0]]]],
        "gold_evt_links": [[[4, 4], [3, 3], "evt1arg01attacker"], [[4, 4], [5, 7], "evt1arg02target"],
                           [[4, 4], [9, 9], "evt1arg04place"], [[4, 4], [9, 9], "evt1arg03instrument"]]}


def test_rams_record_offsets_and_argument_scores() -> None:
    record = rams_record(RAMS)
    assert record.text == "Calm day .\nRebels shelled the army base in Aleppo ."
    gold = record.meta[GOLD][0]
    assert [(a.role, record.text[slice(*a.spans[0])]) for a in gold.arguments] == [
        ("attacker", "Rebels"), ("target", "the army base"), ("place", "Aleppo")]  # the instrument is not kept
    base = record.text.index("Rebels")
    hit = _event(record.text, "ASSAULT", source=["Rebels", "Turkey"], target=["army"],
                 place=Place("Aleppo", "Aleppo", start=None), evidence=(base, len(record.text)))
    elsewhere = _event(record.text, "ASSAULT", source=["Calm"], evidence=(0, 10))  # not on the trigger
    score = score_arguments(record, _predicted(hit, elsewhere))
    assert score.counts["source side"] == Counts(1, 1, 0) == score.counts["role attacker"]
    assert score.counts["target side"] == Counts(1, 0, 0) and score.counts["place"] == Counts(1, 0, 0)
    assert list(score.counts)[:3] == ["source side", "target side", "place"]
    assert rams_record({**RAMS, "evt_triggers": [[4, 4, [["contact.discussion.n/a", 1.0]]]]}).skip


def test_wikievents_reader_uses_coreference(tmp_path: Path) -> None:
    doc = {"doc_id": "w1", "text": "ignored", "tokens": [], "entity_mentions": [
        {"id": "w1-T1", "start": 0, "end": 1, "text": "Gunmen"}, {"id": "w1-T2", "start": 2, "end": 3, "text": "police"},
        {"id": "w1-T3", "start": 4, "end": 5, "text": "They"}],
        "sentences": [[[["Gunmen", 0, 6], ["attacked", 7, 15], ["police", 16, 22], [".", 22, 23]],
                       "Gunmen attacked police."], [[["They", 30, 34], ["fled", 35, 39]], "They fled"]],
        "event_mentions": [{"id": "e1", "event_type": "Conflict.Attack.Unspecified",
                            "trigger": {"start": 1, "end": 2, "text": "attacked", "sent_idx": 0},
                            "arguments": [{"entity_id": "w1-T3", "role": "Attacker", "text": "They"},
                                          {"entity_id": "w1-T2", "role": "Target", "text": "police"}]}]}
    (tmp_path / "dev.jsonl").write_text(json.dumps(doc) + "\n", encoding="utf-8")
    (tmp_path / "coref_dev.jsonlines").write_text(json.dumps({"doc_key": "w1", "clusters": [["w1-T1", "w1-T3"]]}),
                                                  encoding="utf-8")
    record = next(read_wikievents(tmp_path))
    assert record.text == "Gunmen attacked police.\nThey fled"
    attacker, _ = record.meta[GOLD][0].arguments
    assert attacker.texts == ("They", "Gunmen") and record.text[slice(*attacker.spans[1])] == "They"
    assert record.meta[GOLD][0].trigger == (7, 15)
    guess = _event(record.text, "ASSAULT", source=["Gunmen"], target=["police"], evidence=(0, 23))
    c = score_arguments(record, _predicted(guess)).counts
    assert c["source side"] == Counts(1, 0, 0) and c["target side"] == Counts(1, 0, 0)
    assert c["place"] == Counts(0, 0, 0)


def test_muc4_scores_the_whole_document() -> None:
    raw = {"doc": "GUERRILLAS OF THE FMLN DYNAMITED A BRIDGE. LATER THE ARMY SHELLED A VILLAGE.", "roles": {
        "perp_individual_id": [["GUERRILLAS OF THE FMLN", "GUERRILLAS"]], "perp_organization_id": [["FMLN"]],
        "phys_tgt_id": [["BRIDGE"]], "hum_tgt_name": [], "incident_instrument_id": [["DYNAMITE"]]}}
    record = muc4_record("TST-1", raw)
    one = _event(record.text, "ASSAULT", source=["GUERRILLAS"], target=["A BRIDGE"])
    two = _event(record.text, "ASSAULT", source=["THE ARMY"], target=["A VILLAGE"])
    c = score_arguments(record, _predicted(one, two)).counts
    assert c["source side"] == Counts(1, 1, 1)  # GUERRILLAS serves one of the two perpetrators
    assert c["role perpind"] == Counts(1, 1, 0) and c["role perporg"] == Counts(0, 1, 1)
    assert c["role target"] == Counts(1, 1, 0) and c["role victim"] == Counts(0, 1, 0)
    empty = muc4_record("TST-2", {"doc": "THE ARMY SHELLED A VILLAGE.", "roles": {}})
    assert score_arguments(empty, _predicted(two)).counts["source side"] == Counts(0, 1, 0)


# ---------------------------------------------------------------- IndiaPoliceEvents


def _india(tmp_path: Path) -> Path:
    text = ("This story is from March 3, 2002\n\nsurat: police fired tear gas shells at a mob. "
            "two persons were killed in police firing. 40 people were arrested, police said. "
            "a mob burnt a shop. the minister said â€œpeaceâ€� was restored.")
    sents = ["This story is from March 3, 2002\n\n", "surat: police fired tear gas shells at a mob.",
             "two persons were killed in police firing.", "40 people were arrested, police said.",
             "a mob burnt a shop.", "the minister said â€œpeaceâ€� was restored."]
    labels = [[], ["FORCE", "ANY_ACTION"], ["KILL", "FORCE", "ANY_ACTION"], ["ARREST", "ANY_ACTION"], [],
              ["FAIL"]]
    (tmp_path / "docs.jsonl").write_text(json.dumps({"doc_id": 7, "doc_text": text, "doc_labels": []}) + "\n")
    (tmp_path / "sents.jsonl").write_text("".join(
        json.dumps({"doc_id": 7, "sent_id": i, "sent_labels": lab, "sent_text": s}) + "\n"
        for i, (s, lab) in enumerate(zip(sents, labels))))
    (tmp_path / "metadata.jsonl").write_text(json.dumps({"doc_id": 7, "date": "2002-03-03"}) + "\n")
    return tmp_path


def test_indiapolice_reader_mends_and_locates(tmp_path: Path) -> None:
    record = next(read_indiapolice(_india(tmp_path) / "docs.jsonl"))
    assert record.published == date(2002, 3, 3) and "“peace”" in record.text
    sentences = record.meta[GOLD]
    assert all(record.text[s.start:s.end] == mend(t).strip() for s, t in zip(sentences, [
        "This story is from March 3, 2002", "surat: police fired tear gas shells at a mob."]))
    assert locate("a b", [(0, "zz", frozenset())])[0].start == -1
    assert mend("â€˜hiâ€™") == "‘hi’"
    last = sentences[-1]
    assert record.text[last.start:last.end] == "the minister said “peace” was restored."


def test_mend_maps_offsets() -> None:
    raw = "aâ€œbÂ c"
    text, where = mend_mapped(raw)
    assert text == "a“b c"
    assert [text[where(i)] for i in (0, 4, 5, 7)] == ["a", "b", " ", "c"]
    assert where(2) == 1 and where(len(raw)) == len(text)  # inside a sequence: its start; the end: the end


def test_indiapolice_labels_and_counts(tmp_path: Path) -> None:
    record = next(read_indiapolice(_india(tmp_path)))
    text = record.text

    def at(words: str, kind: str, **more: object) -> Event:
        start = text.index(words)
        return _event(text, kind, evidence=(start, start + len(words)), **more)

    police = Actor("police", "police", None, "COP")
    fired = at("surat: police fired tear gas shells at a mob.", "ASSAULT", source=[police], trigger="fired")
    killed = at("two persons were killed in police firing.", "ASSAULT", killed=2, trigger="killed")
    arrest = at("40 people were arrested, police said.", "COERCE", mode="arrest", cameo="173")
    mob = at("a mob burnt a shop.", "ASSAULT", source=[Actor("a mob", "mob", None, "CVL")])
    assert labels_of(fired, fired.evidence.text) == {"FORCE", "ANY_ACTION"}
    assert labels_of(killed, killed.evidence.text) == {"KILL", "FORCE", "ANY_ACTION"}  # "police firing", no source
    assert labels_of(mob, mob.evidence.text) == set()
    anonymous = at("a mob burnt a shop.", "ASSAULT")
    assert labels_of(anonymous, "a mob burnt a shop, police said.") == {"ANY_ACTION"}  # police named, not force
    assert labels_of(arrest, "40 people were arrested.") == {"ARREST", "ANY_ACTION"}  # no source, no police word
    assert "KILL" in labels_of(killed, "73 have been killed in firing by the police and army.")
    far = "the police said that late at night a large mob of rioters had fired at a shop."
    assert "FORCE" not in labels_of(anonymous, far)  # police and firing too far apart
    c = score_sentences(record, _predicted(fired, killed, arrest, mob)).counts
    assert c["kill"] == Counts(1, 0, 0) and c["arrest"] == Counts(1, 0, 0)
    assert c["force"] == Counts(2, 0, 0) and c["any_action"] == Counts(3, 0, 0)
    c = score_sentences(record, _predicted(fired)).counts
    assert c["kill"] == Counts(0, 0, 1) and c["any_action"] == Counts(1, 0, 2)


# ---------------------------------------------------------------- the command, end to end


def _fake(rules: Callable[[Article], list[Event]]) -> Callable[..., Iterator[Coded]]:
    def code_articles(articles: Iterable[Article], **_: object) -> Iterator[Coded]:
        for article in articles:
            yield Coded(article, events=tuple(rules(article)))
    return code_articles


def _rules(article: Article) -> list[Event]:
    """Stands in for the pipeline: 'clashed' and 'shelled' are ASSAULTs, with what a test checks."""
    text = article.text
    if "clashed" in text:
        return [_event(text, "ASSAULT", source=[Actor("troops", "Nigerian military", "NGA", "MIL")],
                       place=Place("Maiduguri", "Maiduguri", "NGA", lat=11.8, lon=13.1), killed=10)]
    if "shelled" in text:
        return [_event(text, "ASSAULT", source=["Rebels"], target=["army"])]
    return []


@pytest.mark.parametrize("fmt", ["acled", "rams", "indiapolice", "sitreps", "plover-json", "muc4", "wikievents"])
def test_every_new_format_is_registered(fmt: str) -> None:
    assert fmt in FORMATS and fmt in SCORERS


def test_command_on_acled_json_and_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "code_articles", _fake(_rules))
    (tmp_path / "acled.csv").write_text(ACLED_CSV, encoding="utf-8")
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(evaluate_command, ["acled", str(tmp_path), "--json", "--errors", str(errors)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["records"] == 3
    assert summary["fields"]["event_type"]["tp"] == 1 and summary["fields"]["event_type"]["fn"] == 1
    assert summary["fields"]["killed"] == {"tp": 1, "fp": 0, "fn": 2, "precision": 1.0, "recall": 0.3333,
                                           "f1": 0.5}
    assert summary["measures"]["distance_km"]["n"] == 1
    rows = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["NIG1", "NIG2", "NIG3"]  # NIG1 misses the date, the rest every field
    assert rows[0]["detail"]["events"][0]["predicted"]["killed"] == 10


def test_command_table_on_rams(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "code_articles", _fake(_rules))
    path = tmp_path / "dev.jsonlines"
    other = {**RAMS, "doc_key": "d2", "evt_triggers": [[4, 4, [["contact.discussion.n/a", 1.0]]]]}
    path.write_text(json.dumps(RAMS) + "\n" + json.dumps(other) + "\n", encoding="utf-8")
    result = CliRunner().invoke(evaluate_command, ["rams", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "1 records scored" in result.stdout and "skipped 1: no attack-like gold event" in result.stdout
    assert any(line.split()[:2] == ["source", "side"] and line.split()[2:5] == ["1.000"] * 3
               for line in result.stdout.splitlines())


def test_evaluate_on_indiapolice_with_the_fake(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "code_articles", _fake(lambda a: []))
    result = evaluate("indiapolice", _india(tmp_path), limit=1)
    assert result.summary.counts["kill"] == Counts(0, 0, 1) and result.summary.counts["any_action"].fn == 3
    assert GoldRecord is type(result.records[0])
