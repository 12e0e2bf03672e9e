"""Dynamic batching: sentences of concurrent requests share model calls on one worker thread.

A request hands its sentences to the worker and awaits a future. The worker collects sentences
for up to `max_wait_ms` after the leading one arrived (less when a batch is already full; the
default, 0, takes only what has arrived, which under load is what came during the last call), then
runs the leading sentence's group: sentences for the same model with the same decoding options,
while (count x beam size x longest source) stays within `max_batch_tokens`. The beam size counts
because the search decodes that many rows per sentence: a batch's decoding work is then about the
same whatever its sentences' length or beam, which bounds how long a request that arrives during it
waits. Different options never share a call because beam size, length penalty, n-best and
attention change what the search computes for every sentence in it.

Fairness: sentences are served in order of (how many sentences of their request already reached the
model, arrival). A request that has had none leads the next batch, shared only with other such
requests, so a long text (many sentences, or one long sentence cut into pieces by
`api.translation`) cannot hold back one that arrives after it for more than the batch that is
running.

Memory stays bounded: at most `max_queue` sentences wait; past that a request is refused at once
(QueueFull) instead of queueing. A request that gives up, because it waited longer than
`timeout_s` (RequestTimeout) or because its caller was cancelled (the client went away), is
abandoned: its waiting sentences leave the queue's count at once and are never translated, and
those in the running batch leave it at the next decoding step.
"""

from __future__ import annotations

import asyncio
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from api.metrics import Metrics
from api.threads import configure_worker_thread
from translator.decoding import DecodeOptions, ResolvedOptions
from translator.errors import TranslatorError
from translator.facade import Translation, Translator

log = logging.getLogger(__name__)


class QueueFull(TranslatorError, RuntimeError):
    """More sentences are waiting than the queue allows; the client should retry later."""


class TooManySentences(TranslatorError, ValueError):
    """One request holds more sentences than the whole queue: it could never be accepted."""


class RequestTimeout(TranslatorError, RuntimeError):
    """The request waited longer than the timeout for its translations."""


class WorkerStopped(TranslatorError, RuntimeError):
    """The worker shut down before these sentences were translated."""


