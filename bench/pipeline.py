"""Throughput and memory of the sitreps pipeline, against spaCy alone on the same texts.

    python bench/pipeline.py [PATH ...] [--articles N] [--batch-size B] [--model NAME] [--json]

Each measurement runs in a fresh interpreter (so peak RSS is its own); reading is excluded
from the rates and timed separately; warm-up (model load, gazetteer open, first batch) too.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import json
import logging
import os
import pickle
import platform
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import Corpus, read_corpus, sample_corpus

from sitreps.model import Article, Coded, Failure
from sitreps.run.local import default_workers

logger = logging.getLogger("bench.pipeline")

DEFAULT_ARTICLES = 500
STORE_BATCH = 100  # what ``sitreps.api.ingest`` writes per transaction
EXTRACTION = ("sitreps.coding", "sitreps.extract")  # the extractors' package, by its current or older name
PROFILED = ("/sitreps/coding/", "/sitreps/extract/", "/sitreps/geo/", "/sitreps/nlp/kbmatch.py")
# (label, module, class or None for module functions, attributes): inclusive wall time per call.
# "{x}" stands for the extractors' package.
PROBES: tuple[tuple[str, str, str | None, tuple[str, ...]], ...] = (
    ("kb matching", "sitreps.nlp.kbmatch", "KBMatcher", ("__call__",)),
    ("event extraction (EventCoder.code)", "{x}.events", "EventCoder", ("code",)),
    ("  triggers", "{x}.triggers", "TriggerFinder", ("__call__",)),
    ("  actors", "{x}.actors", "ActorResolver", ("resolve",)),
    ("  places", "{x}.events", None, ("find_place_mentions", "find_dateline", "event_location")),
    ("  gazetteer lookups (any caller)", "sitreps.geo.gazetteer", "Gazetteer", ("resolve", "candidates", "country")),
    ("  dates", "{x}.when", None, ("find_dates", "publication_date")),
    ("  quantities", "{x}.events", None, ("find_quantities",)),
    ("  claims", "{x}.events", None, ("find_speech",)),
    ("  modality", "{x}.events", None, ("find_modality",)),
)


# -- in the worker process ---------------------------------------------------------------------

def peak_rss_mb() -> float:
    """This process's peak resident set size so far, in MiB (Linux reports KiB)."""
    from sitreps.run.local import peak_rss_mb as peak  # VmHWM: not the parent's memory copied at the fork

    return peak()


@dataclass
class Probe:
    """Wall time spent in some functions, outermost calls only (so recursion is not counted twice)."""

    label: str
    seconds: float = 0.0
    calls: int = 0
    depth: int = 0

    def wrap(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if self.depth:
                return fn(*args, **kwargs)
            self.depth += 1
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.calls += 1
                self.depth -= 1
        return timed


def install_probes() -> list[Probe]:
    """Wrap the main non-spaCy parts with timers; a part the code no longer has is skipped."""
    package = extraction_package()
    probes = []
    for label, module_name, class_name, attrs in PROBES:
        probe = Probe(label)
        module_name = module_name.replace("{x}", package)
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            logger.warning("probe %r: no module %s", label, module_name)
            continue
        owner = getattr(module, class_name, None) if class_name else module
        found = [a for a in attrs if owner is not None and callable(getattr(owner, a, None))]
        for attr in found:
            setattr(owner, attr, probe.wrap(getattr(owner, attr)))
        if found:
            probes.append(probe)
        else:
            logger.warning("probe %r: nothing to time in %s", label, module_name)
    return probes


def extraction_package() -> str:
    """The name of the package holding ``EventCoder`` (it has moved before)."""
    for name in EXTRACTION:
        try:
            importlib.import_module(f"{name}.events")
        except ImportError:
            continue
        return name
    raise ImportError(f"none of {EXTRACTION} has an events module")


def coder(batch_size: int | None, model: str | None, on_error: Callable[[Failure], None],
          skim: bool = True) -> Callable[[Sequence[Article]], Iterator[Coded]]:
    """``sitreps.api.code_articles``; the same stages with another spaCy batch size when one is asked."""
    from sitreps.api import code_articles
    from sitreps.pipeline import run
    from sitreps.registry import build

    if batch_size is None:
        return lambda articles: code_articles(articles, model=model, on_error=on_error, skim=skim)
    config: dict[str, Any] = {"batch_size": batch_size, "on_error": on_error, "skim": skim}
    if model:
        config["model"] = model
    return lambda articles: run(articles, [build("dedupe.ids.v1"), build("code.spacy.v1", **config)])


def default_batch_size() -> int:
    from sitreps.nlp.spacy import SpacyCoder

    return int(SpacyCoder.batch_size)


def measure_spacy(articles: Sequence[Article], batch_size: int | None, model: str | None) -> dict[str, Any]:
    """``nlp.pipe`` over the texts, docs consumed and dropped: the model as spaCy loads it, every component
    as shipped (sitreps's own load swaps the attribute ruler for a faster equal, sitreps/nlp/attributes.py)."""
    baseline = peak_rss_mb()
    import spacy

    from sitreps.nlp.spacy import DEFAULT_MODEL

    size = batch_size or default_batch_size()
    texts = [a.text for a in articles]
    started = time.perf_counter()
    nlp = spacy.load(model or DEFAULT_MODEL)
    nlp.max_length = max(nlp.max_length, 2_000_000)
    for _ in nlp.pipe(texts[:size], batch_size=size):
        pass
    warmup = time.perf_counter() - started
    tokens = 0
    started, cpu = time.perf_counter(), time.process_time()
    for doc in nlp.pipe(texts, batch_size=size):
        tokens += len(doc)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu, "warmup_seconds": warmup,
            "tokens": tokens, "batch_size": size,
            "baseline_rss_mb": baseline, "peak_rss_mb": peak_rss_mb()}


