"""API keys: optional; when configured, translate and detect need one of them."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Header

from api.errors import ApiError
from api.services import Services, services
from api.settings import Settings

API_KEY_HEADER = "X-API-Key"


def check_api_key(settings: Settings, supplied: str | None) -> None:
    """Nothing when keys are off or `supplied` is one of them; 401 when missing, 403 when wrong."""
    if not settings.api_keys:
        return
    if not supplied:
        raise ApiError(401, f"an API key is required: send it in the {API_KEY_HEADER} header")
    # Compare with every key (no early exit) in constant time so timing does not reveal a prefix.
    matches = [hmac.compare_digest(supplied.encode(), key.encode()) for key in settings.api_keys]
    if not any(matches):
        raise ApiError(403, "invalid API key")


def require_api_key(
    svc: Annotated[Services, Depends(services)],
    key: Annotated[str | None, Header(alias=API_KEY_HEADER, include_in_schema=False)] = None,
) -> None:
    """FastAPI dependency for the native endpoints: the key comes in the X-API-Key header."""
    check_api_key(svc.settings, key)
