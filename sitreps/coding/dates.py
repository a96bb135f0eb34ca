"""Date expressions in a sentence, resolved against the publication date.

Plain regexes over the sentence text; spans point into the article (``offset`` + index in the
sentence). Relative expressions resolve against ``published`` and are skipped when it is None.

Choices worth knowing:

- a bare weekday ("Wednesday", "on Wednesday", "last Wednesday") is the most recent such day not
  after publication (the publication weekday itself is the same day; "last Sunday" in a Sunday story
  is a week before); "next Wednesday" is the first one after publication;
- a day and month without a year ("October 3") is in the publication year, or the year before when
  that would be after publication: reports are about the past;
- "in September" is the most recent September not after publication; "last September" the one before
  the publication month;
- "this week" / "this month" / "this year" run from their start to publication, at week / month / year
  precision; "earlier this week/month/year" are ranges over the same days;
- "since X" is a range from X to publication; "over the past N days" and the like end at publication,
  and "in recent days / weeks / months" reach back 7 days / 28 days / 3 months;
- "next Tuesday", "next week" look forward; nothing else does, since tense is not known here.

``resolve_date`` hands an absolute date its rules cannot read to ``dateparser``; nothing else does.
"""

from __future__ import annotations

import calendar
import logging
import math
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sitreps.coding.numbers import COUNT_PATTERN, parse_count
from sitreps.model import When

logger = logging.getLogger(__name__)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
                "oct": 10, "nov": 11, "dec": 12})
_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}

_FULL_MONTH = "January|February|March|April|May|June|July|August|September|October|November|December"
_ABBREVIATED = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Sep", "Oct", "Nov", "Dec"]
_AFTER_ABBREVIATION = "|".join(rf"(?<=\b{a})" for a in _ABBREVIATED)
_MONTH = (rf"(?P<mon>(?-i:{_FULL_MONTH}|{'|'.join(_ABBREVIATED)}))\b"
          rf"(?:(?:{_AFTER_ABBREVIATION})\.)?")  # "Sept." takes its dot, "June." does not
_WEEKDAY = r"(?-i:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?P<y>(?:19|20)\d{2})\b"
_ORD = r"(?:st|nd|rd|th)?\b"
_PRE = r"(?:\b(?P<pre>on|since|from)\s+)?"
_PART = r"(?:\s+(?:morning|afternoon|evening|night))?"
_NOT_NUMBER = r"(?![,.]?\d|\s*(?::\d|am\b|pm\b|a\.m|p\.m|%|percent|-year|\s*year-old))"

# The cheap look before the real work: a rule runs only where each of its word sets meets the sentence.
_TOKEN = re.compile(r"[A-Za-z]+")
_DIGIT = re.compile(r"\d")
_HAS_DIGIT = "#"
_MONTH_WORDS = frozenset(_FULL_MONTH.split("|") + _ABBREVIATED)
_WEEKDAY_WORDS = frozenset(calendar.day_name)

Resolved = tuple[date, date, str]


def _week(d: date) -> tuple[date, date]:
    monday = d - timedelta(days=d.weekday())
    return monday, monday + timedelta(days=6)


def _month(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(d.day, calendar.monthrange(year, month + 1)[1]))


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year_for(month: int, day: int, pub: date | None) -> int | None:
    """The year of a month-day without one: publication year, or the year before if that is later."""
    if pub is None:
        return None
    candidate = _day(pub.year, month, day)
    if candidate is None and (month, day) == (2, 29):
        return pub.year - 1 if pub.year % 4 else pub.year
    return pub.year if candidate is not None and candidate <= pub else pub.year - 1


def _since(resolved: Resolved | None, pre: str | None, pub: date | None) -> Resolved | None:
    if resolved is None or pre is None or pre.lower() != "since" or pub is None:
        return resolved
    return (resolved[0], pub, "range") if resolved[0] <= pub else None


def _count(text: str | None, default: int = 1) -> int | None:
    if not text:
        return default
    if text.lower() in _VAGUE_COUNTS:
        return _VAGUE_COUNTS[text.lower()]
    bounds = parse_count(text)
    return bounds[1] if bounds else None


def _iso(m: re.Match[str], pub: date | None) -> Resolved | None:
    d = _day(int(m["y"]), int(m["m"]), int(m["d"]))
    return _since((d, d, "day"), m["pre"], pub) if d else None


def _numeric(m: re.Match[str], pub: date | None) -> Resolved | None:
    """dd/mm/yyyy, dd/mm/yy, dd.mm.yyyy; mm/dd/yyyy only where day-first cannot be a date."""
    first, second, year_text = m["a"], m["b"] or m["b2"], m["y"] or m["y2"]
    year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
    d = _day(year, int(second), int(first)) or _day(year, int(first), int(second))
    return _since((d, d, "day"), m["pre"], pub) if d else None


