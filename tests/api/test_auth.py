"""API keys: off by default; when set, translate and detect need one, health and models do not."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from libretranslatepy import LibreTranslateAPI

from api.app import create_app
from tests.api.serving import serve

KEYS = "alpha-key,beta-key"
BODY = {"text": "the lord", "source": "en", "target": "es"}


@pytest.fixture(scope="module")
def locked(make_settings):
    with TestClient(create_app(make_settings(api_keys=KEYS))) as test_client:
        yield test_client


def test_no_keys_configured_means_open(client):
    assert client.post("/v1/translate", json=BODY).status_code == 200


def test_missing_key_is_401(locked):
    response = locked.post("/v1/translate", json=BODY)
    assert response.status_code == 401
    assert "X-API-Key" in response.json()["error"]


def test_wrong_key_is_403(locked):
    response = locked.post("/v1/translate", json=BODY, headers={"X-API-Key": "alpha-ke"})
    assert response.status_code == 403 and response.json() == {"error": "invalid API key"}


@pytest.mark.parametrize("key", ["alpha-key", "beta-key"])
def test_any_configured_key_works_in_the_header(locked, key):
    assert locked.post("/v1/translate", json=BODY, headers={"X-API-Key": key}).status_code == 200


def test_key_is_checked_before_the_body(locked):
    response = locked.post("/v1/translate", json={"text": ""})
    assert response.status_code == 401


def test_libre_key_in_the_api_key_field(locked):
    body = {"q": "the lord", "source": "en", "target": "es"}
    assert locked.post("/libre/translate", data=body).status_code == 401
    assert locked.post("/libre/translate", data={**body, "api_key": "nope"}).status_code == 403
    assert locked.post("/libre/translate", data={**body, "api_key": "beta-key"}).status_code == 200
    assert locked.post("/libre/translate", json={**body, "api_key": "alpha-key"}).status_code == 200
    assert locked.post("/libre/detect", data={"q": "the lord"}).status_code == 401


def test_open_endpoints_need_no_key(locked):
    for path in ("/health", "/ready", "/v1/models", "/libre/languages", "/metrics", "/"):
        assert locked.get(path).status_code == 200, path


def test_libretranslatepy_client_sends_its_key(make_settings):
    with serve(create_app(make_settings(api_keys=KEYS))) as url:
        assert LibreTranslateAPI(f"{url}/libre/", api_key="alpha-key").translate(
            "the lord", "en", "es", timeout=30
        )
        with pytest.raises(Exception, match="401"):
            LibreTranslateAPI(f"{url}/libre/").translate("the lord", "en", "es", timeout=30)
