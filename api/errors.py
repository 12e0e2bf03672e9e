"""Every error leaves as JSON `{"error": "...", "details": [...]}` with a 4xx or 5xx status.

Expected failures (bad input, unknown pair, wrong key, rate limit, full queue, timeout, failed
reload) map to their status in one table, REFUSALS; anything else reaches the catch-all, which logs
the traceback and answers 500 without internals.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

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
from translator.decoding import DecodingError
from translator.errors import TranslatorError
from translator.markup import MarkupError

log = logging.getLogger(__name__)

# Seconds a client is asked to wait when the queue is full or it timed out: a few batches' worth of work.
RETRY_AFTER_S = 1


class ApiError(TranslatorError):
    """A request the service understood but refuses; `message` is shown to the client."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def error_response(
    status: int, message: str, details: list[dict] | None = None, headers: Mapping[str, str] | None = None
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


def validation_response(errors: Sequence[Mapping[str, Any]]) -> JSONResponse:
    """422 for invalid fields; 400 when the body is not JSON at all."""
    invalid_json = next((e for e in errors if e["type"] == "json_invalid"), None)
    if invalid_json is not None:
        reason = invalid_json.get("ctx", {}).get("error")
        return error_response(400, f"malformed JSON body: {reason}" if reason else "malformed JSON body")
    details = [{"field": _field(tuple(e["loc"])), "message": e["msg"]} for e in errors]
    message = "; ".join(f"{d['field']}: {d['message']}" if d["field"] else d["message"] for d in details)
    return error_response(422, message, details if len(details) > 1 else None)


@dataclass(frozen=True)
class Refusal:
    """How the service answers one of its own errors. status None: the exception's own (ApiError).
    message: the body's text, `{exc}` standing for the exception's. retry: tell the client when to come
    back (Retry-After: the exception's `retry_after`, else RETRY_AFTER_S). rejected: the reason
    mt_rejected_total counts it under."""

    status: int | None
    message: str = "{exc}"
    retry: bool = False
    rejected: str | None = None


REFUSALS: dict[type[TranslatorError], Refusal] = {
    ApiError: Refusal(None),
    UnknownPair: Refusal(400),
    DecodingError: Refusal(422),
    MarkupError: Refusal(422),
    TooManySentences: Refusal(413),
    QueueFull: Refusal(
        503, "server busy: {exc}; retry in {retry_after} s", retry=True, rejected="queue_full"
    ),
    RequestTimeout: Refusal(503, "{exc}; retry in {retry_after} s", retry=True, rejected="timeout"),
    WorkerStopped: Refusal(503, retry=True),
    RateLimited: Refusal(429, retry=True, rejected="rate_limited"),
    # Not the catch-all: the message is for the operator who holds the admin key, and names the file.
    ReloadFailed: Refusal(500),
}


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

    async def refused(request: Request, exc: Exception) -> JSONResponse:
        # Starlette picks the handler of the nearest class in the exception's MRO: so does this.
        refusal = next(REFUSALS[kind] for kind in type(exc).__mro__ if kind in REFUSALS)
        if refusal.rejected is not None:
            metrics.rejected.labels(refusal.rejected).inc()
        status = refusal.status if refusal.status is not None else cast(ApiError, exc).status
        retry_after = getattr(exc, "retry_after", RETRY_AFTER_S)
        return error_response(
            status,
            refusal.message.format(exc=exc, retry_after=retry_after),
            headers={"Retry-After": str(retry_after)} if refusal.retry else None,
        )

    for kind in REFUSALS:
        app.add_exception_handler(kind, refused)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        metrics.internal_errors.inc()
        log.error("unhandled error in %s %s", request.method, request.url.path, exc_info=exc)
        return error_response(500, "internal server error")
