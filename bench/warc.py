"""The WARC reader at Common Crawl news size: builds a WARC.gz of made-up pages (or takes one), reads it
with ``sitreps.read.read_paths`` and prints records, pages, MB/s, pages/s and peak memory.

    python bench/warc.py [--records N] [--page-kb K] [--keep PATH] [WARC ...]

With no WARC given it writes one to a temporary folder: N response records (default 20,000; a Common
Crawl news file holds some 30,000-40,000), three in four HTML pages of about K KB (default 40) of
made-up paragraphs in UTF-8 or Windows-1252, the rest images, JSON and redirects, each response after its
request, as a crawler writes them. Peak memory is the process's (ru_maxrss); it stays flat with the file's
size because records are streamed one at a time.
"""

from __future__ import annotations

import argparse
import io
import random
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WORDS = ("the council said on monday that police had arrested several protesters near the port after a "
         "march over wages and that talks with the union would resume later in the week while farmers "
         "blocked roads outside the capital demanding lower fuel prices").split()


def _paragraph(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(25, 45))]
    return " ".join(words).capitalize() + "."


def _page(rng: random.Random, kb: int, n: int) -> str:
    paragraphs = []
    while sum(map(len, paragraphs)) < kb * 1000:
        paragraphs.append(f"<p>{_paragraph(rng)}</p>")
    nav = "".join(f"<li><a href='/s/{k}'>Section {k}</a></li>" for k in range(20))
    return (f"<!DOCTYPE html><html><head><title>Report {n}</title></head><body><nav><ul>{nav}</ul></nav>"
            f"<article><h1>Report {n}</h1>{''.join(paragraphs)}</article><footer>Site</footer></body></html>")


def build(path: Path, records: int, kb: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(records):
            url = f"https://news.example/{n}"
            request = f"GET /{n} HTTP/1.1\r\nHost: news.example\r\n\r\n".encode()
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(request),
                                                          length=len(request)))
            roll = rng.random()
            if roll < 0.75:
                charset = "utf-8" if roll < 0.6 else "windows-1252"
                body = _page(rng, kb, n).encode(charset)
                kind, status = f"text/html; charset={charset}", "200 OK"
            elif roll < 0.85:
                body, kind, status = bytes(rng.getrandbits(8) for _ in range(2000)), "image/jpeg", "200 OK"
            elif roll < 0.95:
                body, kind, status = b'{"items": []}', "application/json", "200 OK"
            else:
                body, kind, status = b"", "text/html", "301 Moved Permanently"
            headers = StatusAndHeaders(status, [("Content-Type", kind)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          length=len(body), http_headers=headers))


def measure(paths: list[Path]) -> dict[str, float]:
    from sitreps.model import Article
    from sitreps.read import read_paths

    size = sum(p.stat().st_size for p in paths)
    kinds: Counter[str] = Counter()
    started = time.perf_counter()
    for item in read_paths(paths):
        kinds["article" if isinstance(item, Article) else item.error] += 1
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "mb": size / 1e6, "mb_per_s": size / 1e6 / seconds,
            "pages_per_s": kinds["article"] / seconds, "articles": kinds.pop("article", 0),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, **kinds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("warcs", nargs="*", type=Path)
    parser.add_argument("--records", type=int, default=20_000)
    parser.add_argument("--page-kb", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="write the built WARC here instead of a temporary folder")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        paths = args.warcs
        if not paths:
            path = args.keep or Path(tmp) / "news.warc.gz"
            started = time.perf_counter()
            build(path, args.records, args.page_kb)
            print(f"built {path} ({path.stat().st_size / 1e6:.1f} MB, {args.records:,} responses) in "
                  f"{time.perf_counter() - started:.1f}s", file=sys.stderr)
            paths = [path]
        result = measure(paths)
    print("  ".join(f"{k} {v:,.1f}" if isinstance(v, float) else f"{k} {v:,}" for k, v in result.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
