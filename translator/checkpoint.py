"""Self-describing checkpoints, written atomically and read without unpickling code.

A checkpoint holds the weights, the full config, both sentencepiece models, the training step
and metrics, and a format version; a training checkpoint adds the optimiser, scheduler, RNG and
data position under "training". `torch.load(..., weights_only=True)` refuses anything but
tensors and plain containers, so a crafted file cannot run code.
"""

from __future__ import annotations

import glob
import os
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import torch

from translator.config import Config, ConfigError, apply_overrides, config_from_dict
from translator.errors import TranslatorError
from translator.model import EncoderDecoder
from translator.tokenizer import Tokenizer, TokenizerError

FORMAT_VERSION = 1
_REQUIRED = ("format_version", "model", "config", "tokenizer", "step", "metrics")


class CheckpointError(TranslatorError, ValueError):
    """A checkpoint is missing, corrupt or does not match its config; the message names the file."""


def atomic_save(obj: Any, path: str | Path) -> None:
    """torch.save to a temporary file in the same directory, fsync, then rename over `path`.

    A crash at any point leaves either the old file or the new one, never a torn one. The temporary
    file is named `.NAME.PID.XXXXXXXX.tmp`; one left by a writer that has died is removed here.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_dead_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file 0600; other users (e.g. a service's account) must be able to read it.
        os.chmod(tmp, 0o644)
        with os.fdopen(fd, "wb") as f:
            torch.save(obj, f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def _remove_dead_temporaries(path: Path) -> None:
    """Unlink the temporary files of `path` whose writing process no longer exists (killed mid-write)."""
    prefix = f".{path.name}."
    for tmp in glob.glob(glob.escape(str(path.parent / prefix)) + "*.tmp"):
        pid = Path(tmp).name[len(prefix) :].split(".", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            Path(tmp).unlink(missing_ok=True)
        except OSError:
            pass  # alive, another user's


def _check_crcs(path: Path) -> None:
    """CheckpointError if a member of the checkpoint's zip archive fails its CRC-32: torch.load does
    not check them, so a flipped bit in the weights would load silently."""
    try:
        with zipfile.ZipFile(path) as archive:
            bad = archive.testzip()
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise CheckpointError(f"{path}: not a readable checkpoint (truncated or corrupt?): {exc}") from None
    if bad is not None:
        raise CheckpointError(f"{path}: corrupt checkpoint: {bad} fails its CRC check")


def save_checkpoint(
    path: str | Path,
    *,
    model_state: dict[str, torch.Tensor],
    config: Config,
    tokenizer: Tokenizer,
    step: int,
    metrics: dict[str, Any],
    training: dict[str, Any] | None = None,
) -> None:
    payload = {
        "format_version": FORMAT_VERSION,
        "model": model_state,
        "config": config.to_dict(),
        # A joint tokenizer is stored once: pickle writes a repeated object as a reference.
        "tokenizer": {
            "src": tokenizer.src_proto,
            "tgt": tokenizer.src_proto if tokenizer.joint else tokenizer.tgt_proto,
        },
        "step": step,
        "metrics": metrics,
    }
    if training is not None:
        payload["training"] = training
    atomic_save(payload, path)


class Checkpoint:
    """A loaded and validated checkpoint."""

    def __init__(self, path: Path, payload: dict[str, Any], config: Config, tokenizer: Tokenizer) -> None:
        self.path = path
        self.payload = payload
        self.config = config
        self.tokenizer = tokenizer

    @property
    def model_state(self) -> dict[str, torch.Tensor]:
        return self.payload["model"]

    @property
    def step(self) -> int:
        return self.payload["step"]

    @property
    def metrics(self) -> dict[str, Any]:
        return self.payload["metrics"]

    @property
    def training(self) -> dict[str, Any] | None:
        return self.payload.get("training")


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> Checkpoint:
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"{path}: no such checkpoint file")
    _check_crcs(path)
    try:
        payload = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as exc:  # torch raises several types for truncated or foreign files
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise CheckpointError(
            f"{path}: not a readable checkpoint (truncated or corrupt?): {reason}"
        ) from None
    if not isinstance(payload, dict) or any(key not in payload for key in _REQUIRED):
        raise CheckpointError(f"{path}: not a translator checkpoint (expected keys {list(_REQUIRED)})")
    if payload["format_version"] != FORMAT_VERSION:
        raise CheckpointError(
            f"{path}: checkpoint format version {payload['format_version']!r}, "
            f"this program reads version {FORMAT_VERSION}"
        )
    _reject_unnamed_output_layer(path, payload["config"])
    try:
        config = config_from_dict(payload["config"])
        tokenizer = Tokenizer(payload["tokenizer"]["src"], payload["tokenizer"]["tgt"], name=str(path))
    except (ConfigError, TokenizerError, TypeError, KeyError) as exc:
        raise CheckpointError(f"{path}: {exc}") from None
    sizes = (tokenizer.src_vocab_size, tokenizer.tgt_vocab_size)
    expected = (config.model.src_vocab_size, config.model.tgt_vocab_size)
    if sizes != expected:
        raise CheckpointError(
            f"{path}: tokenizer vocabulary sizes {sizes} do not match the model's {expected}"
        )
    return Checkpoint(path, payload, config, tokenizer)


def _reject_unnamed_output_layer(path: Path, raw: Any) -> None:
    """Checkpoints saved before `model.output_layer` existed all hold the deep output layer, which is
    not the default: read with the default, their weights would not fit, so say why instead."""
    model = raw.get("model") if isinstance(raw, dict) else None
    if isinstance(model, dict) and "output_layer" not in model:
        raise CheckpointError(
            f"{path}: an older checkpoint format whose config does not name model.output_layer; "
            "these were all 'deep': set config['model']['output_layer'] = 'deep' and save it again"
        )


def resolve_model_file(path: str | Path) -> Path:
    """A model directory holds model.pt (exported) or best.pt (a run directory); a file is itself."""
    path = Path(path)
    if path.is_dir():
        for name in ("model.pt", "best.pt", "last.pt"):
            if (path / name).is_file():
                return path / name
        raise CheckpointError(f"{path}: no model.pt, best.pt or last.pt in this directory")
    return path


def build_model(checkpoint: Checkpoint, device: str | torch.device = "cpu") -> EncoderDecoder:
    """The model described by a checkpoint, with its weights, in eval mode and float32."""
    model = EncoderDecoder(checkpoint.config.model)
    try:
        model.load_state_dict(checkpoint.model_state)
    except (RuntimeError, TypeError) as exc:  # TypeError: "model" is not a dict
        first = str(exc).strip().splitlines()[0]
        raise CheckpointError(f"{checkpoint.path}: weights do not match the model config: {first}") from None
    return model.float().to(device).eval()


def export_model(
    source: str | Path,
    out_dir: str | Path,
    half: bool = True,
    metrics: dict[str, Any] | None = None,
    overrides: list[str] | None = None,
) -> Path:
    """Write `out_dir/model.pt`: the weights (float16 when `half`), config and tokenizer of a
    checkpoint, without the optimiser state, its metrics updated with `metrics` (e.g. test BLEU,
    which the service reports) and its config with `overrides` ("decoding.alpha=1.25": the defaults
    every request and command line takes from the model; `apply_overrides` checks them as a config
    file's are, a ConfigError naming a wrong key or value). Returns the written path."""
    checkpoint = load_checkpoint(resolve_model_file(source))
    config = apply_overrides(checkpoint.config, overrides) if overrides else checkpoint.config
    dtype = torch.float16 if half else torch.float32
    # Tied embeddings appear under several names; convert each storage once so they stay shared.
    converted: dict[int, torch.Tensor] = {}
    weights = {}
    for name, t in checkpoint.model_state.items():
        if t.data_ptr() not in converted:
            converted[t.data_ptr()] = t.to(dtype) if t.is_floating_point() else t
        weights[name] = converted[t.data_ptr()]
    out = Path(out_dir) / "model.pt"
    save_checkpoint(
        out,
        model_state=weights,
        config=config,
        tokenizer=checkpoint.tokenizer,
        step=checkpoint.step,
        metrics={**checkpoint.metrics, **(metrics or {})},
    )
    return out