def measure_workers(articles: Sequence[Article], model: str | None, workers: int) -> dict[str, Any]:
    """The whole pipeline in ``workers`` processes (``sitreps.run.local``), as ``sitreps ingest --workers``
    codes: the workers' start (each loads the model) is inside the time."""
    from sitreps.api import coding_specs
    from sitreps.run.local import WorkerStats, code_in_workers

    failures: list[Failure] = []
    stats = WorkerStats()
    started, cpu = time.perf_counter(), time.process_time()
    first = None
    warm: tuple[float, int] | None = None  # when every worker had sent its first chunk, and articles by then
    coded = []
    for packet in code_in_workers(articles, coding_specs(model=model), workers=workers,
                                  on_error=failures.append, stats=stats):
        if first is None:
            first = time.perf_counter() - started
        coded.append(packet)
        if warm is None and len(stats.peak_rss_mb) >= workers:
            warm = (time.perf_counter() - started, len(coded))
    seconds = time.perf_counter() - started
    # the workers' CPU includes their start (model load) and warm-up; the caller's is reading their results
    return {"seconds": seconds, "cpu_seconds": time.process_time() - cpu + sum(stats.cpu_seconds.values()),
            "workers_cpu_seconds": stats.cpu_seconds,
            "first_result_seconds": first, "coded": len(coded), "failures": len(failures),
            # the rate once every worker is started and warm, as spaCy alone's is taken after its warm-up
            "steady_articles_per_s": (len(coded) - warm[1]) / (seconds - warm[0]) if warm and seconds > warm[0]
            else None,
            "events": sum(len(c.events) for c in coded), "workers": workers,
            "worker_peak_rss_mb": stats.peak_rss_mb, "peak_rss_mb": max(stats.peak_rss_mb.values(), default=0.0)}


def measure_pipeline(articles: Sequence[Article], batch_size: int | None, model: str | None,
                     store: bool, skim: bool = True) -> dict[str, Any]:
    """The whole pipeline (results kept, as ``list(code_articles(...))`` would), then the store write."""
    baseline = peak_rss_mb()
    failures: list[Failure] = []
    code = coder(batch_size, model, failures.append, skim)
    started = time.perf_counter()
    for _ in code(articles[:batch_size or default_batch_size()]):
        pass
    warmup = time.perf_counter() - started
    failures.clear()
    probes = install_probes()
    started, cpu = time.perf_counter(), time.process_time()
    coded = list(code(articles))
    seconds = time.perf_counter() - started
    out: dict[str, Any] = {
        "seconds": seconds, "cpu_seconds": time.process_time() - cpu, "warmup_seconds": warmup, "coded": len(coded), "failures": len(failures),
        "events": sum(len(c.events) for c in coded), "batch_size": batch_size or default_batch_size(),
        "baseline_rss_mb": baseline, "peak_rss_mb": peak_rss_mb(),
        "parts": [{"part": p.label, "calls": p.calls, "seconds": p.seconds} for p in probes],
    }
    if store:
        out["store"] = measure_store(coded)
    return out


