"""One-sentence request latency of `python -m api` per MT_THREADS, alone and beside a busy process.

    python -m bench busy-neighbour --models models --threads 1 2 --requests 20

For each thread count: start the server, warm it up, time `--requests` one-sentence beam requests
on an idle host, then again while `python -c 'while True: pass'` keeps one core busy. Prints the
median and the slowest request of each (bench/PROFILE.md, "Threads beside a busy process").
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

# tests/api/serving.py starts the server as the tests do (it imports tests/processes.py). tests/ is a
# package: it is imported from the repository root, never put on sys.path itself (tests/data would
# shadow the project's data package).
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.api.serving import ServerProcess  # noqa: E402

BODY = {"text": "And God said, Let there be light: and there was light.", "source": "en", "target": "es"}


def time_requests(url: str, count: int) -> list[float]:
    seconds = []
    with httpx.Client(base_url=url, timeout=120) as client:
        for _ in range(count):
            start = time.perf_counter()
            client.post("/v1/translate", json={**BODY, "decode": "beam"}).raise_for_status()
            seconds.append(time.perf_counter() - start)
    return seconds


def measure(models: Path, threads: int, count: int) -> dict[str, list[float]]:
    server = ServerProcess(
        models, env={"MT_THREADS": str(threads), "MT_COMPILE": "true", "MT_REQUEST_TIMEOUT_S": "0"}
    )
    try:
        server.wait_ready(timeout=600)
        time_requests(server.url, 5)  # first requests after /ready: not what this measures
        idle = time_requests(server.url, count)
        busy_loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
        try:
            time.sleep(1)
            busy = time_requests(server.url, count)
        finally:
            busy_loop.kill()
            busy_loop.wait()
        return {"idle": idle, "busy": busy}
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(
        prog="python -m bench busy-neighbour",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--models", type=Path, default=Path("models"))
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--requests", type=int, default=20)
    args = p.parse_args(argv)
    print(f"{os.cpu_count()} cores; {args.requests} requests each, one sentence, beam 5")
    print("| MT_THREADS | idle median | idle max | busy neighbour median | busy neighbour max |")
    print("| --- | --- | --- | --- | --- |")
    for threads in args.threads:
        result = measure(args.models, threads, args.requests)
        idle, busy = result["idle"], result["busy"]
        print(
            f"| {threads} | {statistics.median(idle):.3f} s | {max(idle):.3f} s "
            f"| {statistics.median(busy):.3f} s | {max(busy):.3f} s |",
            flush=True,
        )
    return 0
