"""The actor knowledge base: countries, capitals, organisations, armed groups and media, read from JSON Lines.

The bundled files live in ``sitreps/data/kb/`` (see its README.md); a user adds or overrides entries with
files of the same format passed to ``KnowledgeBase.load(extra=...)``. ``.tsv`` files among the extras add
role words to the sector table, ``.txt`` files add not-an-actor phrases, or, when they are PETRARCH actor or
agent dictionaries (sniffed: see ``sitreps.dictionaries.petrarch``), actors or role words.
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .errors import DataFileError

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data" / "kb"
# Load order: where two files claim the same surface form, the later file wins, so countries come last
# among the bundled files and user files after them.
BUNDLED = ("people.jsonl", "capitals.jsonl", "media.jsonl", "igos.jsonl", "institutions.jsonl", "groups.jsonl",
           "countries.jsonl")
SECTORS_FILE = "sectors.tsv"
NOT_ACTORS_FILE = "not_actors.txt"
KINDS = ("country", "capital", "igo", "ngo", "group", "media", "institution", "person")
# A misspelt name: at least FUZZY_MIN_LEN characters, within one edit of a known name (two from FUZZY_LONG on),
# and no other entry's name as close ("Hezbolah" -> Hezbollah; a short name is too easily another word).
FUZZY_MIN_LEN = 7
FUZZY_LONG = 10

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'", "\u02bc": "'"})
_NON_WORD = re.compile(r"[^\w']+")


class KBFormatError(DataFileError):
    """A knowledge-base file line that is not a valid entry."""


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    name: str
    code: str | None
    sector: str | None
    kind: str
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...] = ()
    country: str | None = None
    capital: str | None = None
    full_code: str | None = None  # the code in the dictionary it came from, when richer: PETRARCH "ARNGOV"


def fold(text: str) -> str:
    """Strip diacritics: "Élysée" -> "Elysee"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1 << 16)  # the same names and phrases recur across a feed's articles
def normalize(text: str) -> str:
    """The lookup key: case, diacritics, dots, apostrophes, hyphens, a leading "the" and "'s" ignored."""
    text = fold(text).translate(_QUOTES).lower().strip()
    text = re.sub(r"'s?$", "", text)  # possessive
    text = text.replace(".", "").replace("'", "")
    text = _NON_WORD.sub(" ", text).replace("_", " ").strip()
    text = " ".join(text.split())
    return text.removeprefix("the ")


def case_sensitive(form: str) -> bool:
    """Acronyms and short names ("US", "IS", "UN", "Nato", "Iraq") must keep their case to match."""
    letters = re.sub(r"[\s.\-'/+]", "", form)
    cased = [ch for ch in letters if ch.isalpha()]
    return len(letters) <= 4 or (bool(cased) and all(ch.isupper() for ch in cased))


def _compact(form: str) -> str:
    """A form's letters and case, without spaces, dots or diacritics: "U.S." -> "US"."""
    return re.sub(r"[\s.]", "", fold(form).translate(_QUOTES))


def _entry_from(record: dict[str, object], path: str, line: int) -> Entry:
    def text_list(key: str) -> tuple[str, ...]:
        value = record.get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise KBFormatError(path, line, f"{key!r} must be a list of strings")
        return tuple(v.strip() for v in value if v.strip())

    def optional(key: str) -> str | None:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise KBFormatError(path, line, f"{key!r} must be a string or null")
        return value or None

    for key in ("id", "name", "kind"):
        if not isinstance(record.get(key), str) or not str(record[key]).strip():
            raise KBFormatError(path, line, f"missing {key!r}")
    kind = str(record["kind"])
    if kind not in KINDS:
        raise KBFormatError(path, line, f"kind {kind!r} is not one of {', '.join(KINDS)}")
    return Entry(id=str(record["id"]), name=str(record["name"]).strip(), code=optional("code"),
                 sector=optional("sector"), kind=kind, aliases=text_list("aliases"),
                 demonyms=text_list("demonyms"), country=optional("country"), capital=optional("capital"))


