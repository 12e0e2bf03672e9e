"""Torch thread settings for the service: one inference thread, a fixed intra-op pool, no inter-op pool.

Every model call runs on the batching worker's single thread, so concurrent requests never run
torch ops side by side and multiply each other's OpenMP teams (oversubscription). Only that
thread's intra-op pool does parallel work; its size is MT_THREADS (torch's default, one per core,
when 0). OpenMP keeps the thread count per calling thread and torch copies the process-wide value
into a thread only on its first parallel op, so the worker sets it again itself when it starts.

Every other thread that runs torch ops (the one that loads the models and compiles them at
startup, a reload's) runs them on one thread. An OpenMP team of its own would outlive the loading
and put more OpenMP threads in the process than there are cores; GNU OpenMP then stops its idle
threads from spinning, and every parallel op of the worker pays to wake them, which slows each
translation (bench/PROFILE.md, "Worker thread").

That wake-up is still cheaper than the alternative when the host is busy: a spinning thread holds
its core while its teammate waits for a time slice beside another process, at every parallel op.
`python -m api` therefore sets OMP_WAIT_POLICY=PASSIVE before torch loads, unless the environment
sets it (bench/PROFILE.md, "Threads beside a busy process").
"""

from __future__ import annotations

import logging

import torch

log = logging.getLogger(__name__)

_interop_set = False


def configure_process_threads(threads: int) -> int:
    """At startup, on the thread that loads the models, before it does: one intra-op thread here,
    a one-thread inter-op pool. Returns the worker's intra-op thread count (MT_THREADS, or torch's
    default for 0).

    The models never fork work onto the inter-op pool (no TorchScript `fork`), so one thread is
    enough and spares a pool of idle threads per core. Torch allows setting it only once per process
    and before any inter-op work: a second app in the same process (tests) keeps the first value.
    """
    global _interop_set
    worker_threads = threads or torch.get_num_threads()
    configure_loading_thread()
    if _interop_set:
        return worker_threads
    _interop_set = True
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError as exc:
        log.debug("inter-op threads already fixed at %d: %s", torch.get_num_interop_threads(), exc)
    return worker_threads


def configure_loading_thread() -> None:
    """On a thread other than the worker, before it runs torch ops: one intra-op thread."""
    torch.set_num_threads(1)


def configure_worker_thread(threads: int) -> None:
    """On the inference thread: its intra-op thread count (0 keeps torch's default)."""
    if threads:
        torch.set_num_threads(threads)
