"""Dynamic batching: sentences of concurrent requests share model calls on one worker thread.

A request hands its sentences to the worker and awaits a future. The worker collects sentences
for up to `max_wait_ms` after the oldest one arrived (less when a batch is already full; the
default, 0, takes only what has arrived, which under load is what came during the last call), then
runs the oldest sentence's group: sentences for the same model with the same decoding options,
in arrival order, while (count x longest source) stays within `max_batch_tokens`. Different
options never share a call because beam size, length penalty, n-best and attention change what
the search computes for every sentence in it.

Memory stays bounded: at most `max_queue` sentences wait; past that a request is refused at once
(QueueFull) instead of queueing. A request that waits longer than `timeout_s` gives up
(RequestTimeout); its sentences that have not reached the model yet are dropped, not translated.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from api.metrics import Metrics
from api.threads import configure_worker_thread
from translator.facade import Translation, Translator

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DecodeOptions:
    decode: Literal["greedy", "beam"] = "beam"
    beam_size: int = 5
    alpha: float = 0.75
    n_best: int = 1
    return_attention: bool = False

    def canonical(self) -> DecodeOptions:
        """Greedy search ignores the beam size: one group for every greedy request."""
        return replace(self, beam_size=1) if self.decode == "greedy" else self


class QueueFull(RuntimeError):
    """More sentences are waiting than the queue allows; the client should retry later."""


class TooManySentences(ValueError):
    """One request holds more sentences than the whole queue: it could never be accepted."""


class RequestTimeout(RuntimeError):
    """The request waited longer than the timeout for its translations."""


class WorkerStopped(RuntimeError):
    """The worker shut down before these sentences were translated."""


@dataclass(eq=False)
class _Job:
    """One request's sentences; the future gets all translations, in order, once the last is done."""

    loop: asyncio.AbstractEventLoop
    future: asyncio.Future
    results: list[Translation | None]
    remaining: int
    failed: bool = False

    def deliver(self, index: int, translation: Translation) -> None:
        self.results[index] = translation
        self.remaining -= 1
        if self.remaining == 0:
            self.loop.call_soon_threadsafe(_settle, self.future, self.results, None)

    def fail(self, exc: BaseException) -> None:
        if not self.failed:
            self.failed = True
            self.loop.call_soon_threadsafe(_settle, self.future, None, exc)


def _settle(future: asyncio.Future, result: object, exc: BaseException | None) -> None:
    # The request may have been cancelled (client gone) while its sentences were in a batch.
    if future.done():
        return
    if exc is not None:
        future.set_exception(exc)
    else:
        future.set_result(result)


@dataclass(eq=False)
class _Item:
    job: _Job
    index: int
    text: str
    tokens: int
    group: tuple[Translator, DecodeOptions]
    arrived: float = field(default_factory=time.monotonic)


_STOP = object()


