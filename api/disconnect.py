"""Stop working for a client that has gone away.

An ASGI server does not cancel a request's handler when its client closes the connection; it only
sends `http.disconnect` to the app's `receive`. `unless_disconnected` listens for it while the
translation is awaited and cancels the translation when it comes, so the batching worker drops the
request's sentences (`api.batching`) instead of translating them for nobody.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

from starlette.exceptions import HTTPException
from starlette.requests import Request

T = TypeVar("T")

# nginx's status for a request whose client closed the connection; the client never sees it, the
# access log and the metrics do.
CLIENT_CLOSED = 499


async def _disconnected(request: Request) -> None:
    """Returns once the client has closed the connection. Call only after the body has been read:
    from then on `receive` has nothing else to deliver."""
    while (await request.receive())["type"] != "http.disconnect":
        pass


async def unless_disconnected(request: Request, work: Awaitable[T]) -> T:
    """`await work`, cancelled when the client disconnects first (then HTTPException 499)."""
    task = asyncio.ensure_future(work)
    watcher = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        watcher.cancel()
        if not task.done():  # the client went away, or this request was cancelled (shutdown)
            task.cancel()
    if not task.done() or task.cancelled():
        await asyncio.wait({task})  # its cancellation has run: the worker has let go of the sentences
        raise HTTPException(CLIENT_CLOSED, "client closed the request")
    return task.result()
