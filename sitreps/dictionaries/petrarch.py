"""PETRARCH (and TABARI) actor and agent dictionaries, read as knowledge-base entries and role words.

An **actor dictionary** holds blocks: a name line (``GONDOR [GON]``, words joined by ``_`` or spaces, a
trailing ``_`` meaning "this word exactly"), ``+SYNONYM`` lines, and codes in brackets, either on the name
line or on indented lines, some with date restrictions (``[HOBGOV 19950601 - 19990815]``, ``[HOB <950601]``,
``[HOBREB >990816]``). ``#`` starts a comment, ``<!-- ... -->`` is a comment block.

An **agent dictionary** gives role words and their agent codes: ``PRESIDENT [~GOV]``, ``HUMAN_RIGHTS_BODY
[NGO~]`` (the ``~`` stands for the actor the agent belongs to), ``{PLURAL}`` or ``{}`` for an explicit or no
plural, and ``!NAME! = A, B`` substitution sets used as ``CONGRESS!PERSON!``.

A PETRARCH code is a country (or international) part and agents: ``ARNGOV`` is Arnor's government. sitreps
keeps the first three letters as ``code`` and the agent as ``sector`` (GOV, MIL, COP…); ``petrarch_code``
puts them back together for scoring.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Container, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ..kb import Entry, KBFormatError, normalize

logger = logging.getLogger(__name__)

# Agent codes (CAMEO and the PETRARCH suites) that mean one of sitreps' sectors.
AGENT_SECTORS: dict[str, str] = {
    **{code: code for code in ("GOV", "MIL", "REB", "OPP", "CVL", "COP", "JUD", "LEG", "MED", "BUS", "REF",
                               "EDU", "LAB", "REL", "HLH", "SPY", "CRM", "AGR", "IGO", "NGO")},
    "CIV": "CVL", "MNC": "BUS", "INS": "REB", "UAF": "REB", "SEP": "REB",
}
# And back: the PETRARCH agent of a sitreps sector (IGO and NGO are written before the country: NGOARN).
SECTOR_AGENTS: dict[str, str] = {**{s: s for s in AGENT_SECTORS.values()}, "JRN": "MED"}
# International and non-state first parts of a code, and the knowledge-base kind they make.
NON_STATE: dict[str, str] = {
    "IGO": "igo", "UNO": "igo", "PKO": "igo", "INT": "igo",
    "NGO": "ngo", "NGM": "ngo", "AMN": "ngo", "IRC": "ngo",
    "IMG": "group", "UIS": "group", "MNC": "institution",
}
SMALL_WORDS = frozenset({"of", "the", "and", "for", "in", "on", "de", "du", "la", "le"})
DEMONYM_ENDINGS = ("ian", "ians", "ean", "eans", "an", "ans", "ese", "ish", "i", "is", "ch", "s")

_COMMENT_BLOCK = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_MACRO = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
_AGENT = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plural>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")
_VERB_HEAD = re.compile(r"^\s*---\s+\S.*\[[^\]]*\]\s*---", re.MULTILINE)
_AGENT_CODE = re.compile(r"\[\s*~|~\s*\]")
_ACTOR_CODE = re.compile(r"^[^#\n]*\[\s*[A-Za-z0-9/+\-#]{2,}\s*(?:[<>]?\s*\d[\d\s<>\-]*)?\]", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class DatedCode:
    """One code of an actor; ``start``/``end`` (inclusive) bound the dates it holds for, when given."""

    code: str | None  # None for PETRARCH's null codes (---, +++)
    start: date | None = None
    end: date | None = None

    def holds_on(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


@dataclass(frozen=True, slots=True)
class ActorBlock:
    """One actor as the dictionary writes it: its name, synonyms and codes."""

    name: str
    synonyms: tuple[str, ...]
    codes: tuple[DatedCode, ...]
    exact: bool  # the name ended in "_": the word itself, no longer forms
    line: int

    def code_on(self, when: date | None = None) -> str | None:
        """The code for a date: the first restriction that holds, else the undated code.

        With no date, the undated code, else the last open-ended one (the current code).
        """
        undated = [c for c in self.codes if c.start is None and c.end is None]
        if when is not None:
            for c in self.codes:
                if (c.start or c.end) and c.holds_on(when):
                    return c.code
            return undated[0].code if undated else None
        if undated:
            return undated[0].code
        current = [c for c in self.codes if c.end is None]
        return (current or list(self.codes) or [DatedCode(None)])[-1].code


# ---------------------------------------------------------------- reading actors


def _strip(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _words(raw: str) -> tuple[str, bool]:
    """A dictionary phrase as words with spaces, and whether it ended in "_"."""
    raw = raw.strip()
    exact = raw.endswith("_")
    return " ".join(raw.replace("_", " ").split()), exact


def parse_date(text: str) -> date | None:
    """``950601`` (YYMMDD, years before 30 are 20xx) or ``19950601``; None when it is neither."""
    digits = text.strip()
    try:
        if len(digits) == 8:
            return date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        if len(digits) == 6:
            year = int(digits[:2])
            return date(year + (2000 if year < 30 else 1900), int(digits[2:4]), int(digits[4:]))
    except ValueError:
        pass
    return None


def parse_code(block: str) -> list[DatedCode]:
    """The codes of one bracket: ``HOB``, ``ELR/GAL``, ``HOBGOV 19950601 - 19990815``, ``HOB <950601``."""
    match = re.match(r"\s*([^\s<>]*)\s*(.*)$", block)
    code, restriction = (match.group(1), match.group(2).strip()) if match else ("", "")
    start = end = None
    if restriction:
        span = re.fullmatch(r"(\d+)\s*-\s*(\d+)", restriction)
        before = re.fullmatch(r"<\s*(\d+)", restriction)
        after = re.fullmatch(r">\s*(\d+)", restriction)
        if span:
            start, end = parse_date(span.group(1)), parse_date(span.group(2))
        elif before and (limit := parse_date(before.group(1))):
            end = date.fromordinal(limit.toordinal() - 1)
        elif after and (limit := parse_date(after.group(1))):
            start = date.fromordinal(limit.toordinal() + 1)
        if start is None and end is None:
            logger.debug("unreadable date restriction %r: code kept undated", restriction)
    codes = [c.upper() for c in code.split("/") if c]
    return [DatedCode(c if re.search(r"[A-Z]", c) else None, start, end) for c in codes or [""]]


def parse_actors(text: str, *, path: str = "<actors>") -> list[ActorBlock]:
    """The actor blocks of a PETRARCH actor dictionary's text, in file order."""
    text = _COMMENT_BLOCK.sub(lambda m: "\n" * m.group(0).count("\n"), text)
    blocks: list[ActorBlock] = []
    name: str | None = None
    exact, start = False, 0
    synonyms: list[str] = []
    codes: list[DatedCode] = []

    def close() -> None:
        if name:
            blocks.append(ActorBlock(name, tuple(synonyms), tuple(codes), exact, start))

    for number, raw in enumerate(text.splitlines(), 1):
        line = _strip(raw)
        stripped = line.strip()
        if not stripped or stripped.startswith("<"):
            continue
        if stripped.startswith("+"):
            if name is None:
                raise KBFormatError(path, number, "a synonym (+) before any actor")
            synonym, _ = _words(_CODE_BLOCK.sub("", stripped[1:]))
            if synonym:
                synonyms.append(synonym)
            continue
        found = [c for block in _CODE_BLOCK.findall(stripped) for c in parse_code(block)]
        if stripped.startswith("["):  # an indented code line of the current actor
            if name is None:
                raise KBFormatError(path, number, "a code before any actor")
            codes.extend(found)
            continue
        close()
        name, exact = _words(stripped.split("[", 1)[0])
        start, synonyms, codes = number, [], found
    close()
    return blocks


