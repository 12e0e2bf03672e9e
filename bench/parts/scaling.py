"""Part 6: how the time of one `Translator.translate` call grows with the batch size, the sentence
length and the beam size, on the shipped model in float32 (plotted by bench.parts.report).

- batch size: the first b of the test sentences closest to the median length, in one call
  (no token budget splits it), beam 5;
- sentence length: test sentences binned by source length (subwords, EOS included), each translated
  alone, beam 5: the median time per sentence of each bin;
- beam size: `scaling_beam_batch` sentences of median length in one call, beam 1 (greedy) to 10.

Times are medians of the repeats.
"""

from __future__ import annotations

import logging
import statistics
from collections.abc import Callable
from typing import Any

from tqdm import tqdm

from bench.parts.context import Options, Results, timed
from bench.parts.decoding import set_batch_tokens
from training.evaluate import read_lines
from translator.config import Decode
from translator.facade import Translator

log = logging.getLogger("bench.scaling")

LENGTH_BINS = ((1, 10), (11, 20), (21, 30), (31, 40), (41, 60), (61, 250))  # inclusive, in subwords
UNBOUNDED = 10**9  # a token budget no call reaches: every call is one batch


def median_time(opts: Options, call: Callable[[], Any]) -> float:
    return statistics.median(timed(call)[0] for _ in range(opts.repeats))


def typical_sentences(lines: list[str], lengths: list[int], count: int) -> list[str]:
    """The `count` lines whose length is closest to the median length."""
    middle = statistics.median(lengths)
    order = sorted(range(len(lines)), key=lambda i: (abs(lengths[i] - middle), i))
    return [lines[i] for i in order[:count]]


def run(opts: Options, results: Results) -> None:
    translator = Translator.load(opts.shipped, device="cpu", precision="fp32", compile=True)
    set_batch_tokens(translator, UNBOUNDED)
    lines = read_lines(opts.prepared / "test.en")
    lengths = [len(ids) for ids in translator.tokenizer.encode_src(lines)]
    beam = opts.beam_size

    def translate(texts: list[str], beam_size: int = beam) -> Callable[[], Any]:
        decode: Decode = "greedy" if beam_size == 1 else "beam"
        return lambda: translator.translate(texts, decode=decode, beam_size=beam_size, alpha=opts.alpha)

    batch = []
    pool = typical_sentences(lines, lengths, max(opts.scaling_batches))
    for size in tqdm(opts.scaling_batches, desc="part 6: batch size", unit="size"):
        seconds = median_time(opts, translate(pool[:size]))
        batch.append({"batch": size, "seconds": seconds, "sentences_per_s": size / seconds})

    length = []
    for low, high in tqdm(LENGTH_BINS, desc="part 6: length", unit="bin"):
        members = [i for i, n in enumerate(lengths) if low <= n <= high][: opts.scaling_per_bin]
        if not members:
            continue
        times = [median_time(opts, translate([lines[i]])) for i in members]
        length.append(
            {
                "bin": f"{low}-{high}",
                "mean_length": statistics.mean(lengths[i] for i in members),
                "sentences": len(members),
                "seconds": statistics.median(times),
            }
        )

    beams = []
    pool = typical_sentences(lines, lengths, opts.scaling_beam_batch)
    for size in tqdm(opts.scaling_beams, desc="part 6: beam size", unit="beam"):
        seconds = median_time(opts, translate(pool, size))
        beams.append({"beam": size, "seconds": seconds, "sentences_per_s": len(pool) / seconds})

    results.save_part(
        "scaling",
        {
            "model": str(opts.shipped),
            "beam_size": beam,
            "median_length": statistics.median(lengths),
            "beam_batch": len(pool),
            "batch": batch,
            "length": length,
            "beam": beams,
        },
        opts,
    )
