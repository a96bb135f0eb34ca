"""read_paths over files, folders and stdin: JSON Lines, JSON, RSS, Atom, WARC, gzip and bad inputs."""

from __future__ import annotations

import gzip
import io
import json
import logging
import sys
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitreps.model import Article, Failure
from sitreps.read import read_paths

STORY = (
    "KHARTOUM, June 3 (Reuters) - Sudanese security forces stormed a protest camp outside the defence "
    "ministry in Khartoum on Monday, killing at least 13 people, a doctors' committee said.\n\n"
    "The military council denied that it had broken up the sit-in by force and said it targeted criminals."
)
SPANISH = (
    "El gobierno de Colombia y los representantes del grupo armado firmaron el martes un acuerdo para "
    "poner fin a los combates en la región, según informó la oficina del presidente en un comunicado. "
    "La tregua entrará en vigor el lunes y será supervisada por una misión de las Naciones Unidas."
)


def page(title: str, paragraphs: list[str], published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
            f"<nav><a href='/'>Home</a> <a href='/world'>World</a></nav><article><h1>{title}</h1>{body}"
            f"<figure><figcaption>Caption: a photograph of the scene</figcaption></figure></article>"
            f"<footer>Copyright Example Media</footer></body></html>")


PAGE_A = page("Ceasefire agreed in Gaza", [
    "Israel and Hamas agreed to a ceasefire on Thursday after eleven days of fighting, Egyptian mediators said.",
    "The truce took effect at 2 a.m. local time, and crowds gathered in the streets of Gaza City to celebrate.",
], published="2021-05-20")
PAGE_B = page("Protesters clash with police in Lagos", [
    "Police fired tear gas at hundreds of protesters in Lagos on Tuesday, witnesses told reporters at the scene.",
    "The protesters were demanding an end to police brutality and the disbanding of a notorious police unit.",
])


def items(paths: list[Path | str], **kwargs: object) -> list[Article | Failure]:
    return list(read_paths(paths, **kwargs))  # type: ignore[arg-type]


def split(results: list[Article | Failure]) -> tuple[list[Article], list[Failure]]:
    return ([r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, Failure)])


def write_warc(path: Path, *, gz: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        pages = [("https://example.com/gaza", PAGE_A, "text/html; charset=utf-8", "200 OK"),
                 ("https://example.com/style.css", "body { color: red }", "text/css", "200 OK"),
                 ("https://example.com/lagos", PAGE_B, "text/html", "200 OK"),
                 ("https://example.com/gone", "<html><body>Not found</body></html>", "text/html", "404 Not Found")]
        for url, body, content_type, status in pages:
            data = body.encode("utf-8")
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data),
                                                          length=len(data), http_headers=headers,
                                                          warc_headers_dict={"WARC-Date": "2022-03-04T10:00:00Z"}))
        request = b"GET /gaza HTTP/1.1\r\nHost: example.com\r\n\r\n"
        writer.write_record(writer.create_warc_record("https://example.com/gaza", "request",
                                                      payload=io.BytesIO(request), length=len(request)))


def test_jsonl_reads_records_and_turns_bad_lines_into_failures(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": 17, "text": STORY, "url": "https://example.com/k", "title": "Camp stormed",
                    "published": "2019-06-03", "outlet": "Reuters", "extra": [1, 2]}),
        "{not json",
        json.dumps({"id": "b", "html": PAGE_A, "published": "2021-05-21T08:00:00+00:00"}),
        json.dumps({"id": "c", "title": "no body"}),
        "",
        json.dumps({"id": "d", "text": STORY, "published": "sometime"}),
        json.dumps({"id": "e", "text": SPANISH}),
        json.dumps(["a list"]),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = items([path], published=date(2020, 1, 1))
    articles, failures = split(results)
    assert [a.id for a in articles] == ["17", "b", "d"]
    first = articles[0]
    assert (first.title, first.published, first.outlet, first.url) == (
        "Camp stormed", date(2019, 6, 3), "Reuters", "https://example.com/k")
    assert first.origin == f"{path}#1"
    assert articles[1].published == date(2021, 5, 21)  # the record's date wins over the page's
    assert articles[1].title == "Ceasefire agreed in Gaza"
    assert articles[2].published == date(2020, 1, 1)  # unreadable date: the fallback
    assert [(f.error, f.origin) for f in failures] == [
        ("parse", f"{path}#2"), ("missing-field", f"{path}#4"), ("not-english", f"{path}#7"),
        ("parse", f"{path}#8")]
    assert failures[1].item_id == "c"


