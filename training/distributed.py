"""torchrun / DistributedDataParallel plumbing: process group set-up and the few collectives used.

torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; without them training runs as one process and
every function here is a no-op.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import torch
import torch.distributed as dist

from translator.errors import TranslatorError


@dataclass(frozen=True)
class Context:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def init(device_type: str) -> Context:
    """Join the process group torchrun describes: NCCL on GPU, gloo on CPU."""
    world_size = int(os.environ.get("WORLD_SIZE", "1"))
    if world_size <= 1:
        return Context()
    ctx = Context(int(os.environ["RANK"]), world_size, int(os.environ.get("LOCAL_RANK", "0")))
    if not dist.is_initialized():
        dist.init_process_group(backend="nccl" if device_type == "cuda" else "gloo")
    if device_type == "cuda":
        torch.cuda.set_device(ctx.local_rank)
    return ctx


class CollectiveError(TranslatorError, RuntimeError):
    """A collective with the other ranks failed: most often another rank stopped, and its own
    error says why."""


@contextmanager
def collective(ctx: Context, syncs: bool = True) -> Iterator[None]:
    """Turn the transport's error of a collective run inside into a CollectiveError. `syncs`: whether
    the block talks to the other ranks at all (a backward pass under `no_sync` does not)."""
    if not (ctx.enabled and syncs):
        yield
        return
    try:
        yield
    except torch.OutOfMemoryError:  # this rank's own failure, not the group's
        raise
    except RuntimeError as exc:  # gloo and NCCL raise plain RuntimeErrors, with the transport's text
        reason = (str(exc).splitlines() or [type(exc).__name__])[0]
        raise CollectiveError(
            f"rank {ctx.rank} of {ctx.world_size} lost contact with the other ranks; if one of them "
            f"failed, its error above says why ({reason})"
        ) from None


def sum_int(value: int, ctx: Context) -> int:
    """The sum of `value` over all ranks."""
    return int(_sum(value, torch.long, ctx))


def sum_float(value: float, ctx: Context) -> float:
    return float(_sum(value, torch.float64, ctx))


def _sum(value: float, dtype: torch.dtype, ctx: Context) -> float:
    if not ctx.enabled:
        return value
    t = torch.tensor([value], dtype=dtype)
    with collective(ctx):
        dist.all_reduce(t)
    return t.item()


def any_true(flag: bool, ctx: Context) -> bool:
    """True when any rank says so (rank 0 decides to stop; the others must follow)."""
    return sum_int(int(flag), ctx) > 0


def barrier(ctx: Context) -> None:
    if ctx.enabled:
        with collective(ctx):
            dist.barrier()


def shutdown(ctx: Context) -> None:
    """Leave the process group, once every DistributedDataParallel wrapper is released (`train` calls
    it after its run has returned or raised, with the raised traceback's frames cleared).

    A wrapper's reducer holds the group too. Were it the last holder, the group's destructor would
    run from the reducer's, which keeps the GIL while it joins gloo's worker threads; a worker that
    is still releasing a finished collective's Python tensor waits for the GIL, and the rank hangs
    at exit (seen in about one run in three of the two-rank test). Released here, by the registry,
    the destructor runs without the GIL.
    """
    if ctx.enabled and dist.is_initialized():
        gc.collect()  # a wrapper caught in a reference cycle must go before the group does
        dist.destroy_process_group()


def parameters_in_sync(model: torch.nn.Module, ctx: Context) -> bool:
    """True when every rank holds bit-identical parameters (compared through per-tensor sums)."""
    if not ctx.enabled:
        return True
    fingerprint = torch.stack([p.detach().double().sum() for p in model.parameters()]).cpu()
    gathered = [torch.empty_like(fingerprint) for _ in range(ctx.world_size)]
    with collective(ctx):
        dist.all_gather(gathered, fingerprint)
    return all(torch.equal(g, fingerprint) for g in gathered)