def _month_day(m: re.Match[str], pub: date | None) -> Resolved | None:
    month = _MONTHS[m["mon"].lower()]
    day = int(m["d"])
    year = int(m["y"]) if m["y"] else _year_for(month, day, pub)
    if year is None:
        return None
    start = _day(year, month, day)
    if start is None:
        return None
    if m["d2"]:
        end = _day(year, month, int(m["d2"]))
        if end is None or end < start:
            return None
        return start, end, "range"
    return _since((start, start, "day"), m["pre"], pub)


def _month_year(m: re.Match[str], pub: date | None) -> Resolved | None:
    start, end = _month(int(m["y"]), _MONTHS[m["mon"].lower()])
    return _since((start, end, "month"), m["pre"], pub)


def _month_only(m: re.Match[str], pub: date | None) -> Resolved | None:
    pre = (m["pre"] or "").lower()
    if pub is None or (not pre and m["mon"] in ("May", "March")):
        return None
    month = _MONTHS[m["mon"].lower()]
    if pre == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif pre == "this":
        year = pub.year
    elif pre == "last":
        year = pub.year if month < pub.month else pub.year - 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    start, end = _month(year, month)
    return _since((start, end, "month"), pre, pub)


def _year(m: re.Match[str], pub: date | None) -> Resolved | None:
    year = int(m["y"])
    return _since((date(year, 1, 1), date(year, 12, 31), "year"), m["pre"], pub)


def _years(m: re.Match[str], pub: date | None) -> Resolved | None:
    first, last = int(m["y"]), int(m["y2"])
    return (date(first, 1, 1), date(last, 12, 31), "range") if first <= last else None


def _relative_day(m: re.Match[str], pub: date | None) -> Resolved | None:
    if pub is None:
        return None
    words = m[0].lower()
    if "before yesterday" in words:
        d = pub - timedelta(days=2)
    elif "yesterday" in words or "last night" in words:
        d = pub - timedelta(days=1)
    elif "overnight" in words:
        return pub - timedelta(days=1), pub, "range"
    else:
        d = pub
    return d, d, "day"


def _weekday(m: re.Match[str], pub: date | None) -> Resolved | None:
    if pub is None:
        return None
    wanted = _WEEKDAYS[m["wd"].lower()]
    pre = (m["pre"] or "").lower()
    if pre == "next":
        d = pub + timedelta(days=(wanted - pub.weekday() - 1) % 7 + 1)
    else:
        back = (pub.weekday() - wanted) % 7
        d = pub - timedelta(days=7 if pre == "last" and back == 0 else back)
    return _since((d, d, "day"), pre, pub)


def _ago(m: re.Match[str], pub: date | None) -> Resolved | None:
    n = _count(m["n"])
    if pub is None or n is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "day":
        d = pub - timedelta(days=n)
        return d, d, "day"
    if unit == "week":
        return (*_week(pub - timedelta(days=7 * n)), "week")
    if unit == "month":
        d = _add_months(pub, -n)
        return (*_month(d.year, d.month), "month")
    return date(pub.year - n, 1, 1), date(pub.year - n, 12, 31), "year"


def _weekend(pub: date, ahead: bool) -> Resolved:
    saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
    if ahead:
        saturday = pub + timedelta(days=(5 - pub.weekday() - 1) % 7 + 1)
        return saturday, saturday + timedelta(days=1), "range"
    return saturday, min(saturday + timedelta(days=1), pub), "range"


def _calendar(m: re.Match[str], pub: date | None) -> Resolved | None:
    if pub is None:
        return None
    rel = (m["rel"] or "the").lower()
    unit = m["unit"].lower()
    earlier = bool(m["early"]) and m["early"].lower().startswith("earlier")
    if unit == "weekend":
        return _weekend(pub, ahead=rel == "next")
    step = {"last": -1, "this": 0, "next": 1}[rel]
    if unit == "week":
        start, end = _week(pub + timedelta(days=7 * step))
        precision = "week"
    elif unit == "month":
        d = _add_months(pub, step)
        start, end = _month(d.year, d.month)
        precision = "month"
    else:
        start, end = date(pub.year + step, 1, 1), date(pub.year + step, 12, 31)
        precision = "year"
    if step == 0:
        return (start, pub, "range") if earlier else (start, pub, precision)
    return start, end, precision


