"""The screenshots in docs/ui/: the page over a store (the demo's by default) in Debian's chromium.

    python web/screenshots.py [--db sitreps-demo.duckdb] [--out docs/ui]

Writes map.png (the whole map) and incident.png (the incident told by the most sources, opened by its address,
/#incident=ID). Needs the playwright package and /usr/bin/chromium (as tests/test_webui.py does).
"""

from __future__ import annotations

import argparse
import socket
import threading
import time
from pathlib import Path

import duckdb
import uvicorn
from playwright.sync_api import sync_playwright

from sitreps.serve import create_app

FLAGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sitreps-demo.duckdb")
    parser.add_argument("--out", default="docs/ui")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    conn = duckdb.connect(args.db, read_only=True)
    row = conn.execute("SELECT id FROM incidents WHERE record.location IS NOT NULL"
                       " ORDER BY json_array_length(record->'$.claims') DESC, id LIMIT 1").fetchone()
    conn.close()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(args.db), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 760})
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#map[data-shown]", state="attached")
            page.wait_for_selector("path.country", state="attached")
            page.screenshot(path=str(out / "map.png"))
            if row:
                page.goto(f"http://127.0.0.1:{port}/#incident={row[0]}")
                page.reload()
                page.wait_for_selector(f'#panel[data-incident="{row[0]}"] mark')
                page.screenshot(path=str(out / "incident.png"))
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    print("wrote", ", ".join(str(p) for p in sorted(out.glob("*.png"))))


if __name__ == "__main__":
    main()
