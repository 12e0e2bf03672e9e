"""Real servers for the tests that talk HTTP over a socket: uvicorn in a background thread
(`serve`), or `python -m api` in a subprocess (`ServerProcess`) for signals and shutdown."""

from __future__ import annotations

import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn
from fastapi import FastAPI

from tests.processes import child_env, start_python


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Run `app` with uvicorn in a thread on a free loopback port; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))  # the socket stays bound, so no other process can take the port
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ServerProcess:
    """`python -m api` as a subprocess on a free loopback port; its output is collected line by line.

    extra_path: folders put first on PYTHONPATH (e.g. one holding a test's sitecustomize.py).
    """

    def __init__(
        self, models_dir: Path, env: dict[str, str] | None = None, extra_path: tuple[Path, ...] = ()
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # MT_COMPILE=false: start in a second; tests/api/test_settings.py serves compiled.
        child = child_env(**{"MT_COMPILE": "false", **(env or {})})
        child["PYTHONPATH"] = os.pathsep.join([*map(str, extra_path), child["PYTHONPATH"]])
        args = ["-m", "api", "--port", self.port, "--models", models_dir]
        self.process = start_python(
            *args, env=child, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        self.lines: list[str] = []
        self._new_line = threading.Condition()
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self) -> None:
        for line in self.process.stdout:
            with self._new_line:
                self.lines.append(line.rstrip("\n"))
                self._new_line.notify_all()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, text: str, timeout: float = 30) -> str:
        """The first output line containing `text`, waiting up to `timeout` s for it to appear."""
        deadline = time.monotonic() + timeout
        with self._new_line:
            while not any(text in line for line in self.lines):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no line with {text!r} in the server output:\n{self.output}")
                self._new_line.wait(min(left, 0.5))
            return next(line for line in self.lines if text in line)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{self.url}/ready", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, f"the server exited:\n{self.output}"
            assert time.monotonic() < deadline, f"the server did not get ready:\n{self.output}"
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
