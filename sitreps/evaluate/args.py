"""Argument-style gold (RAMS, WikiEvents, MUC-4): who attacked whom, and where.

Only attack-like gold events are scored: RAMS ``conflict.attack.*``, ``life.die.*`` and ``life.injure.*``
(not the non-violent death and illness sub-types), WikiEvents ``Conflict.Attack.*``, ``Life.Die.*`` and
``Life.Injure.*``, and every MUC-4 document (its templates are terrorist incidents; a document with no
filled role has no incident). Attacker-side roles (attacker, killer, injurer; MUC-4 PerpInd and PerpOrg)
are compared with the source actors of sitreps' ASSAULT events, target-side roles (target, victim; MUC-4
Target and Victim) with their target actors, the place role with their location. Instruments are not
scored: sitreps has no instrument field.

Which predicted events: for RAMS and WikiEvents, the ASSAULT events whose evidence holds the gold trigger;
for MUC-4 (no triggers), every ASSAULT event in the document.

A gold argument matches a predicted actor (or place) when their character spans overlap, or by head word:
the head of one (its last word before any ``of``, comma or clause; plural ``s`` dropped) is among the
words of the other. An argument's alternatives (MUC-4's coreferent strings, WikiEvents' coreference
cluster) all count. Gold and predicted are paired one to one per side.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model import Event
from .score import Counts, GoldRecord, Predicted, RecordScore, match_counts
from .sitreps_gold import GOLD

logger = logging.getLogger(__name__)

ATTACK_TYPES = frozenset({"ASSAULT"})
SIDES = {"attacker": "source", "killer": "source", "injurer": "source", "perpind": "source",
         "perporg": "source", "target": "target", "victim": "target", "place": "place"}
ATTACK_ROLES = ("attacker", "target", "place")
SCHEMAS = {"conflict.attack": ATTACK_ROLES, "life.die": ("killer", "victim", "place"),
           "life.injure": ("injurer", "victim", "place")}
NOT_VIOLENT = ("nonviolentdeath", "illnessdegradation")
MUC4_ROLES = {"perp_individual_id": "perpind", "perp_organization_id": "perporg", "phys_tgt_id": "target",
              "hum_tgt_name": "victim"}
NO_ATTACK = "no attack-like gold event"
_STOP = frozenset(["a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from", "his", "her", "its", "their", "this", "that", "these", "those", "some", "any", "all"])
_CUT = re.compile(r"\b(of|who|which|that|in|on|at|from|with)\b|,|\(|\[| - ")


@dataclass(frozen=True, slots=True)
class Argument:
    """One gold role filler: its texts (the span and any coreferent alternatives) and spans in the text."""

    role: str
    texts: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role, "texts": list(self.texts)}


@dataclass(frozen=True, slots=True)
class ArgEvent:
    """An attack-like gold event: its kind, trigger span (None: document level) and the roles it has."""

    kind: str
    trigger: tuple[int, int] | None
    roles: tuple[str, ...]
    arguments: tuple[Argument, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "trigger": list(self.trigger) if self.trigger else None,
                "arguments": [a.to_dict() for a in self.arguments]}


def schema(kind: str) -> tuple[str, ...] | None:
    """The scored roles of an event kind (RAMS or KAIROS), or None when it is not attack-like."""
    parts = kind.casefold().split(".")
    roles = SCHEMAS.get(".".join(parts[:2]))
    if roles is None or any(part.startswith(NOT_VIOLENT) for part in parts[2:]):
        return None
    return roles


# ---------------------------------------------------------------- matching


def words(text: str) -> list[str]:
    return [w if len(w) <= 3 or not w.endswith("s") else w[:-1] for w in re.findall(r"\w+", text.casefold())]


def head(text: str) -> str | None:
    """The last content word before the first ``of``, comma or clause."""
    first = _CUT.split(text.casefold(), maxsplit=1)[0]
    content = [w for w in words(first) if w not in _STOP]
    return content[-1] if content else None


def text_match(gold: str, predicted: str) -> bool:
    g, p = head(gold), head(predicted)
    return bool((g and g in words(predicted)) or (p and p in words(gold)))


def argument_match(arg: Argument, item: tuple[str, int | None, int | None]) -> bool:
    """A gold argument against a predicted (text, start, end)."""
    text, start, end = item
    if start is not None and end is not None and any(s < end and start < e for s, e in arg.spans):
        return True
    return any(text_match(t, text) for t in arg.texts)


# ---------------------------------------------------------------- scoring


def _side_items(events: Sequence[Event], side: str) -> list[tuple[str, int | None, int | None]]:
    """The distinct predicted actors (or places) of one side, as (text, start, end)."""
    seen: dict[str, tuple[str, int | None, int | None]] = {}
    for e in events:
        if side == "place":
            found = [(e.location.text or e.location.name, e.location.start, e.location.end)] if e.location else []
        else:
            found = [(a.text or a.name, a.start, a.end) for a in (e.source if side == "source" else e.target)]
        for item in found:
            seen.setdefault(" ".join(item[0].casefold().split()), item)
    return list(seen.values())


def anchored(gold: ArgEvent, events: Sequence[Event]) -> list[Event]:
    """The predicted attack events that speak of a gold event: those holding its trigger, or all."""
    attacks = [e for e in events if e.event_type in ATTACK_TYPES]
    if gold.trigger is None:
        return attacks
    start, end = gold.trigger
    return [e for e in attacks if e.evidence.start < end and start < e.evidence.end]


def score_event(gold: ArgEvent, events: Sequence[Event]) -> dict[str, Counts]:
    """Counts per side (``source side``, ``target side``, ``place``) and per role (``role X``)."""
    found = anchored(gold, events)
    counts: dict[str, Counts] = {}
    for side in ("source", "target", "place"):
        roles = [r for r in gold.roles if SIDES.get(r) == side]
        if not roles:
            continue
        items = _side_items(found, side)
        args = [a for a in gold.arguments if a.role in roles]
        counts["place" if side == "place" else f"{side} side"] = match_counts(args, items, argument_match)
        wrong = sum(1 for i in items if not any(argument_match(a, i) for a in args))
        for role in roles:
            if role == "place":
                continue
            mine = [a for a in args if a.role == role]
            c = match_counts(mine, items, argument_match)
            counts[f"role {role}"] = Counts(c.tp, wrong, c.fn)
    return counts


def score_arguments(record: GoldRecord, predicted: Sequence[Predicted]) -> RecordScore:
    """Score one record whose ``meta["gold"]`` holds ``ArgEvent``s."""
    events = [p.event for p in predicted if p.event is not None]
    counts: dict[str, Counts] = {}
    detail = []
    for gold in record.meta.get(GOLD, ()):
        for name, c in score_event(gold, events).items():
            counts[name] = counts.get(name, Counts()) + c
        found = anchored(gold, events)
        detail.append({"gold": gold.to_dict(), "predicted": [
            {"evidence": e.evidence.text, "source": [a.text for a in e.source],
             "target": [a.text for a in e.target], "place": e.location.text if e.location else None}
            for e in found]})
    order = [*(f"{s} side" for s in ("source", "target")), "place", *(f"role {r}" for r in SIDES)]
    counts = {k: counts[k] for k in order if k in counts}
    return RecordScore(record.id, counts, detail={"events": detail})


# ---------------------------------------------------------------- readers


def _files(path: Path, patterns: tuple[str, ...]) -> list[Path]:
    files = [path] if path.is_file() else sorted(f for p in patterns for f in path.glob(p)
                                                 if not f.name.startswith("coref"))
    if not files:
        raise FileNotFoundError(f"no {' or '.join(patterns)} file in {path}")
    return files


def rams_record(raw: dict[str, Any]) -> GoldRecord:
    """One RAMS window: tokens joined by spaces, sentences by newlines."""
    tokens = [t for sentence in raw["sentences"] for t in sentence]
    offsets: list[tuple[int, int]] = []
    pieces: list[str] = []
    at = 0
    for s, sentence in enumerate(raw["sentences"]):
        for i, tok in enumerate(sentence):
            sep = "" if not pieces else ("\n" if i == 0 else " ")
            at += len(sep)
            offsets.append((at, at + len(tok)))
            pieces.append(sep + tok)
            at += len(tok)
    text = "".join(pieces)

    def span(first: int, last: int) -> tuple[int, int]:
        return offsets[first][0], offsets[last][1]

    events = []
    for first, last, labels in raw.get("evt_triggers") or ():
        kind = labels[0][0]
        roles = schema(kind)
        if roles is None:
            continue
        args = []
        for trigger, arg, role in raw.get("gold_evt_links") or ():
            if tuple(trigger) != (first, last):
                continue
            name = re.sub(r"^evt\d+arg\d+", "", role)
            if name in SIDES:
                args.append(Argument(name, (" ".join(tokens[arg[0]:arg[1] + 1]),), (span(arg[0], arg[1]),)))
        events.append(ArgEvent(kind, span(first, last), roles, tuple(args)))
    meta: dict[str, Any] = {GOLD: tuple(events), "url": raw.get("source_url")}
    if not events:
        meta["skip"] = NO_ATTACK
    return GoldRecord(raw["doc_key"], text, None, (), meta, ("arguments",))


def read_rams(path: str | Path) -> Iterator[GoldRecord]:
    """RAMS ``*.jsonlines`` (a file or a folder)."""
    for file in _files(Path(path), ("*.jsonlines",)):
        with file.open(encoding="utf-8") as lines:
            yield from (rams_record(json.loads(line)) for line in lines if line.strip())


def wikievents_record(raw: dict[str, Any], clusters: dict[str, list[str]] | None = None) -> GoldRecord:
    """One WikiEvents document: its sentences joined by newlines; arguments with their coreferent mentions."""
    starts: dict[int, int] = {}  # token index → char offset in our text
    ends: dict[int, int] = {}
    pieces: list[str] = []
    at, index = 0, 0
    for tokens, sentence in raw["sentences"]:
        if pieces:
            pieces.append("\n")
            at += 1
        base = tokens[0][1] if tokens else 0
        for _, cs, ce in tokens:
            starts[index], ends[index] = at + cs - base, at + ce - base
            index += 1
        pieces.append(sentence)
        at += len(sentence)
    text = "".join(pieces)
    mentions = {m["id"]: m for m in raw.get("entity_mentions") or ()}
    cluster_of = {m: c for c in (clusters or {}).values() for m in c}

    def span(m: dict[str, Any]) -> tuple[int, int]:
        return starts[m["start"]], ends[m["end"] - 1]

    events = []
    for mention in raw.get("event_mentions") or ():
        roles = schema(mention["event_type"])
        if roles is None:
            continue
        args = []
        for arg in mention.get("arguments") or ():
            role = arg["role"].casefold()
            if role not in SIDES:
                continue
            ids = cluster_of.get(arg["entity_id"], [arg["entity_id"]])
            found = [mentions[i] for i in ids if i in mentions]
            texts = tuple(dict.fromkeys([arg["text"], *(m["text"] for m in found)]))
            args.append(Argument(role, texts, tuple(span(m) for m in found)))
        trigger = mention["trigger"]
        events.append(ArgEvent(mention["event_type"], (starts[trigger["start"]], ends[trigger["end"] - 1]),
                               roles, tuple(args)))
    meta: dict[str, Any] = {GOLD: tuple(events)}
    if not events:
        meta["skip"] = NO_ATTACK
    return GoldRecord(raw["doc_id"], text, None, (), meta, ("arguments",))


def read_wikievents(path: str | Path) -> Iterator[GoldRecord]:
    """WikiEvents ``*.jsonl`` (a file or a folder); a ``coref_<name>.jsonlines`` or ``coref/<name>.jsonlines``
    beside it adds every coreferent mention to an argument."""
    for file in _files(Path(path), ("*.jsonl",)):
        clusters: dict[str, dict[str, list[str]]] = {}
        for coref in (file.with_name(f"coref_{file.stem}.jsonlines"), file.parent / "coref" / f"{file.stem}.jsonlines"):
            if coref.is_file():
                for line in coref.read_text(encoding="utf-8").splitlines():
                    if line.strip():
                        row = json.loads(line)
                        clusters[row["doc_key"]] = {str(i): c for i, c in enumerate(row["clusters"])}
                break
        with file.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    raw = json.loads(line)
                    yield wikievents_record(raw, clusters.get(raw["doc_id"]))


def muc4_record(doc_id: str, raw: dict[str, Any]) -> GoldRecord:
    """One MUC-4 document: a document-level incident with its role fillers (each a list of coreferent strings)."""
    args = [Argument(role, tuple(entity))
            for key, role in MUC4_ROLES.items() for entity in raw.get("roles", {}).get(key) or () if entity]
    event = ArgEvent("incident", None, tuple(MUC4_ROLES.values()), tuple(args))
    return GoldRecord(doc_id, raw["doc"], None, (), {GOLD: (event,)}, ("arguments",))


def read_muc4(path: str | Path) -> Iterator[GoldRecord]:
    """MUC-4 in GRIT form (``{doc_id: {doc, roles}}``, or a list of ``{id, doc, roles}``), a file or folder."""
    for file in _files(Path(path), ("*.json",)):
        data = json.loads(file.read_text(encoding="utf-8"))
        items = data.items() if isinstance(data, dict) else ((d["id"], d) for d in data)
        for doc_id, raw in items:
            yield muc4_record(str(doc_id), raw)
