"""sitreps.evaluate: the readers, the scoring arithmetic, and the command end to end."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from sitreps import api
from sitreps.evaluate import evaluate, read_gold
from sitreps.evaluate.cameo_tsv import parse_tsv
from sitreps.evaluate.command import evaluate as evaluate_command
from sitreps.evaluate.petrarch import fictional_codes, parse_records, split_codes
from sitreps.evaluate.score import (
    Counts,
    GoldEvent,
    GoldRecord,
    Predicted,
    cameo_quad,
    plover_quad,
    predicted_quad,
    score_record,
    sentence_event,
    set_counts,
    summarize,
)
from sitreps.model import Article, Coded, Event, Evidence

RECORDS = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
<!--
#   Use <Sentence ... evaluate="false"> to skip a case, with a comment in <!-- ... --> saying why.
#   The lines beginning with <PLEvent... are ignored.
-->
<Environment>
    <Include>DEMO VERB</Include>
</Environment>
<Sentences>
<Sentence date="20010203" id="DEMO-01" category="DEMO" evaluate="true">
<!-- two codings, and a compound target in PLOVER form -->
<EventCoding eventcode="032" sourcecode="ZEBGOV" targetcode="QUX" />
<EventCoding sourcecode='"THE HARBOUR GUILD"' targetcode="QUX/ZEB" eventcode="190"></EventCoding>
<PLEvent {"event": "032", "source": [{"code": "ZEB", "sector": "GOV"}], "target": [{"code": "QUX"}]}>
<Text>
The Zebrian cabinet left for talks with
Quxland &amp; its neighbours.
</Text>
<Parse>(ROOT (S (NP (NNP Zebria))))</Parse></Sentence>

<Sentence date="20010204" id="DEMO-02" category="DEMO">
<EventCoding noevents = "True"></EventCoding>
<Text>The weather in Quxland was mild.</Text>
</Sentence>

<Sentence date="20010205" id="DEMO-03" category="DEMO" evaluate="false">
<EventCoding eventcode="190" sourcecode="ZEB" targetcode="QUX" />
<Text>Zebria shelled Quxland.</Text>
</Sentence>

<Sentence date="20010206" id="DEMO-04" category="DEMO">
<EventCoding error="dateline" />
<Text>HARBOUR CITY: -- Zebria shelled Quxland.</Text>
</Sentence>

<Sentence date="20010207" id="DEMO-05" category="DEMO">
<EventCoding error="sentencediscard" />
<Text>Zebria beat Quxland at cricket.</Text>
</Sentence>

<Sentence date="20010208" id="VERB-01" category="VERB">
<EventCoding eventcode="345" sourcecode="ZEB" targetcode="QUX" />
<Text>Zebria abandoned a parade in Quxland.</Text>
</Sentence>

<Sentence date="20010209" id="PARSING-01" category="PARSING">
<EventCoding eventcode="190" sourcecode="ZEB" targetcode="QUX" />
<Text>Zebria shelled Quxland again.</Text>
</Sentence>

<Sentence date="2001xx09" id="VERB-02" category="VERB">
<EventCoding eventcode="111" sourcecode="FRA" targetcode="ERIGOV" />
<EventCoding eventcode="010" sourcecode="FRA" targetcode="ERI" />
<Text>France criticised Eriador's government.</Text>
</Sentence>

<Sentence date="20010210" id="VERB-02" category="VERB">
<EventCoding eventcode="1121" sourcecode="FRAGOV" targetcode="PHL" />
<Text>The French government accused the Philippines of lying.</Text>
</Sentence>
</Sentences>
</Validation>
"""

ACTORS = """<!-- VALIDATION ACTORS -->
# a comment line
ERIADOR  [ERI]
+ERIADORIAN
FRANCE  [FRA]  # a real country
+FRENCH
PHILIPPINES [PHL]
THE_SHIRE  [FRO/BIL/SAM]
GOLLUM
\t[HOB < 950601]
"""


def _records(tmp_path: Path) -> Path:
    folder = tmp_path / "suite"
    folder.mkdir()
    (folder / "Test.records.xml").write_text(RECORDS, encoding="utf-8")
    (folder / "Test.actors.txt").write_text(ACTORS, encoding="utf-8")
    return folder


# ---------------------------------------------------------------- readers


