"""Fixtures shared by the test modules, each defined once: texts, input folders, a coded sample corpus."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from spacy.language import Language

from sitreps import api
from sitreps.coding.triggers import TriggerFinder
from sitreps.lexicon import Lexicon
from sitreps.model import Article, Coded, Event, Failure
from sitreps.nlp.spacy import load_model

# The DEVELOPERS wire story: one sentence, a claimant, a casualty count and a relative date.
WIRE_TEXT = (
    "The Russian defence ministry said stepped-up air strikes on rebel positions in Syria killed "
    "300 anti-Assad rebels and that it hit 60 Islamic State targets over the last day."
)

# A content-farm rewrite: spelled-out and spun names that must still resolve to the usual codes.
FARM_TEXT = (
    "The Russian Federation defence ministry announced on Sunday that aerial bombardments against rebel "
    "locations in Syria killed 300 insurgents during the previous 24 hours.\n\n"
    "A high-ranking USA defence official rejected the numbers, telling reporters that most Russian "
    "Federation raids had hammered moderate rebels and ordinary civilians.\n\n"
    "The North Atlantic Treaty Organisation condemned the Russian Federation air strikes on Wednesday."
)

NAIROBI_HTML = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Police fire tear gas at protesters in Nairobi</title>
<meta property="article:published_time" content="2023-07-12T10:00:00Z"></head>
<body><article><h1>Police fire tear gas at protesters in Nairobi</h1>
<p>Kenyan police fired tear gas at thousands of opposition protesters in Nairobi on Wednesday,
witnesses said.</p>
<p>The interior ministry said 300 people were arrested across the country.</p>
</article></body></html>
"""

JSONL_RECORDS = (
    {"id": "mosul-1", "published": "2016-03-08",
     "text": "Islamic State militants attacked an army checkpoint near Mosul on Monday, killing four "
             "soldiers, Iraqi police said."},
    {"id": "minsk-1", "published": "2020-08-17",
     "text": "Protesters marched in Minsk on Sunday against President Alexander Lukashenko, and police "
             "detained 200 people, a rights group said."},
)
BROKEN_JSONL_LINE = '{"id": "broken-1", "text": "this line never closes'

def write_mixed_inputs(folder: Path) -> Path:
    """A folder of text, HTML, JSON Lines (one broken line), an empty file and a binary file.

    It holds four articles (wire.txt, nairobi.html, two good records) set in Syria, Kenya, Iraq and
    Belarus, and three inputs that fail to read: empty.txt (empty), blob.bin (binary) and
    records.jsonl#2 (parse).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "wire.txt").write_text(WIRE_TEXT, encoding="utf-8")
    (folder / "nairobi.html").write_text(NAIROBI_HTML, encoding="utf-8")
    lines = [json.dumps(JSONL_RECORDS[0]), BROKEN_JSONL_LINE, json.dumps(JSONL_RECORDS[1])]
    (folder / "records.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.bin").write_bytes(bytes(range(256)) * 8)
    return folder


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def wire_text() -> str:
    return WIRE_TEXT


@pytest.fixture
def farm_text() -> str:
    return FARM_TEXT


@pytest.fixture
def wire_file(tmp_path: Path) -> Path:
    path = tmp_path / "wire.txt"
    path.write_text(WIRE_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def mixed_inputs(tmp_path: Path) -> Path:
    """A fresh mixed input folder under this test's tmp_path."""
    return write_mixed_inputs(tmp_path / "inputs")


@pytest.fixture
def write_inputs() -> Callable[[Path], Path]:
    """The helper itself, for tests that want the mixed inputs somewhere of their own."""
    return write_mixed_inputs


@dataclass(frozen=True)
class Ingested:
    """A database ingested once per session from the mixed inputs, through the CLI."""

    db: Path
    folder: Path
    output: str


@pytest.fixture(scope="session")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Ingested:
    from sitreps.cli import cli

    root = tmp_path_factory.mktemp("ingested")
    folder = write_mixed_inputs(root / "inputs")
    db = root / "events.duckdb"
    result = CliRunner().invoke(cli, ["ingest", str(folder), "--db", str(db)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return Ingested(db, folder, result.output)


@dataclass(frozen=True)
class SampleCorpus:
    """The bundled sample corpus, read and coded once per session."""

    articles: tuple[Article, ...]
    coded: tuple[Coded, ...]
    failures: tuple[Failure, ...]

    def by_file(self, name: str) -> Coded:
        """The coded article read from the sample file ``name``."""
        for packet in self.coded:
            if packet.article.origin and Path(packet.article.origin.split("#")[0]).name == name:
                return packet
        raise LookupError(f"no coded article from {name}")

    def events(self) -> Iterator[tuple[Article, Event]]:
        """Every (article, event) pair."""
        for packet in self.coded:
            for event in packet.events:
                yield packet.article, event


@pytest.fixture(scope="session")
def sample_corpus() -> SampleCorpus:
    failures: list[Failure] = []
    articles = []
    for item in api.sample_articles():
        (failures if isinstance(item, Failure) else articles).append(item)
    coded = tuple(api.code_articles(articles, on_error=failures.append))
    return SampleCorpus(tuple(articles), coded, tuple(failures))



@pytest.fixture(scope="session")
def nlp() -> Language:
    """The default spaCy pipeline, loaded once for the tests that parse sentences themselves."""
    return load_model()


@pytest.fixture(scope="session")
def finder(nlp: Language) -> TriggerFinder:
    """A trigger finder over the bundled lexicon."""
    return TriggerFinder(nlp.make_doc, Lexicon.load())
