"""Hostile JSON bodies get a 400 that says what is wrong, never a 500: lone surrogate escapes
(no UTF-8 text holds them) and deep nesting (Python's json recursed into a RecursionError)."""

from __future__ import annotations

import pytest

ROUTES = {
    "/v1/translate": {"text": "hi", "source": "en", "target": "es"},
    "/libre/translate": {"q": "hi", "source": "en", "target": "es"},
    "/libre/detect": {"q": "hi"},
}
TEXT_FIELD = {"/v1/translate": "text", "/libre/translate": "q", "/libre/detect": "q"}
JSON = {"content-type": "application/json"}


def body_with(path: str, field: str, raw_value: str) -> str:
    """The route's valid body as JSON text, with `field` set to the raw JSON `raw_value`."""
    pairs = [f'"{k}": "{v}"' for k, v in ROUTES[path].items() if k != field]
    return "{" + ", ".join([f'"{field}": {raw_value}', *pairs]) + "}"


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("escape", [r"\ud800", r"\udfff", r"\ud800\u0041", r"\udc00\ud800"])
def test_a_lone_surrogate_escape_is_400(client, path, escape):
    body = body_with(path, TEXT_FIELD[path], f'"hi {escape} there"')
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 400, response.text
    message = response.json()["error"]
    assert message.startswith("malformed JSON body: ") and "surrogate pair" in message


@pytest.mark.parametrize("path", ["/libre/translate", "/v1/translate"])
def test_a_lone_surrogate_in_another_field_is_400(client, path):
    body = body_with(path, "target", r'"\ud800"')
    assert client.post(path, content=body, headers=JSON).status_code == 400


@pytest.mark.parametrize("path", ROUTES)
def test_a_surrogate_pair_is_a_character(client, path):
    body = body_with(path, TEXT_FIELD[path], r'"the lord \ud83d\ude00"')
    assert client.post(path, content=body, headers=JSON).status_code == 200


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize("depth", [5_000, 200_000])
@pytest.mark.parametrize("where", ["whole body", "in a field"])
def test_deep_nesting_is_400(client, path, depth, where):
    nested = "[" * depth + "]" * depth
    body = nested if where == "whole body" else body_with(path, TEXT_FIELD[path], nested)
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 400, response.text
    assert response.json()["error"].startswith("malformed JSON body: recursion limit exceeded")


@pytest.mark.parametrize("path", ROUTES)
def test_nan_is_not_json(client, path):
    body = body_with(path, "alpha" if path == "/v1/translate" else "alternatives", "NaN")
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 400 and response.json()["error"].startswith("malformed JSON body")


@pytest.mark.parametrize("path", ROUTES)
def test_invalid_utf8_is_400(client, path):
    body = body_with(path, TEXT_FIELD[path], '"hi XX"').encode().replace(b"XX", b"\xed\xa0\x80")
    response = client.post(path, content=body, headers=JSON)
    assert response.status_code == 400 and response.json()["error"].startswith("malformed JSON body")
