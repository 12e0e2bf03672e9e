"""Load test of a running translation server: requests/s and p50/p99 latency per concurrency level.

Sends single-sentence POST /v1/translate requests (beam search, size 5) from N concurrent
clients. Loopback only; each level stops after --requests requests or --seconds, whichever first.

    python -m api --models models --port 8765 &
    python bench/load_api.py --url http://127.0.0.1:8765 --concurrency 1 16
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import math
import statistics
import sys
import time
from urllib.parse import urlsplit

import httpx

TEXT = "In the beginning God created the heaven and the earth."


def loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


async def run_level(
    client: httpx.AsyncClient, body: dict, concurrency: int, requests: int, seconds: float
) -> dict:
    latencies: list[float] = []
    errors = 0
    sent = 0
    deadline = time.perf_counter() + seconds

    async def user() -> None:
        nonlocal sent, errors
        while sent < requests and time.perf_counter() < deadline:
            sent += 1
            started = time.perf_counter()
            response = await client.post("/v1/translate", json=body)
            if response.status_code == 200:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "concurrency": concurrency,
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "rps": len(latencies) / elapsed,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * percentile(latencies, 99),
    }


async def main(args: argparse.Namespace) -> None:
    body = {"text": args.text, "source": args.source, "target": args.target, "decode": "beam", "beam_size": 5}
    limits = httpx.Limits(max_connections=max(args.concurrency))
    async with httpx.AsyncClient(base_url=args.url, timeout=60, limits=limits) as client:
        for _ in range(args.warmup):
            (await client.post("/v1/translate", json=body)).raise_for_status()
        print("concurrency  requests  errors  req/s   p50 ms   p99 ms")
        for concurrency in args.concurrency:
            r = await run_level(client, body, concurrency, args.requests, args.seconds)
            print(
                f"{r['concurrency']:>11}  {r['requests']:>8}  {r['errors']:>6}  {r['rps']:>5.1f}  "
                f"{r['p50_ms']:>7.1f}  {r['p99_ms']:>7.1f}"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="server base URL (loopback only)")
    parser.add_argument(
        "--concurrency", type=int, nargs="+", default=[1, 16], help="concurrent clients per level"
    )
    parser.add_argument("--requests", type=int, default=300, help="requests per level at most")
    parser.add_argument("--seconds", type=float, default=60.0, help="seconds per level at most")
    parser.add_argument("--warmup", type=int, default=5, help="requests sent first and not measured")
    parser.add_argument("--text", default=TEXT)
    parser.add_argument("--source", default="en")
    parser.add_argument("--target", default="es")
    arguments = parser.parse_args()
    if not loopback(arguments.url):
        sys.exit(f"refusing {arguments.url}: this load test only targets loopback addresses")
    asyncio.run(main(arguments))
