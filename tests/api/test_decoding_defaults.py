"""A request that leaves a decoding setting out gets its model's (the `decoding` that GET /v1/models
shows), on every route that decodes; a setting it names overrides the model's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.tiny_models import write_tiny_model

EN_ES = {"source": "en", "target": "es"}
ES_EN = {"source": "es", "target": "en"}


@pytest.fixture(scope="module")
def configured_models(tmp_path_factory) -> Path:
    """en-es searches with beam 3 and alpha 0.5; es-en greedily."""
    root = tmp_path_factory.mktemp("configured")
    write_tiny_model(root / "en-es", "en", "es", 1, {}, decoding={"beam_size": 3, "alpha": 0.5})
    write_tiny_model(root / "es-en", "es", "en", 2, {}, decoding={"decode": "greedy", "alpha": 0.25})
    return root


@pytest.fixture(scope="module")
def client(make_settings, configured_models) -> Iterator[TestClient]:
    with TestClient(create_app(make_settings(models_dir=configured_models))) as test_client:
        yield test_client


def settings(searches: list[dict]) -> list[tuple]:
    return [(s["search"], s.get("beam_size"), s["alpha"], s.get("n_best")) for s in searches]


def test_models_advertise_their_settings(client):
    decoding = {m["source"]: m["decoding"] for m in client.get("/v1/models").json()["models"]}
    assert (decoding["en"]["decode"], decoding["en"]["beam_size"], decoding["en"]["alpha"]) == (
        "beam",
        3,
        0.5,
    )
    assert (decoding["es"]["decode"], decoding["es"]["alpha"]) == ("greedy", 0.25)


def test_v1_settings_left_out_are_the_model_settings(client, searches):
    assert client.post("/v1/translate", json={"text": "the lord", **EN_ES}).status_code == 200
    assert client.post("/v1/translate", json={"text": "la tierra", **ES_EN}).status_code == 200
    assert settings(searches) == [("beam", 3, 0.5, 1), ("greedy", None, 0.25, None)]


def test_v1_null_is_left_out(client, searches):
    body = {"text": "the lord", "decode": None, "beam_size": None, "alpha": None, **EN_ES}
    assert client.post("/v1/translate", json=body).status_code == 200
    assert settings(searches) == [("beam", 3, 0.5, 1)]


def test_v1_settings_given_override_the_model_settings(client, searches):
    body = {"text": "the lord", "beam_size": 5, "alpha": 0.75, "n_best": 5, **EN_ES}
    assert client.post("/v1/translate", json=body).status_code == 200
    body = {"text": "la tierra", "decode": "beam", "beam_size": 2, **ES_EN}
    assert client.post("/v1/translate", json=body).status_code == 200
    assert settings(searches) == [("beam", 5, 0.75, 5), ("beam", 2, 0.25, 1)]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"n_best": 4, **EN_ES}, "n_best must be between 1 and beam_size (3), got 4"),
        ({"n_best": 2, **ES_EN}, "n_best must be 1 with greedy decoding, got 2"),
    ],
)
def test_v1_n_best_is_checked_against_the_model_search(client, searches, body, message):
    response = client.post("/v1/translate", json={"text": "the lord", **body})
    assert (response.status_code, response.json()) == (422, {"error": message})
    assert searches == []


def test_libre_decodes_with_the_model_settings(client, searches):
    body = {"q": "the lord", **EN_ES}
    assert client.post("/libre/translate", json=body).status_code == 200
    # Alternatives need a beam: one that holds them when the model's is narrower.
    assert client.post("/libre/translate", json={**body, "alternatives": 1}).status_code == 200
    assert client.post("/libre/translate", json={**body, "alternatives": 4}).status_code == 200
    assert client.post("/libre/translate", json={"q": "la tierra", **ES_EN}).status_code == 200
    assert settings(searches) == [
        ("beam", 3, 0.5, 1),
        ("beam", 3, 0.5, 2),
        ("beam", 5, 0.5, 5),
        ("greedy", None, 0.25, None),
    ]
