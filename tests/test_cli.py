"""The command line: help and version, extract in every format, ingest, events, failures, demo."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from sitreps import __version__
from sitreps.cli import cli
from sitreps.model import DATE_PRECISIONS, MODALITIES, PLOVER_TYPES, STANCES
from sitreps.store import open_store

SCHEMA_KEYS = {"id", "article_id", "sentence", "evidence", "event_type", "mode", "context", "cameo", "acled",
               "source", "target", "location", "date", "quantities", "claim", "modality", "confidence"}
COMMANDS = sorted(cli.commands)


def invoke(runner: CliRunner, *args: str, input: str | None = None) -> Result:
    return runner.invoke(cli, list(args), input=input, catch_exceptions=False)


def jsonl(output: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def query(runner: CliRunner, db: Path, *args: str) -> list[dict[str, Any]]:
    """``sitreps events --db DB --format jsonl ARGS`` as records."""
    result = invoke(runner, "events", "--db", str(db), "--format", "jsonl", *args)
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


def actor_keys(record: dict[str, Any]) -> set[str]:
    """Lower-cased codes and names of an event's sources and targets."""
    keys: set[str] = set()
    for actor in record["source"] + record["target"]:
        keys |= {value.lower() for value in (actor["code"], actor["name"]) if value}
    return keys


# -- help and version ----------------------------------------------------------------------------


