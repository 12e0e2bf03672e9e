"""Timed batch translation with our Translator, and token budgets that match a batch of N sentences.

Ours batches by tokens (count x longest, in subwords), the peers by sentences. `budget_for_sentences`
finds the smallest token budget whose batches hold N sentences on average, so both see the same
batch sizes. Target tokens are counted one way for every system: the detokenised output re-encoded
with the shared sentencepiece model, plus one EOS per sentence.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bench.parts.context import timed
from training.scoring import score
from translator.config import Decode, replace
from translator.facade import Translator, length_batches
from translator.tokenizer import Tokenizer


def budget_for_sentences(batches_for: Callable[[int], list[list[int]]], items: int, sentences: int) -> int:
    """Smallest token budget whose batches (`batches_for(budget)`) hold at least `sentences` sentences
    on average (capped at `items`), by bisection; batches grow with the budget."""
    wanted = min(sentences, items)
    low, high = 1, 1
    while items / len(batches_for(high)) < wanted:
        high *= 2
    while low < high:
        middle = (low + high) // 2
        if items / len(batches_for(middle)) >= wanted:
            high = middle
        else:
            low = middle + 1
    return low


def decoding_budget(translator: Translator, lines: list[str], sentences: int) -> int:
    """decoding.batch_tokens giving batches of `sentences` sentences on average over `lines`."""
    lengths = [len(ids) for ids in translator.tokenizer.encode_src(lines)]
    return budget_for_sentences(lambda budget: length_batches(lengths, budget), len(lines), sentences)


def set_batch_tokens(translator: Translator, batch_tokens: int) -> None:
    translator.config = replace(translator.config, "decoding", batch_tokens=batch_tokens)


def target_tokens(tokenizer: Tokenizer, hypotheses: list[str]) -> int:
    """Subwords of the outputs plus one EOS each: the decoder steps the outputs took."""
    return sum(len(ids) + 1 for ids in tokenizer.encode_tgt(hypotheses))


def speeds(seconds: float, hypotheses: list[str], tokenizer: Tokenizer) -> dict[str, float]:
    tokens = target_tokens(tokenizer, hypotheses)
    return {
        "seconds": seconds,
        "sentences": len(hypotheses),
        "tgt_tokens": tokens,
        "sentences_per_s": len(hypotheses) / seconds,
        "tokens_per_s": tokens / seconds,
    }


def translate_timed(
    translator: Translator, lines: list[str], *, beam_size: int, alpha: float, references: list[str] | None
) -> dict[str, Any]:
    """Translate `lines` in one call (beam_size 1: greedy), timed; speeds, BLEU/chrF with `references`,
    and the hypotheses."""
    decode: Decode = "greedy" if beam_size == 1 else "beam"
    seconds, results = timed(
        lambda: translator.translate(lines, decode=decode, beam_size=beam_size, alpha=alpha)
    )
    hypotheses = [r.text for r in results]
    figures: dict[str, Any] = speeds(seconds, hypotheses, translator.tokenizer)
    if references is not None:
        scores = score(hypotheses, [references])
        figures |= {"bleu": scores.bleu, "chrf": scores.chrf}
    return {**figures, "hypotheses": hypotheses}


def mean_source_tokens(translator: Translator, lines: list[str]) -> float:
    """Mean source length in subwords, EOS included: what the encoder and attention see."""
    ids = translator.tokenizer.encode_src(lines)
    return sum(map(len, ids)) / len(ids)
