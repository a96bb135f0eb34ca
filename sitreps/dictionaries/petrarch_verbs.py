"""PETRARCH (and TABARI) verb dictionaries, read as sitreps event triggers.

A verb dictionary holds **synonym sets** (``&NAME`` then ``+WORD`` lines, which may name other sets) and
**verb blocks**: a header ``--- NAME [code] ---``, verb lines (``BREAK {BROKE BROKEN}``, ``+BREAK_DOWN``
where ``+`` marks the verb of a phrasal verb, ``DOWNPLAY [014]`` with a code of its own) and patterns
(``- * RESTORE_FULL_DIPLOMATIC_TIES [064]``, ``- + * (FROM $) [080]``). In a pattern ``*`` is the verb,
``$`` the source, ``+`` the target, ``%`` a compound actor, ``^`` a skipped phrase; ``_`` joins words,
``{...}`` groups a noun phrase and ``(...)`` a prepositional phrase. ``#`` starts a comment (outside a
code), and ``<!-- ... -->`` is a comment block. Codes: ``[064]``, ``[042:043]`` (the second code is the
target's reciprocal act, not kept), ``[---]`` (matched, but no event).

Each pattern becomes a ``Trigger``: the verb's lemma, then the lemmas of the pattern's words that sitreps'
matcher can see, its children and grandchildren (``coding.triggers``). Which words those are is read from a
parse of the pattern ("they restore full diplomatic ties"): determiners, markers and prepositions not
attached to the verb are dropped, deeper words too (the pattern then matches a little more), and a pattern
with a word that governs the verb (``SAID * TO ATTEND``) is skipped. ``[---]`` becomes ``NO_EVENT`` (CAMEO
010, a statement), which blocks shorter patterns without coding an event. Codes that are not CAMEO and
have no parent in sitreps' table (the suites' 212, 345, 9xx, ``[075A]``) are skipped; every skip is counted.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..lexicon import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..lexicon import Lexicon

logger = logging.getLogger(__name__)

NO_EVENT = "010"  # what [---] becomes: a statement, which the coder does not record
MARKERS = frozenset("*$+%^")
MAX_EXPANSIONS = 64  # synonym sets multiply; a pattern that expands to more is cut here (counted)
KEEP_DETERMINERS = frozenset({"no", "neither", "never"})
# Relations of a pattern word to the verb, from ``Analyzer``.
CHILD, GRANDCHILD, DEEP, GOVERNS = "child", "grandchild", "deep", "governs"

_COMMENT_BLOCK = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADER = re.compile(r"^\s*---\s*(?P<name>[^\[#]*?)\s*\[(?P<code>[^\]]*)\]")
_CODE = re.compile(r"\[([^\]]*)\]")
_FORMS = re.compile(r"\{([^}]*)\}")
_DIGITS = re.compile(r"\d{2,4}")

Lemmatizer = Callable[[str, Sequence[str]], tuple[str, ...]]
"""Given a dictionary verb and its listed forms, the lemmas it is found by (the main one first)."""
Analyzer = Callable[[Sequence[tuple[tuple[str, ...], int]]], list[list[tuple[str, str, str]]]]
"""Given (words, index of the verb) items, per word: (lemma, part of speech, relation to the verb)."""


@dataclass(frozen=True, slots=True)
class VerbLine:
    """One verb of a block: its words (``("break", "down")``), which is the verb, its forms and own code."""

    words: tuple[str, ...]
    head: int
    forms: tuple[str, ...]
    code: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern line: tokens before and after the ``*``, as written (synonym sets not expanded)."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str
    line: int
    text: str


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A ``--- NAME [code] ---`` block: its verbs and the patterns they share."""

    name: str
    code: str
    verbs: tuple[VerbLine, ...]
    patterns: tuple[Pattern, ...]
    line: int


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    blocks: tuple[VerbBlock, ...]
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Conversion:
    """The triggers a dictionary gives, and how many patterns were skipped or loosened, by reason."""

    triggers: tuple[Trigger, ...]
    skipped: dict[str, int]
    loosened: int  # pattern expansions that lost words the matcher cannot see (deeper than grandchildren)


# ---------------------------------------------------------------- reading


