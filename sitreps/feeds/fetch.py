"""One conditional HTTP GET of a feed: ETag and Last-Modified sent back, 304 understood, size capped."""

from __future__ import annotations

import logging
import urllib.error
import urllib.request
from dataclasses import dataclass

from .. import __version__

logger = logging.getLogger(__name__)

USER_AGENT = f"sitreps/{__version__} (feed watcher)"
MAX_FEED_BYTES = 20_000_000


@dataclass(frozen=True)
class Fetched:
    """A feed's answer: ``status`` 200 with ``body``, 304 (not modified), or ``error`` (status 0 when no
    HTTP answer came)."""

    url: str
    status: int
    body: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def fetch(url: str, *, etag: str | None = None, last_modified: str | None = None, timeout: float = 30.0,
          max_bytes: int = MAX_FEED_BYTES) -> Fetched:
    """GET the feed, asking for it only if it changed since ``etag``/``last_modified``; never raises."""
    if not url.lower().startswith(("http://", "https://")):
        return Fetched(url, 0, error="not an http(s) URL")
    headers = {"User-Agent": USER_AGENT, "Accept": "application/rss+xml, application/atom+xml, "
                                                  "application/xml;q=0.9, */*;q=0.8"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # http(s) only, checked above
            body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                return Fetched(url, response.status, error=f"the feed is over {max_bytes:,} bytes")
            return Fetched(url, response.status, body, response.headers.get("ETag") or etag,
                           response.headers.get("Last-Modified") or last_modified)
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(url, 304, etag=error.headers.get("ETag") or etag,
                           last_modified=error.headers.get("Last-Modified") or last_modified)
        return Fetched(url, error.code, error=f"HTTP {error.code} {error.reason}")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        return Fetched(url, 0, error=f"no answer: {reason}")
