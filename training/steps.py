"""The pieces of a training step and of validation: loss, autocast dtype, RNG state, dev loss and BLEU."""

from __future__ import annotations

import logging
import random
from collections.abc import Callable

import torch
import torch.nn.functional as F
from torch.nn.parallel import DistributedDataParallel

from training.batching import Batch, collate
from training.scoring import score
from translator.compiled import CompiledOrEager
from translator.config import Config
from translator.errors import TranslatorError
from translator.facade import Translator, length_batches
from translator.model import EncoderDecoder
from translator.tokenizer import PAD_ID, Tokenizer

log = logging.getLogger("training")


class TrainingError(TranslatorError, RuntimeError):
    """A problem found before or during training, stated for the user."""


def cpu_has_bf16() -> bool:
    """Whether this CPU computes bfloat16 natively (AVX512-BF16 or AMX), where oneDNN's bf16 kernels run.
    Without it, bf16 matrix products fall back to a reference kernel: on a 2-core AMD EPYC with AVX2
    only, a training step took 140-220 s in bf16 against about 6 s in float32."""
    return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())


AUTOCAST: dict[str, torch.dtype | None] = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}


def training_precision(precision: str, device: torch.device) -> str:
    """What training.precision resolves to on `device`: fp32, bf16 or fp16. `auto`: bf16 on CUDA and on
    a CPU with native bf16, fp32 on other CPUs."""
    if precision == "auto":
        return "bf16" if device.type == "cuda" or cpu_has_bf16() else "fp32"
    if precision == "fp16" and device.type != "cuda":
        raise TrainingError("training.precision fp16 needs a CUDA device (use bf16 or fp32 on CPU)")
    if precision == "bf16" and device.type == "cpu" and not cpu_has_bf16():
        log.warning(
            "training.precision bf16: this CPU has no native bf16 (AVX512-BF16 or AMX), so bf16 runs "
            "many times slower than float32 here; precision auto picks float32 on such a CPU"
        )
    return precision


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype for training (training_precision()), or None for plain float32."""
    return AUTOCAST[training_precision(precision, device)]


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def rng_state() -> dict:
    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    """Restore rng_state(). The states must be CPU byte tensors, whatever map_location loaded them to."""
    torch.set_rng_state(state["torch"].cpu())
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all([s.cpu() for s in state["cuda"]])


def token_loss(logits: torch.Tensor, targets: torch.Tensor, label_smoothing: float) -> torch.Tensor:
    """Summed cross-entropy in float32. logits: (tokens, vocab), targets: (tokens,), PAD_ID ignored."""
    return F.cross_entropy(
        logits.float(), targets, ignore_index=PAD_ID, label_smoothing=label_smoothing, reduction="sum"
    )


# Fused by torch.compile, the softmax, loss and gradient make one pass over the (tokens, vocab)
# logits instead of four (bench/PROFILE.md, "torch.compile").
compiled_token_loss = CompiledOrEager(token_loss)


def loss_sum(
    model: EncoderDecoder | DistributedDataParallel,
    batch: Batch,
    label_smoothing: float,
    criterion: Callable = token_loss,
) -> torch.Tensor:
    """Summed cross-entropy over the real target tokens (padding masked); `model` may be wrapped in DDP."""
    logits = model(batch.src, batch.src_lengths, batch.tgt_in)
    return criterion(logits.reshape(-1, logits.size(-1)), batch.tgt_out.reshape(-1), label_smoothing)


@torch.no_grad()
def dev_loss(model: EncoderDecoder, pairs: list, batch_tokens: int, device: torch.device) -> float:
    """Mean per-token cross-entropy on the dev pairs, without label smoothing."""
    model.eval()
    total, tokens = 0.0, 0
    lengths = [max(len(s), len(t) + 1) for s, t in pairs]
    for indices in length_batches(lengths, batch_tokens):
        batch = collate([pairs[i] for i in indices]).to(device)
        total += float(loss_sum(model, batch, 0.0))
        tokens += batch.n_tokens
    model.train()
    return total / max(1, tokens)


def dev_bleu(
    model: EncoderDecoder, tokenizer: Tokenizer, cfg: Config, src: list[str], ref: list[str]
) -> float:
    model.eval()
    hyps = [t.text for t in Translator(model, tokenizer, cfg, {}).translate(src, decode="greedy")]
    model.train()
    return score(hyps, [ref]).bleu
