"""Inputs a user points at: include/exclude patterns, documentation in a folder, the folder's sidecar, CSV
and TSV records, navigation-only pages, WARC archives with odd records, and the record count estimate."""

from __future__ import annotations

import gzip
import io
import json
import logging
from datetime import date
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from sitreps.model import Article, Failure
from sitreps.read import count_records, read_paths

STORY = ("Harbour workers in Port Avalon walked out on Monday over unpaid wages, the dockers' union said, "
         "and no ship was unloaded during the strike.\n\nThe port authority said talks would resume on Friday.")
OTHER = ("Farmers blocked the ring road around Velmora on Tuesday with their tractors, police said, "
         "demanding lower fuel prices.\n\nThe agriculture minister said he would meet their leaders.")


def split(paths: list[Path | str], **kwargs: object) -> tuple[list[Article], list[Failure]]:
    results = list(read_paths(paths, **kwargs))  # type: ignore[arg-type]
    return ([r for r in results if isinstance(r, Article)], [r for r in results if isinstance(r, Failure)])


def names(articles: list[Article]) -> list[str]:
    return [Path((a.origin or "").split("#")[0]).name for a in articles]


def test_include_and_exclude_patterns(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.html").write_text(f"<html><body><p>{OTHER}</p></body></html>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text(OTHER)
    assert names(split([tmp_path])[0]) == ["a.txt", "b.html", "c.txt"]
    assert names(split([tmp_path], include=["*.txt"])[0]) == ["a.txt", "c.txt"]
    assert names(split([tmp_path], include=["*.txt"], exclude=["sub/*"])[0]) == ["a.txt"]
    assert names(split([tmp_path], exclude=["b.*", "c.txt"])[0]) == ["a.txt"]
    assert names(split([tmp_path / "b.html"], exclude=["*.html"])[0]) == []


def test_documentation_in_a_folder_is_not_news(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    for doc in ("README.md", "LICENSE", "CHANGELOG.txt", "notes.md", "Contributing.rst", "sitreps.json"):
        (tmp_path / doc).write_text(STORY if doc != "sitreps.json" else "{}")
    (tmp_path / "readme-of-a-strike.txt").write_text(OTHER)  # only the name before the first dot counts
    (tmp_path / "story.txt").write_text(STORY)
    with caplog.at_level(logging.WARNING):
        articles, failures = split([tmp_path])
    assert names(articles) == ["readme-of-a-strike.txt", "story.txt"] and not failures
    assert "skipped 5 documentation file(s)" in caplog.text and "README.md" in caplog.text
    assert names(split([tmp_path], include=["notes.md", "story.txt"])[0]) == ["notes.md", "story.txt"]
    assert names(split([tmp_path / "README.md"])[0]) == ["README.md"]  # named by the user: read


def test_sidecar_gives_plain_text_files_dates_outlets_and_urls(tmp_path: Path) -> None:
    (tmp_path / "strike.txt").write_text("Dockers walk out\n\n" + STORY)
    (tmp_path / "farmers.txt").write_text(OTHER)
    (tmp_path / "dated.html").write_text(
        '<html><head><meta property="article:published_time" content="2024-01-05"></head>'
        f"<body><article><p>{STORY}</p></article></body></html>")
    (tmp_path / "sitreps.json").write_text(json.dumps({
        "outlet": "Avalon Courier", "published": "2024-03-01", "country": "Kenya",
        "files": {"strike.txt": {"published": "2024-03-02", "url": "https://courier.example/strike",
                                 "title": "Ignored: the file's own title wins"}}}))
    articles, failures = split([tmp_path], published=date(2020, 1, 1))
    assert not failures
    by = {name: a for name, a in zip(names(articles), articles, strict=True)}
    strike, farmers, dated = by["strike.txt"], by["farmers.txt"], by["dated.html"]
    assert (strike.published, strike.url, strike.outlet, strike.title, strike.country) == (
        date(2024, 3, 2), "https://courier.example/strike", "Avalon Courier", "Dockers walk out", "KEN")
    assert (farmers.published, farmers.outlet, farmers.url) == (date(2024, 3, 1), "Avalon Courier", None)
    assert dated.published == date(2024, 1, 5)  # the page's own date wins over the sidecar


@pytest.mark.parametrize("sidecar, says", [
    ("{not json", "Expecting property name"),
    ('{"published": "the day after"}', "not a date"),
    ('{"files": {"a.txt": {"date": "2024-01-01"}}}', "unknown field(s) date"),
    ("[1, 2]", "JSON list"),
])
def test_a_bad_sidecar_is_one_failure_and_the_files_are_still_read(tmp_path: Path, sidecar: str,
                                                                   says: str) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "sitreps.json").write_text(sidecar)
    articles, failures = split([tmp_path])
    assert names(articles) == ["a.txt"] and articles[0].published is None
    assert [(f.error, Path(f.origin or "").name) for f in failures] == [("sidecar", "sitreps.json")]
    assert says in failures[0].message


def test_csv_rows_are_article_records(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "ID,Title,Text,Date,URL,Outlet\n"
        f'c1,Dockers walk out,"{STORY}",2024-03-02,https://courier.example/1,Avalon Courier\n'
        "\n"
        f'c2,,"{OTHER}",,,\n'
        "c3,Empty,,2024-03-03,,\n"
        f'c4,Too many,"{OTHER}",2024-03-04,u,o,extra\n', encoding="utf-8")
    articles, failures = split([path], published=date(2024, 1, 1))
    assert [(a.id, a.title, a.published, a.url, a.outlet) for a in articles] == [
        ("c1", "Dockers walk out", date(2024, 3, 2), "https://courier.example/1", "Avalon Courier"),
        ("c2", None, date(2024, 1, 1), None, None)]
    assert articles[0].text == STORY and articles[0].origin == f"{path}#1"
    assert [(f.error, f.origin) for f in failures] == [("empty", f"{path}#3"), ("parse", f"{path}#4")]


def test_tsv_cp1252_gzipped_csv_and_a_csv_without_text(tmp_path: Path) -> None:
    (tmp_path / "a.tsv").write_bytes(f"id\theadline\tbody\nt1\tCafé strike\t{STORY.replace(chr(10), ' ')}\n".encode("cp1252"))
    (tmp_path / "b.csv.gz").write_bytes(gzip.compress(f'id,text\ng1,"{OTHER}"\n'.encode()))
    (tmp_path / "c.csv").write_text("id,name\n1,x\n")
    (tmp_path / "d.csv").write_text("id,text\n")
    articles, failures = split([tmp_path])
    assert [(a.id, a.title) for a in articles] == [("t1", "Café strike"), ("g1", None)]
    assert [(f.error, Path(f.origin or "").name) for f in failures] == [("missing-field", "c.csv"),
                                                                          ("empty", "d.csv")]


def test_navigation_only_page_is_a_no_article_text_failure(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/{n}">Farmers block ring road around the capital, part {n}</a></li>'
                    for n in range(30))
    (tmp_path / "index.html").write_text(
        "<html><head><title>Avalon Courier: latest</title></head><body>"
        f"<div class='menu'><a href='/'>Home</a> <a href='/world'>World</a></div><ul>{links}</ul>"
        "<div>Copyright Avalon Courier</div></body></html>")
    articles, failures = split([tmp_path])
    assert not articles
    assert [f.error for f in failures] == ["no-article-text"] and "sentence" in failures[0].message


def warc_record(writer: WARCWriter, url: str, body: bytes, content_type: str, *, date_: str = "2023-05-06",
                kind: str = "response", status: str = "200 OK") -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(
        url, kind, payload=io.BytesIO(body), length=len(body), http_headers=headers,
        warc_headers_dict={"WARC-Date": f"{date_}T08:00:00Z"}))


