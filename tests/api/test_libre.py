"""LibreTranslate-compatible endpoints, through the real libretranslatepy client and raw requests."""

from __future__ import annotations

from html import escape

import pytest
from libretranslatepy import LibreTranslateAPI


@pytest.fixture(scope="module")
def libre(live_server) -> LibreTranslateAPI:
    return LibreTranslateAPI(f"{live_server}/libre/")


def native(client, text: str, source: str, target: str, **options) -> dict:
    response = client.post(
        "/v1/translate", json={"text": text, "source": source, "target": target, **options}
    )
    return response.json()["results"][0]


def test_client_translates(libre, client):
    assert (
        libre.translate("the lord and god", "en", "es", timeout=30)
        == native(client, "the lord and god", "en", "es")["translation"]
    )


def test_client_lists_languages(libre):
    assert libre.languages(timeout=30) == [
        {"code": "en", "name": "English", "targets": ["es"]},
        {"code": "es", "name": "Spanish", "targets": ["en"]},
    ]


def test_client_detects(libre):
    detected = libre.detect("En el principio creó Dios los cielos y la tierra.", timeout=30)
    assert detected[0]["language"] == "es" and detected[0]["confidence"] > 90
    assert {d["language"] for d in detected} == {"en", "es"}


def test_json_body_with_alternatives(client):
    response = client.post(
        "/libre/translate", json={"q": "the tierra", "source": "en", "target": "es", "alternatives": 2}
    )
    expected = native(client, "the tierra", "en", "es", n_best=3)
    assert response.json() == {
        "translatedText": expected["translation"],
        "alternatives": [a["text"] for a in expected["alternatives"][1:]],
    }


def test_list_of_texts_gives_lists(client):
    response = client.post(
        "/libre/translate", data={"q": ["the lord", "ka lo mi"], "source": "en", "target": "es"}
    )
    data = response.json()
    assert data["translatedText"] == [
        native(client, t, "en", "es")["translation"] for t in ["the lord", "ka lo mi"]
    ]
    assert data["alternatives"] == [[], []]


def test_auto_source_detects_the_language(client):
    response = client.post(
        "/libre/translate", json={"q": "And God said, Let there be light.", "target": "es"}
    )
    data = response.json()
    assert data["detectedLanguage"]["language"] == "en"
    assert data["detectedLanguage"]["confidence"] > 99
    assert (
        data["translatedText"]
        == native(client, "And God said, Let there be light.", "en", "es")["translation"]
    )


def test_auto_source_for_a_list_detects_each_text(client):
    """Each text gets its own entry; one already in the target comes back unchanged (test_detect.py)."""
    response = client.post(
        "/libre/translate", json={"q": ["the lord", "la tierra"], "source": "auto", "target": "en"}
    )
    data = response.json()
    assert [d["language"] for d in data["detectedLanguage"]] == ["en", "es"]
    assert data["translatedText"] == ["the lord", native(client, "la tierra", "es", "en")["translation"]]


def test_detect_ranks_the_served_languages(client):
    response = client.post(
        "/libre/detect", json={"q": "In the beginning God created the heaven and the earth."}
    )
    detected = response.json()
    assert [d["language"] for d in detected] == ["en", "es"]
    assert sum(d["confidence"] for d in detected) == pytest.approx(100, abs=0.1)


def test_html_format_translates_the_text_and_keeps_the_markup(client):
    plain = native(client, "the lord and god", "en", "es")["translation"]
    for send in ("json", "data"):
        response = client.post(
            "/libre/translate",
            **{
                send: {
                    "q": "<p>the lord and god</p><code>the lord</code>",
                    "source": "en",
                    "target": "es",
                    "format": "html",
                }
            },
        )
        assert response.status_code == 200, response.text
        assert (
            response.json()["translatedText"] == f"<p>{escape(plain, quote=False)}</p><code>the lord</code>"
        )


def test_html_format_detects_the_language_of_the_text_not_the_tags(client):
    html = '<div class="content"><p>En el principio creó Dios los cielos y la tierra.</p></div>'
    response = client.post(
        "/libre/translate", json={"q": html, "source": "auto", "target": "en", "format": "html"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["detectedLanguage"]["language"] == "es"
    assert response.json()["translatedText"].startswith('<div class="content"><p>')
