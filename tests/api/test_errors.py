"""Bad input gets a 4xx with a JSON message saying what was wrong; never a 500 or a traceback.

The TestClient re-raises any exception that reaches the catch-all handler, and the autouse
fixture checks the internal-error counter, so every case below proves it was handled as bad input.
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from translator.facade import Translator

LIMITS = {"max_text_chars": 40, "max_texts": 3, "max_body_bytes": 2000}
OK = {"text": "the lord", "source": "en", "target": "es"}


@pytest.fixture(scope="module")
def limited(make_settings):
    with TestClient(create_app(make_settings(**LIMITS))) as test_client:
        yield test_client


@pytest.fixture(autouse=True)
def _no_internal_errors(limited):
    registry = limited.app.state.services.metrics.registry
    before = registry.get_sample_value("mt_internal_errors_total")
    yield
    assert registry.get_sample_value("mt_internal_errors_total") == before


def v1(**changes):
    return {"json": {**OK, **changes}}


def chunks(data: bytes):
    """A body sent without Content-Length (chunked), so only counting the bytes can catch it."""
    yield data


CASES = [
    ("empty text", "/v1/translate", v1(text=""), 422, "text: must not be empty or whitespace-only"),
    ("whitespace-only text", "/v1/translate", v1(text=" \n\t "), 422, "text: must not be empty"),
    ("empty list", "/v1/translate", v1(text=[]), 422, "text: the list must hold at least one text"),
    ("blank item", "/v1/translate", v1(text=["the lord", "  "]), 422, "item 1 must not be empty"),
    ("text too long", "/v1/translate", v1(text="a" * 41), 422, "41 characters; at most 40 are allowed"),
    ("item too long", "/v1/translate", v1(text=["ok", "a" * 41]), 422, "text[1]: 41 characters; at most 40"),
    ("too many texts", "/v1/translate", v1(text=["a", "b", "c", "d"]), 422, "4 texts; at most 3 are allowed"),
    (
        "unknown pair",
        "/v1/translate",
        v1(target="fr"),
        400,
        "no model translates 'en' into 'fr'; available pairs: en-es, es-en",
    ),
    ("path as language", "/v1/translate", v1(source="../en-es"), 400, "no model translates '../en-es'"),
    ("beam size 0", "/v1/translate", v1(beam_size=0), 422, "beam_size: must be between 1 and 16, got 0"),
    ("beam size 17", "/v1/translate", v1(beam_size=17), 422, "beam_size: must be between 1 and 16, got 17"),
    (
        "n-best over beam",
        "/v1/translate",
        v1(beam_size=3, n_best=4),
        422,
        "n_best must be between 1 and beam_size (3), got 4",
    ),
    ("n-best 0", "/v1/translate", v1(n_best=0), 422, "n_best: must be between 1 and 16, got 0"),
    (
        "greedy n-best",
        "/v1/translate",
        v1(decode="greedy", n_best=2),
        422,
        "n_best must be 1 with greedy decoding",
    ),
    ("alpha too big", "/v1/translate", v1(alpha=5.5), 422, "alpha: must be between 0.0 and 5.0, got 5.5"),
    ("alpha negative", "/v1/translate", v1(alpha=-1), 422, "alpha: must be between 0.0 and 5.0, got -1.0"),
    (
        "unknown decode",
        "/v1/translate",
        v1(decode="sampling"),
        422,
        "decode: Input should be 'greedy' or 'beam'",
    ),
    ("text not a string", "/v1/translate", v1(text=5), 422, "text: must be a string or a list of strings"),
    ("list of numbers", "/v1/translate", v1(text=[1, 2]), 422, "text: must be a string or a list of strings"),
    (
        "beam size a word",
        "/v1/translate",
        v1(beam_size="five"),
        422,
        "beam_size: Input should be a valid integer",
    ),
    (
        "attention not a bool",
        "/v1/translate",
        v1(return_attention="maybe"),
        422,
        "return_attention: Input should be a valid boolean",
    ),
    ("unknown field", "/v1/translate", v1(beamsize=4), 422, "beamsize: Extra inputs are not permitted"),
    (
        "missing target",
        "/v1/translate",
        {"json": {"text": "a", "source": "en"}},
        422,
        "target: Field required",
    ),
    (
        "body not an object",
        "/v1/translate",
        {"json": ["the lord"]},
        422,
        "Input should be a valid dictionary",
    ),
    (
        "malformed JSON",
        "/v1/translate",
        {"content": b'{"text": "a",', "headers": {"content-type": "application/json"}},
        400,
        "malformed JSON body",
    ),
    ("oversized body", "/v1/translate", v1(text="a" * 3000), 413, "at most 2000 bytes are allowed"),
    (
        "oversized chunked body",
        "/v1/translate",
        {
            "content": chunks(json.dumps({**OK, "text": "a" * 3000}).encode()),
            "headers": {"content-type": "application/json"},
        },
        413,
        "at most 2000 bytes",
    ),
    (
        "libre unknown format",
        "/libre/translate",
        {"data": {"q": "the lord", "source": "en", "target": "es", "format": "xml"}},
        422,
        "format: Input should be 'text' or 'html'",
    ),
    (
        "libre HTML with a control character",
        "/libre/translate",
        {"data": {"q": "<p>the\x01lord</p>", "source": "auto", "target": "es", "format": "html"}},
        422,
        "control character U+0001 at character 6",
    ),
    (
        "v1 unknown format",
        "/v1/translate",
        {"json": {**OK, "format": "markdown"}},
        422,
        "format: Input should be 'text' or 'html'",
    ),
    (
        "v1 HTML with a control character",
        "/v1/translate",
        {"json": {**OK, "text": "<b>the</b>\x02", "format": "html"}},
        422,
        "control character U+0002 at character 10",
    ),
    (
        "libre blank q",
        "/libre/translate",
        {"data": {"q": " ", "source": "en", "target": "es"}},
        422,
        "q: must not be empty",
    ),
    (
        "libre missing q",
        "/libre/translate",
        {"data": {"source": "en", "target": "es"}},
        422,
        "q: Field required",
    ),
    (
        "libre q too long",
        "/libre/translate",
        {"json": {"q": "a" * 41, "source": "en", "target": "es"}},
        422,
        "q: 41 characters; at most 40",
    ),
    (
        "libre alternatives",
        "/libre/translate",
        {"json": {"q": "a", "source": "en", "target": "es", "alternatives": 16}},
        422,
        "alternatives: must be between 0 and 15",
    ),
    (
        "libre unknown target",
        "/libre/translate",
        {"data": {"q": "a", "source": "en", "target": "de"}},
        400,
        "no model translates 'en' into 'de'",
    ),
    (
        "libre auto, no model",
        "/libre/translate",
        {"data": {"q": "the lord", "source": "auto", "target": "de"}},
        400,
        "no model translates 'en' into 'de'",
    ),
    (
        "libre malformed JSON",
        "/libre/translate",
        {"content": b"{q:", "headers": {"content-type": "application/json"}},
        400,
        "malformed JSON body",
    ),
    (
        "libre JSON not an object",
        "/libre/translate",
        {"json": "the lord"},
        422,
        "the JSON body must be an object, got str",
    ),
    (
        "libre oversized body",
        "/libre/translate",
        {"data": {"q": "a" * 3000, "target": "es"}},
        413,
        "at most 2000 bytes",
    ),
    ("detect blank q", "/libre/detect", {"data": {"q": ""}}, 422, "q: must not be empty"),
    (
        "detect q not a string",
        "/libre/detect",
        {"json": {"q": ["a"]}},
        422,
        "q: Input should be a valid string",
    ),
]


@pytest.mark.parametrize(
    ("path", "request_kwargs", "status", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_gets_a_4xx_json_message(limited, path, request_kwargs, status, message):
    response = limited.post(path, **request_kwargs)
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert message in response.json()["error"]
    assert "Traceback" not in response.text


def test_several_invalid_fields_are_all_listed(limited):
    response = limited.post("/v1/translate", json={**OK, "beam_size": 0, "alpha": 9})
    assert response.status_code == 422
    fields = [d["field"] for d in response.json()["details"]]
    assert fields == ["beam_size", "alpha"]


def test_unknown_route_and_wrong_method_are_json(limited):
    assert limited.get("/v2/translate").json() == {"error": "Not Found"}
    response = limited.get("/v1/translate")
    assert response.status_code == 405 and response.json() == {"error": "Method Not Allowed"}


def test_unexpected_error_is_a_json_500_without_internals(make_settings, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("secret detail from /srv/models")

    monkeypatch.setattr(Translator, "translate", broken)
    with TestClient(create_app(make_settings()), raise_server_exceptions=False) as test_client:
        response = test_client.post("/v1/translate", json=OK)
        errors = test_client.app.state.services.metrics.registry.get_sample_value("mt_internal_errors_total")
    assert response.status_code == 500
    assert response.json() == {"error": "internal server error"}
    assert "secret" not in response.text
    assert errors == 1
    assert "secret detail" in caplog.text  # logged for the operator
