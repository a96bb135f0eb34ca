"""Readable summaries of coded events, for the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rich.console import Console
from rich.table import Table

from .model import Event


def event_table(events: Sequence[Event], *, title: str | None = None) -> Table:
    """A table of events: type, who, to whom, where, when, how many, who says so."""
    table = Table(title=title, show_lines=False, expand=True)
    for name, style in (("type", "bold"), ("source", "cyan"), ("target", "magenta"), ("where", "green"),
                        ("when", ""), ("killed", "red"), ("claimant (stance)", "yellow"), ("modality", ""),
                        ("trigger", "dim")):
        table.add_column(name, style=style, overflow="fold")
    for e in events:
        q = e.quantities.get("killed")
        claimant = e.claim.claimant.name if e.claim and e.claim.claimant else "outlet"
        table.add_row(
            e.event_type + (f"/{e.mode}" if e.mode else ""),
            ", ".join(f"{a.name} [{a.code or '?'} {a.sector or ''}]".replace(" ]", "]") for a in e.source) or "-",
            ", ".join(f"{a.name} [{a.code or '?'} {a.sector or ''}]".replace(" ]", "]") for a in e.target) or "-",
            (f"{e.location.text}, {e.location.country} ({e.location.precision})" if e.location else "-"),
            (f"{e.date.start}" + (f"..{e.date.end}" if e.date.end != e.date.start else "") + f" ({e.date.precision})"
             if e.date else "-"),
            (str(q.best) if q else ""),
            f"{claimant} ({e.claim.stance})" if e.claim else "outlet (asserted)",
            e.modality,
            e.trigger,
        )
    return table


def _counts(title: str, counter: Counter[str], n: int = 10) -> Table:
    table = Table(title=title)
    table.add_column(title.split(" by ")[-1])
    table.add_column("events", justify="right")
    for key, value in counter.most_common(n):
        table.add_row(key, str(value))
    return table


def print_summary(events: Sequence[Event], counts: dict[str, int], *, console: Console | None = None,
                  examples: int = 25) -> None:
    """What was found: counts by type, place, actor and claimant, then the events themselves."""
    console = console or Console()
    console.rule("[bold]sitreps summary")
    console.print(", ".join(f"{v} {k}" for k, v in counts.items()))
    by_type = Counter(e.event_type for e in events)
    by_country = Counter(e.location.country or "?" for e in events if e.location)
    by_actor = Counter(a.name for e in events for a in e.source)
    by_claimant = Counter(e.claim.claimant.name for e in events if e.claim and e.claim.claimant)
    by_modality = Counter(e.modality for e in events)
    killed = sum(e.quantities["killed"].best for e in events  # totals over a war or a period are not summed
                 if "killed" in e.quantities and not e.quantities["killed"].aggregate)
    grid = Table.grid(padding=(0, 2))
    grid.add_row(_counts("events by type", by_type), _counts("events by country", by_country),
                 _counts("events by source actor", by_actor), _counts("events by claimant", by_claimant))
    console.print(grid)
    console.print(f"modality: {dict(by_modality)}; killed (sum of best counts as told, not deduplicated, totals left out): {killed}")
    shown = sorted(events, key=lambda e: -e.confidence)[:examples]
    console.print(event_table(shown, title=f"{len(shown)} most confident of {len(events)} events"))
