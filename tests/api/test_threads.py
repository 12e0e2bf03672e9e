"""Threads: every model call runs on the one inference thread, with MT_THREADS intra-op threads and
a one-thread inter-op pool, however many requests arrive at once; models load on one thread."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator

import httpx
import pytest
import torch

from api.app import create_app
from api.registry import ModelRegistry
from tests.api.serving import serve
from tests.processes import child_env, run_python
from translator.facade import Translator

REQUESTS = 8


@pytest.fixture
def torch_threads() -> Iterator[None]:
    """Puts back the process-wide intra-op thread count a test changes."""
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


def test_concurrent_requests_run_on_the_worker_thread_with_mt_threads(
    make_settings, monkeypatch, torch_threads
):
    seen: set[tuple[str, int, int]] = set()
    translate = Translator.translate

    def recording(translator, texts, **options):
        seen.add((threading.current_thread().name, torch.get_num_threads(), torch.get_num_interop_threads()))
        return translate(translator, texts, **options)

    monkeypatch.setattr(Translator, "translate", recording)
    app = create_app(make_settings(threads=2))

    async def post_all(url: str) -> list[int]:
        async with httpx.AsyncClient(base_url=url, timeout=60) as client:
            bodies = [
                {"text": f"the lord {i}", "source": "en", "target": "es", "decode": ("greedy", "beam")[i % 2]}
                for i in range(REQUESTS)
            ]
            responses = await asyncio.gather(*(client.post("/v1/translate", json=b) for b in bodies))
        return [r.status_code for r in responses]

    with serve(app) as url:
        assert asyncio.run(post_all(url)) == [200] * REQUESTS
    assert seen == {("inference-worker", 2, 1)}


def test_models_load_on_one_intra_op_thread_at_startup_and_on_reload(
    make_settings, monkeypatch, torch_threads
):
    """A loading thread with an OpenMP team of its own would slow every parallel op of the worker."""
    loads: list[int] = []
    load = ModelRegistry.load

    def recording(*args, **kwargs):
        loads.append(torch.get_num_threads())
        return load(*args, **kwargs)

    monkeypatch.setattr(ModelRegistry, "load", recording)
    app = create_app(make_settings(threads=2, admin_key="admin"))
    with serve(app) as url:
        assert httpx.post(f"{url}/admin/reload", headers={"X-Admin-Key": "admin"}).status_code == 200
        body = {"text": "the lord", "source": "en", "target": "es"}
        assert httpx.post(f"{url}/v1/translate", json=body).status_code == 200
        assert app.state.services.worker.threads == 2
    assert loads == [1, 1]


@pytest.mark.slow  # torch.compile
def test_compiled_models_warm_up_on_the_worker_thread(make_settings, monkeypatch, torch_threads):
    """torch.compile guards on the intra-op thread count: code compiled on the one-thread loading
    thread would be compiled again by the worker's first request."""
    seen: list[tuple[str, int]] = []
    warmed = threading.Event()

    def recording(translator):
        seen.append((threading.current_thread().name, torch.get_num_threads()))
        warmed.set()

    monkeypatch.setattr(Translator, "warm_up", recording)
    app = create_app(make_settings(threads=2, compile=True))
    with serve(app):
        assert warmed.wait(timeout=30)
        models = len(app.state.services.registry)
    assert models and seen == [("inference-worker", 2)] * models


@pytest.mark.slow
@pytest.mark.parametrize(("given", "expected"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_python_m_api_lets_openmp_threads_sleep_unless_told_otherwise(given, expected):
    """Set before torch loads (GNU OpenMP reads it once); an operator's own setting wins."""
    env = child_env(OMP_WAIT_POLICY=given)
    # The value the environment holds when torch is first imported.
    code = """if True:
        import os, sys
        seen = []
        class Spy:
            def find_spec(self, name, path=None, target=None):
                if name == "torch" and not seen:
                    seen.append(os.environ.get("OMP_WAIT_POLICY"))
        sys.meta_path.insert(0, Spy())
        import api.__main__
        print(seen[0])
    """
    out = run_python("-c", code, env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == expected