def measure_store(coded: list[Coded]) -> dict[str, Any]:
    """Open a new store and write the coded articles in ingest-sized transactions."""
    from sitreps.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        with open_store(Path(folder) / "bench.duckdb") as db:
            for i in range(0, len(coded), STORE_BATCH):
                db.write(coded[i:i + STORE_BATCH])
        seconds = time.perf_counter() - started
        size = (Path(folder) / "bench.duckdb").stat().st_size
    return {"seconds": seconds, "articles": len(coded), "bytes": size, "peak_rss_mb": peak_rss_mb()}


def profile_pipeline(articles: Sequence[Article], batch_size: int | None, model: str | None,
                     top: int = 20) -> dict[str, Any]:
    """cProfile over a pipeline run: cumulative times of the extraction, gazetteer and KB functions."""
    code = coder(batch_size, model, lambda failure: None)
    for _ in code(articles[:batch_size or default_batch_size()]):
        pass
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in code(articles):
        pass
    profiler.disable()
    seconds = time.perf_counter() - started
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = []
    for (filename, line, name), (_cc, calls, _tt, cumulative, _callers) in stats.items():
        path = filename.replace(os.sep, "/")
        if any(part in path for part in PROFILED):
            short = path[path.rindex("/sitreps/") + 1:]
            rows.append({"function": f"{short}:{line}({name})", "calls": calls, "cumulative": cumulative})
    rows.sort(key=lambda r: -r["cumulative"])
    return {"seconds": seconds, "functions": rows[:top]}


def worker(kind: str, corpus_path: str, batch_size: int | None, model: str | None, store: bool,
           workers: int) -> None:
    with open(corpus_path, "rb") as handle:
        articles: tuple[Article, ...] = pickle.load(handle)
    if kind == "spacy":
        result = measure_spacy(articles, batch_size, model)
    elif kind == "pipeline":
        result = measure_pipeline(articles, batch_size, model, store)
    elif kind == "parse-all":
        result = measure_pipeline(articles, batch_size, model, False, skim=False)
    elif kind == "workers":
        result = measure_workers(articles, model, workers)
    else:
        result = profile_pipeline(articles, batch_size, model)
    print(json.dumps(result))


# -- in the parent process ---------------------------------------------------------------------

