"""Bodies of the operations endpoints: GET /ready and POST /admin/reload."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class ReadyResponse(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"status": "ready", "models": 2}]})

    status: str = Field(description="`ready`.")
    models: int = Field(description="Models serving.")
    failed: list[str] | None = Field(
        None, description="Model directories that did not load at startup (the log says why)."
    )


class ReloadResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"status": "reloaded", "models": ["en-es", "es-en"]}]}
    )

    status: str = Field(description="`reloaded`.")
    models: list[str] = Field(description="The model directories now serving.")
