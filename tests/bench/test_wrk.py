"""bench.wrk against a small keep-alive HTTP server on loopback: what wrk sends, and what it counts."""

from __future__ import annotations

import json
import math
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import wrk

needs_wrk = pytest.mark.skipif(
    shutil.which("wrk") is None, reason="wrk is not installed (./data/install_packages.sh installs it)"
)
BODY = {"text": "¿Qué dice? \"Quoted\" and 'single', a [bracket]]", "beam_size": 5}


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    bodies: list = []

    def do_POST(self) -> None:
        payload = self.rfile.read(int(self.headers["Content-Length"]))
        Recorder.bodies.append((self.headers["Content-Type"], json.loads(payload)))
        status = 200 if self.path == "/ok" else 503
        answer = b'{"ok": true}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    Recorder.bodies = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@needs_wrk
def test_posts_the_json_body_and_counts_answers(server):
    level = wrk.run_level(f"{server}/ok", BODY, concurrency=3, seconds=1)
    assert level["concurrency"] == 3
    assert level["errors"] == 0
    assert level["requests"] >= 3
    # Requests still in flight when wrk stops are not counted; everything counted reached the server.
    assert level["requests"] <= len(Recorder.bodies)
    assert all(seen == ("application/json", BODY) for seen in Recorder.bodies)
    assert level["rps"] == pytest.approx(level["requests"] / level["seconds"])
    assert 0 < level["p50_ms"] <= level["p95_ms"] <= level["p99_ms"]


@needs_wrk
def test_error_answers_are_errors_not_throughput(server):
    level = wrk.run_level(f"{server}/busy", BODY, concurrency=2, seconds=1)
    assert level["requests"] > 0
    assert level["errors"] == level["requests"]
    assert level["rps"] == 0.0
    assert math.isnan(level["p50_ms"])


def test_a_body_that_would_end_the_lua_string_is_refused():
    with pytest.raises(ValueError, match="Lua"):
        wrk.script({"text": "a ]==] b"})


def test_missing_wrk_says_how_to_install_it(monkeypatch):
    monkeypatch.setattr(wrk.shutil, "which", lambda name: None)
    with pytest.raises(wrk.WrkError, match="install_packages"):
        wrk.run_level("http://127.0.0.1:9/ok", BODY, concurrency=1, seconds=1)


def test_no_result_line_is_an_error():
    with pytest.raises(wrk.WrkError, match="no result"):
        wrk.parse("Running 1s test @ http://127.0.0.1\n")
