"""A request that gives up (its deadline passed, or its client went away) is
dropped from the queue at once and from the running batch at the next decoding step."""

from __future__ import annotations

import asyncio
import threading
import time

import httpx
import pytest

from api.app import create_app
from api.batching import BatchingWorker, DecodeOptions, RequestTimeout
from api.metrics import Metrics
from tests.api.serving import serve
from translator.facade import Translator

GREEDY = DecodeOptions(decode="greedy")


@pytest.fixture(scope="module")
def translator(models_dir) -> Translator:
    return Translator.load(models_dir / "en-es", device="cpu")


def wait_until(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def abandoned(metrics: Metrics, stage: str) -> float:
    return metrics.registry.get_sample_value("mt_abandoned_sentences_total", {"stage": stage}) or 0


def run(worker: BatchingWorker, scenario) -> None:
    worker.start()
    try:
        asyncio.run(scenario(worker))
    finally:
        worker.stop()  # the worker handles everything queued before it stops


@pytest.mark.parametrize("give_up", ["cancelled", "timed out"])
def test_a_request_that_gives_up_leaves_the_queue_and_is_never_translated(translator, held_model, give_up):
    metrics = Metrics()
    doomed = [f"ka lo {i}" for i in range(50)]

    async def scenario(worker: BatchingWorker) -> None:
        first = asyncio.ensure_future(worker.translate(translator, ["the lord"], GREEDY))
        await asyncio.to_thread(held_model.entered.wait, 10)  # the model is busy from here on
        request = asyncio.ensure_future(worker.translate(translator, doomed, GREEDY))
        if give_up == "cancelled":  # what a client that disconnects does to its request
            while worker.queued < len(doomed):
                await asyncio.sleep(0.005)
            request.cancel()
            with pytest.raises(asyncio.CancelledError):
                await request
        else:
            worker.timeout_s = 0.2
            with pytest.raises(RequestTimeout):
                await request
        while worker.queued:  # the queue's places are freed while the model is still busy
            await asyncio.sleep(0.005)
        held_model.release()
        await first

    run(BatchingWorker(max_batch_tokens=4096, max_wait_ms=0.0, max_queue=100, metrics=metrics), scenario)
    assert held_model.texts == ["the lord"]
    assert abandoned(metrics, "queued") == len(doomed)
    assert metrics.registry.get_sample_value("mt_batch_sentences_sum") == 1


def test_a_request_cancelled_while_decoding_leaves_the_batch_at_the_next_step(translator, monkeypatch):
    """The search asks between steps whether its sentences are still wanted; once the request is
    cancelled it stops, far before the steps that the sentences' length limit allows."""
    sentences = ["the lord god of the tierra and the waters", "ka lo mi ne su ta"]
    steps_whole: list[int] = []
    translator.translate(sentences, decode="greedy", abandoned=lambda: steps_whole.append(1) or [])
    assert len(steps_whole) > 5

    asked = threading.Event()
    cancelled = threading.Event()
    steps: list[int] = []
    translate = Translator.translate

    def asking(self, texts, *, abandoned, **options):
        def ask():
            steps.append(1)
            asked.set()
            cancelled.wait(timeout=30)
            return abandoned()

        return translate(self, texts, abandoned=ask, **options)

    monkeypatch.setattr(Translator, "translate", asking)
    metrics = Metrics()

    async def scenario(worker: BatchingWorker) -> None:
        request = asyncio.ensure_future(worker.translate(translator, sentences, GREEDY))
        await asyncio.to_thread(asked.wait, 10)  # the first step has run
        request.cancel()
        await asyncio.sleep(0)
        cancelled.set()

    run(BatchingWorker(max_batch_tokens=4096, max_wait_ms=0.0, max_queue=100, metrics=metrics), scenario)
    assert len(steps) == 1
    assert abandoned(metrics, "decoding") == len(sentences)


def test_a_client_that_disconnects_has_its_sentences_dropped(make_settings, held_model):
    """Five clients queue 192 sentences each and go away: only the batch that the model had already
    started is translated, and not to its end."""
    app = create_app(make_settings(max_batch_tokens=64, max_wait_ms=0.0))
    texts = [f"the lord {i}. ka lo {i}. god {i}." for i in range(64)]  # 192 sentences
    body = {"source": "en", "target": "es", "decode": "greedy", "text": texts}
    metrics = None
    with serve(app) as url:
        services = app.state.services
        metrics = services.metrics.registry
        with pytest.raises(httpx.ReadTimeout):
            # The client gives up after 1 s (once the model holds its first batch) and closes the connection.
            httpx.post(f"{url}/v1/translate", json=body, timeout=httpx.Timeout(30, read=1))
        assert held_model.entered.is_set()
        first_batch = len(held_model.texts)
        assert 0 < first_batch < 192
        wait_until(lambda: services.worker.queued == 0)  # dropped while the model was still busy
        held_model.release()
        wait_until(lambda: metrics.get_sample_value("mt_abandoned_sentences_total", {"stage": "decoding"}))
        status = {"method": "POST", "route": "/v1/translate", "status": "499"}
        wait_until(lambda: metrics.get_sample_value("mt_http_requests_total", status) == 1)
    assert metrics.get_sample_value("mt_batch_sentences_sum") == first_batch
    assert metrics.get_sample_value("mt_abandoned_sentences_total", {"stage": "queued"}) == 192 - first_batch
    assert metrics.get_sample_value("mt_abandoned_sentences_total", {"stage": "decoding"}) == first_batch
