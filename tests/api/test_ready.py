"""/ready is 200 only once the inference worker has warmed every model up."""

from __future__ import annotations

import threading
import time

from fastapi.testclient import TestClient

from api.app import create_app
from api.registry import ModelRegistry


def wait_until(condition, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.005)


def test_ready_is_503_until_the_worker_has_warmed_up(make_settings, monkeypatch):
    started, finish = threading.Event(), threading.Event()
    threads = []

    def slow_warm_up(registry: ModelRegistry) -> None:
        threads.append(threading.current_thread().name)
        started.set()
        finish.wait(timeout=30)

    monkeypatch.setattr(ModelRegistry, "warm_up", slow_warm_up)
    with TestClient(create_app(make_settings(compile=True))) as client:
        assert started.wait(10)
        response = client.get("/ready")
        assert response.status_code == 503
        assert "warming up" in response.json()["error"]
        assert client.get("/health").status_code == 200  # alive, only not ready
        finish.set()
        wait_until(client.app.state.services.worker.warm.is_set)
        assert client.get("/ready").json() == {"status": "ready", "models": 2}
    assert threads == ["inference-worker"]


def test_ready_after_a_failed_warm_up(make_settings, monkeypatch):
    """The worker serves without compiled code when the warm-up fails, so the service is ready."""

    def broken_warm_up(registry: ModelRegistry) -> None:
        raise RuntimeError("no C++ compiler")

    monkeypatch.setattr(ModelRegistry, "warm_up", broken_warm_up)
    with TestClient(create_app(make_settings(compile=True))) as client:
        wait_until(client.app.state.services.worker.warm.is_set)
        assert client.get("/ready").status_code == 200
