"""The analysts' corrections read as gold: the machine's output scored against the corrected view
(``sitreps evaluate corrections STORE``).

Only what an analyst reviewed is scored. A reviewed event is one with a correction in force; what the analyst
did not correct on it counts as accepted. A rejected event is a false positive; the events kept are scored field
by field (type, actor, place, date, figure: the machine's value against the corrected one), and the killed
figure for exactness (the machine's best equal to the corrected best). Merges and splits score the machine's
incidents as a clustering of the events of the incidents they touch (evaluate/clustering.py: pairwise, B-cubed,
MUC, CEAF-e, CoNLL F1), the corrected incidents being gold.
"""

from __future__ import annotations

import json
from typing import Any

from .apply import apply_event
from .model import FIELDS, Correction
from .overlay import active


def _value(record: dict[str, Any], name: str) -> Any:
    if name == "type":
        return record.get("event_type")
    if name == "actor":
        return [sorted((a.get("name") or "", a.get("code") or "") for a in record.get(side) or [])
                for side in ("source", "target")]
    if name == "place":
        loc = record.get("location") or {}
        return (loc.get("name"), loc.get("country"))
    if name == "date":
        when = record.get("date") or {}
        return (when.get("start"), when.get("end"))
    killed = (record.get("quantities") or {}).get("killed") or {}
    return killed.get("best")


def _share(right: int, n: int) -> float | None:
    return round(right / n, 4) if n else None


def score_corrections(conn: Any) -> dict[str, Any]:
    """The machine's output scored against the corrections in the store on ``conn`` (see the module)."""
    by_event: dict[str, list[Correction]] = {}
    corrections = active(conn)
    for c in corrections:
        if c.target == "event":
            by_event.setdefault(c.target_id, []).append(c)
    ids = sorted(by_event)
    machine: dict[str, dict[str, Any]] = {}
    if ids:
        rows = conn.execute(f"SELECT id, record FROM events WHERE id IN ({', '.join('?' for _ in ids)})",
                            ids).fetchall()
        machine = {eid: json.loads(r) if isinstance(r, str) else r for eid, r in rows}
    verdicts = {eid: apply_event(machine[eid], cs) for eid, cs in by_event.items() if eid in machine}
    kept = {eid: r for eid, r in verdicts.items() if r.status != "rejected"}
    fields: dict[str, dict[str, Any]] = {}
    for name in FIELDS:
        right = sum(_value(machine[eid], name) == _value(r.record, name) for eid, r in kept.items())
        fields[name] = {"n": len(kept), "right": right, "accuracy": _share(right, len(kept))}
    figured = [eid for eid, r in kept.items() if _value(machine[eid], "figure") is not None
               or _value(r.record, "figure") is not None]
    exact = sum(_value(machine[eid], "figure") == _value(kept[eid].record, "figure") for eid in figured)
    rejected = len(verdicts) - len(kept)
    return {
        "corrections": len(corrections),
        "events": {"reviewed": len(verdicts), "confirmed": sum(r.status == "confirmed" for r in verdicts.values()),
                   "corrected": sum(r.status == "corrected" for r in verdicts.values()),
                   "rejected": rejected, "precision": _share(len(kept), len(verdicts))},
        "fields": fields,
        "killed": {"n": len(figured), "exact": exact, "exactness": _share(exact, len(figured))},
        "incidents": _clustering(conn, corrections),
    }


def _clustering(conn: Any, corrections: list[Correction]) -> dict[str, Any]:
    """The machine's incidents against the corrected ones, over the events of the incidents merges and splits
    touched (rejected events left out)."""
    from ..evaluate.clustering import all_metrics

    moves = [c for c in corrections if c.target == "incident"]
    touched = sorted({c.target_id for c in moves} | {str(c.value) for c in moves if c.action == "merge"})
    out: dict[str, Any] = {"merges": sum(c.action == "merge" for c in moves),
                           "splits": sum(c.action == "split" for c in moves), "events": 0}
    if not touched:
        return out
    marks = ", ".join("?" for _ in touched)
    predicted = dict(conn.execute(f"SELECT event_id, incident_id FROM incident_events WHERE role = 'claim' AND"
                                  f" incident_id IN ({marks})", touched).fetchall())
    gold = dict(conn.execute("SELECT event_id, incident_id FROM reviewed_incident_events WHERE role = 'claim'"
                             f" AND event_id IN ({', '.join('?' for _ in predicted)})",
                             list(predicted)).fetchall()) if predicted else {}
    items = sorted(set(predicted) & set(gold))
    if not items:
        return out
    metrics = all_metrics({e: gold[e] for e in items}, {e: predicted[e] for e in items})
    out["events"] = len(items)
    out.update({name: (m.to_dict() if hasattr(m, "to_dict") else round(float(m), 4)) for name, m in metrics.items()})
    return out


def report_lines(result: dict[str, Any]) -> list[str]:
    """The scores as lines a person reads."""
    ev = result["events"]
    lines = [(f"{result['corrections']} corrections in force; {ev['reviewed']} events reviewed: {ev['confirmed']} "
             f"confirmed, {ev['corrected']} corrected, {ev['rejected']} rejected (false positives); precision "
             f"{ev['precision']}")]
    for name, f in result["fields"].items():
        lines.append(f"  {name:<7} {f['right']}/{f['n']} right, accuracy {f['accuracy']}")
    k = result["killed"]
    lines.append(f"  killed  {k['exact']}/{k['n']} exact, exactness {k['exactness']}")
    inc = result["incidents"]
    lines.append(f"incidents: {inc['merges']} merges, {inc['splits']} splits over {inc['events']} events")
    for name in ("pairwise", "b_cubed", "muc", "ceaf_e"):
        if name in inc:
            m = inc[name]
            lines.append(f"  {name:<8} P {m['precision']} R {m['recall']} F1 {m['f1']}")
    if "conll_f1" in inc:
        lines.append(f"  CoNLL F1 {inc['conll_f1']}")
    return lines


def evaluate_store(db: str) -> dict[str, Any]:
    """``score_corrections`` over the store at ``db``, opened read-only."""
    from ..store import open_store

    with open_store(db, read_only=True) as store:
        return score_corrections(store._conn)