def display(words: str) -> str:
    """A dictionary name as text writes it: "MINAS TIRITH" -> "Minas Tirith", "U.S." stays."""
    out = []
    for i, word in enumerate(words.split()):
        if "." in word or not any(ch in "AEIOUYaeiouy" for ch in word):
            out.append(word.upper())  # U.S., K.U., MSF: initials
        elif i and word.lower() in SMALL_WORDS:
            out.append(word.lower())
        else:
            out.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(out)


def derived_demonyms(name: str) -> list[str]:
    """Adjective and people forms a one-word country name commonly takes: Gondor -> Gondorian, Gondori…

    A stand-in for PETRARCH's stem matching; the knowledge base keeps forms other entries already use.
    """
    if " " in name or not name.isalpha() or len(name) < 4:
        return []
    lower = name.lower()
    if lower.endswith(("ese", "ish", "ch", "s")):
        return []  # already an adjective or a plural: Japanese, Danish, French, Philippines
    if lower.endswith(("ian", "ean", "i")):
        return [name + "s"]  # Israeli -> Israelis
    if lower.endswith("a"):
        return [name + "n", name + "ns"]  # Syria -> Syrian
    if lower.endswith("e"):
        return [name + "an", name + "ans", name + "s"]  # Zimbabwe -> Zimbabwean
    if lower.endswith("y"):
        return [name[:-1] + "ian", name[:-1] + "ians", name + "s"]  # Italy -> Italian
    return [name + s for s in ("ian", "ians", "i", "is", "s")]  # Gondor -> Gondorian, Dagolath -> Dagolathi


