"""The HTTP API under concurrent clients: bench/load.py runs `sitreps serve` in one process and 8 clients in
another, on loopback, for a bounded time; every answer must be a 200 with JSON, and the p95 is reported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "load.py"


def test_the_api_under_eight_clients_gives_no_errors() -> None:
    done = subprocess.run([sys.executable, str(BENCH), "--events", "3000", "--clients", "8", "--seconds", "3",
                           "--json"], capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["errors"] == 0 and result["error_kinds"] == {}
    assert result["requests"] >= 8 and result["clients"] == 8
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["p99_ms"]
