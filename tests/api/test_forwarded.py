"""X-Forwarded-For: `python -m api` believes it only from the proxies MT_FORWARDED_ALLOW_IPS names,
so a client cannot escape its per-address rate limit by making up addresses."""

from __future__ import annotations

import httpx
import pytest

from api.__main__ import proxy_options
from api.settings import Settings
from tests.api.serving import ServerProcess

BODY = {"text": "the lord", "source": "en", "target": "es", "decode": "greedy"}


def statuses_with_made_up_addresses(url: str, count: int) -> list[int]:
    with httpx.Client(base_url=url, timeout=60) as client:
        return [
            client.post("/v1/translate", json=BODY, headers={"X-Forwarded-For": f"192.0.2.{i}"}).status_code
            for i in range(1, count + 1)
        ]


@pytest.fixture
def server(models_dir, request):
    process = ServerProcess(models_dir, env={"MT_RATE_LIMIT": "3/minute", **request.param})
    try:
        process.wait_ready(timeout=120)
        yield process
    finally:
        process.stop()


@pytest.mark.slow
@pytest.mark.parametrize("server", [{}], indirect=True)
def test_forwarded_addresses_from_loopback_are_ignored_by_default(server):
    assert statuses_with_made_up_addresses(server.url, 5) == [200, 200, 200, 429, 429]


@pytest.mark.slow
@pytest.mark.parametrize("server", [{"MT_FORWARDED_ALLOW_IPS": "127.0.0.1"}], indirect=True)
def test_a_named_proxy_is_believed(server):
    assert statuses_with_made_up_addresses(server.url, 5) == [200] * 5
    with httpx.Client(base_url=server.url, timeout=60) as client:
        same = [
            client.post("/v1/translate", json=BODY, headers={"X-Forwarded-For": "192.0.2.1"})
            for _ in range(3)
        ]
    assert [r.status_code for r in same] == [200, 200, 429], "192.0.2.1 already had one request"


def test_proxy_options():
    assert proxy_options(Settings()) == {"proxy_headers": False}
    assert proxy_options(Settings(forwarded_allow_ips="10.0.0.1, 10.0.0.2")) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.1", "10.0.0.2"],
    }