def _is_demonym(synonym: str, name: str) -> bool:
    """A synonym that is an adjective or people form ("ERIADORIAN", "ROHANS"), not another name."""
    word = synonym.lower()
    return " " not in word and word != name.lower() and word.endswith(DEMONYM_ENDINGS) \
        and word[:4] == name.lower()[:4]


def kind_of(code: str | None, sector: str | None) -> str:
    """The knowledge-base kind of a PETRARCH code: a bare three-letter code is a country."""
    if code is None:
        return "group"
    if code[:3] in NON_STATE:
        return NON_STATE[code[:3]]
    if len(code) == 3 and code.isalpha():
        return "country"
    return "group" if sector in ("REB", "OPP", "CRM") else "institution"


def agent_sector(agent: str | None) -> str | None:
    """The sitreps sector of a PETRARCH agent code ("GOVFRM" -> GOV, "ORC" -> None)."""
    return AGENT_SECTORS.get(agent[:3].upper()) if agent else None


def entry_of(block: ActorBlock, *, when: date | None = None, taken: Container[str] = frozenset(),
             id: str | None = None) -> Entry:
    """The knowledge-base entry of one actor block; the full PETRARCH code goes in ``full_code``.

    ``taken`` holds normalised forms other files already use: derived demonyms never shadow them.
    """
    full = block.code_on(when)
    head = full[:3] if full else None
    if full and head in NON_STATE:
        sector = agent_sector(full[3:]) or agent_sector(head)
    else:
        sector = agent_sector(full[3:]) if full and len(full) > 3 else None
    kind = kind_of(full, sector)
    name = display(block.name)
    listed = [display(s) for s in block.synonyms]
    demonyms = [s for s in listed if _is_demonym(s, name)] if kind == "country" else []
    aliases = [s for s in listed if s not in demonyms]
    if kind == "country":
        own = {normalize(f) for f in (name, *listed)}
        demonyms += [f for f in derived_demonyms(name)
                     if normalize(f) not in own and normalize(f) not in taken]
    state_part = kind == "country" or (kind in ("institution", "group") and head is not None and head.isalpha())
    country = head if state_part else None
    return Entry(id=id or f"petrarch:{normalize(name) or block.line}", name=name, code=head, sector=sector,
                 kind=kind, aliases=tuple(dict.fromkeys(aliases)), demonyms=tuple(dict.fromkeys(demonyms)),
                 country=country, full_code=full)


def entries(blocks: Iterable[ActorBlock], *, when: date | None = None,
            taken: Container[str] = frozenset()) -> list[Entry]:
    """Knowledge-base entries for actor blocks, with unique ids."""
    out: list[Entry] = []
    seen: dict[str, int] = {}
    for block in blocks:
        entry = entry_of(block, when=when, taken=taken)
        seen[entry.id] = seen.get(entry.id, 0) + 1
        if seen[entry.id] > 1:
            entry = entry_of(block, when=when, taken=taken, id=f"{entry.id}#{seen[entry.id]}")
        out.append(entry)
    return out


