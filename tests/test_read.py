"""In-memory readers: plain text, HTML pages and fragments, decoding, and the English check."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitreps.errors import BadInput
from sitreps.model import Article, Failure
from sitreps.read import html_to_text, parse_published, read_bytes, read_html, read_text
from sitreps.read.lang import not_english_reason
from sitreps.read.sniff import binary_reason, decode, repair_mojibake, sniff_kind

STORY = (
    "DAMASCUS, Oct 18 (Reuters) - Syrian government forces carried out air strikes on the town of Idlib "
    "on Wednesday, killing at least 12 people, a war monitor said.\n\n"
    "The Syrian Observatory for Human Rights said the strikes hit a market in the centre of the town."
)
SPANISH = (
    "El gobierno de Colombia y los representantes del grupo armado firmaron el martes un acuerdo para "
    "poner fin a los combates en la región, según informó la oficina del presidente en un comunicado. "
    "La tregua entrará en vigor el lunes y será supervisada por una misión de las Naciones Unidas."
)
ARABIC = "قالت وزارة الصحة إن الغارات الجوية على المدينة أسفرت عن مقتل اثني عشر شخصا وإصابة العشرات"


def page(body: str, head: str = "") -> str:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>"


NEWS_PAGE = page(
    head=('<title>Strikes hit Idlib | Example News</title>'
          '<meta property="og:site_name" content="Example News">'
          '<meta name="author" content="Jane Roe">'
          '<meta property="article:published_time" content="2023-10-18T09:00:00Z">'
          '<link rel="canonical" href="https://news.example.com/idlib-strikes">'),
    body=('<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>'
          '<div class="cookie-banner">We use cookies to improve your experience. Accept all cookies.</div>'
          '<article><h1>Strikes hit Idlib</h1>'
          '<figure><img src="x.jpg"><figcaption>Smoke rises over the town. Photo: Agency</figcaption></figure>'
          '<p>DAMASCUS, Oct 18 (Reuters) - Syrian government forces carried out air strikes on the town of '
          'Idlib on Wednesday, killing at least 12 people, a war monitor said.</p>'
          '<p>The Syrian Observatory for Human Rights said the strikes hit a market in the centre of the town '
          'and that dozens more were wounded in the attack.</p>'
          '<p>Read more: <a href="/other">Other story</a></p>'
          '<p>The government denied targeting civilians and said it struck militant positions in the area '
          'near the border with Turkey.</p></article>'
          '<aside><h3>Related</h3><ul><li><a href="/a">Related story one about something</a></li></ul></aside>'
          '<footer>Copyright 2023 Example News. All rights reserved.</footer>'),
)


def test_read_text_takes_short_first_line_as_title_and_keeps_text_whole() -> None:
    text = "Strikes hit Idlib\r\n\r\n" + STORY.replace("\n", "\r\n")
    article = read_text(text, published=date(2023, 10, 18), origin="story.txt")
    assert isinstance(article, Article)
    assert article.title == "Strikes hit Idlib"
    assert article.text.startswith("Strikes hit Idlib\n\nDAMASCUS, Oct 18 (Reuters) -")
    assert "\r" not in article.text
    assert article.published == date(2023, 10, 18)
    assert article.lang == "en" and article.origin == "story.txt"
    start = article.text.index("Idlib on Wednesday")
    assert article.text[start:start + 5] == "Idlib"


def test_read_text_first_sentence_is_not_a_title() -> None:
    article = read_text(STORY)
    assert isinstance(article, Article)
    assert article.title is None
    assert article.text == STORY


def test_read_text_ids_are_content_hashes_unless_given() -> None:
    first, second = read_text(STORY), read_text(STORY + "\n")
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.id == second.id and len(first.id) == 16
    given = read_text(STORY, id="rec-7")
    assert isinstance(given, Article) and given.id == "rec-7"
    other = read_text(STORY, url="https://example.com/a")
    assert isinstance(other, Article) and other.id != first.id


@pytest.mark.parametrize(
    ("text", "kind"),
    [("", "empty"), ("   \n\t\n ", "empty"), ("Too short.", "empty"), ("a\x00b\x00c" * 20, "binary")],
)
def test_read_text_rejects_what_is_not_an_article(text: str, kind: str) -> None:
    result = read_text(text, origin="x.txt")
    assert isinstance(result, Failure)
    assert (result.stage, result.error, result.origin, result.item_id) == ("read", kind, "x.txt", "x.txt")
    assert result.message


def test_read_text_rejects_non_english_with_a_reason() -> None:
    spanish = read_text(SPANISH)
    assert isinstance(spanish, Failure) and spanish.error == "not-english"
    assert "Spanish" in spanish.message
    arabic = read_text(ARABIC)
    assert isinstance(arabic, Failure) and arabic.error == "not-english"
    assert "Arabic" in arabic.message
    stated = read_text(STORY, lang="fr")
    assert isinstance(stated, Failure) and stated.error == "not-english"


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 12 protesters in Nairobi.",
        "Ukraine says Russia shelled Kharkiv overnight",
        "Gunmen kill 5 in Borno; ISWAP blamed",
        STORY,
        ("Le Monde reported that President Macron met Chancellor Scholz in Berlin on Tuesday to discuss "
        "the war in Ukraine, according to a statement from the Élysée Palace released later that day."),
    ],
)
def test_english_check_passes_short_and_name_heavy_english(text: str) -> None:
    assert not_english_reason(text) is None


def test_read_html_drops_boilerplate_and_captions() -> None:
    article = read_html(NEWS_PAGE, origin="page.html", published=date(2020, 1, 1))
    assert isinstance(article, Article)
    assert article.title == "Strikes hit Idlib"
    assert article.published == date(2023, 10, 18)  # the page's own date beats the fallback
    assert article.outlet == "Example News"
    assert article.byline == "Jane Roe"
    assert article.url == "https://news.example.com/idlib-strikes"
    assert article.text.startswith("DAMASCUS, Oct 18 (Reuters) - Syrian government forces")
    assert "struck militant positions" in article.text
    for junk in ("Smoke rises", "Read more", "cookies", "Related story", "Home", "All rights reserved"):
        assert junk not in article.text
    assert "\n\n" in article.text  # paragraphs stay apart


def test_read_html_uses_fallback_date_and_given_url() -> None:
    body = ("<article><h1>Talks resume</h1><p>Negotiators from both governments met in Doha on Sunday and "
            "agreed to resume talks on a ceasefire, officials said.</p><p>A second round of talks is "
            "planned for next week in the same city, the mediators added.</p></article>")
    article = read_html(page(body, "<title>Talks resume</title>"), published=date(2024, 3, 3),
                        url="https://example.org/talks")
    assert isinstance(article, Article)
    assert article.published == date(2024, 3, 3)
    assert article.url == "https://example.org/talks"
    assert article.title == "Talks resume"
    assert "Negotiators from both governments" in article.text


def test_read_html_decodes_declared_latin1_bytes() -> None:
    html = page("<p>The café owner in Zürich said the protest was peaceful and that nobody had been hurt "
                "when the police arrived at the square.</p>",
                '<meta charset="iso-8859-1"><title>Protest in Zürich</title>').encode("latin-1")
    article = read_html(html)
    assert isinstance(article, Article)
    assert "café owner in Zürich" in article.text


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        (page("<nav><a href='/'>Home</a></nav>"), "no-article-text"),
        ("   ", "empty"),
        (b"%PDF-1.7 binary", "binary"),
        (page("<p>" + SPANISH + "</p>"), "not-english"),
    ],
)
def test_read_html_failures(html: str | bytes, kind: str) -> None:
    result = read_html(html, origin="p.html")
    assert isinstance(result, Failure) and result.error == kind and result.origin == "p.html"


def test_read_html_falls_back_to_paragraphs_when_trafilatura_finds_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sitreps.read.html._trafilatura", lambda html, url: {})
    article = read_html(NEWS_PAGE)
    assert isinstance(article, Article)
    assert article.text.startswith("DAMASCUS, Oct 18 (Reuters)")
    assert "Smoke rises" not in article.text and "Read more" not in article.text
    assert "Related story" not in article.text and "cookies" not in article.text
    assert article.title is None and article.published is None
    divs = read_html(page("<div>Police fired tear gas at protesters in Lagos.<br>Two people were hurt.</div>"))
    assert isinstance(divs, Article)
    assert divs.text == "Police fired tear gas at protesters in Lagos.\n\nTwo people were hurt."


def test_read_html_accepts_fragments_and_bare_text() -> None:
    fragment = read_html("<p>Police fired tear gas at protesters in Lagos.</p><figure><figcaption>Pic"
                         "</figcaption></figure><p>Two people were hurt, a nurse said.</p>")
    assert isinstance(fragment, Article)
    assert fragment.text == "Police fired tear gas at protesters in Lagos.\n\nTwo people were hurt, a nurse said."
    bare = read_html("Police fired tear gas at protesters in Lagos on Tuesday.")
    assert isinstance(bare, Article) and bare.text == "Police fired tear gas at protesters in Lagos on Tuesday."


def test_html_to_text_keeps_paragraphs_and_drops_captions() -> None:
    fragment = ("<p>Troops <b>withdrew</b> from the village.</p><figure><figcaption>A photo caption"
                "</figcaption></figure><p>Residents returned on Monday.<br>Shops reopened.</p>")
    assert html_to_text(fragment) == ("Troops withdrew from the village.\n\nResidents returned on Monday."
                                      "\n\nShops reopened.")
    assert html_to_text("No markup at all here.") == "No markup at all here."


def test_decode_tries_utf8_then_cp1252_and_repairs_mojibake() -> None:
    text = "Café owners in Zürich said the naïve plan – the £5 levy – would fail."
    assert decode(text.encode("utf-8")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("naïve résumé".encode("latin-1")) == "naïve résumé"
    assert decode("\ufeffHello".encode("utf-8")) == "Hello"
    assert decode("Hello there".encode("utf-16")) == "Hello there"
    assert repair_mojibake("The cafÃ© said â€œnoâ€\x9d") == "The café said “no”"
    assert repair_mojibake("Plain text") == "Plain text"


def test_read_text_repairs_mojibake_sequence_by_sequence() -> None:
    broken = ("The committee said the proposed â€˜bhoomi pujanâ€™ would violate the court order. "
              "â€œWe demand a ban,â€\ufffd its convenor told the cafÃ© crowd.")
    article = read_text(broken)
    assert isinstance(article, Article)
    assert article.text == ("The committee said the proposed ‘bhoomi pujan’ would violate the court order. "
                            "“We demand a ban,” its convenor told the café crowd.")


def test_decode_refuses_bytes_that_are_no_text() -> None:
    for noise in (bytes(range(0x80, 0xA0)) * 4, bytes(range(0x80, 0x100)) * 2):
        with pytest.raises(BadInput) as caught:
            decode(noise)
        assert caught.value.kind == "encoding"


def test_binary_reason_and_sniff_kind() -> None:
    assert "PDF" in (binary_reason(b"%PDF-1.4\n...") or "")
    assert "PNG" in (binary_reason(b"\x89PNG\r\n\x1a\n") or "")
    assert "NUL" in (binary_reason(b"abc\x00def") or "")
    assert binary_reason("Plain words, and a dash – here.".encode()) is None
    assert sniff_kind(b"WARC/1.0\r\n") == "warc"
    assert sniff_kind(b"\x1f\x8b\x08") == "gzip"
    assert sniff_kind(b'<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert sniff_kind(b'<feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert sniff_kind(b"<!doctype html><html>") == "html"
    assert sniff_kind(b'{"id": 1}\n{"id": 2}\n') == "jsonl"
    assert sniff_kind(b'[{"id": 1}]') == "json"
    assert sniff_kind(b"Just words.") == "text"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-10-18", date(2023, 10, 18)),
        ("2023-10-18T23:30:00Z", date(2023, 10, 18)),
        ("Wed, 18 Oct 2023 09:00:00 GMT", date(2023, 10, 18)),
        ("18 October 2023", date(2023, 10, 18)),
        (1697619600, date(2023, 10, 18)),
        ("not a date", None),
        (None, None),
    ],
)
def test_parse_published(value: object, expected: date | None) -> None:
    assert parse_published(value) == expected


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_read_text_never_raises_and_keeps_its_text(text: str) -> None:
    result = read_text(text)
    assert isinstance(result, (Article, Failure))
    if isinstance(result, Article):
        assert result.text and result.text == result.text.strip()
        assert "\r" not in result.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([b"", b"WARC/1.0\r\n", b"\x1f\x8b\x08", b"<?xml version='1.0'?><rss>", b"{", b"[",
                        b"<html><body><p>", b'{"text": "']), st.binary(max_size=600))
def test_read_bytes_turns_any_bytes_into_articles_or_failures(prefix: bytes, data: bytes) -> None:
    results = list(read_bytes(prefix + data, origin="fuzz"))
    assert results
    assert all(isinstance(r, (Article, Failure)) for r in results)
    assert all(r.origin and r.origin.startswith("fuzz") for r in results)
