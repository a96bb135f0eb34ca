"""The HTTP API over a store: FastAPI routes, thin over ``sitreps.query`` (and ``sitreps.review`` for the
analysts' corrections, in serve/review.py).

One read-only DuckDB connection is opened with the app; each request reads through a cursor of its own (DuckDB
runs them in parallel). Errors are JSON with a reason (``ErrorOut``), never a stack trace.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from .. import __version__
from ..errors import StoreBusy, StoreError
from ..query import Filters, Page, QueryError, article, count, facet, features, page, stats, stream
from ..query.lists import LISTS, MAX_PAGE
from ..store import exists, is_postgres
from ..store.dialect import dialect_of
from ..store.postgres import PgPool
from . import formats
from .models import ArticleOut, ErrorOut, PageOut, StatsOut
from .review import add_review_routes

logger = logging.getLogger(__name__)

MAX_QUERY = 4096  # bytes of query string
MAX_STREAM = 1_000_000  # records in one streamed response
TOTAL_CAP = 10_000  # a JSON page counts its matches up to this many ("total_exact": false past it; docs/api.md)
CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'"
Format = Literal["json", "geojson", "csv", "jsonl"]
ERRORS: dict[int | str, dict[str, Any]] = {400: {"model": ErrorOut}, 404: {"model": ErrorOut}}


def _filters(
        type: Annotated[str | None, Query(description="PLOVER event type(s), comma-separated: ASSAULT,COERCE.")] = None,
        mode: Annotated[str | None, Query(description="PLOVER mode, e.g. arrest, air, firearms.")] = None,
        actor: Annotated[str | None, Query(description="Source or target: code, name, alias or part of a name.")] = None,
        country: Annotated[str | None, Query(description="Country of the place: ISO3, ISO2 or a name; comma-separated.")] = None,
        admin1: Annotated[str | None, Query(description="First-level region of the place.")] = None,
        bbox: Annotated[str | None, Query(description="west,south,east,north in degrees.")] = None,
        since: Annotated[str | None, Query(description="On or after: a year (2020), month (2020-03) or day.")] = None,
        until: Annotated[str | None, Query(description="On or before: a year, month or day (to its end).")] = None,
        claimant: Annotated[str | None, Query(description="Who says so: code, name, alias or part of a name.")] = None,
        stance: Annotated[str | None, Query(description="asserted, reported, claimed or denied.")] = None,
        modality: Annotated[str | None, Query(description="asserted, negated, planned, threatened, hypothetical.")] = None,
        disputed: Annotated[bool | None, Query(description="Incidents whose figures are disputed (or not).")] = None,
        min_confidence: Annotated[float | None, Query(ge=0, le=1, description="Least confidence, 0..1.")] = None,
        outlet: Annotated[str | None, Query(description="The outlet that published the article.")] = None,
        article: Annotated[str | None, Query(description="An article id.")] = None,
        q: Annotated[str | None, Query(description="Words in the evidence (articles: title or text).")] = None,
        stitched: Annotated[bool | None, Query(description="From pages stitched from several stories (or not).")] = None,
        spun: Annotated[bool | None, Query(description="From pages with spun names (or not).")] = None,
        duplicates: Annotated[bool | None, Query(description="From near-copies or copied originals (or not).")] = None,
        view: Annotated[str | None, Query(description="corrected (the default: the analysts' corrections "
                                                      "applied) or machine (the coder's output).")] = None,
) -> Filters:
    return Filters.parse(type=type, mode=mode, actor=actor, country=country, admin1=admin1, bbox=bbox, since=since,
                         until=until, claimant=claimant, stance=stance, modality=modality, disputed=disputed,
                         min_confidence=min_confidence, outlet=outlet, article=article, q=q, stitched=stitched,
                         spun=spun, duplicates=duplicates, view=view)


class Pool:
    """The app's one read-only connection, handing out cursors (each a connection of its own that reads in
    parallel with the others); DuckDB refuses to make two at once, so they are made one at a time."""

    def __init__(self, path: str, *, read_only: bool = True) -> None:
        self._conn = duckdb.connect(path, read_only=read_only)
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        with self._lock:
            return self._conn.cursor()

    def close(self) -> None:
        self._conn.close()


def _cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor of the app's read-only connection for one request."""
    cur = request.app.state.pool.cursor()
    try:
        yield cur
    finally:
        cur.close()


