"""API test fixtures: tiny en-es/es-en models, in-process clients and a live uvicorn server."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import ENV_PREFIX, Settings
from tests.api.serving import serve
from tests.api.tiny_models import write_tiny_models
from translator.facade import Translator


@pytest.fixture(scope="session", autouse=True)
def _no_env_settings() -> Iterator[None]:
    """The developer's own MT_* variables must not change what the tests see."""
    saved = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    for key in saved:
        del os.environ[key]
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory) -> Path:
    return write_tiny_models(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def make_settings(models_dir) -> Callable[..., Settings]:
    """Settings for the tiny models with a short batching wait and no request timeout (a slow
    machine must not turn answers into 503s; the backpressure tests set one) and no compilation
    (tests/api/test_settings.py covers it); keyword arguments override."""

    def make(**overrides) -> Settings:
        defaults = {"models_dir": models_dir, "max_wait_ms": 2.0, "request_timeout_s": 0.0, "compile": False}
        return Settings(**{**defaults, **overrides})

    return make


@pytest.fixture(scope="session")
def client(make_settings) -> Iterator[TestClient]:
    """One app for the tests that do not change settings; startup and shutdown run once."""
    with TestClient(create_app(make_settings())) as test_client:
        yield test_client


@pytest.fixture
def make_client(make_settings) -> Iterator[Callable[..., TestClient]]:
    """A started TestClient for an app with changed settings, shut down after the test."""
    with ExitStack() as stack:
        yield lambda **overrides: stack.enter_context(TestClient(create_app(make_settings(**overrides))))


@pytest.fixture(scope="session")
def live_server(make_settings) -> Iterator[str]:
    """Base URL of a real uvicorn server with the tiny models."""
    with serve(create_app(make_settings())) as url:
        yield url


class HeldModel:
    """Every model call waits until `release()`; `entered` is set once the first call is waiting.
    `texts` records what reached the model, in order."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.released = threading.Event()
        self.texts: list[str] = []

    def release(self) -> None:
        self.released.set()


@pytest.fixture
def held_model(monkeypatch) -> Iterator[HeldModel]:
    """Holds every Translator.translate call of this process until the test releases it."""
    held = HeldModel()
    translate = Translator.translate

    def wait_then_translate(translator, texts, **options):
        held.texts.extend(texts)
        held.entered.set()
        held.released.wait(timeout=30)
        return translate(translator, texts, **options)

    monkeypatch.setattr(Translator, "translate", wait_then_translate)
    yield held
    held.release()  # never leave the worker blocked