def strip_comment(line: str) -> str:
    """The line without its ``#`` comment; a ``#`` inside brackets (``[###]``) is not one."""
    depth = 0
    for i, ch in enumerate(line):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        elif ch == "#" and depth == 0:
            return line[:i].rstrip()
    return line.rstrip()


def tokens(text: str) -> tuple[str, ...]:
    """Pattern or phrase text as tokens: ``_`` and brackets separate words, hyphens split, upper case kept."""
    out: list[str] = []
    for raw in re.sub(r"[{}()]", " ", text).split():
        for part in raw.split("_"):
            if not part:
                continue
            if part.startswith("&"):
                out.append(part)
            elif len(part) > 3 and part.upper().endswith("N'T"):
                out += [part[:-3], "N'T"]
            else:
                out += [p for p in part.split("-") if p]
    return tuple(out)


def parse_verbs(text: str) -> VerbDictionary:
    """Read the text of a PETRARCH verb dictionary."""
    lines = _COMMENT_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    synsets: dict[str, list[tuple[str, ...]]] = {}
    blocks: list[VerbBlock] = []
    current: dict | None = None
    synset: list[tuple[str, ...]] | None = None

    def close() -> None:
        if current is not None:
            blocks.append(VerbBlock(current["name"], current["code"], tuple(current["verbs"]),
                                    tuple(current["patterns"]), current["line"]))

    for number, raw in enumerate(lines, start=1):
        if raw.lstrip().startswith("#"):
            continue
        line = strip_comment(raw).strip()
        if not line:
            synset = None
            continue
        header = _HEADER.match(line)
        if header:
            close()
            synset = None
            current = {"name": header["name"].strip(), "code": header["code"].strip(), "verbs": [],
                       "patterns": [], "line": number}
            continue
        if line.startswith("&"):
            name = _set_name(line.split()[0])
            synset = synsets.setdefault(name, [])
            close()
            current = None
            continue
        if synset is not None and line.startswith("+"):
            synset.append(tokens(line[1:]))
            continue
        if current is None:
            continue
        if line.startswith("-") or ("*" in line and _CODE.search(line)):
            pattern = _pattern(line.lstrip("-").strip(), number)
            if pattern is not None:
                current["patterns"].append(pattern)
            continue
        current["verbs"].append(_verb_line(line, number))
    close()
    return VerbDictionary(tuple(blocks), {k: tuple(v) for k, v in synsets.items()})


def _pattern(text: str, number: int) -> Pattern | None:
    code = _CODE.search(text)
    if code is None:
        return None
    words = tokens(text[:code.start()])
    if "*" not in words:
        return None
    star = words.index("*")
    return Pattern(words[:star], words[star + 1:], code.group(1).strip(), number, text)


def _verb_line(line: str, number: int) -> VerbLine:
    code = _CODE.search(line)
    forms = _FORMS.search(line)
    body = line[:min(m.start() for m in (code, forms) if m is not None)] if code or forms else line
    words = [w for w in re.split(r"[_\s]+", body.strip()) if w]
    head = next((i for i, w in enumerate(words) if w.startswith("+")), 0)
    clean = tuple(w.strip("+").rstrip("_").lower() for w in words if w.strip("+_"))
    form_words = tuple(f.strip("+").lower() for f in forms.group(1).split()) if forms else ()
    return VerbLine(clean or ("",), min(head, max(len(clean) - 1, 0)), form_words,
                    code.group(1).strip() if code else None, number)


def read_verbs(path: str | Path) -> VerbDictionary:
    return parse_verbs(Path(path).read_text(encoding="utf-8", errors="replace"))


def expand(words: Sequence[str], synsets: dict[str, tuple[tuple[str, ...], ...]],
           limit: int = MAX_EXPANSIONS) -> list[tuple[str, ...]]:
    """Every word sequence a pattern stands for, with its ``&SETS`` (nested too) replaced by their members."""
    choices: list[list[tuple[str, ...]]] = [
        _members(_set_name(w), synsets, set()) or [()] if w.startswith("&") else [(w,)] for w in words]
    combos = itertools.islice(itertools.product(*choices), limit)
    return [tuple(w for part in combo for w in part) for combo in combos]


def _set_name(word: str) -> str:
    """``&PREPOSIT1_`` → ``PREPOSIT1``: how a synonym set is keyed."""
    return word.lstrip("&").rstrip("_").upper()


