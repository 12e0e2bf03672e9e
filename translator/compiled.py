"""`torch.compile` for the additive attention's scores and the decoder's gate updates, with a fallback
to eager execution.

Eagerly, v^T tanh(q + k) materialises a (rows, tgt_len, src_len, attention_size) tensor three times
(sum, tanh, product); compiled, it is one fused loop that never leaves the cache. On two CPU
threads that is 5.8x faster per decoder step at batch 64 x beam 5 and 2.4x for a training step's
forward and backward (bench/PROFILE.md). The rest of the model gains nothing from compilation
there (the whole decoder step compiled was slower), so only this function is compiled, and the
elementwise gate updates of a decoding step that reads its inputs from a table
(`translator.input_table`: 168 -> 126 us at 320 rows); training also compiles its loss with
`CompiledOrEager` (`training.train.compiled_token_loss`).

Compilation needs a C++ compiler on the CPU (Triton on CUDA) and takes seconds the first time
(then it is cached on disk); where it fails, the eager function runs instead, with one warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import torch
import torch._inductor.config
from torch import Tensor, nn

from translator.attention import AdditiveAttention, additive_scores
from translator.input_table import InputTable, gru_update, lstm_update

log = logging.getLogger(__name__)

# Compile in-process: the fused kernels here are small, and inductor's default pool of compile
# subprocesses would add processes to every service replica and every torchrun rank for nothing.
torch._inductor.config.compile_threads = 1


class CompiledOrEager:
    """Calls `torch.compile(fn)`; after the first failure, `fn` itself, for good."""

    def __init__(self, fn: Callable[..., Tensor]) -> None:
        self.eager = fn
        self.compiled = torch.compile(fn, dynamic=True)
        self.failed = False

    def __call__(self, *args: object) -> Tensor:
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
compiled_updates = {"gru": CompiledOrEager(gru_update), "lstm": CompiledOrEager(lstm_update)}


def compile_model(model: nn.Module) -> nn.Module:
    """Switch every attention layer of `model` to the compiled scores, and its input tables (made
    before) to the compiled gate updates; returns `model`."""
    for module in model.modules():
        if isinstance(module, AdditiveAttention):
            module.scores = compiled_scores
        elif isinstance(module, InputTable):
            module.update = compiled_updates[module.kind]
    return model
