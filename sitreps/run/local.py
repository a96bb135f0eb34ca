"""Run the coding stages in worker processes on this machine; the caller stays the one writer.

Each worker rebuilds the stages from their registered names and config (``sitreps.registry.build``), so
nothing but articles goes in and plain records (``Coded``, ``Failure``) come out. Chunks of articles are
handed out as workers free up, at most two per worker in flight, and the results come back in the order the
articles went in. A small input (less than a chunk per worker) is coded in this process: starting workers,
each loading the model, costs more than it saves.
"""

from __future__ import annotations

import itertools
import logging
import multiprocessing
import os
import resource
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from ..errors import SitrepsError
from ..model import Article, Coded, Failure
from ..pipeline import run
from ..registry import build

logger = logging.getLogger(__name__)

CHUNK = 16  # articles per task: big enough for spaCy's batches, small enough to spread over the workers


@dataclass(frozen=True, slots=True)
class StageSpec:
    """A stage by its registered name and the config it is built with (plain, picklable values)."""

    name: str
    config: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, name: str, **config: Any) -> StageSpec:
        return cls(name, tuple(sorted(config.items())))


@dataclass
class WorkerStats:
    """What the workers reported: their peak resident memory (MiB) by process id, and chunks done."""

    peak_rss_mb: dict[int, float] = field(default_factory=dict)
    cpu_seconds: dict[int, float] = field(default_factory=dict)  # user + system time so far, by process id
    chunks: int = 0

    @property
    def max_rss_mb(self) -> float:
        return max(self.peak_rss_mb.values(), default=0.0)


class WorkerDied(SitrepsError):
    """A worker process ended without finishing its chunk (killed, out of memory)."""

    def __str__(self) -> str:
        return (f"a worker process died ({self.args[0]}); what was stored is kept: run the same command again "
                f"to go on (stored articles are skipped). From a Python script: put the call under "
                f"`if __name__ == \"__main__\":` (worker processes import the script again)")


class UnguardedScript(SitrepsError):
    """sitreps was called while a worker process was starting: the script it runs in called it at import."""

    def __str__(self) -> str:
        return ("sitreps was called while a worker process was starting, from the script it imports again: "
                "put the script's call under `if __name__ == \"__main__\":` (see the multiprocessing docs, "
                "'Safe importing of main module')")


def not_starting_a_worker() -> None:
    """Raise ``UnguardedScript`` when called from a script that a starting worker process imports (the
    ``spawn`` start method runs the main script again in each worker, without its ``__main__`` guard)."""
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        raise UnguardedScript()


def default_workers() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


# -- in the worker ---------------------------------------------------------------------------------

_STAGES: list[Any] = []
_FAILURES: list[Failure] = []


def _start(specs: Sequence[StageSpec]) -> None:
    """Build the stages once per worker; their failures are collected and sent back with each chunk."""
    _STAGES[:] = [build(spec.name, **dict(spec.config), on_error=_FAILURES.append) for spec in specs]


def _code(articles: list[Article]) -> tuple[list[Coded], list[Failure], int, float, float]:
    _FAILURES.clear()
    coded = list(run(articles, _STAGES))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return coded, list(_FAILURES), os.getpid(), peak_rss_mb(), usage.ru_utime + usage.ru_stime


def peak_rss_mb() -> float:
    """This process's peak resident memory in MiB: Linux's ``VmHWM``, the high-water mark of the program it
    runs now. (``ru_maxrss`` would do elsewhere, but on Linux a spawned process's counts the parent's memory
    that its fork copied before the new program started: a worker of a 1 GB parent would read 1 GB.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- in the caller ---------------------------------------------------------------------------------

def code_in_workers(articles: Iterable[Article], specs: Sequence[StageSpec], *, workers: int,
                    on_error: Callable[[Failure], None], chunk: int = CHUNK,
                    stats: WorkerStats | None = None) -> Iterator[Coded]:
    """The articles coded by ``specs`` in ``workers`` processes, in input order."""
    stats = stats if stats is not None else WorkerStats()
    stream = iter(articles)
    first = list(itertools.islice(stream, chunk * workers))
    if workers <= 1 or len(first) < chunk * workers:
        stages = [build(spec.name, **dict(spec.config), on_error=on_error) for spec in specs]
        yield from run(itertools.chain(first, stream), stages)
        return
    chunks = _chunks(itertools.chain(first, stream), chunk)
    context = multiprocessing.get_context("spawn")
    try:
        yield from _pooled(chunks, specs, workers, context, on_error, stats)
    except BrokenProcessPool as error:  # a worker died: its chunk's result, or a submit after it, says so
        raise WorkerDied(str(error)) from error


def _pooled(chunks: Iterator[list[Article]], specs: Sequence[StageSpec], workers: int, context: Any,
            on_error: Callable[[Failure], None], stats: WorkerStats) -> Iterator[Coded]:
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(tuple(specs),)) as pool:
        pending: deque[Future[tuple[list[Coded], list[Failure], int, float, float]]] = deque()
        for part in itertools.islice(chunks, 2 * workers):
            pending.append(pool.submit(_code, part))
        while pending:
            coded, failures, pid, rss, cpu = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_code, nxt))
            stats.chunks += 1
            stats.peak_rss_mb[pid] = max(rss, stats.peak_rss_mb.get(pid, 0.0))
            stats.cpu_seconds[pid] = max(cpu, stats.cpu_seconds.get(pid, 0.0))
            for failure in failures:
                on_error(failure)
            yield from coded


def _chunks(items: Iterator[Article], size: int) -> Iterator[list[Article]]:
    while part := list(itertools.islice(items, size)):
        yield part
