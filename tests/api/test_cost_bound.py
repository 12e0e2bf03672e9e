"""A sentence's decoding cost is bounded (long sentences are cut into pieces of at
most MT_MAX_SENTENCE_SUBWORDS, every output is capped at MT_MAX_OUTPUT_SUBWORDS), and a long request
cannot hold back a short one that arrives after it for more than the batch that is running."""

from __future__ import annotations

import asyncio
import threading

import pytest

from api.batching import BatchingWorker, DecodeOptions
from api.metrics import Metrics
from api.settings import Settings
from translator.facade import Translator

BODY = {"source": "en", "target": "es"}
LONG = ("Let there be light and the waters " * 20).strip()  # one sentence of 140 words, no full stop
ATTACKS = {"one-word": "a" * 2000, "no-punctuation": ("Let there be light and the waters " * 200)[:4900]}


@pytest.fixture(scope="module")
def translator(models_dir) -> Translator:
    return Translator.load(models_dir / "en-es", device="cpu")


def subwords(translator: Translator, texts: list[str]) -> list[int]:
    return [len(ids) - 1 for ids in translator.tokenizer.encode_src(texts)]


def test_a_long_sentence_is_cut_into_bounded_pieces_and_rejoined(make_client, held_model, translator):
    held_model.release()
    response = make_client(max_sentence_subwords=16).post(
        "/v1/translate", json={**BODY, "text": LONG, "decode": "greedy"}
    )
    assert response.status_code == 200
    (sentence,) = response.json()["results"][0]["sentences"]
    assert sentence["source"] == LONG
    pieces = list(held_model.texts)
    assert len(pieces) > 1 and max(subwords(translator, pieces)) <= 16
    assert " ".join(pieces) == LONG
    alone = translator.translate(pieces, decode="greedy")
    assert sentence["translation"] == " ".join(t.text for t in alone)


@pytest.mark.slow
def test_a_cut_sentence_has_block_diagonal_attention(make_client, held_model):
    held_model.release()
    response = make_client(max_sentence_subwords=16).post(
        "/v1/translate", json={**BODY, "text": LONG, "return_attention": True}
    )
    (sentence,) = response.json()["results"][0]["sentences"]
    attention = sentence["attention"]
    pieces = len(held_model.texts)
    assert attention["source_tokens"].count("</s>") == attention["target_tokens"].count("</s>") == pieces
    assert len(attention["weights"]) == len(attention["target_tokens"])
    piece_of_source = [
        attention["source_tokens"][:i].count("</s>") for i in range(len(attention["source_tokens"]))
    ]
    piece_of_target = [
        attention["target_tokens"][:i].count("</s>") for i in range(len(attention["target_tokens"]))
    ]
    for row, piece in zip(attention["weights"], piece_of_target, strict=True):
        assert len(row) == len(attention["source_tokens"])
        assert sum(row) == pytest.approx(1.0, abs=1e-4)
        assert all(w == 0.0 for w, p in zip(row, piece_of_source, strict=True) if p != piece)


@pytest.mark.slow
@pytest.mark.parametrize("text", ATTACKS.values(), ids=ATTACKS.keys())
def test_the_attack_inputs_reach_the_model_in_bounded_pieces(client, held_model, translator, text):
    """Inputs built to stall the service: answered, and no piece over the default limit reaches the model."""
    held_model.release()
    response = client.post("/v1/translate", json={**BODY, "text": text, "decode": "beam"})
    assert response.status_code == 200
    assert response.json()["results"][0]["sentences"][0]["source"] == text.strip()
    limit = Settings().max_sentence_subwords
    assert len(held_model.texts) > 1 and max(subwords(translator, held_model.texts)) <= limit


def test_the_output_cap_holds_whatever_the_source_length(make_client, client):
    body = {**BODY, "text": "the lord god of the tierra and the waters", "return_attention": True}

    def target_tokens(response) -> int:
        return len(response.json()["results"][0]["sentences"][0]["attention"]["target_tokens"])

    assert target_tokens(client.post("/v1/translate", json=body)) > 4  # 1.5 x source + 10 allows more
    assert target_tokens(make_client(max_output_subwords=4).post("/v1/translate", json=body)) <= 4


def test_a_short_request_runs_right_after_the_running_batch(translator, monkeypatch):
    """A 12-sentence request (2 per batch) holds the model; a 1-sentence request that arrives then
    is the next batch, not after the other 10 sentences, though it arrived after them."""
    calls: list[list[str]] = []
    entered, opened = threading.Event(), threading.Event()
    translate = Translator.translate

    def held(self, texts, **options):
        calls.append(list(texts))
        entered.set()
        opened.wait(timeout=30)
        return translate(self, texts, **options)

    monkeypatch.setattr(Translator, "translate", held)
    long = [f"the lord god {i}" for i in range(12)]
    budget = 2 * max(subwords(translator, long)) + 2  # two sentences (and their EOS) per batch
    greedy = DecodeOptions(decode="greedy")

    async def scenario(worker: BatchingWorker) -> None:
        first = asyncio.ensure_future(worker.translate(translator, long, greedy))
        await asyncio.to_thread(entered.wait, 10)
        short = asyncio.ensure_future(worker.translate(translator, ["ka lo"], greedy))
        while worker.queued < len(long) - 2 + 1:
            await asyncio.sleep(0.005)
        opened.set()
        await asyncio.gather(first, short)

    worker = BatchingWorker(max_batch_tokens=budget, max_wait_ms=0.0, max_queue=100, metrics=Metrics())
    worker.start()
    try:
        asyncio.run(scenario(worker))
    finally:
        worker.stop()
    assert calls[0] == long[:2]
    assert calls[1] == ["ka lo"]  # alone: the long request's pieces would make it as slow as theirs
    assert sorted(t for call in calls for t in call) == sorted([*long, "ka lo"])
