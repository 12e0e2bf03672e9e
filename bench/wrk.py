"""Closed-loop HTTP load with wrk: `concurrency` keep-alive connections, each sending its next POST as
soon as the last answer is in, for a fixed time; requests/s and p50/p95/p99 latency.

Part 3 measures servers on the same 2 cores as its client, so the client must cost the server as
little CPU as possible. At 32 clients bench.load (Python, httpx) took 4.5 s of CPU in 15 s,
wrk (C, epoll) 0.14 s; our server answered 181-197 against 256-264 requests/s (bench/PROFILE.md,
"A load generator in C"). wrk is the Debian package `wrk` (data/install_packages.sh installs it).
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

# wrk's Lua hooks: a fixed JSON body, and at the end one line with the figures the caller parses.
SCRIPT = """\
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[{body}]==]
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "%s{{\\"requests\\": %d, \\"microseconds\\": %d, \\"socket_errors\\": %d, \\"non2xx\\": %d, "
    .. "\\"p50_us\\": %d, \\"p95_us\\": %d, \\"p99_us\\": %d}}\\n",
    "{marker}", summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
MARKER = "WRK_RESULT "


class WrkError(RuntimeError):
    """wrk is missing, failed, or printed no result."""


def script(body: Any) -> str:
    """The Lua script that POSTs `body` (JSON-encoded) and prints the result line."""
    text = json.dumps(body, ensure_ascii=False)
    if "]==]" in text:
        raise ValueError("the body contains ']==]', which ends the Lua string that holds it")
    return SCRIPT.format(body=text, marker=MARKER)


def parse(stdout: str) -> dict[str, Any]:
    """The level's figures from wrk's output: requests and errors, req/s of the 2xx answers, latency
    percentiles in ms (NaN when no answer came)."""
    lines = [line for line in stdout.splitlines() if line.startswith(MARKER)]
    if not lines:
        raise WrkError(f"wrk printed no result line:\n{stdout[-2000:]}")
    figures = json.loads(lines[-1][len(MARKER) :])
    seconds = figures["microseconds"] / 1e6
    answered = figures["requests"] - figures["non2xx"]
    return {
        "seconds": seconds,
        "requests": figures["requests"] + figures["socket_errors"],
        "errors": figures["socket_errors"] + figures["non2xx"],
        "rps": answered / seconds if seconds > 0 else 0.0,
        **{f"p{p}_ms": figures[f"p{p}_us"] / 1000 if answered else math.nan for p in (50, 95, 99)},
    }


def run_level(
    url: str, body: Any, concurrency: int, seconds: float, timeout_s: float = 60.0
) -> dict[str, Any]:
    """POST `body` to `url` from `concurrency` connections for `seconds` (whole seconds, at least 1).

    Requests still in flight at the end are not counted; the server may still be answering them.
    """
    executable = shutil.which("wrk")
    if executable is None:
        raise WrkError("wrk is not installed: ./data/install_packages.sh installs it (apt-get install wrk)")
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "post.lua"
        lua.write_text(script(body), encoding="utf-8")
        command = [
            executable, "--threads", "1", "--connections", str(concurrency),
            "--duration", f"{max(1, round(seconds))}s", "--timeout", f"{max(1, round(timeout_s))}s",
            "--script", str(lua), url,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + timeout_s + 30)
    if done.returncode != 0:
        raise WrkError(f"wrk exited with {done.returncode}: {done.stderr.strip() or done.stdout[-2000:]}")
    return {"concurrency": concurrency, **parse(done.stdout)}
