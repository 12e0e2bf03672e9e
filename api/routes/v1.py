"""The native API: POST /v1/translate and GET /v1/models."""

from __future__ import annotations

import dataclasses
import math
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request

from api.disconnect import unless_disconnected
from api.json_body import StrictJsonRoute
from api.limits import check_texts
from api.registry import LoadedModel
from api.schemas.common import error_responses
from api.schemas.v1 import (
    TRANSLATE_EXAMPLES,
    ModelOut,
    ModelsResponse,
    TextOut,
    TranslateRequest,
    TranslateResponse,
)
from api.security import require_api_key
from api.services import Services, services

router = APIRouter(prefix="/v1", tags=["translation"], route_class=StrictJsonRoute)


@router.post(
    "/translate",
    response_model=TranslateResponse,
    dependencies=[Depends(require_api_key)],
    responses=error_responses(400, 401, 403, 413, 422, 429, 503),
)
async def translate(
    body: Annotated[TranslateRequest, Body(openapi_examples=TRANSLATE_EXAMPLES)],
    svc: Annotated[Services, Depends(services)],
    request: Request,
) -> TranslateResponse:
    """Translate one text or a list of texts. Each text is split into sentences, which are
    translated in one batch (together with other requests' sentences) and joined back keeping
    line breaks. Send the key in the `X-API-Key` header when the server has API keys."""
    texts = body.texts
    check_texts(texts, svc.settings, "text")
    results = await unless_disconnected(
        request, svc.translation.translate_as(body.source, body.target, texts, body.options, body.format)
    )
    return TranslateResponse(
        source=body.source,
        target=body.target,
        results=[TextOut.model_validate(result, from_attributes=True) for result in results],
    )


def _finite(metrics: dict[str, Any]) -> dict[str, Any]:
    """JSON has no NaN or infinity (a diverged dev loss): report those as null."""
    return {k: None if isinstance(v, float) and not math.isfinite(v) else v for k, v in metrics.items()}


def _describe(model: LoadedModel) -> ModelOut:
    translator = model.translator
    config = translator.config
    metrics = _finite(translator.metadata["metrics"])
    return ModelOut(
        source=translator.src_lang,
        target=translator.tgt_lang,
        name=model.name,
        architecture=dataclasses.asdict(config.model),
        data=dataclasses.asdict(config.data),
        decoding=dataclasses.asdict(config.decoding),
        step=translator.metadata["step"],
        device=str(translator.device),
        precision=translator.precision,
        metrics=metrics,
        test_bleu=metrics.get("test_bleu"),
        lexicon_entries=len(translator.lexicon) if translator.lexicon is not None else 0,
        known_words=len(translator.lexicon.known) if translator.lexicon is not None else 0,
        associated_pairs=(
            translator.lexicon.associations.info.get("pairs", 0)
            if translator.lexicon is not None and translator.lexicon.associations is not None
            else 0
        ),
        spellings=len(translator.spellings) if translator.spellings is not None else 0,
        domains=sorted(translator.domains),
    )


@router.get("/models", response_model=ModelsResponse)
def list_models(svc: Annotated[Services, Depends(services)]) -> ModelsResponse:
    """The language pairs served, each with its model's architecture, data, step and metrics."""
    return ModelsResponse(models=[_describe(model) for model in svc.registry.models()])
