"""Load test of a running translation server: requests/s and p50/p95/p99 latency per concurrency level.

By default every request is the same single sentence (beam search, size 5). With --mixed the
clients send greedy and beam requests, short and long texts, and every answer is checked against
the answer to the same request sent alone beforehand: a request that fails or comes back
different counts as lost. Loopback only; each level stops after --requests requests or --seconds,
whichever first.

`make bench` (part 3) measures throughput with wrk instead (bench.wrk): this client spends about a
quarter of a core at 32 clients, which on a small machine comes out of the server's share.

    python -m api --models models --port 8765 &
    python -m bench load --url http://127.0.0.1:8765 --concurrency 1 16
    python -m bench load --url http://127.0.0.1:8765 --concurrency 32 --seconds 20 --mixed
"""

from __future__ import annotations

import argparse
import asyncio
import ipaddress
import math
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

TEXT = "In the beginning God created the heaven and the earth."
SHORT_TEXTS = ["And God said, Let there be light.", "Jesus wept."]
LONG_TEXT = (
    "In the beginning God created the heaven and the earth. And the earth was without form, and void; "
    "and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters.\n"
    "And God said, Let there be light: and there was light. And God saw the light, that it was good: "
    "and God divided the light from the darkness."
)
# Scores of the same request may differ in the last float digits when its sentences share a batch.
SCORE_TOLERANCE = 1e-4


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


def single_body(text: str, source: str, target: str) -> dict:
    return {"text": text, "source": source, "target": target, "decode": "beam", "beam_size": 5}


def mixed_bodies(source: str, target: str) -> list[dict]:
    """Greedy, beam and n-best requests over short texts, a long paragraph and a list of texts."""
    pair = {"source": source, "target": target}
    texts: list[str | list[str]] = [*SHORT_TEXTS, LONG_TEXT, [SHORT_TEXTS[0], LONG_TEXT]]
    options: list[dict[str, Any]] = [
        {"decode": "greedy"},
        {"decode": "beam", "beam_size": 5},
        {"beam_size": 4, "n_best": 3},
    ]
    return [{"text": text, **pair, **option} for text in texts for option in options]


def same_answer(got: dict, expected: dict) -> bool:
    """Same translations and alternatives, scores equal up to SCORE_TOLERANCE."""
    if len(got["results"]) != len(expected["results"]):
        return False
    for a, b in zip(got["results"], expected["results"], strict=True):
        texts = [a["translation"]] + [x["text"] for x in a["alternatives"]]
        if texts != [b["translation"]] + [x["text"] for x in b["alternatives"]]:
            return False
        scores = [(x["score"], y["score"]) for x, y in zip(a["alternatives"], b["alternatives"], strict=True)]
        if any(abs(x - y) > SCORE_TOLERANCE for x, y in scores):
            return False
    return True


@dataclass
class LevelResult:
    concurrency: int
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)  # of the correct answers, ascending
    errors: Counter = field(default_factory=Counter)  # HTTP status or exception name -> count
    mismatches: int = 0  # 200 answers that differ from the request's answer alone

    @property
    def sent(self) -> int:
        return len(self.latencies) + sum(self.errors.values()) + self.mismatches

    @property
    def lost(self) -> int:
        return self.sent - len(self.latencies)

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def latency_ms(self, p: float) -> float:
        return 1000 * (percentile(self.latencies, p) if self.latencies else math.nan)


async def answers_alone(client: httpx.AsyncClient, bodies: list[dict]) -> list[dict]:
    """Each body's answer with no other request in flight: the reference for the load."""
    answers = []
    for body in bodies:
        response = await client.post("/v1/translate", json=body)
        response.raise_for_status()
        answers.append(response.json())
    return answers


async def run_level(
    client: httpx.AsyncClient,
    bodies: list[dict],
    concurrency: int,
    requests: int,
    seconds: float,
    expected: list[dict] | None = None,
    path: str = "/v1/translate",
) -> LevelResult:
    """`concurrency` clients POST `bodies` round-robin to `path` until `requests` are sent or `seconds`
    pass.

    With `expected` (one answer per body), every 200 answer is compared with it.
    """
    result = LevelResult(concurrency)
    sent = 0
    deadline = time.perf_counter() + seconds

    async def user() -> None:
        nonlocal sent
        while sent < requests and time.perf_counter() < deadline:
            index = sent % len(bodies)
            sent += 1
            started = time.perf_counter()
            try:
                response = await client.post(path, json=bodies[index])
            except httpx.HTTPError as exc:
                result.errors[type(exc).__name__] += 1
                continue
            if response.status_code != 200:
                result.errors[response.status_code] += 1
            elif expected is not None and not same_answer(response.json(), expected[index]):
                result.mismatches += 1
            else:
                result.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(user() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.latencies.sort()
    return result


def client_for(url: str, concurrency: int) -> httpx.AsyncClient:
    return httpx.AsyncClient(base_url=url, timeout=60, limits=httpx.Limits(max_connections=concurrency))


async def load(args: argparse.Namespace) -> int:
    """Prints one line per level; returns 1 when a --mixed run lost a request."""
    bodies = (
        mixed_bodies(args.source, args.target)
        if args.mixed
        else [single_body(args.text, args.source, args.target)]
    )
    lost = 0
    async with client_for(args.url, max(args.concurrency)) as client:
        for _ in range(args.warmup):
            (await client.post("/v1/translate", json=bodies[0])).raise_for_status()
        expected = await answers_alone(client, bodies) if args.mixed else None
        print("concurrency  requests  errors  wrong  req/s   p50 ms   p95 ms   p99 ms")
        for concurrency in args.concurrency:
            r = await run_level(client, bodies, concurrency, args.requests, args.seconds, expected)
            lost += r.lost
            print(
                f"{r.concurrency:>11}  {r.sent:>8}  {sum(r.errors.values()):>6}  {r.mismatches:>5}  "
                f"{r.rps:>5.1f}  {r.latency_ms(50):>7.1f}  {r.latency_ms(95):>7.1f}  {r.latency_ms(99):>7.1f}"
            )
            for error, count in sorted(r.errors.items(), key=str):
                print(f"             {count} x {error}")
    return 1 if args.mixed and lost else 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench load", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--url", default="http://127.0.0.1:8000", help="server base URL (loopback only)")
    p.add_argument("--concurrency", type=int, nargs="+", default=[1, 16], help="concurrent clients per level")
    p.add_argument("--requests", type=int, default=300, help="requests per level at most")
    p.add_argument("--seconds", type=float, default=60.0, help="seconds per level at most")
    p.add_argument("--warmup", type=int, default=5, help="requests sent first and not measured")
    p.add_argument(
        "--mixed", action="store_true", help="greedy/beam, short/long texts, answers checked against alone"
    )
    p.add_argument("--text", default=TEXT, help="the sentence sent without --mixed")
    p.add_argument("--source", default="en")
    p.add_argument("--target", default="es")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not loopback(args.url):
        print(f"error: refusing {args.url}: this load test only targets loopback addresses", file=sys.stderr)
        return 2
    return asyncio.run(load(args))