def test_cli_help_lists_every_command(runner: CliRunner) -> None:
    result = invoke(runner, "--help")
    assert result.exit_code == 0
    assert set(COMMANDS) >= {"extract", "ingest", "events", "failures", "demo"}
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_cli_command_help_lists_its_options(runner: CliRunner, name: str) -> None:
    result = invoke(runner, name, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage:")
    options = [opt for param in cli.commands[name].params for opt in param.opts if opt.startswith("--")]
    for opt in options:
        assert opt in result.output, f"{name} --help does not mention {opt}"


def test_cli_version(runner: CliRunner) -> None:
    result = invoke(runner, "--version")
    assert result.exit_code == 0
    assert "sitreps" in result.output
    assert __version__ in result.output


def test_python_dash_m_sitreps_help() -> None:
    done = subprocess.run([sys.executable, "-m", "sitreps", "--help"], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "Usage:" in done.stdout
    assert "ingest" in done.stdout


# -- extract ---------------------------------------------------------------------------------------


@pytest.fixture
def wire_records(runner: CliRunner, wire_file: Path) -> list[dict[str, Any]]:
    result = invoke(runner, "extract", str(wire_file), "--published", "2015-10-18", "--format", "jsonl")
    assert result.exit_code == 0, result.output
    return jsonl(result.stdout)


def test_extract_jsonl_records_have_the_schema_keys(wire_records: list[dict[str, Any]],
                                                    wire_text: str) -> None:
    assert wire_records
    for record in wire_records:
        assert SCHEMA_KEYS <= set(record)
        assert record["event_type"] in PLOVER_TYPES
        assert record["modality"] in MODALITIES
        assert 0.0 <= record["confidence"] <= 1.0
        assert isinstance(record["source"], list) and isinstance(record["target"], list)
        evidence = record["evidence"]
        assert wire_text[evidence["start"]:evidence["end"]] == evidence["text"]
        if record["claim"] is not None:
            assert record["claim"]["stance"] in STANCES
        if record["date"] is not None:
            assert record["date"]["precision"] in DATE_PRECISIONS
            assert record["date"]["start"] <= record["date"]["end"]


def test_extract_reads_the_wire_story(wire_records: list[dict[str, Any]]) -> None:
    killed = [r for r in wire_records if r["event_type"] == "ASSAULT"
              and (r["quantities"].get("killed") or {}).get("best") == 300]
    assert killed, "no ASSAULT with 300 killed"
    event = killed[0]
    assert event["claim"] and event["claim"]["claimant"], "the defence ministry says so"
    assert event["claim"]["claimant"]["code"] == "RUS"
    assert event["date"]["start"] == "2015-10-17"
    assert event["date"]["precision"] == "range"


def test_extract_gives_the_same_ids_on_every_run(runner: CliRunner, wire_file: Path,
                                                  wire_records: list[dict[str, Any]]) -> None:
    again = jsonl(invoke(runner, "extract", str(wire_file), "--published", "2015-10-18").stdout)
    assert [r["id"] for r in again] == [r["id"] for r in wire_records]
    assert len({r["id"] for r in wire_records}) == len(wire_records)


def test_extract_normalises_content_farm_names(runner: CliRunner, tmp_path: Path, farm_text: str) -> None:
    path = tmp_path / "farm.txt"
    path.write_text(farm_text, encoding="utf-8")
    result = invoke(runner, "extract", str(path), "--published", "2015-10-19")
    assert result.exit_code == 0, result.output
    actors = []
    for record in jsonl(result.stdout):
        actors += record["source"] + record["target"]
        if record["claim"] and record["claim"]["claimant"]:
            actors.append(record["claim"]["claimant"])
    expected = {"Russian Federation": "RUS", "North Atlantic Treaty Organisation": "IGO", "USA": "USA"}
    for words, code in expected.items():
        named = [a for a in actors if re.search(rf"\b{words}\b", a["text"])]
        assert named, f"no actor written {words!r}"
        assert any(a["code"] == code for a in named), f"{words!r} is not coded {code}: {named}"


def test_extract_csv_has_a_header_and_one_row_per_event(runner: CliRunner, wire_file: Path,
                                                         wire_records: list[dict[str, Any]]) -> None:
    result = invoke(runner, "extract", str(wire_file), "--published", "2015-10-18", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    header = result.stdout.splitlines()[0].split(",")
    assert {"id", "article_id", "event_type", "evidence"} <= set(header)
    assert [row["id"] for row in rows] == [r["id"] for r in wire_records]
    assert all(row["event_type"] in PLOVER_TYPES for row in rows)


def test_extract_json_is_one_list(runner: CliRunner, wire_file: Path,
                                  wire_records: list[dict[str, Any]]) -> None:
    result = invoke(runner, "extract", str(wire_file), "--published", "2015-10-18", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert isinstance(records, list)
    assert records == wire_records


def test_extract_reads_stdin(runner: CliRunner, wire_text: str, wire_records: list[dict[str, Any]]) -> None:
    result = invoke(runner, "extract", "-", "--published", "2015-10-18", input=wire_text)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in jsonl(result.stdout)] == [r["id"] for r in wire_records]


def test_extract_reports_a_skipped_input_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = invoke(runner, "extract", str(empty))
    assert result.exit_code == 1  # nothing readable
    assert result.stdout == ""
    assert "empty.txt" in result.stderr and "empty" in result.stderr and "nothing readable" in result.stderr


def test_extract_rejects_a_bad_date(runner: CliRunner, wire_file: Path) -> None:
    result = invoke(runner, "extract", str(wire_file), "--published", "2015-13-45")
    assert result.exit_code == 2
    assert "2015-13-45" in result.output


@pytest.mark.parametrize("command", ["extract", "ingest"])
def test_a_bogus_model_is_a_clean_error(runner: CliRunner, wire_file: Path, tmp_path: Path,
                                        command: str) -> None:
    args = [command, str(wire_file), "--model", "no_such_model_xyz"]
    if command == "ingest":
        args += ["--db", str(tmp_path / "bogus.duckdb")]
    result = runner.invoke(cli, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), f"uncaught {result.exception!r}"
    assert "no_such_model_xyz" in result.output and "not installed" in result.output
    assert "Traceback" not in result.output


# -- ingest, failures, events ----------------------------------------------------------------------


def test_ingest_summarises_and_stores(ingested: Any) -> None:
    output = ingested.output
    for word in ("articles", "events", "failures"):
        assert word in output
    assert ingested.db.exists()
    stored_events = int(re.search(r"(\d+) events", output).group(1))
    with open_store(ingested.db, read_only=True) as store:
        counts = store.counts()
    assert counts["articles"] == 4
    assert counts["failures"] == 3
    assert counts["events"] == stored_events > 0
    assert re.search(rf"\b{counts['failures']} failures", output)


def test_ingest_twice_stores_nothing_new(runner: CliRunner, mixed_inputs: Path, tmp_path: Path) -> None:
    db = tmp_path / "twice.duckdb"
    first = invoke(runner, "ingest", str(mixed_inputs), "--db", str(db))
    assert first.exit_code == 0, first.output
    with open_store(db, read_only=True) as store:
        before = store.counts()
        ids_before = {e.id for e in store.events()}
    second = invoke(runner, "ingest", str(mixed_inputs), "--db", str(db))
    assert second.exit_code == 0, second.output
    assert "already stored" in second.output
    assert re.search(r"\b0 events\b", second.output)
    with open_store(db, read_only=True) as store:
        assert store.counts() == before
        assert {e.id for e in store.events()} == ids_before


def test_failures_lists_the_broken_inputs_with_reasons(runner: CliRunner, ingested: Any) -> None:
    result = invoke(runner, "failures", "--db", str(ingested.db))
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 3
    expected = {"empty.txt": "empty", "blob.bin": "binary", "records.jsonl#2": "parse"}
    for name, kind in expected.items():
        found = [fields for fields in lines if fields[2].endswith(name)]
        assert found, f"{name} is not listed"
        stage, error, _origin, message = found[0]
        assert stage == "read"
        assert error == kind
        assert message.strip()


def test_events_filters_by_type(runner: CliRunner, ingested: Any) -> None:
    everything = query(runner, ingested.db)
    assaults = query(runner, ingested.db, "--type", "ASSAULT")
    assert assaults, "the wire story and the Mosul attack are assaults"
    assert all(r["event_type"] == "ASSAULT" for r in assaults)
    assert {r["id"] for r in assaults} == {r["id"] for r in everything if r["event_type"] == "ASSAULT"}
    assert len(assaults) < len(everything), "the protest and the arrests are not assaults"
    assert {r["id"] for r in query(runner, ingested.db, "--type", "assault")} == {r["id"] for r in assaults}


def test_events_filters_by_actor(runner: CliRunner, ingested: Any) -> None:
    everything = query(runner, ingested.db)
    codes = sorted({a["code"] for r in everything for a in r["source"] + r["target"] if a["code"]})
    narrowing = [c for c in codes if sum(c.lower() in actor_keys(r) for r in everything) < len(everything)]
    assert narrowing, f"no actor code that only some events have: {codes}"
    code = narrowing[0]
    found = query(runner, ingested.db, "--actor", code.lower())
    assert found
    assert {r["id"] for r in found} == {r["id"] for r in everything if code.lower() in actor_keys(r)}
    assert len(found) < len(everything)


def test_events_filters_by_country(runner: CliRunner, ingested: Any) -> None:
    everything = query(runner, ingested.db)
    countries = {r["location"]["country"] for r in everything if r["location"] and r["location"]["country"]}
    assert len(countries) >= 2, f"the inputs are set in four countries, found {countries}"
    for country in sorted(countries):
        found = query(runner, ingested.db, "--country", country.lower())
        assert found
        assert {r["id"] for r in found} == {
            r["id"] for r in everything if r["location"] and r["location"]["country"] == country}


def test_events_filters_by_date(runner: CliRunner, ingested: Any) -> None:
    everything = query(runner, ingested.db)
    since, until = date(2016, 1, 1), date(2020, 12, 31)

    def start(record: dict[str, Any]) -> date | None:
        return date.fromisoformat(record["date"]["start"]) if record["date"] else None

    found = query(runner, ingested.db, "--since", since.isoformat(), "--until", until.isoformat())
    expected = {r["id"] for r in everything if start(r) and since <= start(r) <= until}
    assert found, "the Mosul and Minsk events fall in 2016-2020"
    assert {r["id"] for r in found} == expected
    assert len(found) < len(everything), "the 2015 wire story and the 2023 Nairobi story fall outside"
    later = query(runner, ingested.db, "--since", "2023-01-01")
    expected_later = {r["id"] for r in everything if start(r) and start(r) >= date(2023, 1, 1)}
    assert {r["id"] for r in later} == expected_later


def test_events_limit_and_table(runner: CliRunner, ingested: Any) -> None:
    assert len(query(runner, ingested.db, "--limit", "1")) == 1
    table = runner.invoke(cli, ["events", "--db", str(ingested.db), "--type", "ASSAULT"],
                          env={"COLUMNS": "240"}, catch_exceptions=False)
    assert table.exit_code == 0, table.output
    assert "ASSAULT" in table.output


@pytest.mark.parametrize("command", ["events", "failures"])
def test_a_missing_database_is_a_clean_error(runner: CliRunner, tmp_path: Path, command: str) -> None:
    missing = tmp_path / "missing.duckdb"
    result = runner.invoke(cli, [command, "--db", str(missing)])
    assert result.exit_code != 0
    assert isinstance(result.exception, SystemExit), f"uncaught {result.exception!r}"
    assert str(missing) in result.output
    assert "Traceback" not in result.output
    assert not missing.exists()


# -- demo ------------------------------------------------------------------------------------------


def test_demo_codes_the_sample_corpus(runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # a short store path: the commands it suggests are not wrapped
    db = tmp_path / "demo.duckdb"
    result = runner.invoke(cli, ["demo", "--db", "demo.duckdb"], env={"COLUMNS": "80"}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    # incidents first, with the sample's disputed prison toll; then the pages to read with care; then events
    assert out.index("incidents") < out.index("pages to read with care") < out.index("by type")
    assert "killed 12-20, best 12 DISPUTED" in " ".join(out.split())
    pages = out[out.index("pages to read with care"):out.index("by type")]
    assert "World Brief Daily" in pages and "stitched" in pages and "spun names" in pages
    assert "a copy of the Caribbean Ledger story" in " ".join(pages.split())
    assert max(len(line) for line in out.splitlines()) <= 80, "the demo must read at 80 columns"
    with open_store(db, read_only=True) as store:
        counts = store.counts()
    assert counts["events"] > 50
    assert counts["articles"] > 20


def test_future_acts_follow_plover_unless_asked_otherwise(runner: CliRunner) -> None:
    """PLOVER codes a promised deployment of aid as AGREE; PETRARCH's convention codes the act, planned."""
    text = "Germany will send food aid to Sudan, the foreign ministry said on Monday.\n"
    plover = [json.loads(line) for line in invoke(runner, "extract", "-", "--published", "2024-05-06",
                                                  input=text).output.splitlines() if line.strip()]
    as_act = [json.loads(line) for line in invoke(runner, "extract", "-", "--published", "2024-05-06",
                                                  "--future-as-act", input=text).output.splitlines() if line.strip()]
    assert [(e["event_type"], e["modality"]) for e in plover] == [("AGREE", "asserted")]
    assert plover[0]["cameo"].startswith("033")
    assert [(e["event_type"], e["modality"]) for e in as_act] == [("AID", "planned")]