@dataclass(eq=False)
class _Job:
    """One request's sentences; the future gets all translations, in order, once the last is done.

    `waiting` and `abandoned` change under the worker's lock; `abandoned` is also read without it,
    between decoding steps (a bool read is atomic)."""

    loop: asyncio.AbstractEventLoop
    future: asyncio.Future
    results: list[Translation | None]
    remaining: int
    waiting: int  # sentences queued and not yet taken into a batch
    taken: int = 0  # sentences handed to the model so far: the fairness order
    failed: bool = False
    abandoned: bool = False

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
    group: tuple[Translator, ResolvedOptions]
    lexicon: bool  # the request's own choices: a group holds every choice (`ResolvedOptions.canonical`)
    domain: str | None
    arrived: float = field(default_factory=time.monotonic)

    def priority(self) -> tuple[int, float]:
        return self.job.taken, self.arrived


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
        max_output: int | None = None,
    ) -> None:
        """timeout_s: 0 for none. threads: torch intra-op threads of the worker, 0 for torch's default.
        warm_up: run on the worker's thread before it serves (compiled code is made per thread
        count: `Translator.warm_up`); requests queue meanwhile and `warm` is set after it.
        max_output: the most subwords of any translation (`Translator.translate`), None for no cap."""
        self.max_batch_tokens = max_batch_tokens
        self.max_wait = max_wait_ms / 1000
        self.max_queue = max_queue
        self.metrics = metrics
        self.timeout_s = timeout_s
        self.threads = threads
        self.warm_up = warm_up
        self.max_output = max_output
        self.warm = threading.Event()
        if warm_up is None:
            self.warm.set()
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
        """Translate non-blank sentences, batched with other requests' sentences of the same group.

        The options left out take the model's settings here (DecodingError when n_best does not fit, or
        the model has no such domain), so that a request that leaves them out shares calls with one that
        names the same values."""
        group = (translator, options.resolve(translator.config.decoding).canonical())
        translator.check_domain(options.domain)
        if not sentences:
            return []
        loop = asyncio.get_running_loop()
        job = _Job(loop, loop.create_future(), [None] * len(sentences), len(sentences), len(sentences))
        lengths = [len(ids) for ids in translator.tokenizer.encode_src(sentences)]
        if len(sentences) > self.max_queue:
            raise TooManySentences(
                f"the request holds {len(sentences)} sentences; at most {self.max_queue} fit in the queue "
                "(MT_MAX_QUEUE): send fewer texts per request (a sentence over MT_MAX_SENTENCE_SUBWORDS "
                "counts once per piece)"
            )
        with self._lock:
            if self._stopped:
                raise WorkerStopped("the server is shutting down")
            if self._queued + len(sentences) > self.max_queue:
                raise QueueFull(f"{self._queued} sentences are waiting (limit {self.max_queue})")
            self._queued += len(sentences)
            self.metrics.queue_depth.set(self._queued)

        # wait_for cancels the future on timeout, and when this coroutine is cancelled (the client
        # went away): either way the job is abandoned and the worker skips its sentences.
        def abandon_if_cancelled(future: asyncio.Future) -> None:
            if future.cancelled():
                self._abandon(job)

        job.future.add_done_callback(abandon_if_cancelled)
        for index, (text, tokens) in enumerate(zip(sentences, lengths, strict=True)):
            self._inbox.put(_Item(job, index, text, tokens, group, options.lexicon, options.domain))
        try:
            return await asyncio.wait_for(job.future, self.timeout_s or None)
        except TimeoutError:
            raise RequestTimeout(
                f"no translation within {self.timeout_s:g} s (MT_REQUEST_TIMEOUT_S): the server is busy"
            ) from None

    def _abandon(self, job: _Job) -> None:
        """Free the queue places of a job whose request gave up; the worker drops its sentences."""
        with self._lock:
            job.abandoned = True
            self._queued -= job.waiting
            self.metrics.abandoned.labels("queued").inc(job.waiting)
            job.waiting = 0
            self.metrics.queue_depth.set(self._queued)

    def _run(self) -> None:
        configure_worker_thread(self.threads)
        if self.warm_up is not None:
            try:
                self.warm_up()
            except Exception:  # the first requests then compile instead; serving matters more
                log.exception("warm-up failed; the worker serves without it")
        self.warm.set()
        pending: list[_Item] = []
        while True:
            if not pending:
                first = self._inbox.get()
                if first is _STOP:
                    return
                pending.append(first)
            # Everything that has arrived competes for the next batch, so that the fairness order
            # sees a short request that came while a long one had its sentences waiting.
            while True:
                try:
                    item = self._inbox.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    return self._fail_all(pending)
                pending.append(item)
            leader = min(pending, key=_Item.priority)
            group = leader.group
            width = group[1].beam_size  # rows per sentence: 1 for greedy (`canonical`)
            sizes = [item.tokens for item in pending if item.group == group]
            count, longest = len(sizes), max(sizes)
            deadline = leader.arrived + self.max_wait
            # Wait for company until the deadline (after a long batch it is long past).
            while count * width * longest < self.max_batch_tokens:
                timeout = deadline - time.monotonic()
                if timeout <= 0:
                    break
                try:
                    item = self._inbox.get(timeout=timeout)
                except queue.Empty:
                    break
                if item is _STOP:
                    return self._fail_all(pending)
                pending.append(item)
                if item.group == group:
                    count, longest = count + 1, max(longest, item.tokens)
            batch = self._next_batch(pending)
            if batch:
                self._run_batch(batch)

    def _fail_all(self, pending: list[_Item]) -> None:
        self._take(pending)
        for waiting in pending:
            waiting.job.fail(WorkerStopped("the server is shutting down"))

    def _next_batch(self, pending: list[_Item]) -> list[_Item]:
        """Remove from `pending` the sentences of abandoned requests, then the leading sentence's
        group in priority order up to the token budget, and return the latter.

        A sentence longer than the budget still runs, alone.
        """
        gone = [item for item in pending if item.job.abandoned or item.job.failed]
        if gone:
            self._take(gone)
            pending[:] = [item for item in pending if not (item.job.abandoned or item.job.failed)]
            if not pending:
                return []
        candidates = sorted(pending, key=_Item.priority)
        group = candidates[0].group
        width = group[1].beam_size
        # A batch led by a new request holds new requests only: the pieces of a long one that has
        # had a batch already would make it as slow as theirs.
        fresh = candidates[0].job.taken == 0
        batch: list[_Item] = []
        longest = 0
        for item in candidates:
            if fresh and item.job.taken:
                break  # sorted by `taken`: no new request's sentence comes after it
            if item.group != group:
                continue
            if batch and (len(batch) + 1) * width * max(longest, item.tokens) > self.max_batch_tokens:
                break
            batch.append(item)
            longest = max(longest, item.tokens)
        taken = set(map(id, batch))
        pending[:] = [item for item in pending if id(item) not in taken]
        self._take(batch)
        return [item for item in batch if not item.job.abandoned]

    def _take(self, items: list[_Item]) -> None:
        """Count `items` out of the queue (an abandoned job's were counted out when it gave up)."""
        with self._lock:
            for item in items:
                if not item.job.abandoned:
                    item.job.waiting -= 1
                    item.job.taken += 1
                    self._queued -= 1
            self.metrics.queue_depth.set(self._queued)

    def _run_batch(self, batch: list[_Item]) -> None:
        translator, options = batch[0].group
        jobs = {item.job for item in batch}

        def abandoned() -> list[int]:
            """Called between decoding steps: the batch's sentences whose request gave up."""
            if not any(job.abandoned for job in jobs):
                return []
            return [i for i, item in enumerate(batch) if item.job.abandoned]

        started = time.perf_counter()
        try:
            translations = translator.translate(
                [item.text for item in batch],
                decode=options.decode,
                beam_size=options.beam_size,
                alpha=options.alpha,
                n_best=options.n_best,
                return_attention=options.return_attention,
                max_output=self.max_output,
                abandoned=abandoned,
                lexicon=[item.lexicon for item in batch],
                domain=[item.domain for item in batch],
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
        dropped = 0
        for item, translation in zip(batch, translations, strict=True):
            if translation is None:  # abandoned while the batch ran
                dropped += 1
            else:
                item.job.deliver(item.index, translation)
        if dropped:
            self.metrics.abandoned.labels("decoding").inc(dropped)
