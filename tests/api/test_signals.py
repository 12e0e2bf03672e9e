"""`python -m api` and signals: SIGTERM drains the requests in flight and exits 0; SIGHUP reloads.

The server runs as a real subprocess. A sitecustomize.py on its PYTHONPATH holds every model call
until the test creates a gate file, so requests are surely still in flight when the signal arrives.
"""

from __future__ import annotations

import shutil
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.api.serving import ServerProcess
from tests.api.tiny_models import write_tiny_model

pytestmark = pytest.mark.slow  # python -m api in a subprocess

SITECUSTOMIZE = """
import time
from pathlib import Path

from translator.facade import Translator

_translate = Translator.translate


def _held(self, *args, **kwargs):
    deadline = time.monotonic() + 120
    while not Path({gate!r}).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    return _translate(self, *args, **kwargs)


Translator.translate = _held
"""

# Different decoding options never share a model call: these run as one batch each.
IN_FLIGHT = [{"decode": "greedy"}] + [{"beam_size": size} for size in range(2, 9)]


@pytest.fixture
def gate(tmp_path) -> Path:
    """Model calls in the server wait until this file exists."""
    return tmp_path / "gate"


@pytest.fixture
def server(models_dir, tmp_path, gate) -> Iterator[ServerProcess]:
    models = tmp_path / "models"
    shutil.copytree(models_dir, models)
    patch = tmp_path / "patch"
    patch.mkdir()
    (patch / "sitecustomize.py").write_text(SITECUSTOMIZE.format(gate=str(gate)))
    # A generous drain limit: a slow machine must not turn the drain into cancelled requests.
    process = ServerProcess(models, env={"MT_SHUTDOWN_TIMEOUT_S": "120"}, extra_path=(patch,))
    try:
        process.wait_ready(timeout=120)
        yield process
    finally:
        process.stop()


def in_progress(url: str) -> float:
    text = httpx.get(f"{url}/metrics", timeout=10).text
    (family,) = (f for f in text_string_to_metric_families(text) if f.name == "mt_http_requests_in_progress")
    return family.samples[0].value


def test_sigterm_finishes_requests_in_flight_then_exits_0(server, gate):
    url = server.url
    bodies = [
        {"text": f"the lord {i}. ka lo mi.", "source": "en", "target": "es", **o}
        for i, o in enumerate(IN_FLIGHT)
    ]
    with ThreadPoolExecutor(len(bodies)) as pool:
        futures = [pool.submit(httpx.post, f"{url}/v1/translate", json=b, timeout=120) for b in bodies]
        # Every request has reached the app (the scrape counts itself) before the signal is sent.
        deadline = time.monotonic() + 60
        while in_progress(url) < len(bodies) + 1:
            assert time.monotonic() < deadline, "the requests did not all reach the server"
            time.sleep(0.02)
        server.process.send_signal(signal.SIGTERM)
        # uvicorn logs this once its listening socket is closed, while requests are in flight.
        server.wait_for_line("Waiting for connections to close", timeout=60)
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{url}/health", timeout=5)
        assert not any(f.done() for f in futures)
        gate.touch()
        responses = [f.result() for f in futures]
    statuses = [r.status_code for r in responses]
    print(f"SIGTERM: {len(bodies)} requests in flight, {statuses.count(200)} answered 200")
    assert statuses == [200] * len(bodies)
    assert all(r.json()["results"][0]["translation"] for r in responses)
    assert server.process.wait(timeout=60) == 0
    assert "Traceback" not in server.output


def test_sighup_reloads_and_a_corrupt_model_keeps_the_old_one(server, gate, tmp_path):
    gate.touch()
    url = server.url
    models = tmp_path / "models"

    def en_es_metrics() -> dict:
        listed = httpx.get(f"{url}/v1/models", timeout=10).json()["models"]
        return next(m["metrics"] for m in listed if m["name"] == "en-es")

    assert en_es_metrics() == {"dev_bleu": 0.5, "test_bleu": 0.4}
    write_tiny_model(models / "en-es", "en", "es", seed=7, metrics={"dev_bleu": 9.0})
    server.process.send_signal(signal.SIGHUP)
    server.wait_for_line("reloaded 2 models", timeout=60)
    assert en_es_metrics() == {"dev_bleu": 9.0}

    Path(models / "es-en" / "model.pt").write_bytes(b"truncated")
    server.process.send_signal(signal.SIGHUP)
    failure = server.wait_for_line("reload failed", timeout=60)
    assert "es-en/model.pt" in failure and "still serving the previous models" in failure
    response = httpx.post(
        f"{url}/v1/translate", json={"text": "la tierra", "source": "es", "target": "en"}, timeout=30
    )
    assert response.status_code == 200
    assert en_es_metrics() == {"dev_bleu": 9.0}
    assert server.process.poll() is None
    assert "Traceback" not in server.output