def _members(name: str, synsets: dict[str, tuple[tuple[str, ...], ...]], seen: set[str]) -> list[tuple[str, ...]]:
    if name in seen or name not in synsets:
        return []
    seen = seen | {name}
    out: list[tuple[str, ...]] = []
    for member in synsets[name]:
        out += expand(member, synsets) if any(w.startswith("&") for w in member) else [member]
    return out


# ---------------------------------------------------------------- converting


def convert(dictionary: VerbDictionary, lexicon: Lexicon, *, analyzer: Analyzer | None = None,
            lemmatize: Lemmatizer | None = None, origin: str = "") -> Conversion:
    """The dictionary's patterns as VERB triggers; codes are checked against ``lexicon``'s CAMEO table."""
    analyzer = analyzer or spacy_analyzer()
    lemmatize = lemmatize or spacy_verb_lemmas
    skipped: Counter[str] = Counter()
    loosened = 0
    rows: dict[tuple[str, ...], Trigger] = {}

    def add(words: tuple[str, ...], code: str, note: str) -> None:
        if words in rows:
            skipped["same words as an earlier pattern"] += 1
            return
        rows[words] = Trigger(words, "VERB", code, False, note)

    def heads(block: VerbBlock) -> list[tuple[str, ...]]:
        """Each verb of the block as (lemma, its other words), once per lemma its forms get."""
        out = []
        for verb in block.verbs or (_verb_line(block.name, block.line),):
            rest = tuple(w for i, w in enumerate(verb.words) if i != verb.head)
            out += [(lemma, *rest) for lemma in lemmatize(verb.words[verb.head], verb.forms) if lemma]
        return out

    work: list[tuple[VerbBlock, Pattern, str, tuple[str, ...], tuple[str, ...]]] = []
    for block in dictionary.blocks:
        for verb in block.verbs or (_verb_line(block.name, block.line),):
            code, why = _code(verb.code or block.code, lexicon)
            if why:
                skipped[f"verb: {why}"] += 1
                continue
            rest = tuple(w for i, w in enumerate(verb.words) if i != verb.head)
            for lemma in lemmatize(verb.words[verb.head], verb.forms):
                add((lemma, *rest), code or NO_EVENT, f"petrarch {origin}:{verb.line} {' '.join(verb.words)}")
        for pattern in block.patterns:
            code, why = _code(pattern.code, lexicon)
            if why:
                skipped[why] += 1
                continue
            before = expand([w for w in pattern.before if w not in MARKERS], dictionary.synsets)
            after = expand([w for w in pattern.after if w not in MARKERS], dictionary.synsets)
            if MAX_EXPANSIONS in (len(before), len(after)):
                skipped[f"synonym sets expand to {MAX_EXPANSIONS} patterns or more (cut there)"] += 1
            if before == [()] and after == [()]:
                skipped["only actor markers ($ + % ^): the verb alone"] += 1
                continue
            for b, a in itertools.product(before, after):
                work.append((block, pattern, code or NO_EVENT, b, a))
    items = []
    for block, _, _, words_before, words_after in work:
        verb = (block.verbs or (_verb_line(block.name, block.line),))[0]
        items.append(((*[w.lower() for w in words_before], verb.words[verb.head],
                       *[w.lower() for w in words_after]), len(words_before)))
    analysed = analyzer(items) if items else []
    failed: dict[int, str] = {}  # pattern line → why, for lines none of whose expansions is kept
    kept: set[int] = set()
    for (block, pattern, code, _, _), (words, verb_at), roles in zip(work, items, analysed):
        variants, why, lost = _pattern_words(words, verb_at, roles)
        if why:
            failed.setdefault(pattern.line, why)
            continue
        kept.add(pattern.line)
        loosened += lost
        for head in heads(block):
            for variant in variants:
                add(_unique((*head, *variant)), code, f"petrarch {origin}:{pattern.line} {pattern.text}")
    skipped.update(why for line, why in failed.items() if line not in kept)
    return Conversion(tuple(rows.values()), dict(skipped), loosened)


def _unique(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(words))


def _code(raw: str, lexicon: Lexicon) -> tuple[str | None, str | None]:
    """(code, None) for a usable code, (None, None) for [---], (None, reason) for one to skip."""
    code = raw.split(":")[0].strip()
    if code == "---":
        return None, None
    if not _DIGITS.fullmatch(code):
        return None, "not a CAMEO code (letters or symbols)"
    if lexicon.cameo(code) is None:
        return None, "CAMEO code with no parent in sitreps' table"
    return code, None