def test_petrarch_reads_records_codings_and_skips(tmp_path: Path) -> None:
    records = {r.id: r for r in read_gold("petrarch", _records(tmp_path))}
    assert list(records) == ["DEMO-01", "DEMO-02", "DEMO-03", "DEMO-04", "DEMO-05", "VERB-01", "PARSING-01",
                             "VERB-02", "VERB-02#2"]
    first = records["DEMO-01"]
    assert first.text == "The Zebrian cabinet left for talks with Quxland & its neighbours."
    assert first.published == date(2001, 2, 3)
    assert [e.cameo for e in first.events] == ["032", "190"]
    assert [e.event_type for e in first.events] == ["AGREE", "ASSAULT"]
    assert first.events[0].source == ("ZEBGOV",) and first.events[0].source_countries == ("ZEB",)
    assert first.events[1].source == ("THE HARBOUR GUILD",)
    assert first.events[1].target == ("QUX", "ZEB")
    assert first.events[0].quad == "verbal_cooperation"
    assert first.meta["plover_events"][0]["target"] == [{"code": "QUX"}]
    assert first.skip is None and first.fields[:2] == ("event_type", "cameo_root")
    assert "source_full" in first.fields  # the suite's own dictionary sits beside it: actor codes are scored

    assert records["DEMO-02"].events == () and records["DEMO-02"].skip is None
    assert records["DEMO-03"].skip == 'evaluate="false"'
    assert "dateline" in (records["DEMO-04"].skip or "")
    assert records["DEMO-05"].skip is None and records["DEMO-05"].meta["error"] == "sentencediscard"
    assert records["VERB-01"].skip == "gold code outside CAMEO"
    assert records["PARSING-01"].skip == "category not in <Include>"


def test_petrarch_scores_actors_only_on_real_country_codes(tmp_path: Path) -> None:
    records = {r.id: r for r in read_gold("petrarch", _records(tmp_path))}
    eriador = records["VERB-02"]
    assert eriador.published is None  # a malformed date is dropped, not fatal
    statement = eriador.events[1]
    assert statement.cameo == "010" and statement.event_type is None  # a statement has no PLOVER type
    assert "source" in eriador.fields  # ERI is Eriador, which the suite's own dictionary defines
    assert records["VERB-02#2"].fields[:4] == ("event_type", "cameo_root", "source", "target")


def test_fictional_codes_come_from_the_dictionary() -> None:
    assert fictional_codes(ACTORS) == frozenset({"ERI", "FRO"})


def test_split_codes() -> None:
    assert split_codes("FRO/BIL/SAM") == ("FRO", "BIL", "SAM")
    assert split_codes('"INJURY TOLL"') == ("INJURY TOLL",)
    assert split_codes(None) == ()


def test_parse_records_without_include_keeps_every_category() -> None:
    text = RECORDS.replace("<Include>DEMO VERB</Include>", "")
    records = {r.id: r for r in parse_records(text)}
    assert records["PARSING-01"].skip is None


def test_cameo_tsv_reads_labels_as_quads(tmp_path: Path) -> None:
    path = tmp_path / "classes.tsv"
    path.write_bytes(b'Zebria shelled "Quxland" harbour.\t4\r\nThe minister spoke.\t0\r\n\r\nno label here\r\n'
                     b"Zebria praised Quxland.\t1\r\n")
    records = list(read_gold("cameo-tsv", tmp_path))
    assert [r.text for r in records] == ['Zebria shelled "Quxland" harbour.', "The minister spoke.",
                                         "Zebria praised Quxland."]
    assert [r.quad for r in records] == ["material_conflict", "neutral", "verbal_cooperation"]
    assert [r.id for r in records] == ["classes:1", "classes:2", "classes:5"]
    assert records[0].fields == ("quad",) and records[0].meta == {"label": 4}


def test_cameo_tsv_rejects_unknown_labels() -> None:
    assert list(parse_tsv("A sentence.\t7\nAnother.\tx\n")) == []


# ---------------------------------------------------------------- scoring


def test_counts_arithmetic() -> None:
    c = set_counts({"A", "B", "C"}, {"B", "C", "D", "E"})
    assert (c.tp, c.fp, c.fn) == (2, 2, 1)
    assert c.precision == pytest.approx(0.5) and c.recall == pytest.approx(2 / 3)
    assert c.f1 == pytest.approx(4 / 7)
    assert Counts().f1 == 0.0 and (c + Counts(1, 0, 0)).tp == 3


