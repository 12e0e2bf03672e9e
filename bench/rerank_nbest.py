"""Experiment (bench/recipes/general.md, try 11): rerank the beam's n-best by the reverse model.

    python -m bench.rerank_nbest --direction en-es --split dev-tatoeba --limit 600 [--beam 5]

Each of the first `limit` lines of a prepared split is translated with beam search (n-best = beam, the
lexicon as served); the opposite direction's shipped model then scores the source given each
candidate, log P(x|y), by teacher forcing. A candidate's score is (1 - w) * log P(y|x) / |y|^alpha + w
* log P(x|y) / |x|^alpha, and the table gives the BLEU of the best-scoring candidates for each weight w
(w = 0 is the search's own ranking). Not part of the service: the gain was too small for its cost.
"""

from __future__ import annotations

import argparse
import sys

import sacrebleu
import torch
from tqdm import tqdm

from training.batching import collate
from translator.facade import Translator

WEIGHTS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6)
BATCH = 32


def reverse_log_probs(
    reverse: Translator, candidates: list[str], sources: list[str]
) -> list[tuple[float, int]]:
    """(log P(source | candidate), source length in subwords with EOS) under the reverse model."""
    targets = reverse.tokenizer.encode_tgt(sources)
    batch = collate(list(zip(reverse.tokenizer.encode_src(candidates), targets, strict=True)))
    with torch.inference_mode():
        logits = reverse.model(batch.src, batch.src_lengths, batch.tgt_in)
        picked = torch.log_softmax(logits.float(), -1).gather(2, batch.tgt_out.unsqueeze(2)).squeeze(2)
    return [(picked[row, : len(t) + 1].sum().item(), len(t) + 1) for row, t in enumerate(targets)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.rerank_nbest", description=__doc__.split("\n\n")[0])
    p.add_argument("--direction", choices=["en-es", "es-en"], required=True)
    p.add_argument("--split", default="dev-tatoeba")
    p.add_argument("--limit", type=int, default=600)
    p.add_argument("--beam", type=int, default=5)
    p.add_argument("--data-dir", default="data/prepared/general-names")
    args = p.parse_args(argv)
    src_lang, tgt_lang = args.direction.split("-")
    sources = open(f"{args.data_dir}/{args.split}.{src_lang}", encoding="utf-8").read().splitlines()
    refs = open(f"{args.data_dir}/{args.split}.{tgt_lang}", encoding="utf-8").read().splitlines()
    sources, refs = sources[: args.limit], refs[: args.limit]
    forward = Translator.load(f"models/{args.direction}", device="cpu")
    reverse = Translator.load(f"models/{tgt_lang}-{src_lang}", device="cpu", lexicon=False)
    alpha = forward.config.decoding.alpha
    scored: list[list[tuple[str, float, float]]] = []  # per line: (text, forward, reverse) per candidate
    for start in tqdm(range(0, len(sources), BATCH), desc="n-best", file=sys.stderr):
        batch = sources[start : start + BATCH]
        results = forward.translate(batch, decode="beam", beam_size=args.beam, n_best=args.beam)
        pairs = [
            (alt.text or ".", source) for source, r in zip(batch, results, strict=True) for alt in r.n_best
        ]
        backward = iter(reverse_log_probs(reverse, [c for c, _ in pairs], [s for _, s in pairs]))
        for r in results:
            line = []
            for alt in r.n_best:
                length = len(forward.tokenizer.encode_tgt([alt.text])[0]) + 1
                log_prob, source_length = next(backward)
                line.append((alt.text, alt.log_prob / length**alpha, log_prob / source_length**alpha))
            scored.append(line)
    print(f"| weight w | BLEU ({args.direction}, {args.split}, first {len(sources)} lines) |")
    print("|---|---|")
    for w in WEIGHTS:
        best = [max(line, key=lambda c: (1 - w) * c[1] + w * c[2])[0] for line in scored]
        print(f"| {w} | {sacrebleu.corpus_bleu(best, [refs]).score:.2f} |")
    served = sacrebleu.corpus_bleu([line[0][0] for line in scored], [refs]).score
    print(f"| as served | {served:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
