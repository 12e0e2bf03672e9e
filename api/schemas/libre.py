"""Bodies of the LibreTranslate-compatible endpoints, field names as LibreTranslate spells them."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from api.schemas.common import MAX_BEAM, NonBlankText, TextFormat, Texts, as_list, ranged

# LibreTranslate asks for the number of alternatives besides the best translation.
Alternatives = Annotated[
    int, *ranged(0, MAX_BEAM - 1, "Alternative translations to return besides the best one.")
]


class LibreTranslateRequest(BaseModel):
    # LibreTranslate ignores fields it does not know; so do we, for its clients' sake.
    model_config = ConfigDict(extra="ignore")

    q: Texts = Field(description="A text or a list of texts.")
    source: str = Field("auto", min_length=1, max_length=32, description="Source language code or `auto`.")
    target: str = Field(min_length=1, max_length=32, description="Target language code.")
    format: TextFormat = Field(
        "text",
        description="`text`, or `html`: the text of HTML is translated and its markup kept.",
    )
    alternatives: Alternatives = 0
    api_key: str | None = Field(None, description="Needed when the server has API keys.")

    @property
    def texts(self) -> list[str]:
        return as_list(self.q)


class DetectRequest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    q: NonBlankText = Field(description="Text whose language to identify.")
    api_key: str | None = None


class DetectedLanguage(BaseModel):
    confidence: float = Field(description="Percent, 0 to 100.")
    language: str


class LibreTranslateResponse(BaseModel):
    """Lists when `q` was a list, one entry per text."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "translatedText": "Y dijo Dios: Sea la luz.",
                    "alternatives": ["Y Dios dijo: Sea la luz."],
                    "detectedLanguage": {"confidence": 99.8, "language": "en"},
                }
            ]
        }
    )

    translatedText: str | list[str]  # camelCase: LibreTranslate's names
    alternatives: list[str] | list[list[str]]
    detectedLanguage: DetectedLanguage | list[DetectedLanguage] | None = Field(
        None, description="Only with `source: auto`."
    )


class LibreLanguage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"code": "en", "name": "English", "targets": ["es"]}]}
    )

    code: str
    name: str
    targets: list[str]


TRANSLATE_BODY_EXAMPLE = {
    "q": "And God said, Let there be light.",
    "source": "en",
    "target": "es",
    "alternatives": 2,
}
DETECT_BODY_EXAMPLE = {"q": "En el principio creó Dios los cielos y la tierra."}


def openapi_body(model: type[BaseModel], example: dict) -> dict:
    """`openapi_extra` for a route that reads its body itself: JSON or form-encoded, as LibreTranslate."""
    schema = model.model_json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": schema, "example": example},
                "application/x-www-form-urlencoded": {"schema": schema, "example": example},
            },
        }
    }
