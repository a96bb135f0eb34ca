"""HTML pages (via trafilatura, with an lxml fallback) and HTML fragments to text."""

from __future__ import annotations

import functools
import logging
import re
from configparser import ConfigParser
from datetime import date

import lxml.html
from lxml import etree

from ..errors import BadInput
from ..model import Article, Failure
from .sniff import binary_reason, decode
from .text import MIN_CHARS, failure, text_problem

logger = logging.getLogger(__name__)

# A line that is only a label ("Read more: …", "Related", "Advertisement"), or that opens with a phrase no
# news sentence opens with ("Sign up for…", "We use cookies…", "© 2023…").
BOILERPLATE = re.compile(
    r"^\W*(?:(?:read more|read next|more on this(?: story)?|related(?: articles| stories| coverage| content"
    r"| links)?|see also|recommended(?: stories| reading| for you)?|advertisement|sponsored(?: content)?"
    r"|share this(?: article| story)?)\W*(?::.*)?$"
    r"|(?:sign up (?:for|to)|subscribe (?:to|now)|follow us on|click here|(?:we|this (?:web)?site) uses? cookies"
    r"|accept (?:all )?cookies|cookie (?:policy|settings)|skip to (?:main )?content|all rights reserved"
    r"|copyright (?:©|\(c\)|\d{4})|©))",
    re.IGNORECASE,
)
MAX_BOILERPLATE_LINE = 160
BLOCK_TAGS = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre table tr section article header footer dd dt".split()
)
DROP_TAGS = ("script", "style", "noscript", "figure", "figcaption", "nav", "aside", "form", "iframe", "svg")
PRUNE_XPATH = ("//figcaption", "//*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]")
MIN_EXTRACTED = 80  # trafilatura's default is 250 characters
_DOCUMENT = re.compile(r"<(?:html|body)[\s>]", re.IGNORECASE)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\u00a0\u200b]+")
# A sentence of prose: PROSE_WORDS words or more, ending as a sentence ends (., ! or ?, perhaps with a
# closing quote or bracket). Menus, link lists and headline lists have none.
PROSE_WORDS = 6
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*(?:\s+|$)")
_WORD = re.compile(r"[^\W\d_]+")


def _clean_lines(lines: list[str], title: str | None) -> str:
    """Trim each paragraph, drop boilerplate lines and a leading copy of the title; join with blank lines."""
    kept = []
    for line in lines:
        line = _SPACES.sub(" ", line).strip()
        if not line:
            continue
        if len(line) <= MAX_BOILERPLATE_LINE and BOILERPLATE.match(line):
            logger.debug("dropped boilerplate line %r", line)
            continue
        kept.append(line)
    if kept and title and kept[0].casefold() == title.strip().casefold():
        kept = kept[1:]
    return "\n\n".join(kept)


def has_prose(text: str) -> bool:
    """Whether the text holds one sentence of prose (see PROSE_WORDS): linear in the text's length."""
    for line in text.split("\n"):
        for piece in _SENTENCE_END.split(line):
            if piece.endswith((".", "!", "?")) and len(_WORD.findall(piece)) >= PROSE_WORDS:
                return True
    return False


def _parse_date(value: object) -> date | None:
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _block_text(root: lxml.html.HtmlElement, drop: tuple[str, ...] = DROP_TAGS) -> str:
    """Text of an element with block elements as paragraphs; scripts, captions and navigation dropped."""
    for bad in root.xpath("|".join(f".//{tag}" for tag in drop)):
        bad.drop_tree()
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.tail = "\n" + (element.tail or "")
            if element.tag.lower() != "br":
                element.text = "\n" + (element.text or "")
    return _clean_lines(root.text_content().split("\n"), None)


def html_to_text(fragment: str) -> str:
    """An HTML fragment (a feed summary, say) as paragraphs of text; captions and scripts dropped."""
    fragment = _CONTROLS.sub("", fragment)
    if "<" not in fragment:
        return _clean_lines(fragment.splitlines(), None)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):
        return _clean_lines(re.sub(r"<[^>]+>", " ", fragment).splitlines(), None)
    return _block_text(root)


