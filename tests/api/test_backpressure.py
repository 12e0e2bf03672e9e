"""Backpressure: past MT_MAX_QUEUE requests get 503 with Retry-After at once, the queue never grows
past its bound, a request that outlasts MT_REQUEST_TIMEOUT_S gets 503, and the service recovers."""

from __future__ import annotations

import asyncio
import time

import httpx

from api.app import create_app
from tests.api.serving import serve

MAX_QUEUE = 4
BODY = {"source": "en", "target": "es", "decode": "greedy"}


def wait_until(condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def rejected(app, reason: str) -> float:
    registry = app.state.services.metrics.registry
    return registry.get_sample_value("mt_rejected_requests_total", {"reason": reason}) or 0


def test_flood_past_the_queue_gets_503_at_once_and_the_service_recovers(make_settings, held_model):
    app = create_app(make_settings(max_queue=MAX_QUEUE, max_wait_ms=0.0))
    flood = 40

    async def scenario(url: str):
        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            first = asyncio.create_task(client.post("/v1/translate", json={**BODY, "text": "the lord"}))
            await asyncio.to_thread(held_model.entered.wait, 10)  # the model is busy from here on
            posts = [
                asyncio.create_task(client.post("/v1/translate", json={**BODY, "text": f"ka lo {i}"}))
                for i in range(flood)
            ]
            # Every refusal comes back while the model is still held: refused at once, not queued.
            deadline = time.monotonic() + 20
            while sum(t.done() for t in posts) < flood - MAX_QUEUE:
                assert time.monotonic() < deadline, "the refusals did not come back"
                await asyncio.sleep(0.01)
            await asyncio.sleep(0.2)  # room for a wrong extra answer to show up
            refused = [t.result() for t in posts if t.done()]
            queued = worker.queued
            held_model.release()
            accepted = await asyncio.gather(first, *(t for t in posts if not t.done()))
            after = await client.post("/v1/translate", json={**BODY, "text": "dijo"})
        return refused, queued, accepted, after

    with serve(app) as url:
        worker = app.state.services.worker
        refused, queued, accepted, after = asyncio.run(scenario(url))
        wait_until(lambda: worker.queued == 0)
    assert len(refused) == flood - MAX_QUEUE and queued == MAX_QUEUE  # bounded: never more waiting
    for response in refused:
        assert response.status_code == 503 and response.headers["Retry-After"] == "1"
        assert response.json()["error"].startswith("server busy: 4 sentences are waiting (limit 4)")
    assert [r.status_code for r in accepted] == [200] * (1 + MAX_QUEUE)
    assert after.status_code == 200  # recovered once the load dropped
    assert rejected(app, "queue_full") == flood - MAX_QUEUE


def test_request_outlasting_the_timeout_gets_503_and_its_sentences_are_dropped(make_client, held_model):
    client = make_client(request_timeout_s=0.3, max_wait_ms=0.0)
    started = time.monotonic()
    first = client.post("/v1/translate", json={**BODY, "text": "the lord"})  # reaches the model, held
    waiting = client.post("/v1/translate", json={**BODY, "text": "ka lo mi"})  # queued behind it
    elapsed = time.monotonic() - started
    for response in (first, waiting):
        assert response.status_code == 503 and response.headers["Retry-After"] == "1"
        assert response.json()["error"].startswith("no translation within 0.3 s (MT_REQUEST_TIMEOUT_S)")
    assert elapsed < 5
    held_model.release()
    assert client.post("/v1/translate", json={**BODY, "text": "dijo"}).status_code == 200
    # The queued sentence of the request that gave up never reached the model.
    assert held_model.texts == ["the lord", "dijo"]
    assert rejected(client.app, "timeout") == 2
    assert client.app.state.services.worker.queued == 0


def test_request_with_more_sentences_than_the_queue_holds_is_413(make_client):
    client = make_client(max_queue=3)
    response = client.post("/v1/translate", json={**BODY, "text": "The lord. The god. The tierra. The end."})
    assert response.status_code == 413
    assert "4 sentences; at most 3 fit in the queue (MT_MAX_QUEUE)" in response.json()["error"]
    assert client.post("/v1/translate", json={**BODY, "text": "The lord. The god."}).status_code == 200
