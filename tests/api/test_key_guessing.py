"""Key guessing: with MT_API_KEYS and MT_RATE_LIMIT, failed key checks count against the client's
address, so repeated wrong keys get 429 while the key holders keep their own limits."""

from __future__ import annotations

from collections import Counter

import pytest
from fastapi.testclient import TestClient

from api.app import create_app

KEYS = "alpha-key,beta-key"
LIMIT = "5/second;30/minute"  # the attack run's setting
V1 = {"text": "the lord", "source": "en", "target": "es", "decode": "greedy"}
LIBRE = {"q": "the lord", "source": "en", "target": "es"}


@pytest.fixture
def app(make_settings):
    return create_app(make_settings(api_keys=KEYS, rate_limit=LIMIT))


def guess(client: TestClient, i: int) -> int:
    """One wrong key, over each of the three limited endpoints in turn."""
    wrong = f"guess-{i}"
    if i % 3 == 0:
        return client.post("/v1/translate", json=V1, headers={"X-API-Key": wrong}).status_code
    if i % 3 == 1:
        return client.post("/libre/translate", json={**LIBRE, "api_key": wrong}).status_code
    return client.post("/libre/detect", data={"q": "the lord", "api_key": wrong}).status_code


def test_sixty_wrong_keys_meet_the_rate_limit(app):
    with TestClient(app) as client:
        statuses = Counter(guess(client, i) for i in range(60))
        # However slowly this machine sends them, no more than 30 a minute are even checked.
        assert set(statuses) == {403, 429} and statuses[403] <= 30, statuses
        refused = client.post("/v1/translate", json=V1, headers={"X-API-Key": "one-more"})
        assert refused.status_code == 429
        assert refused.json()["error"].startswith("rate limit of ")
        assert int(refused.headers["Retry-After"]) >= 1
        assert client.post("/v1/translate", json=V1).status_code == 429, "a missing key counts too"


def test_the_guesser_does_not_lock_out_key_holders(app):
    with TestClient(app, client=("203.0.113.7", 50000)) as guesser:
        # The started app, seen from a second address (no second startup: no `with`).
        neighbour = TestClient(app, client=("198.51.100.2", 50000))
        statuses = [guess(guesser, 0) for _ in range(40)]
        assert statuses[-1] == 429
        assert guesser.post("/v1/translate", json=V1, headers={"X-API-Key": "alpha-key"}).status_code == 200
        assert neighbour.post("/v1/translate", json=V1, headers={"X-API-Key": "nope"}).status_code == 403
