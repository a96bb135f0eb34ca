"""The review routes: what the server accepts (``GET /review``), the corrections stored (``GET /corrections``)
and a new one (``POST /corrections``, with the token). Thin over ``sitreps.review``; see docs/api.md.

A server started without a token is read-only: ``POST`` answers 403. With one, the request must carry it as
``Authorization: Bearer TOKEN`` (compared in constant time): none is 401, a wrong one 403. A body is JSON of at
most ``MAX_BODY`` bytes.
"""

from __future__ import annotations

import hmac
import json
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import StoreError
from ..query.lists import MAX_PAGE
from ..review import ACTIONS, FIELDS, VIEWS, NotFound, ReviewError, parse_correction
from ..review.overlay import stale
from ..review.records import MAX_LIST, add, corrections
from .models import ErrorOut

MAX_BODY = 64 * 1024  # bytes of a request body
MAX_TOKEN = 4096


class CorrectionIn(BaseModel):
    """A correction as a client sends it (docs/api.md has each field's values)."""

    model_config = ConfigDict(extra="forbid")

    target: str = Field(description="event, incident or correction.")
    id: str = Field(max_length=200, description="The event's, incident's or correction's id.")
    action: str = Field(description="event: confirm, reject, correct; incident: merge, split; correction: retract.")
    who: str = Field(max_length=500, description="The analyst's name.")
    why: str | None = Field(None, max_length=500, description="The reason, in a sentence.")
    field: str | None = Field(None, description="For correct: type, actor, place, date or figure.")
    value: Any = Field(None, description="The corrected value; for merge the incident merged in, for split the "
                                         "event split out.")


class ReviewOut(BaseModel):
    """What the server accepts: whether it takes corrections, and the limits of a request."""

    writes: bool
    stale: bool = Field(description="The machine's tables changed since the corrected view was built: "
                                    "`sitreps review refresh` (a server with a token does it as it starts).")
    actions: dict[str, list[str]]
    fields: list[str]
    views: list[str]
    limits: dict[str, int]


def read_token(path: str | Path) -> str:
    """The token in the file at ``path`` (its first line); ``StoreError`` for a missing or empty file."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise StoreError(str(path), f"cannot read the token file ({error.strerror})") from error
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(token) < 16:
        raise StoreError(str(path), "the token file holds no token of 16 characters or more")
    if len(token) > MAX_TOKEN:
        raise StoreError(str(path), f"the token is longer than {MAX_TOKEN} characters")
    return token


def _error(status: int, reason: str, field: str | None = None, valid: tuple[str, ...] = ()) -> JSONResponse:
    return JSONResponse(ErrorOut(error=reason, field=field, valid=list(valid)).model_dump(), status_code=status)


def refused(request: Request, token: str | None) -> JSONResponse | None:
    """The answer to a write that may not go on (no token set, none given, a wrong one), or None."""
    if token is None:
        return _error(403, "this server is read-only: start it with --token-file to accept corrections")
    given = request.headers.get("authorization", "")
    scheme, _, value = given.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return JSONResponse(ErrorOut(error="a correction needs the token: Authorization: Bearer TOKEN",
                                     field="authorization").model_dump(), status_code=401,
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(value.strip().encode("utf-8", "replace"), token.encode()):
        return _error(403, "wrong token", "authorization")
    return None


async def _body(request: Request) -> dict[str, Any] | JSONResponse:
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY):
        return _error(413, f"body larger than {MAX_BODY} bytes")
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            return _error(413, f"body larger than {MAX_BODY} bytes")
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        return _error(400, f"the body is not JSON ({error})")
    if not isinstance(data, dict):
        return _error(400, "the body is a JSON object: target, id, action, who, why, field, value")
    return data


def add_review_routes(app: FastAPI, token: str | None) -> None:
    """``GET /review``, ``GET /corrections`` and ``POST /corrections`` on ``app`` (its ``state.pool`` is the
    store; writable when ``token`` is set)."""
    lock = threading.Lock()  # one writer at a time
    errors: dict[int | str, dict[str, Any]] = {code: {"model": ErrorOut} for code in (400, 401, 403, 404, 413)}

    @app.get("/review", response_model=ReviewOut, tags=["review"])
    def review_status(request: Request) -> ReviewOut:
        """Whether this server takes corrections (it was started with a token), what they may say, and the
        limits of a request."""
        cur = request.app.state.pool.cursor()
        try:
            old = stale(cur)
        finally:
            cur.close()
        return ReviewOut(writes=token is not None, stale=old, actions={k: list(v) for k, v in ACTIONS.items()},
                         fields=list(FIELDS), views=list(VIEWS),
                         limits={"body_bytes": MAX_BODY, "query_bytes": 4096, "page": MAX_PAGE,
                                 "corrections_page": MAX_LIST})

    @app.get("/corrections", responses=errors, tags=["review"])
    def list_corrections(request: Request,
                         target_id: Annotated[str | None, Query(max_length=200, description="An event, incident or "
                                                                "correction id.")] = None,
                         incident: Annotated[str | None, Query(max_length=200, description="An incident: its "
                                                               "corrections and its events'.")] = None,
                         limit: Annotated[int, Query(ge=1, le=MAX_LIST)] = 100) -> Any:
        """The stored corrections, newest first, each with ``retracted`` (the retracting correction's id)."""
        cur = request.app.state.pool.cursor()
        try:
            found = corrections(cur, target_id=target_id, incident=incident, limit=limit)
        finally:
            cur.close()
        return {"count": len(found), "items": found}

    @app.post("/corrections", status_code=201, responses=errors, tags=["review"],
              openapi_extra={"requestBody": {"required": True, "content": {"application/json": {
                  "schema": CorrectionIn.model_json_schema()}}}})
    async def post_correction(request: Request) -> Any:
        """Store a correction (the token required) and rebuild the corrected view: the stored correction, and
        what the rebuild did."""
        if (no := refused(request, token)) is not None:
            return no
        data = await _body(request)
        if isinstance(data, JSONResponse):
            return data
        try:
            sent = CorrectionIn.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            return _error(400, str(first.get("msg")), ".".join(str(p) for p in first.get("loc", ())) or None)
        try:
            correction = parse_correction(sent.target, sent.id, sent.action, who=sent.who, why=sent.why,
                                          field=sent.field, value=sent.value)
        except ReviewError as error:
            return _error(400, error.reason, error.field, error.valid)

        def write() -> Any:
            with lock:
                cur = request.app.state.pool.cursor()
                try:
                    return add(cur, correction)
                finally:
                    cur.close()

        try:
            done = await run_in_threadpool(write)
        except NotFound as error:
            return _error(404, error.reason, error.field)
        except ReviewError as error:
            return _error(400, error.reason, error.field, error.valid)
        return JSONResponse({"correction": correction.to_dict(),
                             "refreshed": {"events": done.events, "rejected": done.rejected,
                                           "incidents": done.incidents, "stale": list(done.stale)}},
                            status_code=201)
