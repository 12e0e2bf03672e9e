"""A bounded load test on loopback: 32 concurrent clients for 10 s, greedy and beam, short and long
texts, while one more client sends the bodies of an attack run. Nothing may be lost: no error, every
answer equal to the same request answered alone, and every attack body a 400."""

from __future__ import annotations

import asyncio
import time
from collections import Counter

import httpx
import pytest

from bench.load import answers_alone, client_for, mixed_bodies, run_level

CLIENTS = 32
SECONDS = 10.0
MAX_REQUESTS = 20_000  # a bound on the count as well as the time
MAX_ATTACKS = 2_000

# (path, raw JSON body): lone surrogate escapes and deep nesting (tests/api/test_hostile_input.py).
ATTACKS = [
    ("/v1/translate", rb'{"text": "hi \ud800 there", "source": "en", "target": "es"}'),
    ("/libre/translate", rb'{"q": "hi \ud800 there", "source": "en", "target": "es"}'),
    ("/libre/translate", b"[" * 5_000 + b"]" * 5_000),
    ("/libre/detect", b'{"q": ' + b"[" * 5_000 + b"]" * 5_000 + b"}"),
]


async def attack(client: httpx.AsyncClient, seconds: float) -> Counter:
    """Send the attack bodies in turn for `seconds` (at most MAX_ATTACKS); their statuses."""
    statuses: Counter = Counter()
    deadline = time.monotonic() + seconds
    for i in range(MAX_ATTACKS):
        if time.monotonic() > deadline:
            break
        path, body = ATTACKS[i % len(ATTACKS)]
        response = await client.post(path, content=body, headers={"content-type": "application/json"})
        statuses[response.status_code] += 1
    return statuses


@pytest.mark.slow
def test_32_clients_and_an_attacker_for_10_seconds_lose_nothing(live_server):
    bodies = mixed_bodies("en", "es") + mixed_bodies("es", "en")

    async def scenario():
        async with client_for(live_server, CLIENTS + 1) as client:
            expected = await answers_alone(client, bodies)  # sequentially, before the load
            return await asyncio.gather(
                run_level(client, bodies, CLIENTS, MAX_REQUESTS, SECONDS, expected), attack(client, SECONDS)
            )

    result, attacks = asyncio.run(scenario())
    print(
        f"load: {result.sent} requests from {CLIENTS} clients in {result.seconds:.1f} s, "
        f"{sum(result.errors.values())} errors, {result.mismatches} wrong answers; "
        f"attack bodies by status: {dict(attacks)}"
    )
    assert result.sent >= CLIENTS, "every client should have sent at least one request"
    assert not result.errors and result.mismatches == 0 and result.lost == 0
    assert sum(attacks.values()) >= len(ATTACKS) and set(attacks) == {400}
