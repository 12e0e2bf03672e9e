"""Field types shared by the native and LibreTranslate bodies, with error messages that name the limit."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

# Beam search keeps beam_size hypotheses per sentence; past 16 it is slow and no better.
MAX_BEAM = 16


def _texts_shape(value: object) -> object:
    # Checked before the union so a wrong type gets one message instead of one per union member.
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        return value
    raise PydanticCustomError("texts_type", "must be a string or a list of strings")


def _not_blank(value: str | list[str]) -> str | list[str]:
    if isinstance(value, str):
        if not value.strip():
            raise PydanticCustomError("blank_text", "must not be empty or whitespace-only")
        return value
    if not value:
        raise PydanticCustomError("no_text", "the list must hold at least one text")
    for i, text in enumerate(value):
        if not text.strip():
            raise PydanticCustomError("blank_text", "item {i} must not be empty or whitespace-only", {"i": i})
    return value


NonBlankText = Annotated[str, AfterValidator(_not_blank)]
Texts = Annotated[str | list[str], BeforeValidator(_texts_shape), AfterValidator(_not_blank)]
# What a text is: plain text, or HTML whose text is translated and whose markup is kept (translator.markup).
TextFormat = Literal["text", "html"]


def as_list(texts: str | list[str]) -> list[str]:
    return [texts] if isinstance(texts, str) else texts


def ranged(low: float, high: float, description: str | None = None) -> tuple[object, ...]:
    """The metadata of an int or float type limited to [low, high] whose error says the allowed range:
    `Annotated[int, *ranged(1, 16)]` (a type checker sees the int). A field that may also be null
    describes itself instead (the description would go to the number's branch only)."""

    def check(value):
        if not low <= value <= high:
            raise PydanticCustomError(
                "out_of_range",
                "must be between {low} and {high}, got {value}",
                {"low": low, "high": high, "value": value},
            )
        return value

    return AfterValidator(check), Field(
        description=description, json_schema_extra={"minimum": low, "maximum": high}
    )


class ErrorResponse(BaseModel):
    """Every 4xx and 5xx answer of this service."""

    # additionalProperties: false, so a spec check also catches an error body of another shape.
    model_config = ConfigDict(extra="forbid")

    error: str = Field(description="What was wrong and, for a limit, the allowed range.")
    details: list[dict] | None = Field(
        None, description="One entry per invalid field, when there are several."
    )


_ERROR_MEANINGS = {
    400: "Malformed JSON (not JSON, a lone surrogate escape, nested too deeply), or no model for the "
    "language pair.",
    401: "A key is required.",
    403: "The key is not valid.",
    413: "The request body is larger than MT_MAX_BODY_BYTES, or holds more sentences than MT_MAX_QUEUE.",
    422: "A field is missing, has the wrong type or is out of range; the message says which.",
    429: "The key (or address; failed key checks count per address) used up MT_RATE_LIMIT; retry after "
    "Retry-After seconds.",
    500: "The models on disk could not be loaded; the previous models still serve.",
    503: "The queue is full or the request outlasted MT_REQUEST_TIMEOUT_S (see Retry-After), "
    "or no model is loaded.",
}

# Statuses that tell the client when to try again.
_RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


def error_responses(*codes: int) -> dict[int | str, dict]:
    """OpenAPI `responses` documenting the error statuses a route can answer with."""
    responses: dict[int | str, dict] = {}
    for code in codes:
        responses[code] = {
            "model": ErrorResponse,
            "description": _ERROR_MEANINGS[code],
            "content": {"application/json": {"example": {"error": _ERROR_MEANINGS[code]}}},
        }
        if code in (429, 503):
            responses[code]["headers"] = _RETRY_AFTER
    return responses
