"""Torch thread settings for the service: one inference thread, a fixed intra-op pool, no inter-op pool.

Every model call runs on the batching worker's single thread, so concurrent requests never run
torch ops side by side and multiply each other's OpenMP teams (oversubscription). Only that
thread's intra-op pool does parallel work; its size is MT_THREADS (torch's default, one per core,
when 0). OpenMP keeps the thread count per calling thread and torch copies the process-wide value
into a thread only on its first parallel op, so the worker sets it again itself when it starts.
"""

from __future__ import annotations

import logging

import torch

log = logging.getLogger(__name__)

_interop_set = False


def configure_process_threads(threads: int) -> None:
    """At startup, before any model loads: intra-op threads and a one-thread inter-op pool.

    The models never fork work onto the inter-op pool (no TorchScript `fork`), so one thread is
    enough and spares a pool of idle threads per core. Torch allows setting it only once per process
    and before any inter-op work: a second app in the same process (tests) keeps the first value.
    """
    global _interop_set
    configure_worker_thread(threads)
    if _interop_set:
        return
    _interop_set = True
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError as exc:
        log.debug("inter-op threads already fixed at %d: %s", torch.get_num_interop_threads(), exc)


def configure_worker_thread(threads: int) -> None:
    """On the inference thread: its intra-op thread count (0 keeps torch's default)."""
    if threads:
        torch.set_num_threads(threads)
