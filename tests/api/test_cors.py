"""A refused CORS preflight answers JSON, like every other error (Starlette's says text/plain)."""

from __future__ import annotations

import pytest

ORIGIN = "http://app.example"


@pytest.fixture
def cors(make_client):
    return make_client(cors_origins=ORIGIN)


def preflight(origin: str, method: str = "POST", **headers: str) -> dict[str, str]:
    return {"Origin": origin, "Access-Control-Request-Method": method, **headers}


@pytest.mark.parametrize("path", ["/v1/translate", "/libre/translate", "/libre/detect"])
def test_a_foreign_origin_gets_a_json_error(cors, path):
    response = cors.options(path, headers=preflight("http://evil.example"))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert response.json()["error"].startswith("CORS preflight refused, not allowed: origin (")
    assert "MT_CORS_ORIGINS" in response.json()["error"]
    assert "access-control-allow-origin" not in response.headers


def test_each_refused_part_is_named(cors):
    response = cors.options(
        "/v1/translate", headers=preflight(ORIGIN, "DELETE", **{"Access-Control-Request-Headers": "X-Evil"})
    )
    assert response.status_code == 400
    assert response.json()["error"].startswith("CORS preflight refused, not allowed: method, headers (")


def test_an_allowed_preflight_still_passes(cors):
    response = cors.options(
        "/v1/translate", headers=preflight(ORIGIN, **{"Access-Control-Request-Headers": "X-API-Key"})
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == ORIGIN


def test_without_cors_origins_a_preflight_is_a_json_405(client):
    response = client.options("/v1/translate", headers=preflight("http://evil.example"))
    assert response.status_code == 405 and response.json() == {"error": "Method Not Allowed"}
