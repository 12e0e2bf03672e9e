"""The lexicon fallback in the service: the `lexicon` request option, `lexicon_entries`, a broken file."""

from __future__ import annotations

import shutil
from dataclasses import dataclass

import pytest

from translator.associations import ASSOCIATIONS_FILE, Associations
from translator.dates import weekday_entries
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon
from translator.typed import SPELLINGS_FILE, write_spellings

EN_ES = {"source": "en", "target": "es"}


@dataclass(frozen=True)
class Marking(Lexicon):
    """Marks every text it is applied to: shows whether the service applied the model's lexicon."""

    def apply_all(self, source: str, translations: list[str]) -> list[str]:
        return [f"[{translation}]" for translation in translations]


@pytest.fixture
def lexicon_models(tmp_path, models_dir):
    """The tiny models, en-es with a lexicon of three words."""
    directory = tmp_path / "models"
    shutil.copytree(models_dir, directory)
    lexicon = Lexicon({"jail": "cárcel", "coffee": "café", "uncle": "tío"}, known=frozenset({"la", "casa"}))
    lexicon.write(directory / "en-es" / LEXICON_FILE)
    lexicon.write_known_words(directory / "en-es" / KNOWN_WORDS_FILE)
    Associations.build([("jail", "cárcel"), ("uncle", "tío")], 2, {"la"}, {}).write(
        directory / "en-es" / ASSOCIATIONS_FILE
    )
    write_spellings(directory / "es-en" / SPELLINGS_FILE, {"estacion": "estación", "cafe": "café"}, [])
    return directory


def test_models_list_the_size_of_their_lexicon(make_client, lexicon_models):
    client = make_client(models_dir=lexicon_models)
    models = {m["name"]: m for m in client.get("/v1/models").json()["models"]}
    # its three entries and the days of the week, which every lexicon takes at load
    assert models["en-es"]["lexicon_entries"] == 3 + len(weekday_entries("en", "es"))
    assert models["es-en"]["lexicon_entries"] == 0
    assert models["en-es"]["known_words"] == 2
    assert models["es-en"]["known_words"] == 0
    assert (models["en-es"]["associated_pairs"], models["es-en"]["associated_pairs"]) == (2, 0)
    assert (models["en-es"]["spellings"], models["es-en"]["spellings"]) == (0, 2)


def test_the_lexicon_option_turns_the_fallback_on_and_off(make_client, lexicon_models):
    client = make_client(models_dir=lexicon_models)
    translator = client.app.state.services.registry.get("en", "es")
    raw = translator.translate(["the lord and god"], lexicon=False)[0].text
    translator.lexicon = Marking({"jail": "cárcel"})

    def post(**body) -> dict:
        response = client.post("/v1/translate", json={**EN_ES, "text": "the lord and god", **body})
        assert response.status_code == 200, response.text
        return response.json()["results"][0]

    on, default, off = post(lexicon=True, n_best=2), post(), post(lexicon=False)
    assert on["translation"] == default["translation"] == f"[{raw}]"
    assert all(a["text"].startswith("[") for a in on["alternatives"])
    assert off["translation"] == raw


def test_a_lexicon_option_that_is_not_a_boolean_is_refused(client):
    response = client.post("/v1/translate", json={**EN_ES, "text": "god", "lexicon": "often"})
    assert response.status_code == 422
    assert "lexicon" in response.text


def test_a_broken_spellings_file_keeps_its_model_out_and_the_others_serving(make_client, lexicon_models):
    (lexicon_models / "es-en" / SPELLINGS_FILE).write_text("no tab here\n", encoding="utf-8")
    client = make_client(models_dir=lexicon_models)
    assert [m["name"] for m in client.get("/v1/models").json()["models"]] == ["en-es"]
    response = client.post("/v1/translate", json={**EN_ES, "text": "god"})
    assert response.status_code == 200


def test_a_broken_lexicon_keeps_its_model_out_and_the_others_serving(make_client, lexicon_models):
    (lexicon_models / "en-es" / LEXICON_FILE).write_text("no tab here\n", encoding="utf-8")
    client = make_client(models_dir=lexicon_models)
    names = [m["name"] for m in client.get("/v1/models").json()["models"]]
    assert names == ["es-en"]
    response = client.post("/v1/translate", json={"source": "es", "target": "en", "text": "dios"})
    assert response.status_code == 200
