"""Senses decided by arguments: which event a verb or noun names, read from its object, complement,
particle and preposition ("withdraw troops" is a retreat, "withdraw an ambassador" a sanction, "seek to
expand" an intention and no request).

Two TAB-separated files ship in ``sitreps/data/lexicon`` (README.md there describes them):

- ``classes.tsv``: ``class words note``, small named word lists (``TROOPS``: troop soldier force army …).
- ``senses.tsv``: ``lemma pos when cameo note``. ``when`` holds one or more conditions on the word's
  arguments, separated by spaces (``obj=TROOPS``, ``to=*``, ``prep:in=FIGHT``, ``prt=out``, ``passive``);
  ``cameo`` is the code of that sense, ``-`` for "no event in this sense", ``=`` for "the trigger rows'
  own code" (a sense named so that a less specific ``-`` row does not take it).

The matcher that reads a parse is ``sitreps.coding.senses``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import DataFileError

NO_EVENT = "-"
KEEP = "="
ANY = "*"
# The argument slots a condition can name; ``prep`` and ``prt`` take the word after a colon.
SLOTS = frozenset({"obj", "subj", "to", "clause", "prep", "prt", "named", "passive", "active", "noobj"})
BARE_SLOTS = frozenset({"passive", "active", "noobj"})  # conditions without a value
_CODE = re.compile(r"\d{2,4}")
_CLASS = re.compile(r"[A-Z][A-Z0-9_]*")
_WORD = re.compile(r"[a-z][a-z'-]*(\|[a-z][a-z'-]*)*")
_CLASS_HEADER = ("class", "words", "note")
_SENSE_HEADER = ("lemma", "pos", "when", "cameo", "note")


class SenseError(DataFileError):
    """A sense or class file that cannot be read: names the file, the line and what is wrong."""


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition on an argument: ``slot`` (obj, subj, to, clause, prep, prt, named, passive, active, noobj),
    ``word`` (the preposition or particle of ``prep``/``prt``), ``value`` (``*``, a CLASS name, or lowercase
    lemmas joined by ``|``; empty for the bare slots)."""

    slot: str
    word: str = ""
    value: str = ""

    @property
    def weight(self) -> int:
        """How much the condition narrows: a named class or word 2, anything present 1."""
        return 1 if self.value in ("", ANY) else 2

    def __str__(self) -> str:
        name = f"{self.slot}:{self.word}" if self.word else self.slot
        return f"{name}={self.value}" if self.value else name


@dataclass(frozen=True, slots=True)
class Sense:
    """A row of ``senses.tsv``: the lemma with these arguments has this code (``-``: no event)."""

    lemma: str
    pos: str
    when: tuple[Condition, ...]
    cameo: str
    note: str = ""
    line: int = 0

    @property
    def weight(self) -> int:
        """The row's specificity: the sum of its conditions' weights; the heaviest matching row wins."""
        return sum(c.weight for c in self.when)

    @property
    def pattern(self) -> str:
        return " ".join(str(c) for c in self.when)


@dataclass(frozen=True, slots=True)
class Senses:
    """Sense rows by (lemma, pos), and the word classes they name."""

    rows: Mapping[tuple[str, str], tuple[Sense, ...]]
    classes: Mapping[str, frozenset[str]]

    def of(self, lemma: str, pos: str) -> tuple[Sense, ...]:
        """The rows for a lemma and part of speech, heaviest first (file order among equals)."""
        return self.rows.get((lemma.lower(), pos), ())

    def words(self, name: str) -> frozenset[str]:
        return self.classes.get(name, frozenset())

    def __len__(self) -> int:
        return sum(len(r) for r in self.rows.values())


EMPTY = Senses({}, {})


def _cells(text: str, path: str, header: tuple[str, ...]) -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.rstrip("\r\n").split("\t")]
        if tuple(c.lower() for c in cells[: len(header)]) == header[: len(cells)]:
            continue
        if len(cells) > len(header):
            raise SenseError(path, number, f"{len(cells)} columns, expected at most {len(header)}")
        yield number, cells + [""] * (len(header) - len(cells))


