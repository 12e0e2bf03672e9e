"""Loading models: a corrupt one is skipped at startup (and /ready says so); POST /admin/reload
swaps in new models without a restart, keeps the old ones when a file is corrupt, and loses no
request in flight."""

from __future__ import annotations

import asyncio
import logging
import shutil
import time
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from tests.api.serving import serve
from tests.api.tiny_models import write_tiny_model
from translator.facade import Translator

ADMIN = {"X-Admin-Key": "admin-secret"}
EN_ES = {"text": "the lord and the tierra", "source": "en", "target": "es", "decode": "greedy"}


@pytest.fixture
def models(models_dir, tmp_path) -> Path:
    """A copy of the tiny models that a test may change."""
    shutil.copytree(models_dir, tmp_path / "models")
    return tmp_path / "models"


def truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def test_startup_skips_a_truncated_model_and_ready_names_it(make_client, models, caplog):
    shutil.copytree(models / "en-es", models / "broken")
    truncate(models / "broken" / "model.pt")
    with caplog.at_level(logging.ERROR, logger="api.registry"):
        client = make_client(models_dir=models)
    assert client.get("/ready").json() == {"status": "ready", "models": 2, "failed": ["broken"]}
    (record,) = [r for r in caplog.records if "skipping model broken" in r.getMessage()]
    assert "broken/model.pt" in record.getMessage() and "truncated or corrupt" in record.getMessage()
    assert record.exc_info is None  # a message naming the file, no traceback
    assert client.post("/v1/translate", json=EN_ES).status_code == 200


def test_admin_endpoint_does_not_exist_without_an_admin_key(client):
    assert client.post("/admin/reload", headers=ADMIN).status_code == 404
    assert "/admin/reload" not in client.get("/openapi.json").json()["paths"]


def test_reload_needs_the_admin_key(make_client, models):
    client = make_client(models_dir=models, admin_key=ADMIN["X-Admin-Key"], api_keys="user-key")
    assert client.post("/admin/reload").status_code == 401
    assert client.post("/admin/reload", headers={"X-Admin-Key": "admin-secreT"}).status_code == 403
    assert client.post("/admin/reload", headers={"X-Admin-Key": "user-key"}).status_code == 403
    # Nothing in the request can point the reload elsewhere: it always reads MT_MODELS_DIR.
    response = client.post("/admin/reload?models_dir=/etc", json={"path": "/etc/passwd"}, headers=ADMIN)
    assert response.status_code == 200
    assert response.json() == {"status": "reloaded", "models": ["en-es", "es-en"]}


@pytest.mark.slow
def test_failed_reload_keeps_the_old_models_and_names_the_file(make_client, models, caplog):
    client = make_client(models_dir=models, admin_key=ADMIN["X-Admin-Key"])
    before = client.post("/v1/translate", json=EN_ES).json()
    truncate(models / "en-es" / "model.pt")
    with caplog.at_level(logging.ERROR):
        response = client.post("/admin/reload", headers=ADMIN)
    assert response.status_code == 500
    message = response.json()["error"]
    assert message.startswith("reload failed, still serving the previous models: ")
    assert "en-es/model.pt: not a readable checkpoint" in message
    assert "Traceback" not in response.text and not any(r.exc_info for r in caplog.records)
    assert client.post("/v1/translate", json=EN_ES).json() == before
    assert client.get("/ready").json() == {"status": "ready", "models": 2}

    shutil.rmtree(models / "en-es")
    shutil.rmtree(models / "es-en")
    response = client.post("/admin/reload", headers=ADMIN)
    assert response.status_code == 500 and "no model found" in response.json()["error"]
    assert client.post("/v1/translate", json=EN_ES).json() == before


@pytest.mark.slow
def test_requests_in_flight_during_a_good_reload_all_succeed(make_settings, models, monkeypatch):
    load = Translator.load

    def slow_load(*args, **kwargs):
        time.sleep(0.2)  # a reload long enough for requests to cross it
        return load(*args, **kwargs)

    monkeypatch.setattr(Translator, "load", slow_load)
    app = create_app(make_settings(models_dir=models, admin_key=ADMIN["X-Admin-Key"]))

    async def scenario(url: str) -> tuple[list[tuple[float, float, int]], tuple[float, float]]:
        done = asyncio.Event()
        spans: list[tuple[float, float, int]] = []  # (start, end, status) per request

        async def user(client: httpx.AsyncClient, i: int) -> None:
            body = EN_ES if i % 2 else {"text": "la tierra", "source": "es", "target": "en"}
            while not done.is_set():
                started = time.monotonic()
                response = await client.post("/v1/translate", json=body)
                spans.append((started, time.monotonic(), response.status_code))

        async with httpx.AsyncClient(base_url=url, timeout=30) as client:
            users = [asyncio.create_task(user(client, i)) for i in range(8)]
            await asyncio.sleep(0.3)
            write_tiny_model(models / "en-es", "en", "es", seed=7, metrics={"dev_bleu": 9.0})
            reload_started = time.monotonic()
            response = await client.post("/admin/reload", headers=ADMIN)
            reload_ended = time.monotonic()
            assert response.status_code == 200
            await asyncio.sleep(0.3)
            done.set()
            await asyncio.gather(*users)
        return spans, (reload_started, reload_ended)

    with serve(app) as url:
        spans, (reload_started, reload_ended) = asyncio.run(scenario(url))
        after = httpx.post(f"{url}/v1/translate", json=EN_ES, timeout=30).json()
    crossing = [s for s in spans if s[0] < reload_ended and s[1] > reload_started]
    print(f"reload: {len(spans)} requests, {len(crossing)} in flight during the reload, all answered 200")
    assert [status for _, _, status in spans] == [200] * len(spans)
    assert len(crossing) >= 8, "requests should have been in flight during the reload"
    new_model = load(models / "en-es", device="cpu")
    assert after["results"][0]["translation"] == new_model.translate([EN_ES["text"]], decode="greedy")[0].text