def _fallback(html: str) -> tuple[str, str]:
    """When trafilatura finds nothing: the page's <p> elements, else all its body text, without
    navigation, headers, footers, asides and captions. Returns (text, how)."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "", "nothing"
    drop = (*DROP_TAGS, "header", "footer")
    for bad in root.xpath("|".join(f"//{tag}" for tag in drop)):
        bad.drop_tree()
    text = _clean_lines([p.text_content() for p in root.iter("p")], None)
    if len("".join(text.split())) >= MIN_CHARS:
        return text, "lxml <p> fallback"
    body = root.find("body")
    return _block_text(body if body is not None else root, drop), "lxml body-text fallback"


@functools.lru_cache(maxsize=1)
def _config() -> ConfigParser:
    """trafilatura's defaults, but its whole-page "baseline" rescue only for pages with almost no text:
    on short articles it glues headline, paragraphs and captions into one line."""
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "MIN_EXTRACTED_SIZE", str(MIN_EXTRACTED))
    return config


def _trafilatura(html: str, url: str | None) -> dict[str, object]:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_images=False,
            include_tables=False, date_extraction_params={"extensive_search": False, "original_date": True},
            prune_xpath=list(PRUNE_XPATH), config=_config(),
        )
    except Exception as error:  # noqa: BLE001 - trafilatura can raise many kinds; we fall back to lxml
        logger.debug("trafilatura failed on %s: %r", url, error)
        return {}
    if document is None:
        return {}
    return document.as_dict() if hasattr(document, "as_dict") else dict(document)


def read_html(html: str | bytes, *, published: date | None = None, url: str | None = None,
              origin: str | None = None, title: str | None = None, outlet: str | None = None,
              id: str = "", charset: str | None = None) -> Article | Failure:
    """An HTML page to an Article: main text, title, date, outlet and byline, or a Failure.

    ``published`` is used only when the page states no date; ``title``/``outlet`` given here win over the
    page's own; ``charset`` is the encoding the server declared, for bytes.
    """
    if isinstance(html, bytes):
        reason = binary_reason(html[:8192])
        if reason:
            return failure("binary", f"the HTML is not text: {reason}", origin, id)
        try:
            html = decode(html, declared=charset)
        except BadInput as error:
            return failure(error.kind, error.message, origin, id)
    html = _CONTROLS.sub("", html)  # meaningless in HTML, and lxml refuses them
    if not html.strip():
        return failure("empty", "the HTML page is empty", origin, id)
    if not _DOCUMENT.search(html[:4096]):
        html = f"<html><body>{html}</body></html>"  # trafilatura expects a whole page, not a fragment
    meta = _trafilatura(html, url)
    page_title = str(meta.get("title") or "").strip() or None
    text = _clean_lines(str(meta.get("text") or "").split("\n"), title or page_title)
    how = "trafilatura"
    if len("".join(text.split())) < MIN_CHARS:
        text, how = _fallback(html)
    if len("".join(text.split())) < MIN_CHARS:
        return failure("no-article-text", "no article text was found in the HTML page (trafilatura and the "
                                          "lxml fallbacks all came back empty)", origin, id)
    if not has_prose(text):
        return failure("no-article-text", "the HTML page has no sentence of article text (navigation, link "
                                          "or headline lists only)", origin, id)
    logger.debug("%s: text by %s", origin, how)
    problem = text_problem(text, what="page text")
    if problem:
        return failure(*problem, origin=origin, item_id=id)
    site = meta.get("sitename") or meta.get("hostname")
    return Article(
        text=text,
        url=url or (str(meta["url"]) if meta.get("url") else None),
        title=title or page_title,
        published=_parse_date(meta.get("date")) or published,
        outlet=outlet or (str(site) if site else None),
        byline=str(meta["author"]) if meta.get("author") else None,
        lang="en",
        origin=origin,
        id=id,
    )
