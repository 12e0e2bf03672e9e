"""Part 5: how close decoding comes to this machine's limit.

The limit: the peak float32 matmul rate, `torch.matmul` of two random n x n matrices (2 n^3 FLOPs) on
`threads` threads, the median of several runs after one warm-up. The work: the shipped model's
decoder matmul FLOPs per output token (`flops_per_target_token`), times the measured target tokens/s
of greedy and beam-5 decoding of the test chapters in batches of 64 sentences, float32.
"""

from __future__ import annotations

import logging
import statistics
from typing import Any

import torch
from tqdm import tqdm

from bench.parts.context import Options, Results, median_of, timed
from bench.parts.decoding import decoding_budget, mean_source_tokens, set_batch_tokens, translate_timed
from bench.parts.translation import SPEEDS, test_set
from translator.config import ModelConfig
from translator.facade import Translator

log = logging.getLogger("bench.roofline")


def matmul_gflops(size: int, runs: int) -> dict[str, Any]:
    """Peak float32 matmul GFLOP/s on the current torch threads: median of `runs` timed products."""
    a, b = torch.randn(size, size), torch.randn(size, size)
    torch.matmul(a, b)  # warm-up: thread pool, memory
    rates = [2 * size**3 / timed(lambda: torch.matmul(a, b))[0] / 1e9 for _ in range(runs)]
    return {"size": size, "runs": runs, "gflops": statistics.median(rates), "gflops_runs": rates}


def decoder_flops_per_step(cfg: ModelConfig, src_len: float, input_table: bool = False) -> float:
    """Matmul FLOPs of one decoder step for one hypothesis (a multiply-add counts 2).

    With E = emb_dim, H = hidden_size, A = attention_size, V = tgt_vocab_size, L = decoder_layers,
    S = source length in subwords (EOS included), and GRU gates G = 3 (LSTM: 4):

        layer 1 (reads the previous subword)          2 G H (E + H)   (2 G H H with `input_table`:
                                                        its input side is looked up, not multiplied)
        additive attention over S positions           2 H A + 2 S A + 2 S H
            (query projection, energy v^T tanh(.) at each position, context = weights x memory)
        layer 2 (reads [layer-1 state; context])      2 G H (2H + H)      if L >= 2
        layers 3..L                                   2 G H (H + H) each
        pre-output layer ([top; context])             2 (2H) E   (+ 2 E E with output_layer: deep,
                                                                   which also reads the previous subword)
        output projection over the vocabulary         2 E V

    Left out: element-wise work (gates, tanh, softmax, log-softmax, top-k), the encoder, and the key
    projection and bridge, which run once per sentence.
    """
    e, h, a, v = cfg.emb_dim, cfg.hidden_size, cfg.attention_size, cfg.tgt_vocab_size
    gates = 3 if cfg.rnn == "gru" else 4
    flops: float = 2 * gates * h * (h if input_table else e + h)
    flops += 2 * h * a + 2 * src_len * a + 2 * src_len * h
    if cfg.decoder_layers >= 2:
        flops += 2 * gates * h * (2 * h + h)
        flops += (cfg.decoder_layers - 2) * 2 * gates * h * (h + h)
    flops += 2 * (2 * h + (e if cfg.output_layer == "deep" else 0)) * e
    flops += 2 * e * v
    return flops


def flops_per_target_token(
    cfg: ModelConfig, src_len: float, beam_size: int, input_table: bool = False
) -> float:
    """Decoder FLOPs per output token: beam search runs `beam_size` hypotheses per sentence at every
    step (greedy: 1). A lower bound for beam search, which goes on past the best hypothesis's end
    until `beam_size` hypotheses have finished."""
    return beam_size * decoder_flops_per_step(cfg, src_len, input_table)


def run(opts: Options, results: Results) -> None:
    log.info("part 5: peak matmul rate, %d runs of size %d", opts.matmul_runs, opts.matmul_size)
    peak = matmul_gflops(opts.matmul_size, opts.matmul_runs)
    source, _ = test_set(opts)
    translator = Translator.load(opts.shipped, device="cpu", precision="fp32", compile=True)
    set_batch_tokens(translator, decoding_budget(translator, source, opts.batch_sentences))
    src_len = mean_source_tokens(translator, source)
    input_table = translator.model.decoder.input_table is not None
    decoding = {}
    searches = [("greedy", 1), ("beam", opts.beam_size)]
    for decode, beam in tqdm(searches, desc="part 5: decoding", unit="search"):
        runs = [
            translate_timed(translator, source, beam_size=beam, alpha=opts.alpha, references=None)
            for _ in range(opts.repeats)
        ]
        figures = median_of(runs, SPEEDS)
        per_token = flops_per_target_token(translator.config.model, src_len, beam, input_table)
        achieved = per_token * figures["tokens_per_s"] / 1e9
        decoding[decode] = {
            "beam_size": beam,
            "flops_per_token": per_token,
            **figures,
            "gflops": achieved,
            "percent_of_peak": 100 * achieved / peak["gflops"],
        }
    results.save_part(
        "roofline",
        {
            "model": str(opts.shipped),
            "sentences": len(source),
            "mean_source_tokens": src_len,
            "input_table": input_table,
            "batch_sentences": opts.batch_sentences,
            "peak": peak,
            "decoding": decoding,
        },
        opts,
    )
