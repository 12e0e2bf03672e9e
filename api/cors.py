"""CORS (MT_CORS_ORIGINS) with Starlette's middleware, whose refused preflight answers JSON like
every other error of the service instead of its plain-text "Disallowed CORS origin"."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response

from api.errors import error_response

_REFUSED_PREFIX = "Disallowed CORS "


class JsonCORSMiddleware(CORSMiddleware):
    def preflight_response(self, request_headers: Headers) -> Response:
        response = super().preflight_response(request_headers)
        if response.status_code == 200:
            return response
        refused = bytes(response.body).decode().removeprefix(_REFUSED_PREFIX)
        # Keep the CORS headers (allowed methods and headers, Vary); the body's own headers are new.
        headers = {k: v for k, v in response.headers.items() if k not in ("content-length", "content-type")}
        return error_response(
            response.status_code,
            f"CORS preflight refused, not allowed: {refused} (origins: MT_CORS_ORIGINS; methods: "
            f"{', '.join(sorted(self.allow_methods))}; headers: {', '.join(sorted(self.allow_headers))})",
            headers=headers,
        )