FiltersDep = Annotated[Filters, Depends(_filters)]
Conn = Annotated[duckdb.DuckDBPyConnection, Depends(_cursor)]
Limit = Annotated[int | None, Query(ge=1, le=MAX_STREAM,
                                    description=f"Records per page (JSON: 1..{MAX_PAGE}, default 100); "
                                                "streamed formats: at most this many (default all).")]
Cursor = Annotated[str | None, Query(max_length=512, description="The `next` of the previous page.")]
FormatQ = Annotated[Format, Query(description="json (paged), geojson, csv or jsonl (streamed, every match).")]
Sort = Annotated[str | None, Query(max_length=40, description="Sort key; '-' before it for descending.")]


def create_app(db: str | Path, *, token: str | None = None) -> FastAPI:
    """The API over the store at ``db``: read-only, or taking corrections from whoever holds ``token``
    (``sitreps.serve.review``; the store is then opened for writing)."""
    path = str(db)
    if not exists(path):
        raise StoreError(path, "no such store")
    if token is not None:
        from ..review.records import refresh_if_stale
        from ..store import open_store

        with open_store(path) as store:  # migrated to the schema the corrections need
            refresh_if_stale(store._conn)
    # a postgresql:// URL: PostgreSQL (its pool's sessions write only where a token allows corrections)
    read_only = token is None
    pool: Pool | PgPool = PgPool(path, read_only=read_only) if is_postgres(path) else Pool(path, read_only=read_only)
    app = FastAPI(title="sitreps", version=__version__, docs_url=None, redoc_url=None,
                  description="Events, incidents and claims coded from news, and analysts' corrections. "
                              "See docs/api.md.")
    app.state.pool = pool

    _handlers(app)
    add_review_routes(app, token)

    def listing(name: str) -> Callable[..., Any]:
        def endpoint(request: Request, filters: FiltersDep, cur: Conn, format: FormatQ = "json", sort: Sort = None,
                     limit: Limit = None, cursor: Cursor = None) -> Any:
            if format == "json":
                found = page(cur, name, filters, sort=sort, limit=limit or 100, cursor=cursor, raw=True,
                             total_cap=TOTAL_CAP)
                return _page_response(found)
            total = count(cur, name, filters)
            # GeoJSON written by DuckDB (PostgreSQL's JSON text is spaced otherwise: it keeps the Python path)
            if format == "geojson" and LISTS[name].flat and dialect_of(cur) == "duckdb":
                texts = features(cur, name, filters, sort=sort, limit=limit, open_cursor=pool.cursor)
                return StreamingResponse(formats.feature_collection(texts), media_type=formats.MEDIA[format],
                                         headers={"X-Total-Count": str(total)})
            records = stream(cur, name, filters, sort=sort, limit=limit, flat=format != "jsonl",
                             open_cursor=pool.cursor)
            kind = "flat" if LISTS[name].flat else name
            body = {"jsonl": formats.jsonl, "csv": lambda r: formats.csv_rows(kind, r),
                    "geojson": lambda r: formats.geojson(kind, r)}[format](records)
            return StreamingResponse(body, media_type=formats.MEDIA[format],
                                     headers={"X-Total-Count": str(total)})
        endpoint.__name__ = f"list_{name}"
        endpoint.__doc__ = f"The {name} that match, a page at a time (JSON) or streamed (GeoJSON, CSV, JSON Lines)."
        return endpoint

    for name in ("events", "incidents", "claims", "articles"):
        app.get(f"/{name}", response_model=PageOut, responses=ERRORS, tags=["lists"])(listing(name))

    def counted(name: str) -> Callable[..., Any]:
        def endpoint(filters: FiltersDep, cur: Conn, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
                     cursor: Cursor = None) -> PageOut:
            found = facet(cur, name, filters, limit=limit, cursor=cursor)
            return PageOut(total=found.total, count=len(found.items), next=found.next, items=list(found.items))
        endpoint.__name__ = f"list_{name}"
        endpoint.__doc__ = f"The {name} of the matching events, most events first, with their counts."
        return endpoint

    for name in ("actors", "claimants", "places", "outlets"):
        app.get(f"/{name}", response_model=PageOut, responses=ERRORS, tags=["counts"])(counted(name))

    @app.get("/articles/{article_id}", response_model=ArticleOut, responses=ERRORS, tags=["lists"])
    def get_article(article_id: Annotated[str, PathParam(max_length=200)], cur: Conn,
                    view: Annotated[Literal["corrected", "machine"], Query()] = "corrected") -> Any:
        """One article: its text, and every event's evidence as character offsets into it."""
        found = article(cur, article_id, view=view)
        if found is None:
            return _error(404, f"no article {article_id!r}", "article_id")
        return found

    @app.get("/stats", response_model=StatsOut, response_model_exclude_none=True, responses=ERRORS, tags=["counts"])
    def get_stats(filters: FiltersDep, cur: Conn,
                  by: Annotated[str, Query(description="Comma-separated: type, country, day, month, year, "
                                                       "stance, modality.")] = "type,country,day") -> Any:
        """Counts of the matching events by type, country and day (or as ``by`` asks), and their incidents."""
        return stats(cur, filters, tuple(part.strip() for part in by.split(",") if part.strip()))

    _docs(app)
    _ui(app)
    return app


