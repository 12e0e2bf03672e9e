"""Inference precision: the number format a loaded model computes in.

- `fp32`: float32 everywhere (the CPU default).
- `fp16`, `bf16`: half-precision weights and activations; for GPUs (`auto` picks fp16 on CUDA).
  Log-probabilities are still computed in float32 (`EncoderDecoder.decode_step`), so beam scores
  keep their precision.
- `int8`: dynamic quantisation for the CPU: the weights of the linear and recurrent layers are stored
  as int8 and activations are quantised on the fly per batch; embeddings and the attention's
  energy vector (a dot product, see `translator.attention.additive_scores`) stay float32.
"""

from __future__ import annotations

import warnings
from typing import Literal, get_args

import torch
from torch import nn

from translator.attention import AdditiveAttention
from translator.errors import TranslatorError
from translator.model import EncoderDecoder

Precision = Literal["auto", "fp32", "fp16", "bf16", "int8"]
PRECISIONS: tuple[str, ...] = get_args(Precision)
_HALF = {"fp16": torch.float16, "bf16": torch.bfloat16}


class PrecisionError(TranslatorError, ValueError):
    """This precision cannot run on this device."""


def resolve_precision(precision: str, device: torch.device) -> str:
    """The concrete precision for `device`: `auto` -> fp16 on CUDA, fp32 elsewhere."""
    if precision not in PRECISIONS:
        raise PrecisionError(f"precision must be one of {', '.join(PRECISIONS)}, got {precision!r}")
    if precision == "auto":
        return "fp16" if device.type == "cuda" else "fp32"
    if precision == "int8" and device.type != "cpu":
        raise PrecisionError("int8 (dynamic quantisation) runs on the CPU only; use fp16 or bf16 on a GPU")
    if precision == "fp16" and device.type == "cpu":
        # CPU kernels for float16 recurrences are missing or far slower than float32.
        raise PrecisionError("fp16 needs a GPU; on the CPU use fp32, bf16 or int8")
    return precision


def _quantised_layers(model: nn.Module) -> set[str]:
    """Names of the layers int8 quantises: the linear and recurrent ones except the attention
    energies, whose weight the attention reads as a tensor."""
    modules = dict(model.named_modules())
    energies = {f"{name}.energy" for name, m in modules.items() if isinstance(m, AdditiveAttention)}
    return {
        name
        for name, m in modules.items()
        if isinstance(m, nn.Linear | nn.GRU | nn.LSTM) and name not in energies
    }


def apply_precision(model: EncoderDecoder, precision: str) -> EncoderDecoder:
    """`model` (float32, eval mode, on its device) converted to a concrete `precision`."""
    if precision in _HALF:
        return model.to(_HALF[precision])
    if precision == "int8":
        with warnings.catch_warnings():
            # torch.ao.quantization warns that it will move to torchao; in torch 2.13 it is the
            # quantiser that covers nn.GRU / nn.LSTM.
            warnings.simplefilter("ignore")
            return torch.ao.quantization.quantize_dynamic(model, _quantised_layers(model), dtype=torch.qint8)
    return model