class BatchingWorker:
    def __init__(
        self,
        max_batch_tokens: int,
        max_wait_ms: float,
        max_queue: int,
        metrics: Metrics,
        timeout_s: float = 0.0,
        threads: int = 0,
        warm_up: Callable[[], None] | None = None,
    ) -> None:
        """timeout_s: 0 for none. threads: torch intra-op threads of the worker, 0 for torch's default.
        warm_up: run on the worker's thread before it serves (compiled code is made per thread
        count: `Translator.warm_up`); requests queue meanwhile."""
        self.max_batch_tokens = max_batch_tokens
        self.max_wait = max_wait_ms / 1000
        self.max_queue = max_queue
        self.metrics = metrics
        self.timeout_s = timeout_s
        self.threads = threads
        self.warm_up = warm_up
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._queued = 0  # sentences submitted and not yet taken into a batch
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="inference-worker", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Finish the running batch, fail whatever still waits, and join the thread.

        The server stops only after its requests have finished (graceful shutdown), so normally
        nothing waits; a request that still arrives gets WorkerStopped instead of hanging.
        """
        with self._lock:
            self._stopped = True
        self._inbox.put(_STOP)
        self._thread.join()

    @property
    def queued(self) -> int:
        return self._queued

    async def translate(
        self, translator: Translator, sentences: list[str], options: DecodeOptions
    ) -> list[Translation]:
        """Translate non-blank sentences, batched with other requests' sentences of the same group."""
        if not sentences:
            return []
        loop = asyncio.get_running_loop()
        job = _Job(loop, loop.create_future(), [None] * len(sentences), len(sentences))
        group = (translator, options.canonical())
        lengths = [len(ids) for ids in translator.tokenizer.encode_src(sentences)]
        if len(sentences) > self.max_queue:
            raise TooManySentences(
                f"the request holds {len(sentences)} sentences; at most {self.max_queue} fit in the queue "
                "(MT_MAX_QUEUE): send fewer texts per request"
            )
        with self._lock:
            if self._stopped:
                raise WorkerStopped("the server is shutting down")
            if self._queued + len(sentences) > self.max_queue:
                raise QueueFull(f"{self._queued} sentences are waiting (limit {self.max_queue})")
            self._queued += len(sentences)
            self.metrics.queue_depth.set(self._queued)
        for index, (text, tokens) in enumerate(zip(sentences, lengths, strict=True)):
            self._inbox.put(_Item(job, index, text, tokens, group))
        try:
            # On timeout wait_for cancels the future: the worker then skips this job's sentences.
            return await asyncio.wait_for(job.future, self.timeout_s or None)
        except TimeoutError:
            raise RequestTimeout(
                f"no translation within {self.timeout_s:g} s (MT_REQUEST_TIMEOUT_S): the server is busy"
            ) from None

    def _run(self) -> None:
        configure_worker_thread(self.threads)
        if self.warm_up is not None:
            try:
                self.warm_up()
            except Exception:  # the first requests then compile instead; serving matters more
                log.exception("warm-up failed; the worker serves without it")
        pending: list[_Item] = []
        while True:
            if not pending:
                first = self._inbox.get()
                if first is _STOP:
                    return
                pending.append(first)
            group = pending[0].group
            sizes = [item.tokens for item in pending if item.group == group]
            count, longest = len(sizes), max(sizes)
            deadline = pending[0].arrived + self.max_wait
            # Wait for company until the deadline, but always take what has already arrived: after a
            # long batch the deadline is long past and the inbox holds the next batch.
            while count * longest < self.max_batch_tokens:
                timeout = deadline - time.monotonic()
                try:
                    item = self._inbox.get(timeout=timeout) if timeout > 0 else self._inbox.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._take(pending)
                    for waiting in pending:
                        waiting.job.fail(WorkerStopped("the server is shutting down"))
                    return
                pending.append(item)
                if item.group == group:
                    count, longest = count + 1, max(longest, item.tokens)
            batch = self._next_batch(pending)
            if batch:
                self._run_batch(batch)

    def _next_batch(self, pending: list[_Item]) -> list[_Item]:
        """Remove from `pending` and return the oldest sentence's group, up to the token budget.

        A sentence longer than the budget still runs, alone.
        """
        group = pending[0].group
        batch: list[_Item] = []
        longest = 0
        for item in pending:
            if item.group != group:
                continue
            if batch and (len(batch) + 1) * max(longest, item.tokens) > self.max_batch_tokens:
                break
            batch.append(item)
            longest = max(longest, item.tokens)
        taken = set(map(id, batch))
        pending[:] = [item for item in pending if id(item) not in taken]
        self._take(batch)
        return [item for item in batch if not item.job.future.done() and not item.job.failed]

    def _take(self, items: list[_Item]) -> None:
        with self._lock:
            self._queued -= len(items)
            self.metrics.queue_depth.set(self._queued)

    def _run_batch(self, batch: list[_Item]) -> None:
        translator, options = batch[0].group
        started = time.perf_counter()
        try:
            translations = translator.translate(
                [item.text for item in batch],
                decode=options.decode,
                beam_size=options.beam_size,
                alpha=options.alpha,
                n_best=options.n_best,
                return_attention=options.return_attention,
            )
        except Exception as exc:  # reported to each waiting request; the worker keeps serving
            log.exception("translation of a batch of %d sentences failed", len(batch))
            for item in batch:
                item.job.fail(exc)
            return
        self.metrics.observe_batch(
            sentences=len(batch),
            tokens=len(batch) * max(item.tokens for item in batch),
            seconds=time.perf_counter() - started,
        )
        for item, translation in zip(batch, translations, strict=True):
            item.job.deliver(item.index, translation)
