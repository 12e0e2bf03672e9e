"""`torch.compile` for the additive attention's scores and the decoder's gate updates, with a fallback
to eager execution.

Eagerly, v^T tanh(q + k) materialises a (rows, tgt_len, src_len, attention_size) tensor three times
(sum, tanh, product) and reads it from memory each time; compiled, it is one fused loop that never
leaves the cache, in decoding and in training's forward and backward. The rest of the model gains
nothing from compilation (compiling the whole decoder step decomposes nn.GRU's fused kernel), so
only this function is compiled, and the elementwise gate updates of a decoding step that reads its
inputs from a table (`translator.input_table`), which fuse the same way; training also compiles its
loss with `CompiledOrEager` (`training.steps.compiled_token_loss`). Measurements: bench/PROFILE.md,
"torch.compile" and "The first layer's inputs from a table".

Compilation needs a C++ compiler on the CPU (Triton on CUDA) and takes seconds the first time
(then it is cached on disk); where it fails, the eager function runs instead, with one warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Generic, TypeVar

import torch
import torch._inductor.config
from torch import nn

from translator.attention import AdditiveAttention, additive_scores
from translator.input_table import InputTable, gru_update, lstm_update

log = logging.getLogger(__name__)

# Compile in-process: the fused kernels here are small, and inductor's default pool of compile
# subprocesses would add processes to every service replica and every torchrun rank for nothing.
torch._inductor.config.compile_threads = 1


Result = TypeVar("Result")


class CompiledOrEager(Generic[Result]):
    """Calls `torch.compile(fn)`; after the first failure, `fn` itself, for good."""

    def __init__(self, fn: Callable[..., Result]) -> None:
        self.eager = fn
        self.compiled = torch.compile(fn, dynamic=True)
        self.failed = False

    def __call__(self, *args: object) -> Result:
        if self.failed:
            return self.eager(*args)
        try:
            return self.compiled(*args)
        except Exception as err:  # the toolchain fails in many ways: C++ compiler, Triton, platform
            # Bad inputs fail eagerly too and raise from here, leaving compilation on; only a
            # failure of the compiled path alone turns it off.
            result = self.eager(*args)
            self.failed = True
            log.warning("torch.compile failed; %s runs eagerly: %s", self.eager.__name__, err)
            return result


# One instance each, so that every model in the process shares its compiled code.
compiled_scores = CompiledOrEager(additive_scores)
compiled_updates: dict[str, CompiledOrEager[Any]] = {
    "gru": CompiledOrEager(gru_update),
    "lstm": CompiledOrEager(lstm_update),
}


def compile_model(model: nn.Module) -> nn.Module:
    """Switch every attention layer of `model` to the compiled scores, and its input tables (made
    before) to the compiled gate updates; returns `model`."""
    for module in model.modules():
        if isinstance(module, AdditiveAttention):
            module.scores = compiled_scores
        elif isinstance(module, InputTable):
            module.update = compiled_updates[module.kind]
    return model
