"""POST /v1/translate: response structure, defaults, n-best, attention, sentence splitting."""

from __future__ import annotations

from html import escape

import httpx
import lxml.html
import pytest

from translator.facade import Translator

EN_ES = {"source": "en", "target": "es"}


def translate(client, **body) -> dict:
    response = client.post("/v1/translate", json={**EN_ES, **body})
    assert response.status_code == 200, response.text
    return response.json()


def test_one_text_gives_one_result_with_translation_score_and_alternatives(client):
    data = translate(client, text="the lord and god")
    assert (data["source"], data["target"]) == ("en", "es")
    (result,) = data["results"]
    assert isinstance(result["translation"], str) and result["translation"]
    assert result["score"] < 0 and result["log_prob"] < 0
    assert result["alternatives"] == [
        {"text": result["translation"], "score": result["score"], "log_prob": result["log_prob"]}
    ]
    (sentence,) = result["sentences"]
    assert sentence["source"] == "the lord and god"
    assert sentence["attention"] is None


def test_translation_is_what_the_translator_gives(client, models_dir):
    """The service adds nothing to the model's output: same text and score as the library call."""
    expected = Translator.load(models_dir / "en-es", device="cpu").translate(
        ["ka lo mi ne"], decode="beam", beam_size=3, alpha=0.5
    )[0]
    (result,) = translate(client, text="ka lo mi ne", beam_size=3, alpha=0.5)["results"]
    assert result["translation"] == expected.text
    assert result["score"] == pytest.approx(expected.score, abs=1e-5)


def test_defaults_are_beam_5_alpha_075(client):
    implicit = translate(client, text="the tierra dijo")
    explicit = translate(client, text="the tierra dijo", decode="beam", beam_size=5, alpha=0.75, n_best=1)
    assert implicit == explicit


def test_greedy_decoding(client, models_dir):
    expected = Translator.load(models_dir / "en-es", device="cpu").translate(
        ["god and lord"], decode="greedy"
    )
    (result,) = translate(client, text="god and lord", decode="greedy")["results"]
    assert result["translation"] == expected[0].text


def test_n_best_alternatives_are_ranked_by_score(client):
    (result,) = translate(client, text="the lord of the tierra", beam_size=5, n_best=4)["results"]
    scores = [a["score"] for a in result["alternatives"]]
    # n_best at most: hypotheses that the repairs make one text (a repeated word written once) come once
    assert 1 <= len(scores) <= 4
    assert scores == sorted(scores, reverse=True)
    assert result["alternatives"][0]["text"] == result["translation"]
    assert len({a["text"] for a in result["alternatives"]}) == len(scores)


def test_attention_matrix_has_a_row_per_target_token_and_a_column_per_source_token(client):
    (result,) = translate(client, text="in the lord", return_attention=True)["results"]
    attention = result["sentences"][0]["attention"]
    assert attention["source_tokens"][-1] == "</s>" and attention["target_tokens"][-1] == "</s>"
    assert len(attention["weights"]) == len(attention["target_tokens"])
    for row in attention["weights"]:
        assert len(row) == len(attention["source_tokens"])
        assert sum(row) == pytest.approx(1.0, abs=1e-4)


def test_list_of_texts_gives_one_result_per_text_in_order(client):
    texts = ["the lord", "ka lo mi", "dijo tierra"]
    batch = translate(client, text=texts)["results"]
    alone = [translate(client, text=t)["results"][0] for t in texts]
    assert [r["translation"] for r in batch] == [r["translation"] for r in alone]


def test_paragraph_is_split_into_sentences_and_line_breaks_are_kept(client):
    text = "The lord said. The tierra is here!\n\nAnd god saw it."
    (result,) = translate(client, text=text)["results"]
    assert [s["source"] for s in result["sentences"]] == [
        "The lord said.",
        "The tierra is here!",
        "And god saw it.",
    ]
    first, second, third = (s["translation"] for s in result["sentences"])
    assert result["translation"] == f"{first} {second}\n\n{third}"
    assert result["log_prob"] == pytest.approx(sum(s["log_prob"] for s in result["sentences"]), abs=1e-4)


def test_whole_text_alternatives_join_the_sentences_hypotheses(client):
    (result,) = translate(client, text="The lord said. And god saw it.", n_best=2)["results"]
    sentences = result["sentences"]
    second = result["alternatives"][1]
    # each sentence's second hypothesis, or its last where it has one only (two the repairs made one)
    assert second["text"] == " ".join(
        s["alternatives"][min(1, len(s["alternatives"]) - 1)]["text"] for s in sentences
    )


def test_same_request_gives_the_same_answer(client):
    body = {"text": "ka lo mi ne su", "n_best": 3, "return_attention": True}
    assert translate(client, **body) == translate(client, **body)


def test_other_direction_uses_the_other_model(client):
    en_es = translate(client, text="la tierra")["results"][0]["translation"]
    response = client.post("/v1/translate", json={"text": "la tierra", "source": "es", "target": "en"})
    assert response.status_code == 200
    assert response.json()["results"][0]["translation"] != en_es


def test_translate_on_the_live_server(live_server):
    response = httpx.post(f"{live_server}/v1/translate", json={"text": "the lord", **EN_ES}, timeout=30)
    assert response.status_code == 200
    assert response.json()["results"][0]["translation"]


def test_html_text_is_translated_and_its_markup_kept(client):
    plain = translate(client, text="the lord and god")["results"][0]["translation"]
    html = '<p class="x">the lord and god</p><pre>the lord</pre><ul><li>ka <b>lo</b> mi</li></ul>'
    (result,) = translate(client, text=html, format="html", n_best=2, decode="beam")["results"]
    out = result["translation"]
    assert out.startswith(f'<p class="x">{escape(plain, quote=False)}</p><pre>the lord</pre><ul><li>')
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    assert [e.tag for e in root.iter()] == ["div", "p", "pre", "ul", "li", "b"]
    # the texts taken out of the markup: the paragraph, the list item whole and its three text nodes
    assert [s["source"] for s in result["sentences"]] == ["the lord and god", "ka lo mi", "ka", "lo", "mi"]
    assert len(result["alternatives"]) == 2
    assert all(a["text"].startswith('<p class="x">') for a in result["alternatives"])
    assert result["alternatives"][0]["text"] == out


def test_html_without_text_comes_back_as_it_was_read(client):
    (result,) = translate(client, text="<p>42</p><code>x = 1</code>", format="html")["results"]
    assert result["translation"] == "<p>42</p><code>x = 1</code>"
    assert result["sentences"] == []