def _gold(rid: str, *events: GoldEvent, fields: tuple[str, ...] = ("event_type", "cameo_root")) -> GoldRecord:
    return GoldRecord(rid, "text", None, events, {}, fields)


def test_scores_micro_average_over_records() -> None:
    records = [
        _gold("r1", GoldEvent("ASSAULT", "190"), GoldEvent("ACCUSE", "112")),
        _gold("r2"),  # no event in gold
        _gold("r3", GoldEvent("AGREE", "032"), GoldEvent(None, "010")),
        _gold("r4"),
    ]
    predicted = {
        "r1": [Predicted("ASSAULT", "195"), Predicted("ASSAULT", "190")],
        "r2": [],
        "r3": [Predicted("AGREE", "036"), Predicted("REJECT", None)],
        "r4": [Predicted("THREATEN", "138")],
    }
    scores = [score_record(r, predicted[r.id]) for r in records]
    assert [s.exact for s in scores] == [False, True, False, False]
    summary = summarize(scores, {"evaluate=false": 2})
    types, roots = summary.counts["event_type"], summary.counts["cameo_root"]
    assert (types.tp, types.fp, types.fn) == (2, 2, 1)  # ASSAULT, AGREE / REJECT, THREATEN / ACCUSE
    assert (roots.tp, roots.fp, roots.fn) == (2, 1, 1)  # 19, 03 / 13 / 11; the statement 010 is not scored
    assert (summary.exact_right, summary.exact_total) == (1, 4)
    assert summary.exact_share == pytest.approx(0.25)
    assert summary.per_type["THREATEN"] == Counts(0, 1, 0)
    assert summary.per_type["ASSAULT"] == Counts(1, 0, 0)
    assert summary.records == 4 and summary.skipped == {"evaluate=false": 2}
    assert [s.right for s in scores] == [False, True, False, False]


def test_actor_codes_are_scored_where_the_record_says_so() -> None:
    gold = _gold("r", GoldEvent("ACCUSE", "112", ("FRAGOV",), ("PHL",), None, ("FRA",), ("PHL",)),
                 fields=("event_type", "cameo_root", "source", "target"))
    score = score_record(gold, [Predicted("ACCUSE", "112", ("FRA", "IGO"), ())])
    assert score.counts["source"] == Counts(1, 1, 0)
    assert score.counts["target"] == Counts(0, 0, 1)
    assert "source" not in score_record(_gold("s", GoldEvent("ACCUSE")), []).counts


def test_quads() -> None:
    assert plover_quad("PROTEST") == "material_conflict" and plover_quad("REQUEST") == "verbal_conflict"
    assert plover_quad("RETREAT") == "material_cooperation" and plover_quad(None) is None
    assert [cameo_quad(c) for c in ("020", "046", "0871", "112", "1951", None, "99")] == [
        "neutral", "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict",
        None, None]
    assert cameo_quad("163") == cameo_quad("1622") == "verbal_conflict"  # reducing relations is verbal
    assert cameo_quad("173") == cameo_quad("154") == "material_conflict"
    events = [Predicted("REQUEST", "020", confidence=0.5), Predicted("ASSAULT", "190", confidence=0.8)]
    assert predicted_quad(events) == "neutral"  # the first event, by its CAMEO code: an appeal
    assert predicted_quad(events, by="plover") == "verbal_conflict"  # PLOVER REQUEST
    assert predicted_quad([]) == "neutral"


def _told(kind: str, cameo: str, trigger: str, text: str, modality: str = "asserted") -> Predicted:
    event = Event("a", 0, Evidence(0, len(text), text), kind, trigger=trigger, cameo=cameo, modality=modality,
                  confidence=0.9 if kind == "SUPPORT" else 0.5)
    return Predicted.from_event(event)


def test_sentence_event_is_the_first_asserted_act() -> None:
    text = "Japan provided $5 million in aid to support refugees."
    aid, support = _told("AID", "070", "provided", text), _told("SUPPORT", "051", "support", text)
    assert sentence_event([support, aid]) is aid  # by the place of the trigger, not by confidence
    assert predicted_quad([support, aid]) == "material_cooperation"
    text = "Japan is considering sending aid to Nepal."
    assert sentence_event([_told("AID", "070", "sending aid", text, "planned")]) is None
    assert predicted_quad([_told("AID", "070", "sending aid", text, "planned")]) == "neutral"


