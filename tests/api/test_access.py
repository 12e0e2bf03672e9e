"""Access rules: per-key rate limits (MT_RATE_LIMIT) with 429 and Retry-After, keys compared in
constant time, and the open endpoints open to everyone, limited or not."""

from __future__ import annotations

import hmac

import pytest
from pydantic import ValidationError

from api import security
from api.settings import Settings

KEYS = "alpha-key,beta-key"
V1 = {"text": "the lord", "source": "en", "target": "es", "decode": "greedy"}
LIBRE = {"q": "the lord", "source": "en", "target": "es"}


@pytest.fixture
def limited(make_client):
    return make_client(api_keys=KEYS, rate_limit="3/minute")


def test_each_key_has_its_own_limit_over_every_translation_endpoint(limited):
    alpha = {"X-API-Key": "alpha-key"}
    assert limited.post("/v1/translate", json=V1, headers=alpha).status_code == 200
    assert limited.post("/libre/translate", data={**LIBRE, "api_key": "alpha-key"}).status_code == 200
    assert limited.post("/libre/detect", json={"q": "the lord"}, headers=alpha).status_code == 200
    refused = limited.post("/v1/translate", json=V1, headers=alpha)
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.json()["error"].startswith(
        "rate limit of 3 per 1 minute exceeded (MT_RATE_LIMIT); retry in"
    )
    assert limited.post("/libre/translate", json={**LIBRE, "api_key": "alpha-key"}).status_code == 429
    assert limited.post("/v1/translate", json=V1, headers={"X-API-Key": "beta-key"}).status_code == 200
    registry = limited.app.state.services.metrics.registry
    assert registry.get_sample_value("mt_rejected_requests_total", {"reason": "rate_limited"}) == 2


def test_failed_key_checks_count_against_the_address_not_the_keys(limited):
    statuses = [
        limited.post("/v1/translate", json=V1, headers={"X-API-Key": "alpha"}).status_code for _ in range(4)
    ]
    assert statuses == [403, 403, 403, 429]
    assert limited.post("/v1/translate", json=V1).status_code == 429
    assert limited.post("/v1/translate", json=V1, headers={"X-API-Key": "alpha-key"}).status_code == 200


def test_open_endpoints_are_never_limited(limited):
    for _ in range(5):
        for path in ("/health", "/ready", "/v1/models", "/libre/languages", "/metrics"):
            assert limited.get(path).status_code == 200, path


def test_without_keys_the_limit_is_per_client_address(make_client):
    client = make_client(rate_limit="2/minute")
    assert [client.post("/v1/translate", json=V1).status_code for _ in range(3)] == [200, 200, 429]


def test_several_limits_at_once(make_client):
    client = make_client(rate_limit="2/second;3/hour")
    statuses = [client.post("/v1/translate", json=V1).status_code for _ in range(4)]
    assert statuses[:2] == [200, 200] and statuses[3] == 429


@pytest.mark.parametrize("spec", ["lots", "60 per fortnight", "-1/minute"])
def test_a_bad_rate_limit_stops_the_server_at_startup(spec):
    with pytest.raises(ValidationError, match="rate_limit"):
        Settings(rate_limit=spec)


def test_keys_are_compared_in_constant_time_with_every_key(monkeypatch):
    """No early exit: the first key matching still compares the others, with hmac.compare_digest."""
    compared = []
    compare = hmac.compare_digest

    def record(a: bytes, b: bytes) -> bool:
        compared.append(b)
        return compare(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", record)
    security.check_api_key(Settings(api_keys=KEYS), "alpha-key")
    assert compared == [b"alpha-key", b"beta-key"]
