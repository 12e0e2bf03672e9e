"""Several length batches decoded at once, each on its own thread with a share of the cores.

A greedy step of a 64-sentence batch spends much of its time outside large matmuls (argmax,
log-softmax, the fused attention, Python between operators), where a second intra-op thread saves
little. Batches side by side, one thread each, keep both cores busy through those parts: on 2
cores, greedy search over the test chapters ran at 445, 507 and 424 sentences/s with 2 workers
against 403, 236 and 409 with one batch at a time (three alternated rounds). Beam search, whose
steps are mostly one large matmul, gained nothing (123, 121, 123 against 123, 118, 129); see
bench/PROFILE.md, "Batches side by side". The `make bench` after measured no gain for either
(greedy 464.9 against 482.2 sentences/s), so the default stays one worker. Torch releases the
GIL inside its operators, so threads suffice.

OpenMP keeps the intra-op thread count per calling thread, so each worker sets its own when it
starts; the calling thread keeps its count.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import torch

T = TypeVar("T")
R = TypeVar("R")


def threads_per_worker(workers: int, threads: int) -> int:
    """Intra-op threads of each of `workers` workers sharing `threads` (at least one each)."""
    return max(1, threads // workers)


class BatchPool:
    """`workers` threads, each with `threads // workers` intra-op threads (`threads`: torch's count
    in the creating thread by default)."""

    def __init__(self, workers: int, threads: int | None = None) -> None:
        if workers < 2:
            raise ValueError(f"a BatchPool needs at least 2 workers, got {workers}")
        self.workers = workers
        self.threads = threads_per_worker(workers, threads or torch.get_num_threads())
        self._executor = ThreadPoolExecutor(
            workers, thread_name_prefix="decode", initializer=torch.set_num_threads, initargs=(self.threads,)
        )

    def map(self, fn: Callable[[T], R], items: Sequence[T], cost: Callable[[T], float]) -> list[R]:
        """[fn(item) for item in items], run on the workers, costliest first (so that no worker is
        left alone with a long batch at the end); the first exception is raised here."""
        order = sorted(range(len(items)), key=lambda i: cost(items[i]), reverse=True)
        futures = {i: self._executor.submit(fn, items[i]) for i in order}
        return [futures[i].result() for i in range(len(items))]

    def call(self, fn: Callable[[], R]) -> R:
        """fn() on one of the workers."""
        return self._executor.submit(fn).result()

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)
