"""`source: auto` on /libre/translate detects among every served language, as LibreTranslate does:
a text already in the target language comes back unchanged (LibreTranslate's identity
translation), one in a language with no model into the target gets 400."""

from __future__ import annotations

GENESIS_ES = "Y dijo Dios: Sea la luz."


def test_a_text_in_the_target_language_is_detected_and_passed_through(client):
    response = client.post("/libre/translate", json={"q": GENESIS_ES, "source": "auto", "target": "es"})
    assert response.status_code == 200
    data = response.json()
    assert data["detectedLanguage"]["language"] == "es"
    assert data["detectedLanguage"]["confidence"] > 90
    assert data["translatedText"] == GENESIS_ES
    assert data["alternatives"] == []


def test_pass_through_keeps_the_order_of_a_mixed_list(client):
    texts = ["And God said, Let there be light.", GENESIS_ES]
    data = client.post("/libre/translate", json={"q": texts, "source": "auto", "target": "es"}).json()
    assert [d["language"] for d in data["detectedLanguage"]] == ["en", "es"]
    english = client.post("/v1/translate", json={"text": texts[0], "source": "en", "target": "es"}).json()
    assert data["translatedText"] == [english["results"][0]["translation"], GENESIS_ES]


def test_a_named_source_equal_to_the_target_is_passed_through(client):
    response = client.post("/libre/translate", json={"q": GENESIS_ES, "source": "es", "target": "es"})
    assert response.status_code == 200 and response.json()["translatedText"] == GENESIS_ES


def test_a_language_without_a_model_into_the_target_is_400(client):
    response = client.post("/libre/translate", json={"q": GENESIS_ES, "source": "auto", "target": "fr"})
    assert response.status_code == 400
    assert response.json()["error"] == ("no model translates 'es' into 'fr'; available pairs: en-es, es-en")


def test_an_unserved_language_is_never_passed_through(client):
    response = client.post("/libre/translate", json={"q": "bonjour", "source": "fr", "target": "fr"})
    assert response.status_code == 400
    assert response.json()["error"].startswith("no model translates 'fr' into 'fr'")