def _page_response(found: Page) -> Response:
    """A page as JSON; stored records (JSON text) go in as they are, without parsing and encoding them again.
    Its shape is ``PageOut``."""
    items = ",".join(item if isinstance(item, str) else formats.encode(item) for item in found.items)
    head = formats.encode({"total": found.total, "total_exact": found.total_exact, "count": len(found.items),
                           "next": found.next})
    return Response(f'{head[:-1]},"items":[{items}]}}', media_type="application/json")


def _error(status: int, reason: str, field: str | None = None, valid: tuple[str, ...] = ()) -> JSONResponse:
    body = ErrorOut(error=reason, field=field, valid=list(valid)).model_dump()
    return JSONResponse(body, status_code=status)


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(request: Request, error: QueryError) -> JSONResponse:
        return _error(400, error.reason, error.field, error.valid)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ())[1:]) or None
        return _error(400, str(first.get("msg", "invalid request")), where)

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, error: StoreBusy) -> JSONResponse:
        response = _error(503, error.message)
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail))

    @app.exception_handler(Exception)
    async def crash(request: Request, error: Exception) -> JSONResponse:
        logger.exception("error serving %s", request.url.path)
        return _error(500, f"internal error ({type(error).__name__}); see the server log")

    @app.middleware("http")
    async def limits(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if len(request.url.query.encode()) > MAX_QUERY:
            return _error(414, f"query string longer than {MAX_QUERY} bytes")
        if request.method not in ("GET", "HEAD") and (request.method, request.url.path) != ("POST", "/corrections"):
            return _error(405, "GET only, and POST /corrections (see /review)")
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response


def _docs(app: FastAPI) -> None:
    """The interactive docs page, from files in this package: it reads /openapi.json and builds a form per
    endpoint. No CDN, no inline script."""
    static = resources.files("sitreps.serve") / "static"

    @app.get("/docs", include_in_schema=False)
    def docs_page() -> Response:
        return Response((static / "docs.html").read_text(encoding="utf-8"), media_type="text/html; charset=utf-8")

    @app.get("/docs/docs.js", include_in_schema=False)
    def docs_script() -> Response:
        return Response((static / "docs.js").read_text(encoding="utf-8"), media_type="text/javascript")

    @app.get("/docs/docs.css", include_in_schema=False)
    def docs_style() -> Response:
        return Response((static / "docs.css").read_text(encoding="utf-8"), media_type="text/css")


def _ui(app: FastAPI) -> None:
    """The web UI (``sitreps/web/static``, docs/ui.md): the page at ``/``, its scripts, styles and the vendored
    map library and outlines under ``/ui/``. Every script is a file; the CSP allows nothing inline."""
    static = resources.files("sitreps.web") / "static"

    @app.get("/", include_in_schema=False)
    def ui_page() -> Response:
        return Response((static / "index.html").read_text(encoding="utf-8"), media_type="text/html; charset=utf-8")

    app.mount("/ui", StaticFiles(directory=str(static)), name="ui")