def _pattern_words(words: Sequence[str], verb: int, roles: list[tuple[str, str, str]],
                   ) -> tuple[list[tuple[str, ...]], str | None, int]:
    """The word sequences a pattern keeps, or why it is skipped, and whether it lost words (1) or not (0).

    A noun is kept as its lemma; another word whose lemma is not its form ("improved", "pleased") both
    ways, since spaCy's lemma of it depends on how the sentence tags it.
    """
    choices: list[tuple[str, ...]] = []
    lost = 0
    for i, (lemma, pos, relation) in enumerate(roles):
        if i == verb or not lemma:
            continue
        if relation == GOVERNS:
            return [], "a word that governs the verb (the matcher reads only the verb's dependents)", 0
        if pos in ("DET", "PRON", "PUNCT") and lemma not in KEEP_DETERMINERS:
            continue
        if relation == DEEP or pos == "ADP" and relation != CHILD:
            lost = 1 if relation == DEEP else lost
            continue
        form = words[i].lower()
        choices.append((lemma,) if pos in ("NOUN", "PROPN") or form == lemma or "'" in form else (lemma, form))
    if not choices:
        return [], "no word left that the matcher can see", 0
    return list(itertools.islice(itertools.product(*choices), 4)), None, lost


# ---------------------------------------------------------------- analysers


def spacy_analyzer(model: str | None = None) -> Analyzer:
    """Parse each pattern as "they <words>" with spaCy; fall back to ``plain_analyzer`` without a model."""
    try:
        from ..nlp.spacy import DEFAULT_MODEL, load_model

        nlp = load_model(model or DEFAULT_MODEL)
    except Exception as error:  # noqa: BLE001 - no model: rules instead
        logger.warning("petrarch verbs: no spaCy model (%s); reading patterns with simple rules", error)
        return plain_analyzer
    from spacy.tokens import Doc

    def analyse(items: Sequence[tuple[tuple[str, ...], int]]) -> list[list[tuple[str, str, str]]]:
        docs = [Doc(nlp.vocab, words=["they", *words]) for words, _ in items]
        out = []
        for (words, verb), doc in zip(items, nlp.pipe(docs)):
            head = doc[verb + 1]
            if head.pos_ not in ("VERB", "AUX"):
                out.append(plain_analyzer([(words, verb)])[0])
                continue
            out.append([(t.lemma_.lower(), t.pos_, _relation(t, head)) for t in doc[1:]])
        return out

    return analyse


def _relation(token: Token, verb: Token) -> str:
    if token.i == verb.i:
        return "verb"
    if any(a.i == token.i for a in verb.ancestors):
        return GOVERNS
    if token.head.i == verb.i:
        return CHILD
    if token.head.head.i == verb.i:
        return GRANDCHILD
    return DEEP


_AUX = frozenset({"not", "n't", "no", "never", "will", "would", "should", "could", "can", "may", "might",
                  "must", "shall", "do", "does", "did", "has", "have", "had", "is", "are", "was", "were",
                  "be", "been", "to", "wo", "ca"})
_AUX_LEMMAS = {"n't": "not", "has": "have", "had": "have", "is": "be", "are": "be", "was": "be", "were": "be",
               "been": "be", "did": "do", "does": "do", "wo": "will", "ca": "can"}
_ADVERBS = frozenset({"now", "ever", "also", "again", "still", "already", "soon", "then", "just", "once"})
_PREPS = frozenset({"about", "against", "at", "between", "by", "for", "from", "in", "into", "of", "on",
                    "out", "over", "to", "toward", "towards", "up", "upon", "with", "down", "off", "back"})
_DETS = frozenset({"a", "an", "the", "its", "their", "his", "her", "our", "this", "these", "those", "that"})