def test_jsonl_reads_common_field_names_when_schema_names_are_missing(tmp_path: Path) -> None:
    path = tmp_path / "other.jsonl"
    path.write_text(json.dumps({"doc_id": 11, "body": STORY, "date": "2019-06-04"}) + "\n"
                    + json.dumps({"id": "x", "text": "", "body": STORY}) + "\n")
    articles, failures = split(items([path]))
    assert not failures
    assert [(a.id, a.published) for a in articles] == [("11", date(2019, 6, 4)), ("x", None)]
    assert articles[0].text == STORY


def test_json_file_with_a_list_and_with_one_record(tmp_path: Path) -> None:
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": STORY, "published": "3 June 2019"}, {"html": PAGE_B}]))
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"id": "solo", "text": STORY}))
    articles, failures = split(items([many, one]))
    assert not failures
    assert [a.origin for a in articles] == [f"{many}#1", f"{many}#2", str(one)]
    assert articles[0].published == date(2019, 6, 3)
    assert articles[1].title == "Protesters clash with police in Lagos"
    assert articles[2].id == "solo"


def test_rss_and_atom_feeds(tmp_path: Path) -> None:
    rss = tmp_path / "world.rss"
    rss.write_text(f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>World Wire</title><link>https://wire.example</link>
<item><title>Camp stormed in Khartoum</title><link>https://wire.example/k</link><guid>wire-1</guid>
<pubDate>Mon, 03 Jun 2019 10:00:00 GMT</pubDate>
<description><![CDATA[<p>{STORY.split(chr(10))[0]}</p><figure><figcaption>Photo caption</figcaption></figure>]]></description>
</item>
<item><title>Too short</title><link>https://wire.example/s</link><description>Brief.</description></item>
</channel></rss>""", encoding="utf-8")
    atom = tmp_path / "feed.atom"
    atom.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Desk</title><id>urn:desk</id>
<updated>2021-05-20T00:00:00Z</updated>
<entry><title>Ceasefire agreed</title><id>urn:desk:1</id><link href="https://desk.example/c"/>
<updated>2021-05-20T12:00:00Z</updated>
<content type="html">&lt;p&gt;Israel and Hamas agreed to a ceasefire on Thursday, mediators said.&lt;/p&gt;</content>
</entry></feed>""", encoding="utf-8")
    results = items([rss, atom])
    articles, failures = split(results)
    assert len(results) == 3
    wire, desk = articles
    assert (wire.title, wire.url, wire.id, wire.outlet, wire.published) == (
        "Camp stormed in Khartoum", "https://wire.example/k", "wire-1", "World Wire", date(2019, 6, 3))
    assert wire.text.startswith("KHARTOUM, June 3 (Reuters)") and "caption" not in wire.text
    assert wire.origin == f"{rss}#1"
    assert (desk.title, desk.url, desk.id, desk.outlet, desk.published) == (
        "Ceasefire agreed", "https://desk.example/c", "urn:desk:1", "Atom Desk", date(2021, 5, 20))
    assert desk.text == "Israel and Hamas agreed to a ceasefire on Thursday, mediators said."
    assert [(f.error, f.origin) for f in failures] == [("empty", f"{rss}#2")]


