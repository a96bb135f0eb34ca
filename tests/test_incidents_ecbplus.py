"""`sitreps evaluate ecbplus` on a made-up set in the ECB+ layout (two look-alike incidents in one topic)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sitreps.cli import cli
from sitreps.evaluate import split_of
from sitreps.evaluate.ecbplus import baseline, read_docs

DOCS = [
    ("d1", "north", ("Gunmen stormed the Northtown market. Gunmen stormed the market in Northtown on Tuesday, "
                    "killing seven traders, Governor Adaeze Okonkwo said.")),
    ("d2", "north", ("Seven traders killed in Northtown. Governor Adaeze Okonkwo said gunmen attacked the "
                    "Northtown market on Tuesday and killed seven traders.")),
    ("d3", "south", ("Rebels shelled Southbridge. Rebels shelled the port of Southbridge on Sunday, killing two "
                    "fishermen, Captain Tomasz Wielgosz said.")),
]


def write_docs(folder: Path) -> Path:
    path = folder / "docs.jsonl"
    with path.open("w", encoding="utf-8") as out:
        for doc_id, incident, text in DOCS:
            title, _, body = text.partition(". ")
            out.write(json.dumps({"id": doc_id, "topic": 7, "incident": incident, "title": title + ".",
                                  "text": body}) + "\n")
    return path


def test_read_and_baseline(tmp_path: Path) -> None:
    docs = read_docs(write_docs(tmp_path))
    assert [d.incident for d in docs] == ["north", "north", "south"] and docs[0].text.startswith("Gunmen")
    groups = baseline(docs, shared=1)
    assert groups["d1"] == groups["d2"] != groups["d3"]


def test_the_command_prints_every_metric_beside_the_baseline(tmp_path: Path) -> None:
    write_docs(tmp_path)
    result = CliRunner().invoke(cli, ["evaluate", "ecbplus", str(tmp_path), "--split", "all", "--json"])
    assert result.exit_code == 0, result.output
    scored = json.loads(result.output)["all"]
    assert scored["documents"] == 3 and scored["incidents"] == 2
    for side in ("baseline", "sitreps"):
        assert set(scored[side]) == {"muc", "b_cubed", "ceaf_e", "pairwise", "conll_f1"}
        assert 0.0 <= scored[side]["conll_f1"] <= 1.0
    # one incident per town: the two reports of the market attack together, the shelling apart
    assert scored["sitreps"]["pairwise"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_the_split_follows_the_topic(tmp_path: Path) -> None:
    write_docs(tmp_path)
    part = split_of("7")
    result = CliRunner().invoke(cli, ["evaluate", "ecbplus", str(tmp_path), "--split", part, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[part]["documents"] == 3