def plain_analyzer(items: Sequence[tuple[tuple[str, ...], int]]) -> list[list[tuple[str, str, str]]]:
    """Rules without a parser: auxiliaries and adverbs before the verb are its children, other words
    before it govern it; after it, the first word and a preposition's object are near, the rest deep."""
    out = []
    for words, verb in items:
        roles: list[tuple[str, str, str]] = []
        for i, word in enumerate(words):
            lemma = _AUX_LEMMAS.get(word) or plain_lemma(word)
            pos = "DET" if word in _DETS else "ADP" if word in _PREPS else "X"
            if i < verb:
                near = word in _AUX or word in _ADVERBS or word.endswith("ly")
                roles.append((lemma, pos, CHILD if near else GOVERNS))
            elif i == verb:
                roles.append((lemma, "VERB", "verb"))
            else:
                content = [j for j in range(verb + 1, i) if words[j] not in _DETS]
                relation = CHILD if len(content) == 0 or pos == "ADP" and len(content) == 1 else \
                    GRANDCHILD if len(content) <= 1 or words[content[-1]] in _PREPS else DEEP
                roles.append((lemma, pos, relation))
        out.append(roles)
    return out


def plain_lemma(word: str) -> str:
    """Lower case, a plural ending dropped: "ties" → "tie", "hostages" → "hostage", "talks" → "talk"."""
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "ches", "shes", "xes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


@lru_cache(maxsize=4096)
def _spacy_lemma(word: str) -> tuple[str, bool]:
    """spaCy's lemma of a verb form, and whether spaCy knows that lemma as a verb."""
    from spacy.tokens import Doc

    from ..nlp.spacy import load_model

    nlp = load_model()
    lemmatizer = nlp.get_pipe("lemmatizer")
    doc = lemmatizer(Doc(nlp.vocab, words=[word], pos=["VERB"]))
    lemma = doc[0].lemma_.lower()
    known = lemma in lemmatizer.lookups.get_table("lemma_index").get("verb", ())  # type: ignore[attr-defined]
    return lemma, known


def spacy_verb_lemmas(word: str, forms: Sequence[str] = ()) -> tuple[str, ...]:
    """The lemmas of a dictionary verb: "SAID" → say, "HELD" → hold, a stem ("EXCHANG") through its forms
    or an ``-ed`` form; then whatever other lemma spaCy gives its listed and regular forms ("cordoned" →
    "cordone"), since the matcher finds a verb by its lemma. Simple rules when no spaCy model is installed."""
    word = word.lower().strip("_+")
    try:
        lemma, known = _spacy_lemma(word)
        if not known:
            for candidate in (*forms, word + "ed", word + "d"):
                other, found = _spacy_lemma(candidate.lower())
                if found:
                    lemma = other
                    break
        others = [_spacy_lemma(f.lower())[0] for f in (*forms, *regular_forms(word))]
    except Exception:  # noqa: BLE001 - no model
        return plain_verb_lemmas(word, forms)
    return tuple(dict.fromkeys([lemma, *(o for o in others if o.isalpha())]))


def regular_forms(word: str) -> tuple[str, ...]:
    """The forms PETRARCH makes of a verb when the dictionary lists none: -s, -ed, -ing."""
    if word.endswith("e"):
        return word + "s", word + "d", word[:-1] + "ing"
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        return word[:-1] + "ies", word[:-1] + "ied", word + "ing"
    return word + "s", word + "ed", word + "ing"


def plain_verb_lemmas(word: str, forms: Sequence[str] = ()) -> tuple[str, ...]:
    """Lower case, a regular ending dropped ("killed" → "kill", "urging" → "urg"): a rough fallback."""
    w = word.lower().strip("_+")
    for ending in ("ing", "ed", "s"):
        if len(w) > len(ending) + 2 and w.endswith(ending):
            return (w[: -len(ending)],)
    return (w,)


# ---------------------------------------------------------------- entry points


def verb_triggers(text: str, lexicon: Lexicon, *, origin: str = "", analyzer: Analyzer | None = None,
                  lemmatize: Lemmatizer | None = None) -> list[Trigger]:
    """The triggers of a verb dictionary's text, with the skips logged (what ``Lexicon.load`` calls)."""
    result = convert(parse_verbs(text), lexicon, analyzer=analyzer, lemmatize=lemmatize, origin=origin)
    logger.info("petrarch verbs %s: %d triggers; %d patterns lost words the matcher cannot see", origin,
                len(result.triggers), result.loosened)
    for reason, n in sorted(result.skipped.items(), key=lambda kv: -kv[1]):
        logger.info("petrarch verbs %s: skipped %d: %s", origin, n, reason)
    return list(result.triggers)
