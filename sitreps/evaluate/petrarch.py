"""PETRARCH validation records (PETRARCH-2 unit tests, UD-PETRARCH validation) as gold records.

A records file is XML-like: ``<Sentence date= id= category= [evaluate=]>`` holding
``<EventCoding sourcecode= targetcode= eventcode=>`` (or ``noevents="True"``, or ``error="..."``),
``<PLEvent {json}>`` lines (PLOVER-style compound codings, kept in ``meta``), a ``<Text>`` and a
``<Parse>``. The UD-PETRARCH file is not well-formed XML (comments nest, ``<PLEvent`` has no
attributes), so it is read with patterns rather than an XML parser.

Which records are scored follows the file itself: categories outside its ``<Include>`` list and
``evaluate="false"`` records are skipped, and so are records whose gold is about PETRARCH's input
handling rather than the text (``dateline``, ``bad_input_parse``) or whose gold codes are not CAMEO
(the suites' invented verb codes such as 345 or 901). Discarded stories and sentences are kept as
records with no events.
"""

from __future__ import annotations

import html
import json
import logging
import re
from collections.abc import Iterator
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..lexicon import Lexicon
from .score import ACTOR_FIELDS, CODE_FIELDS, EVENT_FIELDS, GoldEvent, GoldRecord, plover_quad

logger = logging.getLogger(__name__)

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SENTENCE = re.compile(r"^<Sentence\b([^>]*)>(.*?)</Sentence>", re.DOTALL | re.MULTILINE)
_ATTR = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CODING = re.compile(r"<EventCoding\b([^>]*?)/?>")
_PLEVENT = re.compile(r"<PLEvent\s+(\{.*?\})\s*/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.DOTALL)
_INCLUDE = re.compile(r"<Include>(.*?)</Include>", re.DOTALL)
SKIPPED_ERRORS = frozenset({"dateline", "bad_input_parse"})  # tests of PETRARCH's input, not of coding


def attributes(tag: str) -> dict[str, str]:
    """The attributes of one tag, unescaped; single or double quotes."""
    return {k: html.unescape(a if a or not b else b) for k, a, b in _ATTR.findall(tag)}


def split_codes(value: str | None) -> tuple[str, ...]:
    """``"FRO/BIL/SAM"`` → three codes; a quoted literal (``'"INJURY TOLL"'``) stays one string."""
    if not value:
        return ()
    value = value.strip()
    if value.startswith('"'):
        return (value.strip('"'),)
    return tuple(c for c in value.split("/") if c)


def parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), "%Y%m%d").date()
    except ValueError:
        logger.warning("not a PETRARCH date (YYYYMMDD): %r", value)
        return None


def real_countries(codes: tuple[str, ...], fictional: frozenset[str]) -> bool:
    """Whether every code starts with a real ISO3 country code that the suite does not reuse."""
    iso3 = _iso3()
    return bool(codes) and all(c[:3] in iso3 and c[:3] not in fictional for c in codes)


@lru_cache(maxsize=1)
def _iso3() -> frozenset[str]:
    import pycountry

    return frozenset(c.alpha_3 for c in pycountry.countries)


def fictional_codes(actors_text: str) -> frozenset[str]:
    """Three-letter codes a PETRARCH actor dictionary gives only to names that are not countries.

    The validation suites reuse real ISO3 codes for invented places (ERIADOR [ERI], THE_SHIRE
    [FRO/BIL/SAM]); a code counts as fictional when no entry that carries it names its country.
    """
    import pycountry

    names: dict[str, set[str]] = {}
    name: str | None = None
    for raw in actors_text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith(("<", "+")):
            continue
        if not line[0].isspace():
            name = re.split(r"\s*\[", line, maxsplit=1)[0].strip().replace("_", " ").strip()
        for block in re.findall(r"\[([^\]\s<>]+)", line):
            for code in block.split("/"):
                if name and len(code) == 3 and code in _iso3():
                    names.setdefault(code, set()).add(name)
    fictional = set()
    for code, known in names.items():
        if not any(_names_country(n, code, pycountry) for n in known):
            fictional.add(code)
    return frozenset(fictional)


def _names_country(name: str, code: str, pycountry: Any) -> bool:
    try:
        return pycountry.countries.search_fuzzy(name)[0].alpha_3 == code
    except LookupError:
        return False


def parse_records(text: str, *, origin: str = "", fictional: frozenset[str] = frozenset(),
                  lexicon: Lexicon | None = None, dictionaries: tuple[str, ...] = (),
                  verbs: tuple[str, ...] = ()) -> Iterator[GoldRecord]:
    """Gold records from the text of a PETRARCH records file.

    With ``dictionaries`` (the suite's actor and agent files, which the run then loads as extra actors),
    every record is scored on actor codes; without, only records whose codes are all real countries.
    ``verbs`` (the suite's verb dictionary) goes with every record as extra triggers (``meta["triggers"]``).
    """
    lexicon = lexicon or Lexicon.load()
    text = _COMMENT.sub("", text)
    include = _INCLUDE.search(text)
    categories = set(include.group(1).split()) if include else None
    seen: dict[str, int] = {}
    for n, (head, body) in enumerate(_SENTENCE.findall(text)):
        attrs = attributes(head)
        rid = attrs.get("id") or f"{origin or 'record'}#{n}"
        seen[rid] = seen.get(rid, 0) + 1
        if seen[rid] > 1:
            rid = f"{rid}#{seen[rid]}"
        record = _record(rid, attrs, body, categories, fictional, lexicon, dictionaries)
        if verbs:
            record.meta["triggers"] = list(verbs)
        yield record


