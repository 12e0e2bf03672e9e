"""Service settings: every option is an environment variable with the prefix `MT_` and a default.

`api/SETTINGS.md` is this module's table rendered by `settings_table()`; a test keeps them equal.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from limits import parse_many
from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from translator.facade import pick_device
from translator.precision import Precision, PrecisionError, resolve_precision
from translator.segment import DEFAULT_MAX_SENTENCE_SUBWORDS

ENV_PREFIX = "MT_"


class Settings(BaseSettings):
    """Read from `MT_*` environment variables; keyword arguments (the command line) take precedence."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid")

    host: str = Field("127.0.0.1", description="Address `python -m api` listens on.")
    port: int = Field(8000, ge=0, le=65535, description="Port `python -m api` listens on.")
    models_dir: Path = Field(
        Path("models"),
        description="Folder of model directories (one per language pair, each holding `model.pt`).",
    )
    device: str = Field(
        "auto",
        pattern=r"^(auto|cpu|cuda(:\d+)?)$",
        description="`cpu`, `cuda` (or `cuda:N`), or `auto` (cuda when present).",
    )
    precision: Precision = Field(
        "auto",
        description="Inference number format: `fp32`, `fp16` or `bf16` (half precision, for GPUs), "
        "`int8` (dynamic quantisation, CPU only), or `auto` (fp16 on CUDA, fp32 on the CPU).",
    )
    compile: bool = Field(
        True,
        description="Fuse the attention and the decoder's gates with torch.compile at startup, on the "
        "inference thread (seconds; cached on disk): faster decoding. Falls back to plain PyTorch, "
        "with a warning, where compilation fails.",
    )
    memory: bool = Field(
        True,
        description="Consult each model's translation memory (`memory.npz` beside `model.pt`, "
        "translator/memory.py) at every decoding step, where the model has one; false decodes with "
        "the model alone.",
    )
    threads: int = Field(
        0,
        ge=0,
        description="Torch intra-op CPU threads of the inference worker, set once at startup; "
        "0 keeps torch's default (one per core). `python -m api` lets idle OpenMP threads sleep "
        "(`OMP_WAIT_POLICY=PASSIVE` unless the environment sets it), so a busy neighbour on the "
        "host slows the team down instead of stalling it.",
    )
    max_batch_tokens: int = Field(
        2048,
        ge=1,
        description="Budget of one inference batch: sentences x beam size (1 for greedy) x longest "
        "source, in subwords. Bounds a batch's decoding time, which a request arriving during it waits.",
    )
    max_sentence_subwords: int = Field(
        DEFAULT_MAX_SENTENCE_SUBWORDS,
        ge=8,
        description="Source subwords of one sentence sent to the model: a longer sentence is cut after "
        "a comma, semicolon or colon, else between words, else inside a word, and the pieces' "
        "translations are joined. Bounds the time of one sentence (it grows with the square of the "
        "length).",
    )
    max_output_subwords: int = Field(
        256,
        ge=1,
        description="Subwords of one translated sentence or piece at most, whatever its source's "
        "length (the model's own limit is 1.5 x source + 10).",
    )
    max_wait_ms: float = Field(
        0.0,
        ge=0,
        description="How long the first sentence of a batch waits for others to join it. With 0, "
        "sentences that arrive while the model is busy still share its next call.",
    )
    max_queue: int = Field(
        1024, ge=1, description="Sentences waiting for the model before new requests get 503."
    )
    request_timeout_s: float = Field(
        30.0,
        ge=0,
        description="Seconds a request may wait for its translations (queue and model) before it gets "
        "503; 0 for no limit.",
    )
    max_text_chars: int = Field(5000, ge=1, description="Characters allowed in one text.")
    max_texts: int = Field(64, ge=1, description="Texts allowed in one request.")
    max_body_bytes: int = Field(1_048_576, ge=1, description="Largest request body accepted, in bytes.")
    api_keys: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated keys; when set, translate and detect need one "
        "(`X-API-Key` header or LibreTranslate `api_key` field).",
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated origins allowed by CORS (`*` for any); none when empty.",
    )
    rate_limit: str = Field(
        "",
        description="Requests allowed per API key (per client address without keys) to translate and "
        "detect, e.g. `60/minute` or `10/second;500/hour`; no limit when empty.",
    )
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Comma-separated addresses of the proxies whose `X-Forwarded-For` and "
        "`X-Forwarded-Proto` headers `python -m api` believes (`*` for any); none when empty, so "
        "no client can choose the address that rate limits count against.",
    )
    admin_key: str = Field(
        "",
        description="Key for `POST /admin/reload` (`X-Admin-Key` header); the admin endpoint does not "
        "exist when empty.",
    )
    shutdown_timeout_s: float = Field(
        30.0,
        gt=0,
        description="On SIGTERM, seconds `python -m api` lets requests in flight finish before "
        "cancelling them.",
    )

    @field_validator("api_keys", "cors_origins", "forwarded_allow_ips", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _precision_fits_device(self) -> Settings:
        # Checked here so that int8 on a GPU (or fp16 on a CPU) stops the server at startup.
        try:
            resolve_precision(self.precision, pick_device(self.device))
        except PrecisionError as exc:
            raise ValueError(f"MT_PRECISION={self.precision} with MT_DEVICE={self.device}: {exc}") from None
        return self

    @field_validator("rate_limit")
    @classmethod
    def _valid_rate_limit(cls, value: str) -> str:
        # Parsed here so a typo stops the server at startup instead of at the first request.
        if value.strip():
            parse_many(value)  # ValueError names the string
        return value.strip()


def settings_table() -> str:
    """The Markdown table of settings (environment variable, default, meaning): api/SETTINGS.md."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for name, field in Settings.model_fields.items():
        default = field.get_default(call_default_factory=True)
        text = ",".join(default) if isinstance(default, list) else str(default)
        shown = f"`{text}`" if text else "(empty)"
        rows.append(f"| `{ENV_PREFIX}{name.upper()}` | {shown} | {field.description} |")
    return "\n".join(rows) + "\n"
