"""``sitreps serve``: a thin command over ``create_app`` and uvicorn."""

from __future__ import annotations

import click

from ..store.options import store_option
from ..store.target import describe, exists


@click.command("serve")
@store_option("Database to serve (read-only)")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--token-file", type=click.Path(dir_okay=False), default=None,
              help="A file whose first line is the token that corrections must carry (Authorization: Bearer). "
                   "Without it the server is read-only.")
def serve(db: str, host: str, port: int, token_file: str | None) -> None:
    """Serve the store over HTTP: /events, /incidents, /claims, /articles, /actors, /places, /outlets, /stats,
    /corrections, with the API's docs at /docs and the map at /."""
    import uvicorn

    from ..errors import SitrepsError
    from .app import create_app
    from .review import read_token

    if not exists(db):
        raise click.ClickException(f"no database at {db}: run `sitreps ingest PATH --db {db}` first")
    try:
        token = read_token(token_file) if token_file else None
        app = create_app(db, token=token)
    except SitrepsError as error:
        raise click.ClickException(str(error)) from error
    mode = "taking corrections with the token" if token else "read-only"
    click.echo(f"serving {describe(db)} on http://{host}:{port}, {mode} (docs at /docs); Ctrl-C to stop", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