def _record(rid: str, attrs: dict[str, str], body: str, categories: set[str] | None,
            fictional: frozenset[str], lexicon: Lexicon, dictionaries: tuple[str, ...] = ()) -> GoldRecord:
    match = _TEXT.search(body)
    sentence = " ".join(html.unescape(match.group(1)).split()) if match else ""
    meta: dict[str, Any] = {"category": attrs.get("category"), "codings": []}
    events: list[GoldEvent] = []
    unknown: list[str] = []
    for tag in _CODING.findall(body):
        coding = attributes(tag)
        meta["codings"].append(coding)
        if "error" in coding:
            meta["error"] = coding["error"]
        if "eventcode" not in coding:
            continue
        code = coding["eventcode"].strip()
        entry = lexicon.cameo(code)
        if entry is None:
            unknown.append(code)
        source, target = split_codes(coding.get("sourcecode")), split_codes(coding.get("targetcode"))
        plover = entry.plover if entry else None
        events.append(GoldEvent(plover, code, source, target, plover_quad(plover),
                                tuple(c[:3] for c in source), tuple(c[:3] for c in target)))
    plevents = [_plevent(m) for m in _PLEVENT.findall(body)]
    if plevents:
        meta["plover_events"] = plevents
    for key in ("evaluate", "sentence", "date"):
        if key in attrs:
            meta[key] = attrs[key]
    meta["skip"] = _skip(attrs, meta, unknown, categories, sentence)
    typed = [e for e in events if e.event_type]
    codes = tuple(c for e in typed for c in (*e.source, *e.target))
    actors_ok = bool(typed) and real_countries(codes, fictional)
    fields = (*EVENT_FIELDS, *ACTOR_FIELDS, *CODE_FIELDS) if actors_ok or dictionaries else EVENT_FIELDS
    if dictionaries:
        meta["actors"] = list(dictionaries)  # loaded as extra knowledge-base files for the run
    return GoldRecord(rid, sentence, parse_date(attrs.get("date")), tuple(events), meta, fields)


def _skip(attrs: dict[str, str], meta: dict[str, Any], unknown: list[str], categories: set[str] | None,
          sentence: str) -> str | None:
    if not sentence:
        return "no text"
    if attrs.get("evaluate", "").lower() == "false":
        return 'evaluate="false"'
    if categories is not None and attrs.get("category") not in categories:
        return "category not in <Include>"
    if meta.get("error") in SKIPPED_ERRORS:
        return f"error={meta['error']} (tests PETRARCH's input handling)"
    if unknown:
        return "gold code outside CAMEO"
    return None


def _plevent(raw: str) -> Any:
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        logger.warning("unreadable <PLEvent>: %s", raw[:80])
        return {"raw": raw}


def records_file(path: Path) -> Path:
    """The records file: ``path`` itself, or the one XML file in a folder whose name says records."""
    if path.is_file():
        return path
    found = sorted(path.glob("*records*.xml")) or sorted(path.glob("*.xml"))
    if not found:
        raise FileNotFoundError(f"no PETRARCH records file (*.xml) in {path}")
    return found[0]


def actors_file(records: Path) -> Path | None:
    """The actor dictionary beside a records file, if there is one."""
    found = sorted(records.parent.glob("*[Aa]ctors*.txt"))
    return found[0] if found else None


def agents_file(records: Path) -> Path | None:
    """The agent dictionary beside a records file, if there is one."""
    found = sorted(records.parent.glob("*[Aa]gents*.txt"))
    return found[0] if found else None


def verbs_file(records: Path) -> Path | None:
    """The verb dictionary beside a records file, if there is one."""
    found = sorted(records.parent.glob("*[Vv]erbs*.txt"))
    return found[0] if found else None


def read_petrarch(path: str | Path) -> Iterator[GoldRecord]:
    """Gold records from a PETRARCH records file, or a folder holding one and its dictionaries.

    The actor and agent dictionaries beside it, when present, go with every record (``meta["actors"]``)
    so that the run codes the suite's invented countries, and every record is scored on actor codes.
    Without them, source and target are scored only on records whose codes are all real countries.
    The verb dictionary beside it goes with every record too (``meta["triggers"]``): the run reads its
    patterns as extra event triggers (``sitreps.dictionaries.petrarch_verbs``).
    """
    records = records_file(Path(path))
    actors = actors_file(records)
    dictionaries: tuple[str, ...] = ()
    if actors is None:
        logger.warning("no actor dictionary beside %s: every ISO3-looking code counts as a country", records)
    else:
        agents = agents_file(records)
        dictionaries = tuple(str(p) for p in (actors, agents) if p is not None)
    text = records.read_text(encoding="utf-8", errors="replace")
    verbs = verbs_file(records)
    yield from parse_records(text, origin=records.name, dictionaries=dictionaries,
                             verbs=(str(verbs),) if verbs is not None else ())
