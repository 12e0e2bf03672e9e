"""Request bodies parsed as strict JSON: Unicode text only, bounded nesting.

Python's `json` module accepts a lone surrogate escape ("\\ud800"), which no UTF-8 text can hold
(the sentence splitter, the tokenizer and the JSON response then fail on it), and recurses once per
nesting level, so a body of 5,000 nested lists ends in a RecursionError. pydantic's JSON parser
(jiter) refuses both: a lone surrogate is an error, and so is nesting deeper than its limit (a few
hundred levels; no request body here nests more than two). Routes of `StrictJsonRoute` get
requests whose `json()` uses it: FastAPI's own body parsing, and the LibreTranslate routes that
read the body themselves. A refusal is a `json.JSONDecodeError`, which FastAPI and the routes turn
into a 400 "malformed JSON body" that quotes the parser.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute
from pydantic_core import from_json

# What jiter's terse messages mean, for the client: (a word of the message, the explanation).
_HINTS = (
    ("surrogate", "a \\u escape in D800-DFFF must be one half of a surrogate pair"),
    ("hex escape", "a \\u escape in D800-DFFF must be one half of a surrogate pair"),
    ("recursion limit", "arrays and objects nested too deeply"),
)


def parse_json(body: bytes) -> Any:
    """The JSON value in `body`, or json.JSONDecodeError saying what is wrong and where."""
    try:
        return from_json(body, allow_inf_nan=False)
    except ValueError as exc:
        reason = str(exc)
        hint = next((hint for word, hint in _HINTS if word in reason), None)
        if hint:
            reason = f"{reason} ({hint})"
        # jiter puts the line and column in the message; the position stands for the whole body.
        raise json.JSONDecodeError(reason, "", 0) from None


class StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    """An APIRoute whose request bodies are parsed by `parse_json`."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(StrictJsonRequest(request.scope, request.receive))

        return strict_handler
