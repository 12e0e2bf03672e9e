"""Every error leaves as JSON `{"error": "...", "details": [...]}` with a 4xx or 5xx status.

Expected failures (bad input, unknown pair, wrong key, rate limit, full queue, timeout, failed
reload) map to their status here; anything else reaches the catch-all, which logs the traceback
and answers 500 without internals.
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.exceptions import HTTPException

from api.batching import QueueFull, RequestTimeout, TooManySentences, WorkerStopped
from api.metrics import Metrics
from api.ratelimit import RateLimited
from api.registry import UnknownPair
from api.reload import ReloadFailed

log = logging.getLogger(__name__)

# Seconds a client is asked to wait when the queue is full or it timed out: a few batches' worth of work.
RETRY_AFTER_S = 1
BUSY = {"Retry-After": str(RETRY_AFTER_S)}


class ApiError(Exception):
    """A request the service understood but refuses; `message` is shown to the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(
    status: int, message: str, details: list[dict] | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    body: dict = {"error": message}
    if details:
        body["details"] = details
    return JSONResponse(body, status_code=status, headers=headers)


def _field(loc: tuple) -> str:
    """("body", "beam_size") -> "beam_size"; list indices become [i]."""
    parts = [p for p in loc if p != "body"]
    name = ""
    for part in parts:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def validation_response(errors: list[dict]) -> JSONResponse:
    """422 for invalid fields; 400 when the body is not JSON at all."""
    invalid_json = next((e for e in errors if e["type"] == "json_invalid"), None)
    if invalid_json is not None:
        reason = invalid_json.get("ctx", {}).get("error")
        return error_response(400, f"malformed JSON body: {reason}" if reason else "malformed JSON body")
    details = [{"field": _field(tuple(e["loc"])), "message": e["msg"]} for e in errors]
    message = "; ".join(f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in details)
    return error_response(422, message, details if len(details) > 1 else None)


def install_error_handlers(app: FastAPI, metrics: Metrics) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        return validation_response(list(exc.errors()))

    @app.exception_handler(ValidationError)
    async def invalid_body(request: Request, exc: ValidationError) -> JSONResponse:
        # Raised where a route validates a body it parsed itself (the LibreTranslate form bodies).
        return validation_response(exc.errors())

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        return error_response(exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.message)

    @app.exception_handler(UnknownPair)
    async def unknown_pair(request: Request, exc: UnknownPair) -> JSONResponse:
        return error_response(400, str(exc))

    @app.exception_handler(TooManySentences)
    async def too_many_sentences(request: Request, exc: TooManySentences) -> JSONResponse:
        return error_response(413, str(exc))

    @app.exception_handler(QueueFull)
    async def queue_full(request: Request, exc: QueueFull) -> JSONResponse:
        metrics.rejected.labels("queue_full").inc()
        return error_response(503, f"server busy: {exc}; retry in {RETRY_AFTER_S} s", headers=BUSY)

    @app.exception_handler(RequestTimeout)
    async def timed_out(request: Request, exc: RequestTimeout) -> JSONResponse:
        metrics.rejected.labels("timeout").inc()
        return error_response(503, f"{exc}; retry in {RETRY_AFTER_S} s", headers=BUSY)

    @app.exception_handler(WorkerStopped)
    async def stopped(request: Request, exc: WorkerStopped) -> JSONResponse:
        return error_response(503, str(exc), headers=BUSY)

    @app.exception_handler(RateLimited)
    async def rate_limited(request: Request, exc: RateLimited) -> JSONResponse:
        metrics.rejected.labels("rate_limited").inc()
        return error_response(429, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(ReloadFailed)
    async def reload_failed(request: Request, exc: ReloadFailed) -> JSONResponse:
        # Not the catch-all: the message is for the operator who holds the admin key, and names the file.
        return error_response(500, str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        metrics.internal_errors.inc()
        log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal server error")
