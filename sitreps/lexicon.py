"""The event lexicon: CAMEO codes with their PLOVER types, and the words that name events.

TAB-separated files ship in ``sitreps/data/lexicon`` (README.md there says how they were made):

- ``cameo.tsv``: one row per CAMEO code, with its PLOVER type, mode and contexts, and the ACLED
  event type / sub-event type for the violent and demonstration codes.
- ``senses.tsv`` and ``classes.tsv``: senses decided by arguments (``sitreps.senses``): "withdraw" with
  ``obj=TROOPS`` is a retreat, with ``obj=DIPLOMAT`` a downgrade of relations.
- ``triggers.tsv``: ``pattern pos cameo note``. The pattern's first word is a lemma; any further
  words are required nearby (a particle, a preposition or an object: "call for", "cut tie"). A
  ``*`` prefix marks a noun compound ("*air strike"), matched as a phrase.

Users add or override triggers with files in the same format: ``Lexicon.load(["my.tsv"])``. A ``.txt`` file
is read as a PETRARCH verb dictionary (``sitreps.dictionaries.petrarch_verbs``), a ``.senses.tsv`` file as
sense rows and a ``.classes.tsv`` file as word classes (``sitreps.senses``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .errors import DataFileError
from .model import PLOVER_TYPES
from .senses import EMPTY, Senses, merge_senses, read_classes, read_senses

logger = logging.getLogger(__name__)

POS = ("VERB", "NOUN")
REMOVE = "-"  # a user row with this CAMEO code removes the bundled rows for its pattern
_CODE = re.compile(r"\d{2,4}")
_CAMEO_HEADER = ("cameo", "label", "plover", "mode", "context", "acled_event_type", "acled_sub_event_type")
_TRIGGER_HEADER = ("pattern", "pos", "cameo", "note")


class LexiconError(DataFileError):
    """A lexicon file that cannot be read: names the file, the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code and what it becomes in PLOVER and ACLED; ``plover`` None: not an event we record."""

    code: str
    label: str
    plover: str | None
    mode: str | None
    context: tuple[str, ...]
    acled: tuple[str, str] | None  # (event_type, sub_event_type)

    @property
    def parent(self) -> str | None:
        """The code one level up ("1823" → "182" → "18"), None for a two-digit code."""
        return self.code[:-1] if len(self.code) > 2 else None


@dataclass(frozen=True, slots=True)
class Trigger:
    """Words that name an event: ``words[0]`` is a lemma, the rest are required nearby."""

    words: tuple[str, ...]
    pos: str  # VERB or NOUN
    cameo: str
    compound: bool  # a noun compound such as "air strike": match the words as a phrase
    note: str = ""

    @property
    def text(self) -> str:
        """The pattern as written, without the ``*``: what a PhraseMatcher is built from."""
        return " ".join(self.words)

    @property
    def head(self) -> str:
        """The word a noun compound is found by: its last word ("strike" in "air strike")."""
        return self.words[-1]

    @property
    def weak(self) -> bool:
        """True when the note marks the row as weak evidence on its own (``weak: ...``)."""
        return self.note.startswith("weak")


def word_matches(word: str, lower: str, lemma: str) -> bool:
    """Whether a pattern word fits a token, given the token's lowercase form and its lemma."""
    return word == lower or word == lemma.lower()