def read_classes(text: str, path: str = "classes.tsv") -> dict[str, frozenset[str]]:
    """Parse a class file: ``CLASS  word word …  note``. Words are lemmas, lowercase; ``@GPE`` stands
    for a spaCy entity type, ``-tion`` for a suffix."""
    out: dict[str, frozenset[str]] = {}
    for number, (name, words, _note) in _cells(text, path, _CLASS_HEADER):
        if not _CLASS.fullmatch(name):
            raise SenseError(path, number, f"class name {name!r} must be UPPERCASE letters, digits or _")
        if name in out:
            raise SenseError(path, number, f"class {name} is defined twice")
        items = words.split()
        if not items:
            raise SenseError(path, number, f"class {name} has no words")
        bad = [w for w in items if w != w.lower() and not w.startswith("@")]
        if bad:
            raise SenseError(path, number, f"class words are lowercase lemmas: {', '.join(bad)}")
        out[name] = frozenset(items)
    return out


def parse_condition(text: str, classes: Mapping[str, frozenset[str]], path: str, number: int) -> Condition:
    """``obj=TROOPS``, ``prep:in=FIGHT``, ``prt=out``, ``to=*``, ``passive``; raises SenseError."""
    name, _, value = text.partition("=")
    slot, _, word = name.partition(":")
    if slot not in SLOTS:
        raise SenseError(path, number, f"unknown slot {slot!r} in {text!r} (one of {', '.join(sorted(SLOTS))})")
    if slot in BARE_SLOTS:
        if value or word:
            raise SenseError(path, number, f"{slot!r} takes no value")
        return Condition(slot)
    if slot == "prep" and not word:
        raise SenseError(path, number, f"{text!r}: write the preposition, as in prep:on=*")
    if slot != "prep" and word:
        raise SenseError(path, number, f"{text!r}: only prep takes a word after ':'")
    if not value:
        raise SenseError(path, number, f"{text!r} needs a value: * (anything), a CLASS or a lemma")
    if value != ANY and not _CLASS.fullmatch(value) and not _WORD.fullmatch(value):
        raise SenseError(path, number, f"{text!r}: value must be *, a CLASS name or lowercase lemmas joined by |")
    if _CLASS.fullmatch(value) and value not in classes:
        raise SenseError(path, number, f"class {value} is not defined in classes.tsv")
    return Condition(slot, word.lower(), value)


def read_senses(text: str, classes: Mapping[str, frozenset[str]], codes: Iterable[str] | None = None,
                path: str = "senses.tsv") -> Senses:
    """Parse a sense file; ``codes``, when given, are the CAMEO codes a row may name (or a parent of)."""
    known = frozenset(codes) if codes is not None else None
    rows: dict[tuple[str, str], list[Sense]] = {}
    for number, (lemma, pos, when, code, note) in _cells(text, path, _SENSE_HEADER):
        if not lemma or " " in lemma or lemma != lemma.lower():
            raise SenseError(path, number, f"lemma {lemma!r} must be one lowercase word")
        pos = pos.upper()
        if pos not in ("VERB", "NOUN"):
            raise SenseError(path, number, f"part of speech {pos!r} is not VERB or NOUN")
        if not when.strip():
            raise SenseError(path, number, "no condition: a sense needs at least one (obj=..., to=*, passive ...)")
        conditions = tuple(parse_condition(c, classes, path, number) for c in when.split())
        if code not in (NO_EVENT, KEEP):
            if not _CODE.fullmatch(code):
                raise SenseError(path, number, f"CAMEO code {code!r} is not 2 to 4 digits, '-' or '='")
            if known is not None and not any(code[:n] in known for n in range(len(code), 1, -1)):
                raise SenseError(path, number, f"CAMEO code {code} is not in cameo.tsv")
        rows.setdefault((lemma, pos), []).append(Sense(lemma, pos, conditions, code, note, number))
    ordered = {key: tuple(sorted(found, key=lambda s: -s.weight)) for key, found in rows.items()}
    return Senses(ordered, dict(classes))


def merge_senses(parts: Sequence[Senses]) -> Senses:
    """Several sense files as one: earlier parts go first among rows of the same weight (user files before
    the bundled one); classes of earlier parts replace later ones of the same name."""
    rows: dict[tuple[str, str], list[Sense]] = {}
    classes: dict[str, frozenset[str]] = {}
    for part in reversed(parts):
        classes.update(part.classes)
    for part in parts:
        for key, found in part.rows.items():
            rows.setdefault(key, []).extend(found)
    return Senses({key: tuple(sorted(found, key=lambda s: -s.weight)) for key, found in rows.items()}, classes)