def spawn(kind: str, corpus_path: str, args: argparse.Namespace) -> dict[str, Any] | None:
    """Run one measurement in a fresh interpreter and read its JSON line."""
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, "--corpus", corpus_path]
    if args.batch_size:
        command += ["--batch-size", str(args.batch_size)]
    if args.model:
        command += ["--model", args.model]
    if args.no_store:
        command.append("--no-store")
    command += ["--workers", str(args.workers)]
    logger.info("measuring %s", kind)
    done = subprocess.run(command, stdout=subprocess.PIPE, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        logger.error("the %s measurement failed (exit status %d)", kind, done.returncode)
        return None
    return json.loads(lines[-1])


def median_run(runs: list[dict[str, Any] | None]) -> dict[str, Any] | None:
    """The run of median time among repeats (each measurement's rounds interleave with the others', so a
    burst of load from outside touches one round of each rather than all of one); None if any failed."""
    if not runs or any(r is None for r in runs):
        return None
    ordered = sorted(runs, key=lambda r: r["seconds"])  # type: ignore[index]
    chosen = dict(ordered[len(ordered) // 2])  # type: ignore[arg-type]
    chosen["rounds_seconds"] = [r["seconds"] for r in runs]  # type: ignore[index]
    return chosen


def cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def summarise(corpus: Corpus, read_seconds: float, load: float, spacy: dict[str, Any], pipe: dict[str, Any],
              profile: dict[str, Any] | None) -> dict[str, Any]:
    import spacy as spacy_module

    import sitreps

    n, words = len(corpus.articles), corpus.words

    def rates(seconds: float) -> dict[str, float]:
        return {"articles_per_s": n / seconds, "words_per_s": words / seconds}

    parts = pipe.pop("parts")
    outer = sum(p["seconds"] for p in parts if not p["part"].startswith(" "))
    for p in parts:
        p["share_of_pipeline"] = p["seconds"] / pipe["seconds"]
        p["share_of_spacy"] = p["seconds"] / spacy["seconds"]
    store = pipe.pop("store", None)
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpu": cpu_name(), "cores": os.cpu_count(), "python": platform.python_version(),
                    "spacy": spacy_module.__version__, "sitreps": sitreps.__version__,
                    "load_average_1min_before": load},
        "corpus": {"source": corpus.source, "articles": n, "words": words, "read_failures": corpus.failures,
                   "read_seconds": read_seconds},
        "spacy": {**spacy, **rates(spacy["seconds"])},
        "pipeline": {**pipe, **rates(pipe["seconds"])},
        # the pipeline's time beyond spaCy's, from the two separate runs
        "non_spacy_share": (pipe["seconds"] - spacy["seconds"]) / spacy["seconds"],
        # the same from the timers inside the pipeline run: KB matching + extraction over the rest
        "non_spacy_share_probed": outer / (pipe["seconds"] - outer) if pipe["seconds"] > outer else None,
        "parts": parts,
    }
    if store is not None:
        result["store"] = {**store, **rates(store["seconds"])}
    if profile is not None:
        result["profile"] = profile
    return result


def show(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else 120)
    c = result["corpus"]
    console.print(f"[bold]sitreps pipeline benchmark[/bold]  {result['date']}  {result['machine']['cpu']} "
                  f"({result['machine']['cores']} cores), spaCy {result['machine']['spacy']}")
    console.print(f"corpus: {c['source']}: {c['articles']} articles, {c['words']:,} words "
                  f"(read in {c['read_seconds']:.2f} s, not counted below)")
    table = Table("measurement", "seconds", "articles/s", "words/s", "warm-up s", "peak RSS MiB")
    for label, key in (("spaCy alone (nlp.pipe)", "spacy"), ("whole pipeline (code_articles)", "pipeline"),
                       ("store write (open_store + write)", "store")):
        if key in result:
            r = result[key]
            warm = f"{r['warmup_seconds']:.2f}" if "warmup_seconds" in r else "-"
            table.add_row(label, f"{r['seconds']:.2f}", f"{r['articles_per_s']:.1f}", f"{r['words_per_s']:,.0f}",
                          warm, f"{r['peak_rss_mb']:.0f}")
    for label, key in (("whole pipeline, every sentence parsed", "parse_all"),
                       (f"whole pipeline, {result.get('workers', {}).get('workers')} worker processes", "workers")):
        if key in result:
            r = result[key]
            table.add_row(label, f"{r['seconds']:.2f}", f"{r['articles_per_s']:.1f}", f"{r['words_per_s']:,.0f}",
                          "-", f"{r['peak_rss_mb']:.0f}")
    console.print(table)
    ratios = [f"{label} {result[key]['times_spacy_alone']:.2f}x" for label, key in (
        ("pipeline", "pipeline"), ("every sentence parsed", "parse_all"), ("all cores", "workers")) if key in result]
    steady = result.get("workers", {}).get("steady_articles_per_s")
    if steady:
        ratios.append(f"all cores once started (their start left out, as spaCy's warm-up is) "
                      f"{steady / result['spacy']['articles_per_s']:.2f}x")
    console.print("[bold]against spaCy alone on one core:[/bold] " + ", ".join(ratios))
    n = result["corpus"]["articles"]
    cpu = [f"{label} {1000 * result[key]['cpu_seconds'] / n:.0f} ms" for label, key in (
        ("spaCy alone", "spacy"), ("pipeline", "pipeline"), ("every sentence parsed", "parse_all"),
        ("workers (all, with their start)", "workers")) if key in result and "cpu_seconds" in result[key]]
    console.print("CPU time per article (user + system; what a free core would take): " + ", ".join(cpu))
    for key in ("parse_all", "workers"):
        if key in result:
            console.print(f"{key}: {result[key]['coded']} articles coded, {result[key]['events']} events")
    p = result["pipeline"]
    console.print(f"pipeline: {p['coded']} articles coded, {p['events']} events, {p['failures']} failures; "
                  f"spaCy batch size {p['batch_size']}")
    share = result["non_spacy_share"]
    separate = (f"extraction beyond spaCy costs {100 * share:.0f}% of spaCy's own time" if share >= 0 else
                f"the pipeline takes {-100 * share:.0f}% less time than spaCy alone (the skim and the stand-ins "
                f"for the model's components save more than the extraction costs)")
    console.print(f"[bold]{separate}[/bold] (separate runs)"
                  + (f"; the extraction is {100 * result['non_spacy_share_probed']:.0f}% of the rest of the run by "
                     f"the timers inside it" if result["non_spacy_share_probed"] is not None else ""))
    parts = Table("part (inclusive; indented parts run inside EventCoder.code)", "calls", "seconds",
                  "% of pipeline", "% of spaCy alone")
    for part in result["parts"]:
        parts.add_row(part["part"], str(part["calls"]), f"{part['seconds']:.2f}",
                      f"{100 * part['share_of_pipeline']:.1f}", f"{100 * part['share_of_spacy']:.1f}")
    console.print(parts)
    if "profile" in result:
        prof = Table("function (cProfile, cumulative)", "calls", "seconds")
        for row in result["profile"]["functions"]:
            prof.add_row(row["function"], str(row["calls"]), f"{row['cumulative']:.2f}")
        console.print(prof)
        console.print(f"(profiled run: {result['profile']['seconds']:.2f} s including cProfile's overhead)")


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to read (default: the sample)")
    parser.add_argument("--articles", "-n", type=int, default=None,
                        help=f"articles to use (default {DEFAULT_ARTICLES}; 0 = all read from PATHs)")
    parser.add_argument("--batch-size", type=int, default=None, help="spaCy batch size (default: the pipeline's)")
    parser.add_argument("--model", default=None, help="spaCy model (default: the pipeline's)")
    parser.add_argument("--no-store", action="store_true", help="skip the store-write measurement")
    parser.add_argument("--profile", action="store_true", help="also a cProfile run of the extraction code")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    parser.add_argument("--workers", type=int, default=default_workers(),
                        help="worker processes for the all-cores run (default: the machine's cores; 0 skips it)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of the measurements, interleaved; the median round of each is reported")
    parser.add_argument("--parse-all", action="store_true",
                        help="also the pipeline parsing every sentence (no skim), for its rate and events")
    parser.add_argument("--worker", choices=("spacy", "pipeline", "parse-all", "workers", "profile"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--corpus", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.worker:
        worker(args.worker, args.corpus, args.batch_size, args.model, not args.no_store, args.workers)
        return 0
    n = DEFAULT_ARTICLES if args.articles is None else args.articles
    load = os.getloadavg()[0]
    started = time.perf_counter()
    if args.paths:
        corpus = read_corpus(args.paths, n or None)
    else:
        corpus = sample_corpus(n or DEFAULT_ARTICLES)
    read_seconds = time.perf_counter() - started
    if not corpus.articles:
        raise SystemExit("no articles to measure on")
    with tempfile.TemporaryDirectory() as folder:
        corpus_path = str(Path(folder) / "corpus.pickle")
        with open(corpus_path, "wb") as handle:
            pickle.dump(corpus.articles, handle)
        kinds = ["spacy", "pipeline"] + ["parse-all"] * args.parse_all + ["workers"] * bool(args.workers)
        rounds = [{kind: spawn(kind, corpus_path, args) for kind in kinds} for _ in range(max(1, args.repeat))]
        spacy, pipe, every, parallel = (median_run([r[kind] for r in rounds if kind in r])
                                        for kind in ("spacy", "pipeline", "parse-all", "workers"))
        profile = spawn("profile", corpus_path, args) if args.profile and pipe else None
    if spacy is None or pipe is None:
        return 1
    result = summarise(corpus, read_seconds, load, spacy, pipe, profile)
    n, words = len(corpus.articles), corpus.words
    for key, measured in (("parse_all", every), ("workers", parallel)):
        if measured is not None:
            result[key] = {**measured, "articles_per_s": n / measured["seconds"],
                           "words_per_s": words / measured["seconds"],
                           "times_spacy_alone": spacy["seconds"] / measured["seconds"]}
    result["pipeline"]["times_spacy_alone"] = spacy["seconds"] / pipe["seconds"]
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        show(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
