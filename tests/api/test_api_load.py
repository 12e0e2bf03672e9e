"""A bounded load test on loopback: 32 concurrent clients for 10 s, greedy and beam, short and long
texts. Nothing may be lost: no error, and every answer equal to the same request answered alone."""

from __future__ import annotations

import asyncio

from bench.load_api import answers_alone, client_for, mixed_bodies, run_level

CLIENTS = 32
SECONDS = 10.0
MAX_REQUESTS = 20_000  # a bound on the count as well as the time


def test_32_clients_for_10_seconds_lose_nothing(live_server):
    bodies = mixed_bodies("en", "es") + mixed_bodies("es", "en")

    async def scenario():
        async with client_for(live_server, CLIENTS) as client:
            expected = await answers_alone(client, bodies)  # sequentially, before the load
            return await run_level(client, bodies, CLIENTS, MAX_REQUESTS, SECONDS, expected)

    result = asyncio.run(scenario())
    print(
        f"load: {result.sent} requests from {CLIENTS} clients in {result.seconds:.1f} s, "
        f"{sum(result.errors.values())} errors, {result.mismatches} wrong answers"
    )
    assert result.sent >= CLIENTS, "every client should have sent at least one request"
    assert not result.errors and result.mismatches == 0 and result.lost == 0