def test_quad_accuracy_and_confusion() -> None:
    records = [GoldRecord(f"q{i}", "t", None, (GoldEvent(quad=q),), {}, ("quad",))
               for i, q in enumerate(("material_conflict", "neutral", "verbal_cooperation",
                                      "verbal_conflict"))]
    predicted = [[Predicted("ASSAULT", "190")], [], [Predicted("AID", "070")], [Predicted("REQUEST", "020")]]
    summary = summarize(score_record(r, p) for r, p in zip(records, predicted))
    assert (summary.quad_right, summary.quad_total) == (2, 4)  # by CAMEO: REQUEST 020 is an appeal (neutral)
    assert summary.quad_right_plover == 3  # by PLOVER: REQUEST is verbal conflict; AID is material either way
    assert summary.confusion["verbal_cooperation"] == {"material_cooperation": 1}
    assert summary.confusion["verbal_conflict"] == {"neutral": 1}
    assert summary.to_dict()["quad"]["accuracy_by_plover_type"] == 0.75
    assert summary.exact_total == 0 and summary.counts == {}


# ---------------------------------------------------------------- end to end


def _fake_code_articles(articles: Iterable[Article], **_: object) -> Iterator[Coded]:
    """Stands in for the pipeline: 'shelled' is ASSAULT by ZEB, 'talks' is CONSULT, nothing else."""
    for article in articles:
        events = []
        for word, kind, cameo in (("shelled", "ASSAULT", "195"), ("talks", "CONSULT", "040")):
            if word in article.text:
                evidence = Evidence(0, len(article.text), article.text)
                events.append(Event(article.id, 0, evidence, kind, cameo=cameo))
        yield Coded(article, events=tuple(events))


def test_evaluate_command_on_petrarch_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "code_articles", _fake_code_articles)
    errors = tmp_path / "errors.jsonl"
    result = CliRunner().invoke(evaluate_command, ["petrarch", str(_records(tmp_path)), "--json",
                                                   "--errors", str(errors)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["records"] == 5  # DEMO-01, DEMO-02, DEMO-05, VERB-02, VERB-02#2
    assert summary["skipped"]["gold code outside CAMEO"] == 1
    # gold types: {AGREE, ASSAULT}, {}, {}, {ACCUSE}, {ACCUSE}; predicted: {CONSULT}, {}, {}, {}, {}
    assert summary["fields"]["event_type"] == {"tp": 0, "fp": 1, "fn": 4, "precision": 0.0, "recall": 0.0,
                                               "f1": 0.0}
    assert summary["exactly_right"] == {"right": 2, "total": 5, "share": 0.4}
    rows = [json.loads(line) for line in errors.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["DEMO-01", "VERB-02", "VERB-02#2"]
    assert rows[0]["gold_types"] == ["AGREE", "ASSAULT"] and rows[0]["predicted_types"] == ["CONSULT"]


def test_evaluate_command_table_on_cameo_tsv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(api, "code_articles", _fake_code_articles)
    path = tmp_path / "train.tsv"
    path.write_text("Zebria shelled Quxland.\t4\nThe minister spoke.\t0\nZebria held talks.\t3\n",
                    encoding="utf-8")
    result = CliRunner().invoke(evaluate_command, ["cameo-tsv", str(path), "--limit", "2"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "2 records scored" in result.stdout
    assert "quad accuracy: 2/2 = 1.000" in result.stdout


def test_evaluate_command_rejects_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(evaluate_command, ["no-such-format", str(tmp_path)])
    assert result.exit_code == 2 and "no-such-format" in result.output


@pytest.mark.slow
def test_evaluate_runs_the_real_pipeline(tmp_path: Path) -> None:
    result = evaluate("petrarch", _records(tmp_path), limit=2)
    assert [r.id for r in result.records] == ["DEMO-01", "DEMO-02"]
    assert set(result.predicted) == {"DEMO-01", "DEMO-02"}
    assert result.summary.exact_total == 2 and not result.failures
    assert all(p.event_type for ps in result.predicted.values() for p in ps)
