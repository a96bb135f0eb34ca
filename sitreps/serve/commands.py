"""``sitreps serve``: a thin command over ``create_app`` and uvicorn."""

from __future__ import annotations

import click

from ..store.options import store_option
from ..store.target import describe, exists


@click.command("serve")
@store_option("Database to serve (read-only)")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
def serve(db: str, host: str, port: int) -> None:
    """Serve the store over HTTP: /events, /incidents, /claims, /articles, /actors, /places, /outlets, /stats,
    with the API's docs at /docs."""
    import uvicorn

    from .app import create_app

    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")
    click.echo(f"serving {describe(db)} on http://{host}:{port} (docs at /docs); Ctrl-C to stop", err=True)
    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
