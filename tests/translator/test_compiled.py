import logging

import pytest
import torch

from translator import compiled
from translator.attention import AdditiveAttention, additive_scores
from translator.compiled import CompiledOrEager, compile_model, compiled_scores


@pytest.mark.slow  # torch.compile
@pytest.mark.parametrize(("rows", "tgt_len", "src_len"), [(1, 1, 4), (6, 1, 9), (3, 5, 7)])
def test_compiled_scores_match_eager_values_and_gradients(rows, tgt_len, src_len):
    torch.manual_seed(0)
    query = torch.randn(rows, tgt_len, 16, requires_grad=True)
    keys = torch.randn(rows, src_len, 16, requires_grad=True)
    energy = torch.randn(16, 1, requires_grad=True)
    eager = additive_scores(query, keys, energy)
    assert eager.shape == (rows, tgt_len, src_len)
    eager_grads = torch.autograd.grad(eager.square().sum(), (query, keys, energy))
    got = compiled_scores(query, keys, energy)
    got_grads = torch.autograd.grad(got.square().sum(), (query, keys, energy))
    torch.testing.assert_close(got, eager)
    for g, e in zip(got_grads, eager_grads, strict=True):
        torch.testing.assert_close(g, e)


@pytest.mark.slow  # torch.compile
def test_compile_model_switches_every_attention_layer(make_model, pad_batch, random_sources):
    model = make_model(seed=1, decoder_layers=2).eval()
    src, lengths = pad_batch(random_sources)
    prev = torch.full((src.size(0),), 4)
    with torch.inference_mode():
        expected, _, expected_att = model.decode_step(prev, model.encode(src, lengths))
        assert compile_model(model) is model
        layers = [m for m in model.modules() if isinstance(m, AdditiveAttention)]
        assert layers and all(m.scores is compiled_scores for m in layers)
        got, _, got_att = model.decode_step(prev, model.encode(src, lengths))
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)
    torch.testing.assert_close(got_att, expected_att, rtol=1e-5, atol=1e-6)


def test_a_failed_compilation_falls_back_to_eager_once(monkeypatch, caplog):
    calls = []

    def broken_compile(fn, **_):
        def run(*args):
            calls.append(args)
            raise RuntimeError("no C++ compiler")

        return run

    monkeypatch.setattr(compiled.torch, "compile", broken_compile)
    scores = CompiledOrEager(additive_scores)
    query, keys, energy = torch.randn(2, 1, 4), torch.randn(2, 3, 4), torch.randn(4, 1)
    with caplog.at_level(logging.WARNING, logger="translator.compiled"):
        first = scores(query, keys, energy)
        second = scores(query, keys, energy)
    torch.testing.assert_close(first, additive_scores(query, keys, energy))
    torch.testing.assert_close(second, first)
    assert len(calls) == 1  # not retried
    assert scores.failed
    assert "no C++ compiler" in caplog.text and caplog.text.count("runs eagerly") == 1


def test_bad_input_raises_and_leaves_compilation_on(monkeypatch):
    monkeypatch.setattr(compiled.torch, "compile", lambda fn, **_: fn)  # "compiled" = eager here
    scores = CompiledOrEager(additive_scores)
    with pytest.raises(RuntimeError):
        scores(torch.randn(2, 1, 4), torch.randn(2, 3, 5), torch.randn(4, 1))  # sizes 4 and 5 differ
    assert not scores.failed
