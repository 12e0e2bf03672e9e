"""LibreTranslate-compatible endpoints under /libre/, so LibreTranslate clients work unchanged.

LibreTranslate accepts JSON and form-encoded bodies alike, so these routes read the body
themselves and validate it with the same models; the API key is checked before the fields.
"""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from api.disconnect import unless_disconnected
from api.errors import ApiError
from api.json_body import StrictJsonRoute
from api.languages import Detection
from api.limits import check_texts
from api.registry import UnknownPair
from api.schemas.common import error_responses
from api.schemas.libre import (
    DETECT_BODY_EXAMPLE,
    TRANSLATE_BODY_EXAMPLE,
    DetectedLanguage,
    DetectRequest,
    LibreLanguage,
    LibreTranslateRequest,
    LibreTranslateResponse,
    openapi_body,
)
from api.security import API_KEY_HEADER, admit
from api.services import Services, services
from translator.decoding import DecodeOptions
from translator.languages import language_name
from translator.markup import html_text

router = APIRouter(prefix="/libre", tags=["LibreTranslate"], route_class=StrictJsonRoute)


async def _read_fields(request: Request) -> dict[str, Any]:
    """The body's fields, from JSON or from a form; a repeated form field becomes a list."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            data = await request.json()
        except json.JSONDecodeError as exc:
            raise ApiError(400, f"malformed JSON body: {exc.msg}") from None
        if not isinstance(data, dict):
            raise ApiError(422, f"the JSON body must be an object, got {type(data).__name__}")
        return data
    form = await request.form()
    return {key: values if len(values := form.getlist(key)) > 1 else values[0] for key in form}


def _admit(svc: Services, request: Request, fields: dict[str, Any]) -> None:
    supplied = fields.get("api_key") or request.headers.get(API_KEY_HEADER)
    admit(svc, request, None if supplied is None else str(supplied))


def _detect_source(svc: Services, text: str, target: str) -> Detection:
    """The most likely language of `text` among every served language, as LibreTranslate detects:
    a text already in `target` is then passed through, one in a language without a model into
    `target` gets 400."""
    ranked = svc.detector.detect(text)
    if ranked:
        return ranked[0]
    # py3langid knows none of the served languages: take the first one with a model into `target`.
    candidates = svc.registry.sources_for(target)
    if not candidates:
        raise UnknownPair("auto", target, svc.registry.pairs())
    return Detection(candidates[0], 0.0)


def _options(svc: Services, source: str, target: str, n_best: int) -> DecodeOptions:
    """LibreTranslate asks for alternatives, not for a search: the model's settings, with a beam that
    holds the n_best hypotheses asked for."""
    if n_best == 1:
        return DecodeOptions()
    beam_size = svc.registry.get(source, target).config.decoding.beam_size
    return DecodeOptions(decode="beam", beam_size=max(beam_size, n_best), n_best=n_best)


async def _translate_by_language(
    svc: Services, texts: list[str], sources: list[Detection], target: str, n_best: int, text_format: str
) -> list[tuple[str, list[str]]]:
    """Each text's translation and n_best - 1 alternatives. Texts in different source languages go to
    different models, one call per language; a text in `target` itself comes back unchanged, with no
    alternatives (LibreTranslate's identity translation), when `target` is a served language."""
    by_language: dict[str, list[int]] = {}
    for i, source in enumerate(sources):
        by_language.setdefault(source.language, []).append(i)
    results: dict[int, tuple[str, list[str]]] = {}
    if target in by_language and target in svc.registry.languages():
        results.update((i, (texts[i], [])) for i in by_language.pop(target))
    options = {language: _options(svc, language, target, n_best) for language in by_language}
    outcomes = await asyncio.gather(
        *(
            svc.translation.translate_as(
                language, target, [texts[i] for i in indices], options[language], text_format
            )
            for language, indices in by_language.items()
        )
    )
    for indices, translated in zip(by_language.values(), outcomes, strict=True):
        for i, result in zip(indices, translated, strict=True):
            results[i] = (result.translation, [a.text for a in result.alternatives[1:]])
    return [results[i] for i in range(len(texts))]


@router.post(
    "/translate",
    response_model=LibreTranslateResponse,
    response_model_exclude_none=True,
    openapi_extra=openapi_body(LibreTranslateRequest, TRANSLATE_BODY_EXAMPLE),
    responses=error_responses(400, 401, 403, 413, 422, 429, 503),
)
async def translate(request: Request, svc: Annotated[Services, Depends(services)]) -> LibreTranslateResponse:
    """LibreTranslate's /translate: `q` a text or a list, `source` a code or `auto`, `alternatives`
    the number of extra translations wanted. Lists in, lists out."""
    fields = await _read_fields(request)
    _admit(svc, request, fields)
    body = LibreTranslateRequest.model_validate(fields)
    texts = body.texts
    check_texts(texts, svc.settings, "q")
    n_best = 1 + body.alternatives

    if body.source == "auto":  # HTML is told by its text, not its tags
        readable = [html_text(text) for text in texts] if body.format == "html" else texts
        detected = [_detect_source(svc, text, body.target) for text in readable]
    else:
        detected = [Detection(body.source, 100.0)] * len(texts)
    # A client that goes away cancels its sentences, queued or being decoded (api.disconnect).
    results = await unless_disconnected(
        request, _translate_by_language(svc, texts, detected, body.target, n_best, body.format)
    )
    translated_texts = [translation for translation, _ in results]
    alternatives = [alternatives for _, alternatives in results]
    languages = [DetectedLanguage(confidence=d.confidence, language=d.language) for d in detected]
    auto = body.source == "auto"
    if isinstance(body.q, str):
        return LibreTranslateResponse(
            translatedText=translated_texts[0],
            alternatives=alternatives[0],
            detectedLanguage=languages[0] if auto else None,
        )
    return LibreTranslateResponse(
        translatedText=translated_texts,
        alternatives=alternatives,
        detectedLanguage=languages if auto else None,
    )


@router.get("/languages", response_model=list[LibreLanguage])
def languages(svc: Annotated[Services, Depends(services)]) -> list[LibreLanguage]:
    """Every language of a served model, with the languages it translates into."""
    return [
        LibreLanguage(code=code, name=language_name(code), targets=svc.registry.targets_for(code))
        for code in svc.registry.languages()
    ]


@router.post(
    "/detect",
    response_model=list[DetectedLanguage],
    openapi_extra=openapi_body(DetectRequest, DETECT_BODY_EXAMPLE),
    responses={
        200: {"content": {"application/json": {"example": [{"confidence": 99.8, "language": "es"}]}}},
        **error_responses(400, 401, 403, 413, 422, 429),
    },
)
async def detect(request: Request, svc: Annotated[Services, Depends(services)]) -> list[DetectedLanguage]:
    """The languages of the served models ranked by how likely `q` is written in each."""
    fields = await _read_fields(request)
    _admit(svc, request, fields)
    body = DetectRequest.model_validate(fields)
    check_texts([body.q], svc.settings, "q")
    return [
        DetectedLanguage(confidence=d.confidence, language=d.language) for d in svc.detector.detect(body.q)
    ]
