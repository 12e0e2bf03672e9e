"""bench.parts: the decoder FLOP count, the batch-size matching, and the targets of `make bench`."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bench.parts.decoding import budget_for_sentences
from bench.parts.roofline import decoder_flops_per_step, flops_per_target_token
from bench.parts.targets import targets
from translator.config import ModelConfig
from translator.facade import length_batches
from translator.model import EncoderDecoder


@pytest.mark.parametrize("output_layer", ["attentional", "deep"])
@pytest.mark.parametrize("rnn", ["gru", "lstm"])
@pytest.mark.parametrize("layers", [1, 2, 3])
def test_flops_are_twice_the_weights_a_decoder_step_multiplies(rnn, layers, output_layer):
    cfg = ModelConfig(
        rnn=rnn,
        output_layer=output_layer,
        emb_dim=8,
        hidden_size=12,
        attention_size=6,
        encoder_layers=1,
        decoder_layers=layers,
        src_vocab_size=20,
        tgt_vocab_size=30,
    )
    decoder = EncoderDecoder(cfg).decoder
    per_step = [decoder.rnn_query, decoder.attention.query_proj, decoder.pre_output, decoder.output]
    if decoder.rnn_context is not None:
        per_step.append(decoder.rnn_context)
    weights = sum(p.numel() for m in per_step for name, p in m.named_parameters() if "weight" in name)
    src_len = 7
    # Per source position: the energy v^T tanh(.) (attention_size) and the context sum (hidden_size).
    attention = 2 * src_len * (cfg.attention_size + cfg.hidden_size)
    assert decoder_flops_per_step(cfg, src_len) == 2 * weights + attention


def test_shipped_size_flops_per_token_pinned():
    cfg = ModelConfig(
        emb_dim=256,
        hidden_size=512,
        attention_size=256,
        tgt_vocab_size=8000,
        src_vocab_size=8000,
        output_layer="deep",
    )
    step = decoder_flops_per_step(cfg, 30)
    assert step == 12_137_472  # 2 359 296 + 308 224 + 4 718 592 + 655 360 + 4 096 000
    assert flops_per_target_token(cfg, 30, 5) == 5 * step
    assert flops_per_target_token(cfg, 30, 1) == step
    # The attentional output layer does not read the previous subword: 2 x 256 x 256 fewer.
    assert decoder_flops_per_step(replace(cfg, output_layer="attentional"), 30) == step - 131_072
    # Layer 1's input side looked up from a table: 2 x 3 x 512 x 256 fewer.
    assert decoder_flops_per_step(cfg, 30, input_table=True) == step - 786_432
    assert flops_per_target_token(cfg, 30, 5, input_table=True) == 5 * (step - 786_432)


def test_budget_gives_batches_of_the_wanted_size():
    lengths = [10] * 64 + [20] * 64

    def batches(budget: int) -> list[list[int]]:
        return length_batches(lengths, budget)

    budget = budget_for_sentences(batches, len(lengths), 16)
    assert len(lengths) / len(batches(budget)) >= 16
    assert len(lengths) / len(batches(budget - 1)) < 16
    # More sentences wanted than there are: everything in one batch.
    assert len(batches(budget_for_sentences(batches, len(lengths), 1000))) == 1


def parts(change: tuple[tuple, float] | None = None) -> dict:
    """results.json's parts where every measured target is just met; `change`: (keys, value) to set."""
    figures = {
        "training": {"systems": {"ours": {"tokens_per_s": 6000}, "joey": {"tokens_per_s": 3000}}},
        "service": {
            "systems": {
                "ours-batching": {"levels": [{"concurrency": 32, "rps": 300, "p99_ms": 400}]},
                "ours-no-batching": {"levels": [{"concurrency": 32, "rps": 100, "p99_ms": 900}]},
            }
        },
        "int8": {
            "precisions": {
                "fp32": {"sentences_per_s": 10, "bleu": 31.5},
                "int8": {"sentences_per_s": 15, "bleu": 31.0},
            }
        },
    }
    if change is not None:
        (*keys, last), value = change
        node = figures
        for key in keys:
            node = node[key]
        node[last] = value
    return figures


def verdicts(figures: dict) -> dict[str, str]:
    return {t.name: t.verdict for t in targets(figures)}


def test_targets_met_not_met_and_not_measured():
    result = verdicts(parts())
    assert result["training tokens/s, ours / Joey NMT"] == "met"  # 2.0x, the bound itself
    assert result["training tokens/s, ours / OpenNMT-py"] == "not measured"  # no onmt figure
    assert result["service req/s at 32 clients, batching on / off"] == "met"  # 3.0x
    assert result["service p99 latency at 32 clients (ours, batching on)"] == "met"
    assert result["sentences/s, int8 / fp32 (shipped model)"] == "met"  # 1.5x
    assert result["BLEU lost by int8 (fp32 - int8, beam 5)"] == "met"  # 0.5
    assert result["decoding share of the matmul peak (batch 64, beam 5)"] == "not measured"
    assert result["training tokens/s, ours with bf16 autocast / Joey NMT"] == "not measured"
    assert len(result) == 12

    slower = verdicts(parts((("training", "systems", "ours", "tokens_per_s"), 5999)))
    assert slower["training tokens/s, ours / Joey NMT"] == "NOT met"


def test_p99_of_one_second_is_not_below_one_second():
    late = parts((("service", "systems", "ours-batching", "levels", 0, "p99_ms"), 1000))
    assert verdicts(late)["service p99 latency at 32 clients (ours, batching on)"] == "NOT met"


def test_int8_losing_more_than_half_a_point_fails():
    worse = parts((("int8", "precisions", "int8", "bleu"), 30.75))
    assert verdicts(worse)["BLEU lost by int8 (fp32 - int8, beam 5)"] == "NOT met"
