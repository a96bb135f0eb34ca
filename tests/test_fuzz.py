"""Fuzzing the readers and the coder with hypothesis: whatever comes in ends as an Article or a Failure with
a known reason, never an uncaught exception (and never a catch-all failure named after an exception).

A fixed budget keeps CI within time: every test has its max_examples, and the slow inputs (a gzip bomb,
huge lines) are few and fixed; derandomize makes each CI run try the same inputs.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps import api
from sitreps.model import Article, Coded, Failure
from sitreps.read import read_bytes, read_paths, read_record

KINDS = {"empty", "binary", "encoding", "parse", "too-large", "not-english", "no-article-text", "missing-field",
         "not-found", "unreadable", "truncated", "sidecar"}
SCALE = int(os.environ.get("SITREPS_FUZZ_SCALE", "1"))  # more examples, freshly random, for a longer hunt
FAST = settings(max_examples=120 * SCALE, deadline=None, derandomize=SCALE == 1, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])
SLOW = settings(FAST, max_examples=15 * SCALE)
SENTENCE = "Police in Port Avalon arrested 14 dock workers on Monday after a protest over wages, officials said."
WORDS = st.sampled_from("police arrested the protesters in port avalon on monday killing two people said "
                        "officials army rebels shelled town , . ; : — “ ” ' é ü ß 北京 مرحبا 😀 \t".split(" "))


def check(results: list[Article | Failure], origin: str | None = None) -> None:
    assert results, "an input gave nothing at all"
    for item in results:
        assert isinstance(item, (Article, Failure))
        if isinstance(item, Failure):
            assert item.error in KINDS, f"unexpected failure kind {item.error}: {item.message}"
            assert item.message and item.stage == "read"
        else:
            assert item.text.strip() and item.text == item.text.strip()
        if origin is not None:
            assert item.origin and item.origin.startswith(origin)


def read(data: bytes, kind: str | None = None, max_bytes: int = 20_000_000) -> list[Article | Failure]:
    return list(read_bytes(data, origin="fuzz", kind=kind, max_bytes=max_bytes))


# -- readers: bytes, HTML, encodings, JSON Lines ---------------------------------------------------------


@FAST
@given(st.binary(max_size=3000), st.sampled_from([None, "text", "html", "jsonl", "json", "feed", "warc", "gzip",
                                                  "csv", "tsv"]))
def test_random_bytes_as_every_kind(data: bytes, kind: str | None) -> None:
    check(read(data, kind), "fuzz")


TAGS = st.sampled_from(["div", "p", "span", "article", "table", "tr", "td", "ul", "li", "section", "b", "a",
                        "script", "style", "nav", "figure", "h1", "br", "svg", "template", "iframe", "noscript"])


@st.composite
def nested_html(draw: st.DrawFn) -> str:
    """Deeply nested, unclosed, mis-closed and cut-off HTML around prose and junk."""
    depth = draw(st.integers(0, 400))
    tags = [draw(TAGS) for _ in range(min(depth, 30))] or ["div"]
    opening = "".join(f"<{tags[i % len(tags)]} class='x{i}'>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(draw(st.integers(0, depth)))))
    inner = draw(st.lists(st.one_of(st.just(SENTENCE), st.text(max_size=80), st.just("<!--"), st.just("]]>"),
                                    st.just("<![CDATA["), st.just("&#x0;&#xD800;&bogus;")), max_size=8))
    page = f"<!DOCTYPE html><html><head><title>{draw(st.text(max_size=30))}</title></head><body>" \
           f"{opening}{' '.join(inner)}{closing}</body></html>"
    cut = draw(st.integers(0, len(page)))
    return page[:cut] if draw(st.booleans()) else page


@FAST
@given(nested_html(), st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1"]))
def test_nested_and_truncated_html(page: str, encoding: str) -> None:
    check(read(page.encode(encoding, errors="replace"), "html"), "fuzz")
    check(read(page.encode("utf-8"), None), "fuzz")


CHARSETS = st.sampled_from(["utf-8", "cp1252", "latin-1", "utf-16", "koi8-r", "shift_jis", "gb2312",
                            "no-such-charset", "", "utf-7"])


@FAST
@given(st.lists(st.tuples(st.text(min_size=1, max_size=120), st.sampled_from(["utf-8", "cp1252", "utf-16-le",
                                                                              "koi8-r", "latin-1"])),
                min_size=1, max_size=6), CHARSETS, st.sampled_from(["html", "text", "jsonl", "feed"]))
def test_wrong_and_mixed_encodings(pieces: list[tuple[str, str]], declared: str, kind: str) -> None:
    body = b"".join(text.encode(encoding, errors="replace") for text, encoding in pieces)
    if kind == "html":
        data = f'<html><head><meta charset="{declared}"></head><body><p>'.encode() + body + b"</p></body></html>"
    elif kind == "jsonl":
        data = b'{"id": "x", "text": "' + body.replace(b'"', b"'").replace(b"\\", b"/") + b'"}\n'
    elif kind == "feed":
        data = (f'<?xml version="1.0" encoding="{declared or "utf-8"}"?><rss version="2.0"><channel><item>'
                f"<title>t</title><description>").encode() + body + b"</description></item></channel></rss>"
    else:
        data = body
    check(read(data, kind), "fuzz")


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=60),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4),
                    max_leaves=12)
FIELDS = st.sampled_from(["id", "text", "html", "title", "published", "date", "url", "outlet", "lang", "country",
                          "body", "headline", "byline", "doc_id"])


@FAST
@given(st.lists(st.one_of(JSON, st.dictionaries(FIELDS, JSON | st.just(SENTENCE), max_size=7)), min_size=1,
                max_size=6))
def test_json_lines_with_wrong_types(records: list[object]) -> None:
    data = b"\n".join(json.dumps(record).encode() for record in records) + b"\n"
    results = read(data, "jsonl")
    check(results, "fuzz")
    assert len(results) == len(records)  # one result per line, whatever the line holds
    for record in records:
        single = read_record(record, origin="one")
        check([single], "one")


@FAST
@given(st.lists(st.lists(JSON.map(lambda v: json.dumps(v)[:60]) | st.just(SENTENCE), max_size=8), max_size=5),
       st.lists(FIELDS, min_size=1, max_size=6), st.sampled_from([",", "\t"]))
def test_csv_with_ragged_rows_and_odd_cells(rows: list[list[str]], header: list[str], delimiter: str) -> None:
    text = "\n".join(delimiter.join(row) for row in [header, *rows]) + "\n"
    check(read(text.encode(), "csv" if delimiter == "," else "tsv"), "fuzz")


def test_json_nested_too_deeply_and_utf16_without_a_byte_order_mark() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    assert [(f.error, f.message) for f in read(deep + b"\n", "jsonl") if isinstance(f, Failure)] == [
        ("parse", "line 1 nests JSON too deeply to read")]
    assert [f.error for f in read(b'{"text": ' + deep + b"}", "json")] == ["parse"]
    for encoding in ("utf-16-le", "utf-16-be"):
        (article,) = read(SENTENCE.encode(encoding))
        assert isinstance(article, Article) and article.text == SENTENCE


# -- readers: huge lines, gzip bombs, files on disk ------------------------------------------------------


def test_huge_lines_and_records_over_the_limit(tmp_path: Path) -> None:
    line = ("word " * 400_000).encode()  # 2 MB, no newline
    (tmp_path / "one-line.txt").write_bytes(line)
    (tmp_path / "records.jsonl").write_bytes(b'{"text": "' + line + b'"}\n' + json.dumps({"text": SENTENCE}).encode())
    (tmp_path / "rows.csv").write_bytes(b"id,text\n1," + line + b'\n2,"' + SENTENCE.encode() + b'"\n')
    (tmp_path / "page.html").write_bytes(b"<html><body><p>" + line + b"</p></body></html>")
    results = list(read_paths([tmp_path], max_bytes=1_000_000))
    check(results)
    by_file: dict[str, list[str]] = {}
    for item in results:
        by_file.setdefault(Path((item.origin or "").split("#")[0]).name, []).append(
            "article" if isinstance(item, Article) else item.error)
    assert by_file == {"one-line.txt": ["too-large"], "page.html": ["too-large"],
                       "records.jsonl": ["too-large", "article"], "rows.csv": ["too-large", "article"]}


def bomb(byte: bytes, megabytes: int) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as writer:
        for _ in range(megabytes):
            writer.write(byte * 1_000_000)
    return out.getvalue()


def test_gzip_bombs_are_refused_without_inflating_them(tmp_path: Path) -> None:
    zeros, letters = bomb(b"\0", 60), bomb(b"x", 60)  # 60 MB each in about 60 KB
    assert len(zeros) < 100_000 and len(letters) < 100_000
    (tmp_path / "bomb.txt.gz").write_bytes(zeros)
    (tmp_path / "bomb.jsonl.gz").write_bytes(letters)
    (tmp_path / "bomb.csv.gz").write_bytes(gzip.compress(b"id,text\n") + letters)
    (tmp_path / "bomb.gz").write_bytes(gzip.compress(zeros))  # a bomb inside a gzip
    (tmp_path / "bomb.warc.gz").write_bytes(gzip.compress(b"WARC/1.0\r\nContent-Length: 60000000\r\n\r\n")
                                            + zeros)
    results = list(read_paths([tmp_path], max_bytes=2_000_000))
    check(results)
    kinds = {Path((f.origin or "").split("#")[0]).name: f.error for f in results if isinstance(f, Failure)}
    assert not [item for item in results if isinstance(item, Article)]
    assert kinds == {"bomb.txt.gz": "too-large", "bomb.jsonl.gz": "too-large", "bomb.csv.gz": "too-large",
                     "bomb.gz": "too-large", "bomb.warc.gz": "parse"}
    assert all("gzip bomb" in f.message for f in results if isinstance(f, Failure) and "l.gz" in (f.origin or ""))


@SLOW
@given(st.binary(min_size=1, max_size=2000), st.sampled_from([".txt", ".html", ".jsonl", ".json", ".rss",
                                                              ".warc", ".warc.gz", ".gz", ".csv", ".tsv", ""]))
def test_random_files_of_every_kind(tmp_path_factory: object, data: bytes, suffix: str) -> None:
    folder: Path = tmp_path_factory.mktemp("fuzz")  # type: ignore[attr-defined]
    path = folder / f"input{suffix}"
    path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") and data[:1] != b"\x1f" else data)
    check(list(read_paths([folder])), str(path))


# -- the coder -------------------------------------------------------------------------------------------


def code(texts: list[str]) -> list[Coded | Failure]:
    failures: list[Failure] = []
    articles = [Article(text=text, published=date(2024, 3, 4), id=f"fuzz-{n}") for n, text in enumerate(texts)]
    coded: list[Coded | Failure] = list(api.code_articles(articles, on_error=failures.append))
    assert {c.article.id for c in coded if isinstance(c, Coded)} | {f.item_id for f in failures} >= {
        a.id for a in articles}, "an article was neither coded nor recorded as failed"
    for failure in failures:
        assert failure.error and failure.message
    return coded + failures


@SLOW
@given(st.lists(st.text(max_size=300), min_size=1, max_size=4))
def test_coder_on_random_unicode(texts: list[str]) -> None:
    code(texts)


def test_coder_leaves_a_sentence_of_thousands_of_words_out_with_a_warning(
        caplog: pytest.LogCaptureFixture) -> None:
    run_on = "police arrested protesters and troops shelled the town " * 400  # 3,600 words, no stop
    with caplog.at_level(logging.WARNING, logger="sitreps.coding.events"):
        (coded,) = code([run_on + "\n\n" + SENTENCE])
    assert isinstance(coded, Coded)
    assert "tokens, over 250; not coded" in caplog.text
    assert [e.event_type for e in coded.events] == ["COERCE"]  # the sentence after it is coded


@SLOW
@given(st.lists(WORDS, min_size=200, max_size=800), st.booleans())
def test_coder_on_very_long_sentences_and_no_sentences(words: list[str], stops: bool) -> None:
    body = " ".join(words)
    text = (body + ".") if stops else body.replace(".", "").replace(";", "")
    results = code([text, SENTENCE + " " + text])
    assert len(results) >= 2