@pytest.mark.parametrize("gz", [False, True])
def test_warc_reads_html_responses_only(tmp_path: Path, gz: bool, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    write_warc(path, gz=gz)
    with caplog.at_level(logging.DEBUG, logger="sitreps.read.warc"):
        articles, failures = split(items([path], published=date(2022, 2, 2)))
    assert "2 HTML pages read" in caplog.text
    assert "'request': 1" in caplog.text and "'status 404': 1" in caplog.text and "text/css" in caplog.text
    assert not failures
    assert [a.url for a in articles] == ["https://example.com/gaza", "https://example.com/lagos"]
    gaza, lagos = articles
    assert gaza.title == "Ceasefire agreed in Gaza" and gaza.published == date(2021, 5, 20)
    assert lagos.published == date(2022, 3, 4)  # no date on the page: the record's WARC-Date
    assert "tear gas" in lagos.text and "Caption" not in lagos.text and "Home" not in lagos.text
    assert all(a.origin and a.origin.startswith(f"{path}#") for a in articles)


def test_gzipped_jsonl_and_text(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(json.dumps({"id": "z", "text": STORY}).encode()))
    (tmp_path / "b.txt.gz").write_bytes(gzip.compress(("Camp stormed\n\n" + STORY).encode()))
    articles, failures = split(items([tmp_path]))
    assert not failures
    assert next(a.id for a in articles) == "z"
    assert articles[1].title == "Camp stormed"


def test_folder_mixing_formats_is_walked_sorted_and_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "b_story.txt").write_text("Camp stormed\n\n" + STORY)
    (tmp_path / "a_page.html").write_text(PAGE_A)
    sub = tmp_path / "c_more"
    sub.mkdir()
    (sub / "records.ndjson").write_text(json.dumps({"id": "r1", "text": STORY}) + "\n")
    (sub / "page_b.htm").write_text(PAGE_B)
    (tmp_path / ".hidden.txt").write_text(STORY)
    hidden = tmp_path / ".cache"
    hidden.mkdir()
    (hidden / "x.txt").write_text(STORY)
    (tmp_path / "no_extension").write_text(PAGE_B)  # sniffed as HTML
    results = items([tmp_path])
    articles, failures = split(results)
    assert not failures
    assert [Path(a.origin or "").name.split("#")[0] for a in articles] == [
        "a_page.html", "b_story.txt", "page_b.htm", "records.ndjson", "no_extension"]
    assert articles[3].id == "r1"
    assert articles[4].title == "Protesters clash with police in Lagos"
    again = items([tmp_path])
    assert [a.id for a in again] == [a.id for a in articles]


def test_bad_inputs_each_become_one_failure(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "blank.txt").write_text("  \n\n  \t")
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    (tmp_path / "nul.txt").write_bytes(b"abc\x00\x01\x02def" * 10)
    (tmp_path / "big.txt").write_text(STORY * 10)
    (tmp_path / "spanish.txt").write_text(SPANISH)
    (tmp_path / "tiny.txt").write_text("Hi.")
    (tmp_path / "nothing.html").write_text("<html><body><nav>Home</nav></body></html>")
    (tmp_path / "broken.json").write_text("{oops")
    (tmp_path / "other.xml").write_text('<?xml version="1.0"?><articles><article>Text</article></articles>')
    (tmp_path / "empty.rss").write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
                                        "</channel></rss>")
    latin = tmp_path / "latin.txt"
    latin.write_bytes(("Protest in Zürich\n\nThe café owners on the Bahnhofstraße said police "
                       "dispersed the crowd on Monday; nobody was hurt.").encode("latin-1"))
    missing = tmp_path / "missing.txt"
    results = items([tmp_path, missing], max_bytes=len(STORY) * 5)
    articles, failures = split(results)
    assert len(results) == 13
    assert [a.title for a in articles] == ["Protest in Zürich"]
    assert "café owners on the Bahnhofstraße" in articles[0].text
    kinds = {Path(f.origin or "").name: f.error for f in failures}
    assert kinds == {
        "big.txt": "too-large", "blank.txt": "empty", "broken.json": "parse", "doc.pdf": "binary",
        "empty.rss": "empty", "empty.txt": "empty", "nothing.html": "no-article-text", "nul.txt": "binary",
        "spanish.txt": "not-english", "tiny.txt": "empty", "missing.txt": "not-found", "other.xml": "parse"}
    assert all(f.stage == "read" and f.message for f in failures)


def test_jsonl_record_over_max_bytes_is_a_failure_not_the_file(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text(json.dumps({"id": "small", "text": STORY}) + "\n"
                    + json.dumps({"id": "huge", "text": STORY * 20}) + "\n"
                    + json.dumps({"id": "after", "text": STORY}) + "\n")
    articles, failures = split(items([path], max_bytes=len(STORY) * 3))
    assert [(a.id, a.origin) for a in articles] == [("small", f"{path}#1"), ("after", f"{path}#3")]
    assert [(f.error, f.origin) for f in failures] == [("too-large", f"{path}#2")]


def test_stdin_is_sniffed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (json.dumps({"id": "s1", "text": STORY}) + "\n" + json.dumps({"id": "s2", "html": PAGE_B}) + "\n")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data.encode())))
    articles, failures = split(items(["-"]))
    assert not failures
    assert [(a.id, a.origin) for a in articles] == [("s1", "<stdin>#1"), ("s2", "<stdin>#2")]
