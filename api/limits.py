"""Input limits: request body size (a middleware) and texts per request / characters per text."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import ApiError, error_response
from api.settings import Settings


class BodySizeLimit:
    """413 for a body over `max_bytes`: at once when Content-Length says so, else while it is read.

    A chunked body has no length up front; the counting receive raises an HTTPException, which
    FastAPI passes on to the error handlers like any other.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.message = f"request body too large: at most {max_bytes} bytes are allowed (MT_MAX_BODY_BYTES)"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await error_response(413, self.message)(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self.message)
            return message

        await self.app(scope, counting_receive, send)


def check_texts(texts: list[str], settings: Settings, field: str) -> None:
    """422 when a request has too many texts or a text has too many characters."""
    if len(texts) > settings.max_texts:
        raise ApiError(
            422, f"{field}: {len(texts)} texts; at most {settings.max_texts} are allowed (MT_MAX_TEXTS)"
        )
    for i, text in enumerate(texts):
        if len(text) > settings.max_text_chars:
            where = field if len(texts) == 1 else f"{field}[{i}]"
            raise ApiError(
                422,
                f"{where}: {len(text)} characters; at most {settings.max_text_chars} are allowed "
                "(MT_MAX_TEXT_CHARS)",
            )
