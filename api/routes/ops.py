"""Operations: liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from api.errors import ApiError
from api.schemas.common import error_responses
from api.schemas.ops import ReadyResponse
from api.services import Services, services

router = APIRouter(tags=["operations"])


@router.get("/health", responses={200: {"content": {"application/json": {"example": {"status": "ok"}}}}})
def health() -> dict[str, str]:
    """The process is up and answering."""
    return {"status": "ok"}


@router.get(
    "/ready",
    response_model=ReadyResponse,
    response_model_exclude_none=True,
    responses=error_responses(503),
)
def ready(svc: Annotated[Services, Depends(services)]) -> ReadyResponse:
    """The service can translate at full speed: models are loaded and the inference worker has
    warmed them up (compiled their code: seconds, more with a cold cache). 503 until then, and while
    there is no model. `failed` lists the model directories skipped at startup (corrupt or
    truncated model.pt): the others still serve."""
    failed = sorted(svc.registry.failures) or None
    if not len(svc.registry):
        skipped = f"; failed: {', '.join(failed)}" if failed else ""
        raise ApiError(503, f"no models loaded from {svc.settings.models_dir.name}/ (MT_MODELS_DIR){skipped}")
    if not svc.worker.warm.is_set():
        raise ApiError(503, "warming up: the inference worker is compiling the models (MT_COMPILE)")
    return ReadyResponse(status="ready", models=len(svc.registry), failed=failed)


@router.get(
    "/metrics",
    response_class=Response,
    responses={200: {"content": {CONTENT_TYPE_LATEST: {"example": "mt_queue_sentences 0.0\n"}}}},
)
def metrics(svc: Annotated[Services, Depends(services)]) -> Response:
    """Prometheus text format: requests, latency, batch sizes, inference time, queue depth."""
    return Response(generate_latest(svc.metrics.registry), media_type=CONTENT_TYPE_LATEST)