def build_warc(path: Path, *, gz: bool) -> None:
    latin = f"<html><body><article><p>{STORY.replace('union', 'união')}</p></article></body></html>"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gz)
        writer.write_record(writer.create_warcinfo_record("crawl", {"software": "a test"}))
        warc_record(writer, "https://courier.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")
        warc_record(writer, "https://courier.example/api", b'{"text": "x"}', "application/json")
        warc_record(writer, "https://courier.example/strike", latin.encode("latin-1"),
                    "text/html; charset=no-such-charset", date_="2023-05-07")
        warc_record(writer, "https://courier.example/farmers",
                    f"<html><body><p>{OTHER}</p></body></html>".encode(), "text/html", date_="2023-05-08")
        warc_record(writer, "https://courier.example/menu",
                    b"<html><body><a href='/'>Home</a><a href='/x'>World news</a></body></html>", "text/html")
        warc_record(writer, "https://courier.example/last",
                    f"<html><body><p>{STORY}</p></body></html>".encode() * 3, "text/html")


@pytest.mark.parametrize("gz", [False, True])
def test_warc_with_odd_records_and_a_truncated_end(tmp_path: Path, gz: bool) -> None:
    whole = tmp_path / ("whole.warc.gz" if gz else "whole.warc")
    build_warc(whole, gz=gz)
    articles, failures = split([whole], published=date(2020, 1, 1))
    assert [a.url for a in articles] == ["https://courier.example/strike", "https://courier.example/farmers",
                                         "https://courier.example/last"]
    strike, farmers, _ = articles
    assert "união" in strike.text  # a charset no codec knows: the bytes were detected as Latin-1
    assert (strike.published, farmers.published) == (date(2023, 5, 7), date(2023, 5, 8))  # WARC-Date
    assert [(f.error, f.item_id) for f in failures] == [("no-article-text", failures[0].origin)]
    assert failures[0].origin and failures[0].origin.startswith(f"{whole}#")

    cut = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    data = whole.read_bytes()
    cut.write_bytes(data[: len(data) - 300])  # the last record loses its end
    articles, failures = split([cut])
    assert [a.url for a in articles][:2] == ["https://courier.example/strike", "https://courier.example/farmers"]
    assert "no-article-text" in [f.error for f in failures]
    # the last record is cut: its gzip member is not whole, or (uncompressed) its body is short
    assert failures[-1].error == "truncated" and "cut short" in failures[-1].message


def test_count_records_estimates_for_a_progress_bar(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY)
    (tmp_path / "b.jsonl").write_text("".join(json.dumps({"id": n, "text": STORY}) + "\n" for n in range(3)))
    (tmp_path / "c.csv").write_text("id,text\n1,x\n2,y\n")
    (tmp_path / "README.md").write_text(STORY)
    build_warc(tmp_path / "d.warc.gz", gz=True)
    assert count_records([tmp_path]) == 1 + 3 + 2 + 6
    assert count_records([tmp_path], include=["*.txt"]) == 1
    assert count_records([tmp_path, "-"]) is None
