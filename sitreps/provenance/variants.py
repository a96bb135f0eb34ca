"""Spinner variants of names and of wire wording, found without the article they were spun from.

A spinner swaps words for synonyms one by one, inside names too ("United Nations" -> "Joined Countries",
"Prime Minister" -> "Leading Preacher"). For every multi-word name the knowledge base knows (countries,
organisations, groups, institutions, media), every role phrase of ``kb/sectors.tsv`` and every form wires write
in ``provenance/spun.tsv``, a text's words are matched slot by slot against the name's words or their synonyms
(``provenance/synonyms.tsv``); a match with one word or more replaced, that is not itself a known name, is a
variant. In a cased text a capitalised name's variant must be capitalised too and stand alone (no capitalised
word on either side: "Safety Board" inside "National Transportation Safety Board" is another name).
Wire wording (``provenance/wording.tsv``: "said", "according to", "police", ...) swapped for a spinner's form
counts only where the wire word is absent from the whole text: a spinner replaces it everywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

_TOKEN = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*['’]?", re.UNICODE)
_SMALL = frozenset({"of", "the", "and", "for", "on", "in", "de", "al", "a", "an"})
_SENTENCE_END = re.compile(r"(?:[.!?:;\"“”]\s*|\n\s*|^\s*)$")
MAX_NAME_WORDS = 8


@dataclass(frozen=True, slots=True)
class Variant:
    start: int
    end: int
    text: str
    canonical: str
    kind: str  # a name's words swapped: "synonym" (a wrong sense among them), "variant" (a capitalised name
    # in a cased text), "phrase" (other); "wording": a wire word swapped
    weight: float = 0.0  # for "wording": how surely a wire story uses the word (else the kind's weight)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    names: dict[str, tuple[tuple[str, ...], str]]  # name lower-cased -> (its words, the name as written)
    by_first: dict[str, tuple[str, ...]]  # a word that can open a name's variant -> the names it can open
    synonyms: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]  # word -> its synonyms (words, wrong sense)
    wording: dict[str, tuple[tuple[str, ...], float]]  # wire word or phrase -> (spinner forms, weight)


def _data(*parts: str) -> str:
    return (resources.files("sitreps") / "data").joinpath(*parts).read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _kb_names() -> set[str]:
    names: set[str] = set()
    for file in ("countries", "igos", "groups", "institutions", "media", "capitals"):
        for line in _data("kb", f"{file}.jsonl").splitlines():
            if line.strip() and not line.startswith("#"):
                row = json.loads(line)
                names.update([row["name"], *row.get("aliases", [])])
    names.update(row[0] for row in _rows(_data("kb", "sectors.tsv")))
    names.update(row[1] for row in _rows(_data("provenance", "spun.tsv")))
    names.update(row[0] for row in _rows(_data("provenance", "titles.txt")))
    return names


@cache
def lexicon() -> _Lexicon:
    synonyms = {row[0]: tuple((tuple(s.lstrip("~").split()), s.startswith("~")) for s in row[1].split("|"))
                for row in _rows(_data("provenance", "synonyms.tsv"))}
    names: dict[str, tuple[tuple[str, ...], str]] = {}
    for name in _kb_names():
        name = re.sub(r"^[Tt]he\s+", "", name)
        tokens = tuple(t.lower() for t in _TOKEN.findall(name))
        key = " ".join(tokens)
        if 2 <= len(tokens) <= MAX_NAME_WORDS and any(t in synonyms for t in tokens) and (
                key not in names or _capital(name) > _capital(names[key][1])):
            names[key] = (tokens, name)
    by_first: dict[str, set[str]] = {}
    for key, (tokens, _) in names.items():
        for opener in {tokens[0], *(s[0][0] for s in synonyms.get(tokens[0], ()))}:
            by_first.setdefault(opener, set()).add(key)
    wording = {row[0]: (tuple(row[1].split("|")), float(row[2])) for row in _rows(_data("provenance", "wording.tsv"))}
    return _Lexicon(names, {k: tuple(sorted(v)) for k, v in by_first.items()}, synonyms, wording)


def _match(tokens: list[str], joined: list[bool], i: int, name: tuple[str, ...],
           synonyms: dict[str, tuple[tuple[tuple[str, ...], bool], ...]]) -> tuple[int, int, int] | None:
    """(end token, words replaced, of them by a wrong sense) of the longest match of a name's slots from token
    i, or None. ``joined[k]``: token k follows the one before it with spaces only (a name does not run across
    punctuation), or opens the match."""
    best: tuple[int, int, int] | None = None

    def walk(slot: int, at: int, replaced: int, strong: int) -> None:
        nonlocal best
        if slot == len(name):
            if best is None or (at, strong) > (best[0], best[2]):
                best = (at, replaced, strong)
            return
        if at < len(tokens) and _same(tokens[at], name[slot]) and (joined[at] or at == i):
            walk(slot + 1, at + 1, replaced, strong)
        for alternative, wrong in synonyms.get(name[slot], ()):
            n = len(alternative)
            if (at + n <= len(tokens) and tuple(tokens[at:at + n - 1]) == alternative[:-1]
                    and _same(tokens[at + n - 1], alternative[-1])
                    and all(joined[k] or k == i for k in range(at, at + n))):
                walk(slot + 1, at + n, replaced + 1, strong + wrong)

    walk(0, i, 0, 0)
    return best


def _same(token: str, word: str) -> bool:
    """A text's token is a name's word, also in the possessive ("Prime Minister's")."""
    return token == word or (token.endswith(("'s", "’s")) and token[:-2] == word)


def _capital(word: str) -> bool:
    return word[:1].isupper()


def name_variants(text: str) -> list[Variant]:
    """The synonym variants of known names in a text, longest first where they overlap."""
    lex = lexicon()
    spans = [(m.start(), m.end(), m.group(0)) for m in _TOKEN.finditer(text)]
    tokens = [s[2].lower().rstrip("'’") if s[2].endswith(("s'", "s’")) else s[2].lower() for s in spans]
    openers = [t[:-2] if t.endswith(("'s", "’s")) else t for t in tokens]
    cased = sum(1 for s in spans if _capital(s[2])) > 0.05 * len(spans)
    joined = [k == 0 or not text[spans[k - 1][1]:spans[k][0]].strip() for k in range(len(spans))]
    matches: list[tuple[int, int, str, int, int]] = []  # start, end token, name key, replaced, wrong senses
    i = 0
    while i < len(tokens):
        best: tuple[int, int, bool, str, int] | None = None  # end, -replaced, capitalised, key, wrong senses
        for key in sorted({*lex.by_first.get(tokens[i], ()), *lex.by_first.get(openers[i], ())}):
            hit = _match(tokens, joined, i, lex.names[key][0], lex.synonyms)
            if hit and (best is None or (hit[0], -hit[1], _capital(lex.names[key][1])) > best[:3]):
                best = (hit[0], -hit[1], _capital(lex.names[key][1]), key, hit[2])
        if best is None:
            i += 1
            continue
        matches.append((i, best[0], best[3], -best[1], best[4]))
        i = best[0]
    covered = {t for start, end, *_ in matches for t in range(start, end)}
    found: list[Variant] = []
    for start, end, key, replaced, strong in matches:
        written = lex.names[key][1]
        capitalised = cased and _capital(written)
        if replaced and " ".join(tokens[start:end]) not in lex.names and (
                not capitalised or _standalone(text, spans, start, end, covered, bool(strong))):
            kind = "synonym" if strong else "variant" if capitalised else "phrase"
            found.append(Variant(spans[start][0], spans[end - 1][1], text[spans[start][0]:spans[end - 1][1]],
                                 written, kind))
    return found


def _standalone(text: str, spans: list[tuple[int, int, str]], i: int, end: int, covered: set[int],
                strong: bool) -> bool:
    """A capitalised name's variant is capitalised, and a capitalised word before it belongs to another name
    found there (or opens the sentence): "Safety Board" in "National Transportation Safety Board" is another
    name. So does one after it, unless a word is swapped for a wrong sense ("White Residence Office of ...")."""
    if not all(_capital(w) or w.lower() in _SMALL for _, _, w in spans[i:end]):
        return False
    if not strong and end < len(spans) and end not in covered and _capital(spans[end][2]) and not text[
            spans[end - 1][1]:spans[end][0]].strip():
        return False
    if i > 0 and i - 1 not in covered and _capital(spans[i - 1][2]) and spans[i - 1][2].lower() not in _SMALL \
            and not text[spans[i - 1][1]:spans[i][0]].strip():
        return bool(_SENTENCE_END.search(text[:spans[i - 1][0]]))
    return True


def wording_swaps(text: str) -> list[Variant]:
    """Spinner forms of wire words, where the wire word is nowhere in the text."""
    lowered = text.lower()
    words = text.split()
    cased = sum(1 for w in words if _capital(w)) > 0.05 * len(words)
    found: list[Variant] = []
    for wire, (forms, weight) in lexicon().wording.items():
        if re.search(rf"(?<![\w-]){re.escape(wire)}(?![\w-])", lowered):
            continue
        pattern = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(f) for f in sorted(forms, key=len, reverse=True))})"
                             r"(?![\w-])")
        found += [Variant(m.start(), m.end(), text[m.start():m.end()], wire, "wording", weight)
                  for m in pattern.finditer(lowered)
                  if not cased or not _capital(text[m.start()]) or _SENTENCE_END.search(text[:m.start()])]
    return sorted(found, key=lambda v: v.start)