@lru_cache(maxsize=64)
def _read_entries(path: str, mtime_ns: int) -> tuple[Entry, ...]:
    """Parse one JSONL file; cached on (path, modification time)."""
    entries = []
    with open(path, encoding="utf-8") as fh:
        for number, raw in enumerate(fh, 1):
            raw = raw.strip()
            if not raw or raw.startswith("#"):
                continue
            try:
                record = json.loads(raw)
            except json.JSONDecodeError as error:
                raise KBFormatError(path, number, f"not JSON: {error.msg}") from error
            if not isinstance(record, dict):
                raise KBFormatError(path, number, "a line must be a JSON object")
            entries.append(_entry_from(record, path, number))
    return tuple(entries)


@lru_cache(maxsize=16)
def _read_lines(path: str, mtime_ns: int) -> tuple[tuple[str, ...], ...]:
    """Non-comment lines of a TSV or TXT file, split on tabs; cached on (path, modification time)."""
    with open(path, encoding="utf-8") as fh:
        rows = (line.rstrip("\n") for line in fh)
        return tuple(tuple(p.strip() for p in row.split("\t")) for row in rows
                     if row.strip() and not row.lstrip().startswith("#"))


def _stamp(path: Path) -> tuple[str, int]:
    resolved = path.resolve()
    return str(resolved), resolved.stat().st_mtime_ns


class KnowledgeBase:
    """Entries by id, with indexes from surface forms, demonyms and role words. Immutable once built."""

    def __init__(self, sources: Iterable[Iterable[Entry]], sectors: dict[str, str] | None = None,
                 not_actors: Iterable[str] = ()) -> None:
        # Later entries with the same id replace earlier ones, taking the later source's rank.
        placed: dict[str, tuple[int, int, Entry]] = {}
        for rank, entries in enumerate(sources):
            for order, entry in enumerate(entries):
                placed[entry.id] = (rank, order, entry)
        self._entries = {key: entry for key, (_, _, entry) in placed.items()}
        ranked = sorted(placed.values(), key=lambda item: (item[0], item[1]))
        self._names: dict[str, str] = {}
        self._demonyms: dict[str, str] = {}
        self._forms: dict[str, set[str]] = {}  # key -> exact forms, for case-sensitive keys only
        for rank in sorted({r for r, _, _ in ranked}):
            names: dict[str, str] = {}
            demonyms: dict[str, str] = {}
            for _, _, entry in (item for item in ranked if item[0] == rank):
                for form in (entry.name, *entry.aliases):
                    names.setdefault(normalize(form), entry.id)
                for form in entry.demonyms:
                    demonyms.setdefault(normalize(form), entry.id)
            self._names.update(names)
            self._demonyms.update(demonyms)
        self._names.pop("", None)
        self._demonyms.pop("", None)
        self._index_case()
        self._fuzzy = [key for key in self._names if len(key) >= FUZZY_MIN_LEN]
        self._sectors = dict(sectors or {})
        self._sector_len = max((len(p.split()) for p in self._sectors), default=0)
        self.not_actors: tuple[str, ...] = tuple(not_actors)

    def _index_case(self) -> None:
        """Keys whose every form is case-sensitive match only in one of those cases."""
        loose: set[str] = set()
        for entry in self._entries.values():
            for form in (entry.name, *entry.aliases, *entry.demonyms):
                key = normalize(form)
                if case_sensitive(form):
                    self._forms.setdefault(key, set()).update({_compact(form), _compact(form).upper()})
                else:
                    loose.add(key)
        for key in loose:
            self._forms.pop(key, None)

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> KnowledgeBase:
        """The bundled files plus the user's; built once per set of files (and their modification times)."""
        stamps = tuple(_stamp(DATA_DIR / name) for name in (*BUNDLED, SECTORS_FILE, NOT_ACTORS_FILE))
        stamps += tuple(_stamp(Path(p)) for p in extra)
        return _build(stamps)

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self._entries.values())

    def get(self, id: str) -> Entry | None:
        return self._entries.get(id)

    def _allowed(self, key: str, text: str) -> bool:
        forms = self._forms.get(key)
        if forms is None:
            return True
        text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
        return _compact(text).removesuffix("'s") in forms

    def lookup(self, text: str) -> Entry | None:
        """Exact (normalised) name, then demonym, then a close misspelling of a long name."""
        found = self.find(text)
        return found[0] if found is not None else None

    def find(self, text: str) -> tuple[Entry, bool] | None:
        """The entry a name resolves to, and whether only as a misspelling (a fuzzy match)."""
        key = normalize(text)
        if not key:
            return None
        for index in (self._names, self._demonyms):
            if key in index and self._allowed(key, text.strip()):
                return self._entries[index[key]], False
        if len(key) < FUZZY_MIN_LEN or not self._fuzzy:
            return None
        limit = 2 if len(key) >= FUZZY_LONG else 1
        near = process.extract(key, self._fuzzy, scorer=Levenshtein.distance, score_cutoff=limit, limit=8)
        if not near:
            return None
        best = min(d for _, d, _ in near)
        ids = {self._names[name] for name, d, _ in near if d == best}
        if len(ids) != 1:
            return None  # two entries as close: the misspelling could be either
        logger.debug("fuzzy match %r -> %r (distance %d)", text, near[0][0], best)
        return self._entries[ids.pop()], True

    def country_of_demonym(self, word: str) -> Entry | None:
        key = normalize(word)
        if key in self._demonyms and self._allowed(key, word.strip()):
            return self._entries[self._demonyms[key]]
        return None

    def surface_forms(self) -> Iterator[tuple[str, Entry, str]]:
        """(text, entry, "name" | "demonym") for every form that resolves to its entry, for matchers."""
        seen: set[tuple[str, str]] = set()
        for entry in self._entries.values():
            for form in (entry.name, *entry.aliases):
                if self._names.get(normalize(form)) == entry.id and (form, "name") not in seen:
                    seen.add((form, "name"))
                    yield form, entry, "name"
            for form in entry.demonyms:
                key = normalize(form)
                if key not in self._names and self._demonyms.get(key) == entry.id \
                        and (form, "demonym") not in seen:
                    seen.add((form, "demonym"))
                    yield form, entry, "demonym"

    def sector_of(self, words: str) -> str | None:
        """The sector of the longest role phrase in a noun phrase ("regime troops" -> MIL); ties go right."""
        tokens = normalize(words).split()
        best: tuple[int, int, str] | None = None
        for size in range(min(self._sector_len, len(tokens)), 0, -1):
            for start in range(len(tokens) - size + 1):
                sector = self._sectors.get(" ".join(tokens[start:start + size]))
                if sector and (best is None or (size, start) > best[:2]):
                    best = (size, start, sector)
            if best is not None:
                return best[2]
        return None

    @property
    def sectors(self) -> dict[str, str]:
        return dict(self._sectors)


