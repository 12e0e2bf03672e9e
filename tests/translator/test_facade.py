import random

import pytest

from translator.attention import additive_scores
from translator.compiled import compiled_scores
from translator.config import replace
from translator.facade import Translation, Translator, length_batches

TEXTS = ["the lord said", "god", "and the earth of the lord said to god in the tierra", "kalo mine"]


@pytest.fixture(scope="module")
def translator(model_dir) -> Translator:
    return Translator.load(model_dir)


def test_load(translator, model_dir):
    assert translator.metadata == {"path": str(model_dir / "model.pt"), "step": 7, "metrics": {"bleu": 1.5}}
    assert not translator.model.training
    assert translator.device.type == "cpu"
    assert (translator.src_lang, translator.tgt_lang) == ("en", "es")
    assert translator.config.decoding.beam_size == 4


def test_one_result_per_input_in_order(translator):
    texts = [TEXTS[2], "", TEXTS[0], "   ", TEXTS[1], TEXTS[3]]
    # Small inference batches: the inputs are regrouped by length across several batches.
    small = Translator(
        translator.model,
        translator.tokenizer,
        replace(translator.config, "decoding", batch_tokens=12),
        translator.metadata,
    )
    results = small.translate(texts)
    assert len(results) == len(texts)
    assert all(isinstance(r, Translation) for r in results)
    alone = [translator.translate([t])[0] for t in texts]
    assert [r.text for r in results] == [a.text for a in alone]
    assert [r.score for r in results] == pytest.approx([a.score for a in alone], rel=1e-5)
    assert results[1].text == results[3].text == ""
    assert results[1].n_best[0].text == ""
    assert all(r.text for i, r in enumerate(results) if i not in (1, 3))
    assert len({r.text for r in results}) > 2


def test_empty_list(translator):
    assert translator.translate([]) == []


def test_n_best(translator):
    for result in translator.translate(TEXTS, n_best=3):
        assert len(result.n_best) == 3
        scores = [alt.score for alt in result.n_best]
        assert scores == sorted(scores, reverse=True)
        assert (result.n_best[0].text, result.n_best[0].score) == (result.text, result.score)
        assert all(alt.log_prob < 0 for alt in result.n_best)


def test_greedy(translator):
    results = translator.translate(TEXTS, decode="greedy")
    assert [len(r.n_best) for r in results] == [1] * len(TEXTS)
    assert [r.text for r in results] == [r.text for r in translator.translate(TEXTS, beam_size=1)]


def test_greedy_with_n_best_is_refused(translator):
    with pytest.raises(ValueError, match="n_best"):
        translator.translate(TEXTS, decode="greedy", n_best=2)


def test_attention(translator, monkeypatch):
    # The attention is over the model's own pieces: a repair that writes a repeated word once (this random
    # model repeats itself) makes the text differ from them.
    monkeypatch.setattr(translator, "repair_repeats", False)
    results = translator.translate(TEXTS, return_attention=True, n_best=2)
    for text, result in zip(TEXTS, results, strict=True):
        att = result.attention
        sp = translator.tokenizer.src
        assert att.source_tokens == [*map(sp.id_to_piece, sp.encode(text)), "</s>"]
        assert att.target_tokens[-1] == "</s>"
        assert translator.tokenizer.tgt.decode_pieces(att.target_tokens[:-1]) == result.text
        assert len(att.weights) == len(att.target_tokens)
        for row in att.weights:
            assert len(row) == len(att.source_tokens)
            assert sum(row) == pytest.approx(1.0, abs=1e-5)
    assert translator.translate(TEXTS[:1])[0].attention is None


@pytest.mark.slow  # torch.compile
def test_compiled_load_translates_like_eager(model_dir):
    eager = Translator.load(model_dir, device="cpu")
    fused = Translator.load(model_dir, device="cpu", compile=True)
    assert fused.model.decoder.attention.scores is compiled_scores
    assert eager.model.decoder.attention.scores is additive_scores
    texts = ["the lord and god", "ka lo", "in the beginning"]
    for decode in ("greedy", "beam"):
        want, got = eager.translate(texts, decode=decode), fused.translate(texts, decode=decode)
        assert [g.text for g in got] == [w.text for w in want]
        assert [g.score for g in got] == pytest.approx([w.score for w in want], rel=1e-4)


def test_length_batches_pinned():
    assert length_batches([5, 1, 3, 8, 2], max_tokens=6) == [[1, 4], [2], [0], [3]]


@pytest.mark.parametrize("max_tokens", [1, 7, 40, 1000])
def test_length_batches_fit_and_cover(max_tokens):
    rng = random.Random(max_tokens)
    lengths = [rng.randint(1, 30) for _ in range(200)]
    batches = length_batches(lengths, max_tokens)
    assert sorted(i for b in batches for i in b) == list(range(len(lengths)))
    for b in batches:
        assert len(b) == 1 or len(b) * max(lengths[i] for i in b) <= max_tokens
    if max_tokens == 1000:
        assert len(batches) < 10  # not one sentence per batch
