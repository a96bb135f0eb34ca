"""Ingest in worker processes (sitreps.run.local): the same store as one process, the one writer, each worker
under a gigabyte. Real worker processes, a real DuckDB file, made-up articles."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from sitreps import api
from sitreps.model import Article, Failure
from sitreps.run.local import StageSpec, WorkerDied, WorkerStats, code_in_workers
from sitreps.store import open_store

TOWNS = ("Haldenport", "Marrowick", "Eastfield", "Tollbridge", "Kestrel Bay")


def articles(n: int) -> list[Article]:
    out = []
    for i in range(n):
        town = TOWNS[i % len(TOWNS)]
        text = (f"Report {i}.\n\nGunmen attacked a police post in {town} on Monday, killing {i % 7 + 2} officers, "
                f"the provincial governor said.\n\nThe market in {town} reopened on Tuesday. Traders sold fruit.")
        if i % 5 == 0:
            text = f"Match report {i}.\n\nThe home side won 2-0 at {town}. Temperatures rose in the afternoon."
        out.append(Article(text=text, url=f"https://example.test/{i}", published=date(2024, 3, 4) + timedelta(i)))
    return out


def stored(db: Path) -> tuple[set[str], int]:
    with open_store(db, read_only=True) as store:
        return {a.id for a in store.articles()}, len(list(store.events()))


def test_workers_store_what_one_process_stores(tmp_path: Path) -> None:
    items = articles(40)
    one = api.ingest((), db=tmp_path / "one.duckdb", articles=items, workers=1, incidents=False, provenance=False)
    two = api.ingest((), db=tmp_path / "two.duckdb", articles=items, workers=2, incidents=False, provenance=False)
    assert one.articles_new == two.articles_new == 40
    assert one.events == two.events > 0
    assert stored(tmp_path / "one.duckdb") == stored(tmp_path / "two.duckdb")
    assert 1 <= two.workers <= 2
    assert 0 < two.worker_peak_rss_mb <= 1024  # each worker under a gigabyte
    assert one.worker_peak_rss_mb == 0  # one process: no workers started


def test_results_come_back_in_input_order_with_failures_recorded() -> None:
    items = articles(24)
    failures: list[Failure] = []
    stats = WorkerStats()
    specs = [StageSpec.of("code.spacy.v1", geocode=False, max_chars=5_000)]
    too_long = Article(text="word " * 1_200, url="https://example.test/long")  # over the size limit
    out = list(code_in_workers([*items[:12], too_long, *items[12:]], specs, workers=2, chunk=4,
                               on_error=failures.append, stats=stats))
    assert [c.article.id for c in out] == [a.id for a in items]
    assert [(f.item_id, f.error) for f in failures] == [(too_long.id, "too-long")]
    assert stats.chunks == 7 and 1 <= len(stats.peak_rss_mb) <= 2  # a worker slow to start may get none


def test_an_unknown_stage_in_a_worker_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="no stage named 'code.nothing.v1'|worker process died"):
        list(code_in_workers(articles(8), [StageSpec.of("code.nothing.v1")], workers=2, chunk=2,
                             on_error=lambda f: None))


def test_worker_died_says_how_to_go_on() -> None:
    assert "run the same command again" in str(WorkerDied("killed"))


SCRIPT = """
from sitreps import api
from sitreps.model import Article

def main():
    texts = ["Police arrested %d protesters in Marrowick on Sunday." % i for i in range(40)]
    report = api.ingest((), db={db!r}, articles=[Article(text=t, url="https://example.test/%d" % i)
                                               for i, t in enumerate(texts)],
                        workers=2, incidents=False, provenance=False)
    print("stored", report.articles_new)

{call}
"""


@pytest.mark.parametrize("guarded", [False, True])
def test_a_script_without_a_main_guard_is_told_what_to_change(tmp_path: Path, guarded: bool) -> None:
    """A worker process imports the script again (the spawn start method): unguarded, its call would open the
    store a second time. It is refused with the fix, and the parent says so too; guarded, the script runs."""
    import subprocess
    import sys

    script = tmp_path / "job.py"  # 40 articles: more than two chunks, so the workers start
    call = 'if __name__ == "__main__":\n    main()' if guarded else "main()"
    script.write_text(SCRIPT.format(db=str(tmp_path / "job.duckdb"), call=call), encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], check=False, capture_output=True, text=True, timeout=300,
                          cwd=tmp_path)
    if guarded:
        assert done.returncode == 0, done.stderr[-2000:]
        assert "stored 40" in done.stdout
    else:
        assert done.returncode != 0
        assert "UnguardedScript" in done.stderr and 'if __name__ == "__main__":' in done.stderr
        assert "WorkerDied" in done.stderr