def _past(m: re.Match[str], pub: date | None) -> Resolved | None:
    n = _count(m["n"])
    if pub is None or n is None or n <= 0:
        return None
    unit = m["unit"].lower().rstrip("s")
    if unit == "hour":
        start = pub - timedelta(days=max(1, math.ceil(n / 24)))
    elif unit in ("day", "night"):
        start = pub - timedelta(days=n)
    elif unit == "week":
        start = pub - timedelta(days=7 * n)
    elif unit == "month":
        start = _add_months(pub, -n)
    else:
        start = _add_months(pub, -12 * n)
    return start, pub, "range"


def _recent(m: re.Match[str], pub: date | None) -> Resolved | None:
    if pub is None:
        return None
    unit = m["unit"].lower()
    start = {"days": pub - timedelta(days=7), "weeks": pub - timedelta(days=28)}.get(unit)
    return (start or _add_months(pub, -3)), pub, "range"


def _since_start(m: re.Match[str], pub: date | None) -> Resolved | None:
    if pub is None:
        return None
    unit = m["unit"].lower()
    start = {"year": date(pub.year, 1, 1), "month": date(pub.year, pub.month, 1)}.get(unit, _week(pub)[0])
    return start, pub, "range"


_Handler = Callable[[re.Match[str], date | None], Resolved | None]
_Rule = tuple[re.Pattern[str], _Handler, tuple[frozenset[str], ...]]


def _rule(pattern: str, handler: _Handler, *needs: frozenset[str] | str) -> _Rule:
    """A pattern, what resolves its match, and the word sets the sentence must meet for it to run."""
    sets = tuple(frozenset(n.split()) if isinstance(n, str) else n for n in needs)
    return re.compile(pattern, re.IGNORECASE), handler, sets


_VAGUE_COUNTS = {"few": 3, "several": 3, "couple of": 2}
_SMALL_COUNT = rf"(?P<n>{COUNT_PATTERN}|few|several|couple\s+of)"
_RULES: tuple[_Rule, ...] = (
    _rule(rf"{_PRE}\b(?P<y>(?:19|20)\d{{2}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})\b(?!-)", _iso, _HAS_DIGIT),
    _rule(rf"{_PRE}(?<![\d/.])\b(?P<a>\d{{1,2}})(?:/(?P<b>\d{{1,2}})/(?P<y>\d{{4}}|\d{{2}})|"
          rf"\.(?P<b2>\d{{1,2}})\.(?P<y2>\d{{4}}))\b(?![/.]\d)", _numeric, _HAS_DIGIT),
    _rule(rf"{_PRE}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+(?P<d>\d{{1,2}}){_ORD}"
          rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}}){_ORD})?(?:,?\s+{_YEAR})?{_NOT_NUMBER}",
          _month_day, _MONTH_WORDS, _HAS_DIGIT),
    _rule(rf"{_PRE}(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?<![\d,.$£€])\b(?P<d>\d{{1,2}}){_ORD}"
          rf"(?:\s*[-–]\s*(?P<d2>\d{{1,2}}){_ORD})?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?",
          _month_day, _MONTH_WORDS, _HAS_DIGIT),
    _rule(rf"(?:\b(?P<pre>in|since|during|early|late|mid-?|throughout)\s*)?\b{_MONTH},?\s+{_YEAR}",
          _month_year,
          _MONTH_WORDS, _HAS_DIGIT),
    _rule(rf"(?:\b(?P<pre>in|since|during|last|this|next|early|late|mid-?|earlier\s+in|later\s+in|"
          rf"throughout)\s*)?\b(?P<mon>(?-i:{_FULL_MONTH}))\b(?!\s*\d)", _month_only, _MONTH_WORDS),
    _rule(rf"\b(?P<pre>in|since|during|throughout|early|late|mid-?|(?:summer|spring|autumn|fall|winter|"
          rf"end|start|beginning|middle|half)\s+of)\s*\b{_YEAR}"
          r"(?![,.]?\d|\s*[-–]\s*\d|\s*%)", _year, _HAS_DIGIT,
          "in since during throughout early late mid of"),
    _rule(r"\b(?:from|between)\s+(?P<y>(?:19|20)\d{2})\s+(?:to|and|until)\s+"
          r"(?P<y2>(?:19|20)\d{2})\b(?![,.]?\d)",
          _years, _HAS_DIGIT, "from between"),
    _rule(r"\b(?:(?:the\s+)?day\s+before\s+yesterday|(?:earlier\s+|early\s+|late\s+)?today|tonight|"
          r"this\s+(?:morning|afternoon|evening)|(?:early\s+|late\s+)?yesterday(?:\s+(?:morning|afternoon|"
          r"evening))?|last\s+night|overnight)\b", _relative_day,
          "today tonight yesterday overnight night morning afternoon evening"),
    _rule(rf"(?:\b(?:early|late)\s+)?(?:\b(?P<pre>on|last|this|next|since)\s+)?(?:(?:early|late)\s+)?"
          rf"\b(?P<wd>{_WEEKDAY}){_PART}\b",
          _weekday, _WEEKDAY_WORDS),
    _rule(rf"\b{_SMALL_COUNT}\s+(?P<unit>days?|weeks?|months?|years?)\s+ago\b", _ago, "ago"),
    _rule(r"(?:\b(?P<early>earlier|later)\s+)?\b(?P<rel>last|this|next)\s+"
          r"(?P<unit>week|month|year|weekend)\b",
          _calendar, "last this next", "week month year weekend"),
    _rule(r"\b(?:over|at|during)\s+the\s+(?P<unit>weekend)\b(?P<rel>)(?P<early>)", _calendar, "weekend"),
    _rule(rf"(?:\b(?:over|in|during|within|for|throughout)\s+)?\bthe\s+(?:last|past|previous)\s+"
          rf"(?:{_SMALL_COUNT}\s+)?(?P<unit>hours?|days?|nights?|weeks?|months?|years?)\b", _past,
          "last past previous", "hour hours day days night nights week weeks month months year years"),
    _rule(r"\bin\s+recent\s+(?P<unit>days|weeks|months)\b", _recent, "recent"),
    _rule(r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(?:the|this)\s+(?P<unit>year|month|week)\b",
          _since_start,
          "since"),
)


