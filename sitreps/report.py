"""Readable summaries of coded events, for the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.console import Console

from .model import Event

if TYPE_CHECKING:
    from .incidents import Incident


def _counts(title: str, counter: Counter[str], n: int = 10) -> str:
    return f"[bold]{title}[/]: " + ", ".join(f"{key} {value}" for key, value in counter.most_common(n))


def print_summary(events: Sequence[Event], counts: dict[str, int], *, console: Console | None = None,
                  examples: int = 10) -> None:
    """What was found: counts by type, place, actor and claimant, then the surest events, one block each (it
    reads at any width: rich wraps between words)."""
    from .query.commands import event_block

    console = console or Console()
    console.rule("[bold]events")
    console.print(", ".join(f"{v} {k}" for k, v in counts.items()))
    by_type = Counter(e.event_type for e in events)
    by_country = Counter(e.location.country or "?" for e in events if e.location)
    by_actor = Counter(a.name for e in events for a in e.source)
    by_claimant = Counter(e.claim.claimant.name for e in events if e.claim and e.claim.claimant)
    by_modality = Counter(e.modality for e in events)
    killed = sum(e.quantities["killed"].best for e in events  # totals over a war or a period are not summed
                 if "killed" in e.quantities and not e.quantities["killed"].aggregate)
    for title, counter in (("by type", by_type), ("by country", by_country), ("by source actor", by_actor),
                           ("by claimant", by_claimant), ("by modality", by_modality)):
        console.print(_counts(title, counter))
    console.print(f"killed, summed over every telling (not deduplicated: the incidents above are), totals left "
                  f"out: {killed}")
    shown = sorted(events, key=lambda e: (-e.confidence, e.id))[:examples]
    console.print(f"\n[bold]the {len(shown)} surest of {len(events)} events[/]")
    for e in shown:
        lines = event_block(e.to_dict())
        console.print(lines[0], highlight=False)
        for line in lines[1:]:
            console.print("  " + line, highlight=False)
        console.print()


def print_incidents(incidents: Sequence[Incident], outlets: dict[str, str], *, console: Console | None = None,
                    shown: int = 8) -> None:
    """Incidents first: those told by more than one article or with disputed figures, each with its claims
    side by side (outlet, claimant and stance, figures, the words), one block per incident so that it reads at
    any width. ``outlets``: article id -> outlet, for tellings whose outlet is unknown."""
    from .query.commands import figures_line

    console = console or Console()
    several = [i for i in incidents if len(i.articles) > 1]
    disputed = [i for i in incidents if any(f.disputed for f in i.quantities.values())]
    console.rule("[bold]incidents")
    console.print(f"{len(incidents)} incidents from {sum(len(i.claims) for i in incidents)} tellings; "
                  f"{len(several)} told by more than one article, {len(disputed)} with disputed figures")
    first = sorted(incidents, key=lambda i: (-(len(i.articles) > 1) - any(f.disputed for f in i.quantities.values()),
                                             -len(i.sources), -len(i.claims), i.id))[:shown]
    for inc in first:
        loc = inc.location
        where = "no place" if loc is None else f"{loc.country} (country)" if loc.precision == "country" \
            else f"{loc.name}, {loc.country} ({loc.precision})"
        when = (f"{inc.date.start}" + (f"..{inc.date.end}" if inc.date.end != inc.date.start else "")
                if inc.date else "undated")
        figures = figures_line({k: f.to_dict() for k, f in inc.quantities.items()}).replace("DISPUTED", "[bold red]DISPUTED[/]")
        console.print(f"\n[bold]{inc.event_type}[/] {when} · {where}" + (f" · {figures}" if figures else ""))
        who = ", ".join(a.name for a in inc.source[:2]) or "?"
        whom = ", ".join(a.name for a in inc.target[:2]) or "-"
        console.print(f"  {who} -> {whom}; {len(inc.articles)} article(s), sources: {', '.join(inc.sources) or '?'}")
        said: dict[tuple[str, int, str], list[str]] = {}  # one line per sentence and claimant
        for c in inc.claims:
            claimant = c.claimant.name if c.claimant else "outlet's own voice"
            key = (c.article_id, c.evidence.start, f"{claimant} ({c.stance}"
                   + (f", {c.modality})" if c.modality != "asserted" else ")"))
            counts = said.setdefault(key, [])
            counts += [f"{k} {b}" for k, (_, b, _) in c.quantities.items() if f"{k} {b}" not in counts]
        for (article_id, start, who), counts in list(said.items())[:6]:
            claim = next(c for c in inc.claims if c.article_id == article_id and c.evidence.start == start)
            words = " ".join(claim.evidence.text.split())
            words = words if len(words) <= 72 else words[:69] + "..."  # indented and quoted: 78 columns
            outlet = claim.outlet or outlets.get(article_id) or article_id
            console.print(f"  - [cyan]{outlet}[/]: {who}" + (f", {', '.join(counts)}" if counts else "")
                          + f'\n    "{words}"')
        if len(said) > 6:
            console.print(f"  … and {len(said) - 6} more")


def print_pages(records: Sequence[dict[str, object]], *, console: Console | None = None) -> None:
    """The pages to read with care: copies of other stored articles, pages stitched from several stories and
    pages with spun names, each named with its outlet, title and the reasons (``sitreps articles`` records)."""
    console = console or Console()
    console.rule("[bold]pages to read with care")
    flagged = 0
    outlet_of = {r.get("id"): r.get("outlet") or r.get("id") for r in records}
    for r in records:
        stitched, spun = r.get("stitched") or {}, r.get("spun") or {}
        marks = []
        if r.get("duplicate_of"):
            marks.append(f"a copy of the {outlet_of.get(r['duplicate_of'])} story {r['duplicate_of']} (counts as one "
                         "source with it)")
        if isinstance(stitched, dict) and (stitched.get("score") or 0) >= 0.5:
            found = sorted({str(outlet_of.get(m)) for seg in stitched.get("segments") or []
                            for m in seg.get("matches") or []})
            marks.append(f"stitched ({stitched['score']:.2f}): a new source begins at characters "
                         + ", ".join(str(b) for b in stitched.get("boundaries") or [])
                         + (f"; paragraphs found in {', '.join(found)}" if found else ""))
        if isinstance(spun, dict) and (spun.get("score") or 0) >= 0.5:
            subs = {f"{s['text']} -> {s['canonical']}" for s in spun.get("substitutions") or []}
            marks.append(f"spun names ({spun['score']:.2f}): " + "; ".join(sorted(subs)))
        if marks:
            flagged += 1
            console.print(f"[bold]{r.get('outlet') or '?'}[/]: {r.get('title') or r.get('id')}")
            for mark in marks:
                console.print(f"  - {mark}")
    if not flagged:
        console.print("none: no copies, stitched or spun pages found")