def read_actors(path: str | Path, *, when: date | None = None,
                taken: Container[str] = frozenset()) -> list[Entry]:
    """A PETRARCH actor dictionary as knowledge-base entries (codes as of ``when``, default the current)."""
    text = Path(path).read_text(encoding="utf-8", errors="replace")
    return entries(parse_actors(text, path=str(path)), when=when, taken=taken)


# ---------------------------------------------------------------- reading agents


def plural(phrase: str) -> str | None:
    """The regular plural of a phrase's last word; None for a word that already looks plural."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") and not last.endswith("ss"):
        return None
    if last.endswith("man") and not last.endswith("human"):
        last = last[:-3] + "men"
    elif len(last) > 1 and last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        last += "es"
    else:
        last += "s"
    return f"{head} {last}".strip()


def _expand(phrase: str, macros: dict[str, list[str]]) -> list[str]:
    """``CONGRESS!PERSON!`` with every form of ``!PERSON!``."""
    parts = re.split(r"!(\w+)!", phrase)
    choices = [[p] if i % 2 == 0 else macros.get(p, [f"!{p}!"]) for i, p in enumerate(parts)]
    return ["".join(c) for c in itertools.product(*choices)]


def parse_agents(text: str) -> dict[str, str]:
    """Role phrases (lower case, spaces) -> PETRARCH agent codes ("foreign minister" -> "GOVFRM").

    A prefix agent (``[NGO~]``) keeps its code ("NGO"). The first entry for a phrase wins.
    """
    text = _COMMENT_BLOCK.sub("", text)
    macros: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in text.splitlines():
        line = _strip(raw).strip()
        if not line or line.startswith("<"):
            continue
        macro = _MACRO.match(line)
        if macro:
            members = (w.strip().replace("_", " ") for w in macro.group(2).split(","))
            macros[macro.group(1)] = [w for w in members if w]
            continue
        match = _AGENT.match(line)
        if not match:
            logger.debug("not an agent line: %r", line)
            continue
        code = match.group("code").replace("~", "").strip().upper()
        if not code:
            continue
        phrase = match.group("phrase")
        forms = _expand(phrase, macros)
        given = match.group("plural")
        for form in forms:
            words = _words(form)[0].lower()
            agents.setdefault(words, code)
            if "!" in form or (given is None and len(forms) > 1):
                continue  # substitution sets list their own forms
            many = _words(given)[0].lower() if given else (None if given == "" else plural(words))
            if many:
                agents.setdefault(many, code)
    return agents


def read_agents(path: str | Path) -> dict[str, str]:
    """A PETRARCH agent dictionary: role phrases -> agent codes."""
    return parse_agents(Path(path).read_text(encoding="utf-8", errors="replace"))


def agent_sectors(agents: dict[str, str]) -> dict[str, str]:
    """The role phrases whose agent is a sitreps sector, as the knowledge base's sector table wants them."""
    out: dict[str, str] = {}
    for phrase, code in agents.items():
        sector = agent_sector(code)
        if sector is not None and (key := normalize(phrase)):
            out.setdefault(key, sector)
    return out


# ---------------------------------------------------------------- formats and codes


def sniff(path: str | Path) -> str | None:
    """What PETRARCH dictionary a text file is: "actors", "agents", "verbs", or None (plain phrases)."""
    text = _COMMENT_BLOCK.sub("", Path(path).read_text(encoding="utf-8", errors="replace"))
    if _VERB_HEAD.search(text) or re.search(r"^&\w+", text, re.MULTILINE):
        return "verbs"
    if _AGENT_CODE.search(text):
        return "agents"
    if _ACTOR_CODE.search(text):
        return "actors"
    return None


def petrarch_code(code: str | None, sector: str | None) -> str | None:
    """A sitreps actor's code in PETRARCH's form: ("ARN", "GOV") -> "ARNGOV", ("ARN", "NGO") -> "NGOARN"."""
    if not code:
        return None
    agent = SECTOR_AGENTS.get(sector or "", "")
    if not agent or agent == code:
        return code
    return agent + code if agent in ("IGO", "NGO") else code + agent


def full_code(code: str) -> str:
    """A gold PETRARCH code cut to country and first agent: "ARNGOVFRM" -> "ARNGOV"."""
    return code[:6]