def _read_txt(path: str, mtime: int, sources: list[tuple[Entry, ...]], sectors: dict[str, str],
              not_actors: list[str]) -> None:
    """A ``.txt`` extra: a PETRARCH actor or agent dictionary (sniffed), else not-an-actor phrases."""
    from .dictionaries import petrarch  # imported here: it builds on this module

    kind = petrarch.sniff(path)
    if kind == "actors":
        taken = {normalize(f) for part in sources for e in part for f in (e.name, *e.aliases, *e.demonyms)}
        sources.append(tuple(petrarch.read_actors(path, taken=taken)))
    elif kind == "agents":
        sectors.update(petrarch.agent_sectors(petrarch.read_agents(path)))
    elif kind == "verbs":
        raise KBFormatError(path, 0, "a PETRARCH verb dictionary holds event patterns, not actors")
    else:
        not_actors.extend(row[0] for row in _read_lines(path, mtime))


@lru_cache(maxsize=8)
def _build(stamps: tuple[tuple[str, int], ...]) -> KnowledgeBase:
    sources: list[tuple[Entry, ...]] = []
    sectors: dict[str, str] = {}
    not_actors: list[str] = []
    for path, mtime in stamps:
        if path.endswith(".tsv"):
            for row in _read_lines(path, mtime):
                if len(row) < 2 or not row[1]:
                    raise KBFormatError(path, 0, f"expected 'phrase<TAB>SECTOR', got {row!r}")
                sectors[normalize(row[0])] = row[1].upper()
        elif path.endswith(".txt"):
            _read_txt(path, mtime, sources, sectors, not_actors)
        else:
            sources.append(_read_entries(path, mtime))
    kb = KnowledgeBase(sources, sectors, not_actors)
    logger.debug("knowledge base: %d entries, %d role words", len(kb), len(sectors))
    return kb