_TRIGGERS = frozenset().union(*(rule[2][0] for rule in _RULES))


def _candidates(text: str, published: date | None) -> list[tuple[int, int, Resolved]]:
    words = set(_TOKEN.findall(text))
    words.update([w.lower() for w in words])
    if _DIGIT.search(text):
        words.add(_HAS_DIGIT)
    found: list[tuple[int, int, Resolved]] = []
    if words.isdisjoint(_TRIGGERS):
        return found
    for pattern, handler, needs in _RULES:
        if words.isdisjoint(needs[0]) or (len(needs) > 1 and words.isdisjoint(needs[1])):
            continue
        for m in pattern.finditer(text):
            try:
                resolved = handler(m, published)
            except (ValueError, OverflowError):  # "3000 years ago": arithmetic outside the calendar
                continue
            if resolved is not None:
                found.append((m.start(), m.end(), resolved))
    return found


def find_dates(text: str, published: date | None, *, offset: int = 0) -> list[When]:
    """Every date expression in a sentence, resolved, in text order and not overlapping."""
    if not text:
        return []
    chosen: list[tuple[int, int, Resolved]] = []
    for start, end, resolved in sorted(_candidates(text, published), key=lambda c: (c[0] - c[1], c[0])):
        if all(end <= s or start >= e for s, e, _ in chosen):
            chosen.append((start, end, resolved))
    chosen.sort(key=lambda c: c[0])
    return [When(r[0], r[1], r[2], text[s:e], offset + s, offset + e) for s, e, r in chosen]


def _dateparser(expression: str, published: date | None) -> When | None:
    """The last resort for an absolute date our rules could not read."""
    import dateparser  # slow to import; only loaded when needed

    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["year"],
                                   "PARSERS": ["custom-formats", "absolute-time"]}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    parser = dateparser.date.DateDataParser(languages=["en"], settings=settings)
    try:
        data = parser.get_date_data(expression)
    except (ValueError, OverflowError) as error:
        logger.debug("dateparser could not read %r: %s", expression, error)
        return None
    if data.date_obj is None:
        return None
    d = data.date_obj.date()
    if data.period == "year":
        return When(date(d.year, 1, 1), date(d.year, 12, 31), "year", expression)
    if data.period == "month":
        start, end = _month(d.year, d.month)
        return When(start, end, "month", expression)
    return When(d, d, "day", expression)


def resolve_date(expression: str, published: date | None) -> When | None:
    """One date expression (e.g. a spaCy DATE entity) resolved; spans are offsets into ``expression``."""
    found = find_dates(expression, published)
    best = max(found, key=lambda w: (w.span_end or 0) - (w.span_start or 0)) if found else None
    words = expression.strip()
    if re.search(r"\d", words) and (best is None or len(best.text or "") < 0.6 * len(words)):
        return _dateparser(words, published) or best  # our rules read only part of it
    return best


def publication_date(published: date) -> When:
    """The fallback when a sentence names no date: the day of publication."""
    return When(published, published, "publication")
