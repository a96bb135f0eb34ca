"""``sitreps evaluate FORMAT PATH``: score sitreps on an annotated data set."""

from __future__ import annotations

import json
import time

import click

from . import FORMATS, SPLITS, Evaluation, write_errors
from . import evaluate as run_evaluation
from .attribution import attribution_lines
from .score import QUADS, Counts, Summary, measure

FIELD_NAMES = {"event_type": "event type (PLOVER)", "cameo_root": "CAMEO root", "source": "source country",
               "target": "target country", "source_full": "source code (full)",
               "target_full": "target code (full)", "event": "event (type+countries)"}
SHORT = dict(zip(QUADS, ("neutral", "v-coop", "m-coop", "v-confl", "m-confl")))


def _row(name: str, c: Counts) -> str:
    return f"{name:<24} {c.precision:>6.3f} {c.recall:>6.3f} {c.f1:>6.3f} {c.tp:>6} {c.fp:>6} {c.fn:>6}"


def summary_table(summary: Summary, *, by_type: bool = True) -> str:
    """The summary as a plain-text table."""
    lines = [f"{summary.records} records scored"]
    for reason, n in sorted(summary.skipped.items()):
        lines.append(f"  skipped {n}: {reason}")
    if summary.counts:
        lines += ["", f"{'field':<24} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'FP':>6} {'FN':>6}"]
        lines += [_row(FIELD_NAMES.get(k, k), c) for k, c in summary.counts.items()]
    if "inside" in summary.counts:  # attributions: the shares the bar is set on
        lines += ["", *attribution_lines(summary.counts)]
    if summary.exact_total:
        share = f"{summary.exact_right}/{summary.exact_total} = {summary.exact_share:.3f}"
        lines.append(f"\nexactly right: {share}")
    if summary.quiet_total:
        given, quiet = summary.quiet_given, summary.quiet_total
        lines.append(f"records with no gold event given one: {given}/{quiet} = {given / quiet:.3f}")
    if summary.event_total:
        right, total = summary.event_right, summary.event_total
        share = f"{right}/{total} = {right / total:.3f}"
        lines.append(f"events exactly right (type, source and target country): {share}")
    if by_type and summary.per_type:
        lines += ["", f"{'PLOVER type':<24} {'P':>6} {'R':>6} {'F1':>6} {'TP':>6} {'FP':>6} {'FN':>6}"]
        lines += [_row(t, c) for t, c in sorted(summary.per_type.items())]
    if summary.quad_total:
        accuracy = f"{summary.quad_right}/{summary.quad_total} = {summary.quad_accuracy:.3f}"
        lines.append(f"\nquad accuracy: {accuracy} by the CAMEO code of each sentence's event "
                     f"(by its PLOVER type: {summary.quad_accuracy_plover:.3f})")
        lines.append("gold \\ predicted".ljust(22) + "".join(f"{SHORT[q]:>9}" for q in QUADS))
        for gold in QUADS:
            row = summary.confusion.get(gold, {})
            lines.append(f"{gold:<22}" + "".join(f"{row.get(q, 0):>9}" for q in QUADS))
    for name, amounts in sorted(summary.values.items()):
        m = measure(amounts)
        if m["n"]:
            lines.append(f"\n{name}: n={m['n']}, mean {m['mean']}, median {m['median']}")
    return "\n".join(lines)


@click.command("evaluate")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted([*FORMATS, "ecbplus", "corrections"])))
@click.argument("path", type=click.Path(exists=True))
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Score at most this many records.")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, writable=True), default=None,
              help="Write the records it got wrong here, gold beside predicted (JSON Lines).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--split", type=click.Choice(SPLITS), default="all", show_default=True,
              help="Score only the tune (70%) or check (30%) records: a fixed split by a hash of each record's "
                   "id. Tune on tune; score check once, at the end ('both': one run, each split apart).")
@click.option("--model", default=None, help="Any installed spaCy pipeline, by name.")
@click.option("--future-as-act", is_flag=True,
              help="Code promised and future acts as the act itself (PETRARCH's convention), not as PLOVER's "
                   "AGREE, CONCEDE and THREATEN.")
@click.option("--country-from-gold", is_flag=True,
              help="Code each record with the country its gold names as the focus country (as --country does "
                   "for extract and ingest); formats with a gold country only (acled).")
@click.option("--parse-all", is_flag=True,
              help="Parse every sentence, not only those that can hold an event (to measure what the skim costs).")
def evaluate(fmt: str, path: str, limit: int | None, errors_path: str | None, as_json: bool,
             split: str, model: str | None, future_as_act: bool, country_from_gold: bool, parse_all: bool) -> None:
    """Score sitreps' events against the annotated data at PATH (a file or its folder).

    FORMAT is petrarch (PETRARCH validation records XML), cameo-tsv (ConfliBERT CAMEO classes), acled
    (ACLED CSV), plover-json (PLOVER gold records), sitreps (sitreps gold JSON Lines), rams, wikievents,
    muc4 (attack arguments), indiapolice (IndiaPoliceEvents sentence labels), attribution (PolNeAR: who
    says what) or ecbplus (ECB+ documents grouped into incidents; split by a hash of the topic); corrections
    (PATH a store: its events and incidents against the analysts' corrections, as gold; sitreps/review).
    """
    started = time.perf_counter()
    if fmt == "corrections":
        from ..review.score import evaluate_store
        from ..review.score import report_lines as review_lines

        scored = evaluate_store(path)
        click.echo(json.dumps({"format": fmt, "path": path, **scored}, indent=2) if as_json
                   else "\n".join(review_lines(scored)))
        return
    if fmt == "ecbplus":
        from .ecbplus import as_json as ecb_json
        from .ecbplus import evaluate_ecbplus, report_lines

        results = evaluate_ecbplus(path, split=split)
        seconds = time.perf_counter() - started
        click.echo(json.dumps({"format": fmt, "split": split, "seconds": round(seconds, 1), **ecb_json(results)},
                              indent=2) if as_json else "\n".join(report_lines(results)) + f"\n{seconds:.1f}s")
        return
    try:
        result: Evaluation = run_evaluation(fmt, path, limit=limit, model=model,
                                            intentions=not future_as_act, split=split,
                                            country_from_gold=country_from_gold, skim=not parse_all)
    except FileNotFoundError as error:
        raise click.ClickException(str(error)) from error
    seconds = time.perf_counter() - started
    if errors_path:
        with open(errors_path, "w", encoding="utf-8") as out:
            n = write_errors(result, out)
        click.echo(f"{n} records with errors written to {errors_path}", err=True)
    if as_json:
        payload = {"format": fmt, "path": path, "split": split, "seconds": round(seconds, 1),
                   "failures": len(result.failures),
                   **result.summary.to_dict()}
        if result.by_split:
            payload["by_split"] = {part: s.to_dict() for part, s in result.by_split.items()}
        click.echo(json.dumps(payload, indent=2))
    else:
        for part, part_summary in result.by_split.items():
            click.echo(f"== {part} split\n{summary_table(part_summary)}\n")
        click.echo(("== both splits\n" if result.by_split else "") + summary_table(result.summary))
        click.echo(f"\n{len(result.failures)} coding failures; {seconds:.1f}s")
