"""Part 4: CPU inference precision on the shipped model: int8 (dynamic quantisation) and bf16 against
fp32 (translator.precision), beam 5 over the test chapters in batches of 64 sentences on average:
sentences/s (median of the repeats) and BLEU/chrF (training.scoring)."""

from __future__ import annotations

import logging
from typing import Any

from tqdm import tqdm

from bench.parts.context import Options, Results, median_of
from bench.parts.decoding import decoding_budget, set_batch_tokens, translate_timed
from bench.parts.translation import SPEEDS, test_set
from translator.facade import Translator

log = logging.getLogger("bench.int8")

PRECISIONS = ("fp32", "bf16", "int8")


def measure(opts: Options, precision: str, source: list[str], references: list[str]) -> dict[str, Any]:
    translator = Translator.load(opts.shipped, device="cpu", precision=precision, compile=True)
    set_batch_tokens(translator, decoding_budget(translator, source, opts.batch_sentences))
    runs = []
    for _ in range(opts.repeats):
        figures = translate_timed(
            translator, source, beam_size=opts.beam_size, alpha=opts.alpha, references=references
        )
        del figures["hypotheses"]
        runs.append(figures)
    return {"bleu": runs[0]["bleu"], "chrf": runs[0]["chrf"], **median_of(runs, SPEEDS)}


def run(opts: Options, results: Results) -> None:
    source, references = test_set(opts)
    precisions = {}
    for precision in tqdm(PRECISIONS, desc="part 4: precision", unit="precision"):
        precisions[precision] = measure(opts, precision, source, references)
    results.save_part(
        "int8",
        {
            "model": str(opts.shipped),
            "sentences": len(source),
            "beam_size": opts.beam_size,
            "precisions": precisions,
        },
        opts,
    )