class Lexicon:
    """CAMEO codes and triggers, indexed for the coder. Build with ``Lexicon.load()``."""

    __slots__ = ("_codes", "_nouns", "_triggers", "_verbs", "senses")

    def __init__(self, codes: Iterable[CameoCode], triggers: Iterable[Trigger], senses: Senses = EMPTY) -> None:
        self.senses = senses  # senses decided by arguments (senses.tsv), read by sitreps.coding.senses
        self._codes: dict[str, CameoCode] = {c.code: c for c in codes}
        self._triggers: tuple[Trigger, ...] = tuple(triggers)
        self._verbs: dict[str, list[Trigger]] = {}
        self._nouns: dict[str, list[Trigger]] = {}
        for trig in self._triggers:
            if trig.pos == "VERB":
                self._verbs.setdefault(trig.words[0], []).append(trig)
            else:
                self._nouns.setdefault(trig.head if trig.compound else trig.words[0], []).append(trig)
        for index in (self._verbs, self._nouns):
            for rows in index.values():
                rows.sort(key=lambda t: -len(t.words))  # stable: file order among equals

    @classmethod
    def load(cls, extra: Iterable[str | Path] = ()) -> Lexicon:
        """The bundled lexicon plus user trigger files (same TSV format), read once and cached."""
        return _load(tuple(str(Path(p)) for p in extra))

    # -- lookups ----------------------------------------------------------------------------------
    def cameo(self, code: str) -> CameoCode | None:
        """The exact code, else its nearest parent ("1829" → "182"); None if nothing fits."""
        code = code.strip()
        while len(code) >= 2:
            if code in self._codes:
                return self._codes[code]
            code = code[:-1]
        return None

    def plover(self, code: str) -> str | None:
        """The PLOVER type of a CAMEO code, None when it has none (01x) or is unknown."""
        found = self.cameo(code)
        return found.plover if found else None

    def verb_triggers(self, lemma: str) -> list[Trigger]:
        """Verb rows whose first word is ``lemma``, longest patterns first."""
        return list(self._verbs.get(lemma.lower(), ()))

    def noun_triggers(self, lemma: str) -> list[Trigger]:
        """Noun rows found by ``lemma``, longest first: compounds by their last word, others by their first."""
        return list(self._nouns.get(lemma.lower(), ()))

    def compounds(self) -> list[Trigger]:
        """Every noun compound (``*`` rows), for a PhraseMatcher built from ``Trigger.text``."""
        return [t for t in self._triggers if t.compound]

    @property
    def triggers(self) -> tuple[Trigger, ...]:
        return self._triggers

    @property
    def codes(self) -> tuple[CameoCode, ...]:
        return tuple(self._codes.values())

    def __iter__(self) -> Iterator[Trigger]:
        return iter(self._triggers)

    def __len__(self) -> int:
        return len(self._triggers)


# -- reading files -----------------------------------------------------------------------------------
def _rows(text: str, path: str, header: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
    """Non-blank, non-comment lines split on TABs and padded to the header's width."""
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.rstrip("\r\n").split("\t")]
        if tuple(c.lower() for c in cells[: len(header)]) == header[: len(cells)]:
            continue  # the header line
        if len(cells) > len(header):
            raise LexiconError(path, number, f"{len(cells)} columns, expected at most {len(header)}")
        yield number, cells + [""] * (len(header) - len(cells))


def read_cameo(text: str, path: str = "cameo.tsv") -> list[CameoCode]:
    """Parse a CAMEO table; raises LexiconError on a bad row."""
    codes: list[CameoCode] = []
    seen: set[str] = set()
    for number, (code, label, plover, mode, context, acled_type, acled_sub) in _rows(text, path, _CAMEO_HEADER):
        if not _CODE.fullmatch(code):
            raise LexiconError(path, number, f"CAMEO code {code!r} is not 2 to 4 digits")
        if code in seen:
            raise LexiconError(path, number, f"CAMEO code {code} is listed twice")
        if plover and plover not in PLOVER_TYPES:
            raise LexiconError(path, number, f"{plover!r} is not a PLOVER type")
        if bool(acled_type) != bool(acled_sub):
            raise LexiconError(path, number, "ACLED needs both an event type and a sub-event type, or neither")
        seen.add(code)
        codes.append(CameoCode(
            code=code, label=label, plover=plover or None, mode=mode or None,
            context=tuple(c.strip() for c in context.split(";") if c.strip()),
            acled=(acled_type, acled_sub) if acled_type else None))
    return codes


