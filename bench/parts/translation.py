"""Part 2: batch translation of the test chapters, each toolkit with its own model, and Apertium.

The models: part 1's recipe, trained `decode_steps` updates (bench.parts.training.decode_models).

Greedy and beam search (beam 5, alpha 0.75; each peer's own length penalty, see bench.peers), batches
of 64 sentences (ours: the decoding.batch_tokens that gives 64 on average over these lines),
`threads` threads, the median of the repeats. Time: ours, the `Translator.translate` call; the peers,
the time they spent translating (model loading and interpreter start-up excluded); Apertium, the
whole pipeline (it has no model to load). Output length sets the decoding work and still differs a little
between toolkits; target tokens/s (output subwords + EOS, counted alike for all) is reported beside
sentences/s for that reason.
"""

from __future__ import annotations

import logging
from typing import Any

from tqdm import tqdm

from bench.parts.context import Options, Results, median_of, timed
from bench.parts.decoding import decoding_budget, set_batch_tokens, speeds, translate_timed
from bench.parts.training import work_dir
from bench.peers import PEERS, common
from training.evaluate import read_lines
from training.scoring import score
from translator.apertium import ApertiumError, apertium_translate
from translator.facade import Translator
from translator.tokenizer import Tokenizer

log = logging.getLogger("bench.translation")

SPEEDS = ("seconds", "sentences_per_s", "tokens_per_s")


def test_set(opts: Options) -> tuple[list[str], list[str]]:
    """The test chapters' sources and references, cut to --limit lines."""
    source = read_lines(opts.prepared / "test.en")[: opts.limit]
    references = read_lines(opts.prepared / "test.es")[: opts.limit]
    return source, references


def load_ours(opts: Options) -> Translator:
    run_dir = work_dir(opts, "ours")
    if not (run_dir / "best.pt").is_file():
        raise FileNotFoundError(f"{run_dir}/best.pt: no part-1 model; run part 1 first (--parts 1)")
    return Translator.load(run_dir, device="cpu", precision="fp32", compile=True)


def translate_peer(
    opts: Options, name: str, source: list[str], references: list[str], beam: int, tokenizer: Tokenizer
) -> dict[str, Any]:
    result = common.translate(
        PEERS[name],
        work_dir(opts, name),
        source,
        references=references,
        beam_size=beam,
        alpha=opts.alpha,
        batch_sentences=opts.batch_sentences,
        threads=opts.threads,
    )
    return {
        **speeds(result["decode_seconds"], result["hypotheses"], tokenizer),
        "bleu": result["bleu"],
        "chrf": result["chrf"],
        "wall_seconds": result["wall_seconds"],
        "peer_tgt_tokens": result["tgt_tokens"],  # its output pieces + EOS: a cross-check
    }


def translate_apertium(source: list[str], references: list[str], tokenizer: Tokenizer) -> dict[str, Any]:
    seconds, hypotheses = timed(lambda: apertium_translate(source, "en", "es"))
    scores = score(hypotheses, [references])
    return {**speeds(seconds, hypotheses, tokenizer), "bleu": scores.bleu, "chrf": scores.chrf}


def run(opts: Options, results: Results) -> None:
    source, references = test_set(opts)
    ours = load_ours(opts)
    set_batch_tokens(ours, decoding_budget(ours, source, opts.batch_sentences))
    mine = {"ours": ours}
    tokenizer = ours.tokenizer  # the prepared data's sentencepiece model, which the peers read too
    beams = {"greedy": 1, "beam": opts.beam_size}

    def translate_once(name: str, decode: str) -> dict[str, Any]:
        if name == "apertium":
            return translate_apertium(source, references, tokenizer)
        if name not in mine:
            return translate_peer(opts, name, source, references, beams[decode], tokenizer)
        figures = translate_timed(
            mine[name], source, beam_size=beams[decode], alpha=opts.alpha, references=references
        )
        del figures["hypotheses"]
        return figures

    jobs = [(name, decode) for name in (*mine, *PEERS) for decode in beams] + [("apertium", "rule-based")]
    runs: dict[tuple[str, str], list[dict[str, Any]]] = {job: [] for job in jobs}
    errors: dict[str, str] = {}
    with tqdm(total=opts.repeats * len(jobs), desc="part 2: translation", unit="run") as bar:
        for _ in range(opts.repeats):
            for name, decode in jobs:
                bar.set_postfix(system=f"{name} {decode}")
                if name not in errors:
                    try:
                        runs[name, decode].append(translate_once(name, decode))
                    except (common.PeerError, ApertiumError) as exc:
                        log.error("part 2: %s failed: %s", name, exc)
                        errors[name] = str(exc)
                bar.update(1)
    systems: dict[str, dict[str, Any]] = {name: {"error": error} for name, error in errors.items()}
    for (name, decode), done in runs.items():
        if done and name not in errors:
            first = {k: v for k, v in done[0].items() if k not in SPEEDS}  # BLEU etc.: deterministic
            systems.setdefault(name, {})[decode] = {**first, **median_of(done, SPEEDS)}
    results.save_part(
        "translation",
        {
            "sentences": len(source),
            "decode_steps": opts.decode_steps,
            "beam_size": opts.beam_size,
            "alpha": opts.alpha,
            "batch_sentences": opts.batch_sentences,
            "ours_batch_tokens": ours.config.decoding.batch_tokens,
            "systems": systems,
        },
        opts,
    )
