"""Settings from MT_* variables, the settings table, and the `python -m api` entry point."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from pydantic import ValidationError

from api.__main__ import parser, settings_from_args
from api.settings import Settings, settings_table
from tests.processes import child_env, run_python, start_python

ROOT = Path(__file__).resolve().parents[2]


def test_environment_variables_are_read(monkeypatch):
    monkeypatch.setenv("MT_MAX_BATCH_TOKENS", "512")
    monkeypatch.setenv("MT_API_KEYS", "one, two")
    monkeypatch.setenv("MT_CORS_ORIGINS", "http://localhost:3000")
    monkeypatch.setenv("MT_COMPILE", "false")
    settings = Settings()
    assert settings.compile is False
    assert settings.max_batch_tokens == 512
    assert settings.api_keys == ["one", "two"]
    assert settings.cors_origins == ["http://localhost:3000"]


def test_bad_value_is_rejected(monkeypatch):
    monkeypatch.setenv("MT_MAX_WAIT_MS", "-1")
    with pytest.raises(ValidationError, match="max_wait_ms"):
        Settings()


def test_precision_that_cannot_run_is_refused(monkeypatch):
    monkeypatch.setenv("MT_DEVICE", "cpu")
    monkeypatch.setenv("MT_PRECISION", "fp16")
    with pytest.raises(ValidationError, match="fp16 needs a GPU"):
        Settings()


@pytest.mark.slow
def test_bad_setting_stops_python_m_api_with_a_message(repo_root):
    proc = run_python("-m", "api", cwd=repo_root, env=child_env(MT_PRECISION="fp8"), timeout=60)
    assert proc.returncode == 2
    assert "MT_PRECISION" in proc.stderr and "Traceback" not in proc.stderr


def test_command_line_overrides_environment(monkeypatch):
    monkeypatch.setenv("MT_PORT", "9000")
    monkeypatch.setenv("MT_MODELS_DIR", "elsewhere")
    settings = settings_from_args(parser().parse_args(["--models", "mine", "--host", "0.0.0.0"]))
    assert (settings.host, settings.port, settings.models_dir) == ("0.0.0.0", 9000, Path("mine"))


def test_settings_md_is_the_current_table():
    written = (ROOT / "api" / "SETTINGS.md").read_text(encoding="utf-8")
    assert written == settings_table(), "regenerate: python -m api --settings-table > api/SETTINGS.md"


@pytest.mark.slow
def test_python_m_api_serves(models_dir):
    """The real entry point: a subprocess on a free port answers /ready."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    command = ["-m", "api", "--port", port, "--models", models_dir]
    process = start_python(*command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120  # startup, then the warm-up's compilation
        while True:
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/ready", timeout=2)
                if response.status_code == 200:
                    break
                assert "warming up" in response.json()["error"]
            except httpx.TransportError:
                pass
            assert process.poll() is None, process.stdout.read().decode()
            assert time.monotonic() < deadline, "server did not get ready"
            time.sleep(0.2)
        assert response.json() == {"status": "ready", "models": 2}
        # The defaults compile the attention at startup; the compiled model answers.
        answer = httpx.post(
            f"http://127.0.0.1:{port}/v1/translate", json={"text": "the lord", "source": "en", "target": "es"}
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["results"][0]["translation"]
    finally:
        process.terminate()
        process.wait(timeout=10)
