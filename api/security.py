"""Access rules: optional API keys and rate limits for translate and detect, an admin key for reloads.

Keys are compared in constant time. Health, readiness, metrics, models, languages and the web page
stay open.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header, Request

from api.errors import ApiError
from api.ratelimit import client_identity
from api.services import Services, services
from api.settings import Settings

API_KEY_HEADER = "X-API-Key"
ADMIN_KEY_HEADER = "X-Admin-Key"


def _matches_any(supplied: str, keys: list[str]) -> bool:
    # Compare with every key (no early exit) in constant time so timing does not reveal a prefix.
    matches = [hmac.compare_digest(supplied.encode(), key.encode()) for key in keys]
    return any(matches)


def check_api_key(settings: Settings, supplied: str | None) -> None:
    """Nothing when keys are off or `supplied` is one of them; 401 when missing, 403 when wrong."""
    if not settings.api_keys:
        return
    if not supplied:
        raise ApiError(401, f"an API key is required: send it in the {API_KEY_HEADER} header")
    if not _matches_any(supplied, settings.api_keys):
        raise ApiError(403, "invalid API key")


def admit(svc: Services, request: Request, supplied: str | None) -> None:
    """The key check, then the rate limit of that key (of the client's address without keys).

    A failed key check counts against the client's address: past MT_RATE_LIMIT, guessing keys gets
    429 instead of 401/403. A valid key is still counted on its own, so a guesser cannot lock out
    the key holders behind the same address.
    """
    host = request.client.host if request.client else None
    try:
        check_api_key(svc.settings, supplied)
    except ApiError:
        svc.rate_limiter.check(client_identity(None, host))
        raise
    key = supplied if svc.settings.api_keys else None
    svc.rate_limiter.check(client_identity(key, host))


async def require_api_key(
    request: Request,
    svc: Annotated[Services, Depends(services)],
    key: Annotated[str | None, Header(alias=API_KEY_HEADER, include_in_schema=False)] = None,
) -> None:
    """FastAPI dependency for the native endpoints: the key comes in the X-API-Key header."""
    admit(svc, request, key)


async def require_admin_key(
    svc: Annotated[Services, Depends(services)],
    key: Annotated[
        str | None, Header(alias=ADMIN_KEY_HEADER, description="The server's MT_ADMIN_KEY.")
    ] = None,
) -> None:
    """FastAPI dependency for /admin/: 401 without the admin key, 403 with a wrong one."""
    if not key:
        raise ApiError(401, f"the admin key is required: send it in the {ADMIN_KEY_HEADER} header")
    if not _matches_any(key, [svc.settings.admin_key]):
        raise ApiError(403, "invalid admin key")