def read_triggers(text: str, path: str = "triggers.tsv") -> list[tuple[int, Trigger]]:
    """Parse a trigger file into (line number, Trigger); CAMEO codes are checked by the caller."""
    out: list[tuple[int, Trigger]] = []
    for number, (pattern, pos, code, note) in _rows(text, path, _TRIGGER_HEADER):
        compound = pattern.startswith("*")
        words = tuple(pattern.lstrip("*").lower().split())
        if not words:
            raise LexiconError(path, number, "empty pattern")
        pos = pos.upper()
        if pos not in POS:
            raise LexiconError(path, number, f"part of speech {pos!r} is not VERB or NOUN")
        if compound and pos != "NOUN":
            raise LexiconError(path, number, "a '*' compound must be a NOUN")
        if code != REMOVE and not _CODE.fullmatch(code):
            raise LexiconError(path, number, f"CAMEO code {code!r} is not 2 to 4 digits")
        out.append((number, Trigger(words, pos, code, compound, note)))
    return out


def _bundled(name: str) -> str:
    return resources.files("sitreps").joinpath("data", "lexicon", name).read_text(encoding="utf-8")


@lru_cache(maxsize=8)
def _load(extra: tuple[str, ...]) -> Lexicon:
    codes = read_cameo(_bundled("cameo.tsv"))
    table = Lexicon(codes, ())
    rows = _checked(read_triggers(_bundled("triggers.tsv")), table, "triggers.tsv")
    classes = read_classes(_bundled("classes.tsv"))
    sense_texts: list[tuple[str, str]] = []  # user sense files go first: they win among rows of equal weight
    for path in extra:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise LexiconError(path, 0, f"cannot read trigger file: {error}") from error
        if path.endswith(".classes.tsv"):
            classes = {**classes, **read_classes(text, path)}  # a user class replaces the bundled one
        elif path.endswith(".senses.tsv"):
            sense_texts.append((text, path))
        else:
            rows = _merge(rows, _user_rows(text, path, table), first=path.endswith(".txt"))
        logger.info("lexicon: read extra rows from %s", path)
    senses = merge_senses([read_senses(text, classes, [c.code for c in codes], path) for text, path in sense_texts]
                          + [read_senses(_bundled("senses.tsv"), classes, [c.code for c in codes])])
    return Lexicon(codes, rows, senses)


def _user_rows(text: str, path: str, table: Lexicon) -> list[Trigger]:
    """A TSV trigger file's rows, or a PETRARCH verb dictionary's (a ``.txt`` file) converted to triggers."""
    if path.endswith(".txt"):
        from .dictionaries.petrarch import sniff
        from .dictionaries.petrarch_verbs import verb_triggers

        if sniff(path) == "verbs":
            return verb_triggers(text, table, origin=Path(path).name)
        raise LexiconError(path, 0, "a .txt trigger file must be a PETRARCH verb dictionary")
    return _checked(read_triggers(text, path), table, path)


def _checked(rows: list[tuple[int, Trigger]], table: Lexicon, path: str) -> list[Trigger]:
    for number, trig in rows:
        if trig.cameo != REMOVE and table.cameo(trig.cameo) is None:
            raise LexiconError(path, number, f"CAMEO code {trig.cameo} is not in cameo.tsv")
    return [trig for _, trig in rows]


def _merge(base: list[Trigger], user: list[Trigger], *, first: bool = False) -> list[Trigger]:
    """User rows replace base rows with the same pattern and part of speech; ``-`` rows only remove.

    ``first``: the user rows go before the base rows, so they win among patterns of the same length
    (a PETRARCH verb dictionary is a whole coding scheme: its "agree with" beats the bundled "agree that").
    """
    replaced = {(t.words, t.pos, t.compound) for t in user}
    kept = [t for t in base if (t.words, t.pos, t.compound) not in replaced]
    added = [t for t in user if t.cameo != REMOVE]
    return added + kept if first else kept + added
