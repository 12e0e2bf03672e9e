"""Operator actions behind MT_ADMIN_KEY: POST /admin/reload. Mounted only when the key is set."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.reload import reload_models
from api.schemas.common import error_responses
from api.schemas.ops import ReloadResponse
from api.security import require_admin_key
from api.services import Services, services

router = APIRouter(prefix="/admin", tags=["operations"], dependencies=[Depends(require_admin_key)])


@router.post("/reload", response_model=ReloadResponse, responses=error_responses(401, 403, 500))
async def reload(svc: Annotated[Services, Depends(services)]) -> ReloadResponse:
    """Load every model under MT_MODELS_DIR again and serve them, without a restart (SIGHUP does the
    same). All or nothing: when a model fails to load, the previous models keep serving and the
    answer is 500 naming the file. Requests in flight finish with the model they started with."""
    registry = await reload_models(svc)
    return ReloadResponse(status="reloaded", models=[model.name for model in registry.models()])
