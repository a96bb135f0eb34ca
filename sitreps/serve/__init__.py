"""``sitreps serve``: the HTTP API (FastAPI on uvicorn) over a store, read-only. See docs/api.md."""

from __future__ import annotations

from .app import create_app

__all__ = ["create_app"]
