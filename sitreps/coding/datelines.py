"""Datelines: "BEIRUT, Oct 18 (Levant Wire) -" at the head of a wire story, where it was filed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..geo import Gazetteer
from ..model import Place
from .places import KIND_PRECISION

_MONTH = r"(?:[Jj]an|[Ff]eb|[Mm]ar|[Aa]pr|[Mm]ay|[Jj]un|[Jj]ul|[Aa]ug|[Ss]ep|[Oo]ct|[Nn]ov|[Dd]ec)[a-z]{0,6}\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:,?\s+\d{{4}})?)"
_AGENCY = r"\([^)]{1,60}\)"
_QUALIFIER = r"(?:,\s*[A-Z][A-Za-z'’.\- ]{1,30}?)?"  # "ALLENDALE, N.J.", "GARISSA, Kenya"
# A town in capitals, then its date and the agency, then a dash or colon: "BEIRUT, Oct 18 (Levant Wire) -",
# "PARIS, oct. 16 -", "LONDON (Wire) —", "UNITED NATIONS, 16 October 2019 -".
DATELINE = re.compile(
    rf"^\s*([A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]+){{0,3}}{_QUALIFIER})\s*(?:,?\s*{_DATE})?\s*(?:{_AGENCY})?\s*[-–—:]")
# A town in title case is a dateline only with a date or an agency, and a dash: "Doha, Jan 16 (Wire) -".
TITLE_DATELINE = re.compile(
    rf"^\s*([A-Z][a-z'’.\-]+(?:[ /][A-Z][a-z'’.\-]+){{0,2}}{_QUALIFIER})\s*"
    rf"(?:,?\s*{_DATE}\s*(?:{_AGENCY})?|{_AGENCY})\s*[-–—]")


def _dateline(text: str) -> tuple[int, re.Match[str]] | None:
    """The dateline at the start of one of the first paragraphs (after a headline), and where it starts. A
    bare "WORD:" with no date and no agency ("SHOCK:", "BREAKING:" heading a headline, or "NAIROBI:") is taken
    only where no later paragraph of the first five has a dateline with a date or an agency."""
    start = 0
    bare: tuple[int, re.Match[str]] | None = None
    for _ in range(5):
        head = text[start:start + 200]
        m = DATELINE.match(head) or TITLE_DATELINE.match(head)
        if m and (re.search(r"\d|\(", m.group(0)) or not m.group(0).rstrip().endswith(":")):
            return start, m
        if m and bare is None:
            bare = (start, m)
        nxt = text.find("\n", start)
        if nxt < 0:
            return bare
        start = nxt + 1
        while start < len(text) and text[start] in "\n\r ":
            start += 1
    return bare


def dateline_end(text: str) -> int:
    """Where the dateline ends ("BEIRUT, Oct 18 (Levant Wire) -"), or 0 when there is none."""
    found = _dateline(text)
    return found[0] + found[1].end() if found else 0


def dateline_start(text: str) -> int:
    """Where the dateline begins (after a title line, in plain-text stories), or 0 when there is none."""
    found = _dateline(text)
    return found[0] + found[1].start() if found else 0


def find_dateline(text: str, gazetteer: Gazetteer, countries: Sequence[str]) -> Place | None:
    """The place in a dateline such as "BEIRUT, Oct 18 (Levant Wire) -"."""
    found = _dateline(text)
    if found is None:
        return None
    offset, m = found
    raw = m.group(1).strip()
    first = re.split(r"[,/]", raw)[0].strip()  # "MOSCOW/BEIRUT": the first place
    name = first.title()
    resolved = gazetteer.resolve(name, countries=countries)
    if resolved is None:
        return None
    cand, reason = resolved
    start = offset + m.start(1)
    return Place(first, cand.name, cand.country, cand.admin1, cand.lat, cand.lon,
                 cand.geonames_id, KIND_PRECISION.get(cand.kind, "unknown"), f"dateline; {reason}",
                 start, start + len(first))


# Lines that are page furniture, not news: bylines, credits, captions, copyright and sharing prompts.
FURNITURE_LINE = re.compile(
    r"^\W*(?:(?:contributed|reported|written|compiled|posted|published|updated|filed|edited|produced)"
    r"\s+(?:by|on|at)\b"
    r"|(?:additional\s+)?(?:reporting|writing|editing|research)\s+by\b|additional reporting\b"
    r"|(?:file\s+)?(?:photo|photograph|picture|image|video|caption|credit|graphic)s?\s*(?:[:|(/-]|\s[-–—]\s)"
    r"|copyright\s*(?:©|\(c\)|\d{4})|©|\(c\)\s*\d{4}|all rights reserved"
    r"|(?:related|read more|also read|see also|share this|follow us|subscribe|sign up|advertisement)\s*(?:[:|»>]|$)"
    r"|read more\b|click here\b|subscribe\b|follow us\b|share (?:this|on)\b)",
    re.IGNORECASE)
# A byline: "By" and a name of two to five capitalised words, alone on its line or before a comma ("By Jane
# Okoth, Nairobi"); not "By Monday, police had..." (one word) nor "By late afternoon" (lower case).
BYLINE = re.compile(r"^\s*(?:By|BY)\s+[A-Z][\w.'’\-]+(?:\s+(?:and\s+)?[A-Z][\w.'’\-]+){1,4}\s*(?:[,;|]|$)")
# Credits inside a paragraph: "(Reporting by A; Editing by B)".
FURNITURE_INLINE = re.compile(r"\(\s*(?:additional\s+)?(?:reporting|writing|editing|compiled)\s+by\b[^)]*\)",
                              re.IGNORECASE)
BYLINE_MAX = 120  # a byline line is short; a longer one starting "By ..." is a sentence ("By Monday, ...")


def furniture_line(line: str) -> bool:
    """Whether a line (or a sentence that is one) is page furniture: a credit, caption, copyright or sharing
    line, or a byline."""
    return bool(FURNITURE_LINE.match(line) or BYLINE.match(line) and len(line.strip()) <= BYLINE_MAX)


def furniture_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (start, end) of the article's page furniture: byline and credit lines ("Contributed by
    staff on March 3, 2019", "Reporting by A; Editing by B"), captions ("Photo: ..."), copyright and sharing
    lines. No event is told there; a coder skips the sentences that start inside one."""
    spans: list[tuple[int, int]] = []
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if furniture_line(body):
            spans.append((start, start + len(body)))
        start += len(line)
    spans += [(m.start(), m.end()) for m in FURNITURE_INLINE.finditer(text)]
    return sorted(spans)


def in_furniture(spans: Sequence[tuple[int, int]], start: int) -> bool:
    """Whether an offset lies inside one of ``furniture_spans``."""
    return any(s <= start < e for s, e in spans)
