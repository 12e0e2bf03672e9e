"""The `domain` option of POST /v1/translate, and the domains GET /v1/models lists."""

from __future__ import annotations

import shutil

import pytest

from tests.domains import tagged_copy

EN_ES = {"source": "en", "target": "es"}


@pytest.fixture
def domain_models(tmp_path, models_dir):
    """The tiny models, en-es trained (as its config says) with a <bible> tag."""
    directory = tmp_path / "models"
    shutil.copytree(models_dir, directory)
    tagged_copy(models_dir / "en-es", directory / "en-es")
    return directory


def test_models_list_their_domains(make_client, domain_models):
    client = make_client(models_dir=domain_models)
    models = {m["name"]: m for m in client.get("/v1/models").json()["models"]}
    assert models["en-es"]["domains"] == ["bible"]
    assert models["es-en"]["domains"] == []


def test_a_domain_translates_as_the_translator_does_with_its_tag(make_client, domain_models):
    client = make_client(models_dir=domain_models)
    translator = client.app.state.services.registry.get("en", "es")
    text = "the lord and god"
    expected = translator.translate([text], domain="bible")[0].text
    response = client.post("/v1/translate", json={**EN_ES, "text": text, "domain": "bible"})
    assert response.status_code == 200, response.text
    assert response.json()["results"][0]["translation"] == expected
    plain = client.post("/v1/translate", json={**EN_ES, "text": text}).json()
    assert plain["results"][0]["translation"] == translator.translate([text])[0].text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({**EN_ES, "domain": "law"}, "domain 'law': this model's domains are: bible"),
        ({"source": "es", "target": "en", "domain": "bible"}, "this model's domains are: none"),
        ({**EN_ES, "domain": ""}, "domain"),
        ({**EN_ES, "domain": 3}, "domain"),
    ],
)
def test_an_unknown_domain_is_a_422_naming_the_known_ones(make_client, domain_models, body, message):
    client = make_client(models_dir=domain_models)
    response = client.post("/v1/translate", json={"text": "god", **body})
    assert response.status_code == 422
    assert message in response.text


def test_a_domain_tag_counts_towards_the_sentence_limit(make_client, domain_models, held_model):
    """MT_MAX_SENTENCE_SUBWORDS bounds what reaches the model, the domain's tag included."""
    held_model.release()
    client = make_client(models_dir=domain_models, max_sentence_subwords=16)
    text = ("Let there be light and the waters " * 6).strip()
    response = client.post(
        "/v1/translate", json={**EN_ES, "text": text, "decode": "greedy", "domain": "bible"}
    )
    assert response.status_code == 200, response.text
    translator = client.app.state.services.registry.get("en", "es")
    pieces = list(held_model.texts)
    assert len(pieces) > 1 and " ".join(pieces) == text
    tagged = translator.tokenizer.encode_src([f"<bible> {piece}" for piece in pieces])
    assert max(len(ids) - 1 for ids in tagged) <= 16
