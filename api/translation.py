"""Texts in, texts out: split each text into sentences, translate them all as one batch, rejoin.

This is what both the native and the LibreTranslate routes call; it knows nothing of HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.batching import BatchingWorker, DecodeOptions
from api.registry import ModelRegistry
from api.segment import Layout, join_sentences, split_sentences
from translator.facade import Alternative, Attention, Translation


@dataclass
class SentenceResult:
    source: str
    translation: str
    score: float
    log_prob: float
    alternatives: list[Alternative]
    attention: Attention | None

    @classmethod
    def of(cls, source: str, t: Translation) -> SentenceResult:
        return cls(source, t.text, t.score, t.log_prob, t.n_best, t.attention)


@dataclass
class TextResult:
    """A whole text's translation. With several sentences, the score is their mean and log_prob
    their sum; alternative k joins every sentence's k-th hypothesis (its last when it has fewer)."""

    translation: str
    score: float
    log_prob: float
    alternatives: list[Alternative]
    sentences: list[SentenceResult]


def combine(sentences: list[SentenceResult], layout: Layout) -> TextResult:
    if not sentences:
        return TextResult("", 0.0, 0.0, [Alternative("", 0.0, 0.0)], [])
    alternatives = []
    for k in range(max(len(s.alternatives) for s in sentences)):
        picks = [s.alternatives[min(k, len(s.alternatives) - 1)] for s in sentences]
        alternatives.append(
            Alternative(
                text=join_sentences([p.text for p in picks], layout),
                score=sum(p.score for p in picks) / len(picks),
                log_prob=sum(p.log_prob for p in picks),
            )
        )
    best = alternatives[0]
    return TextResult(best.text, best.score, best.log_prob, alternatives, sentences)


class TranslationService:
    def __init__(self, registry: ModelRegistry, worker: BatchingWorker) -> None:
        self.registry = registry
        self.worker = worker

    async def translate(
        self, source: str, target: str, texts: list[str], options: DecodeOptions
    ) -> list[TextResult]:
        """One result per text, in order. Raises UnknownPair, QueueFull."""
        translator = self.registry.get(source, target)
        split = [split_sentences(text, source) for text in texts]
        flat = [sentence for sentences, _ in split for sentence in sentences]
        translations = await self.worker.translate(translator, flat, options)
        results = []
        start = 0
        for sentences, layout in split:
            done = translations[start : start + len(sentences)]
            start += len(sentences)
            per_sentence = [SentenceResult.of(s, t) for s, t in zip(sentences, done, strict=True)]
            results.append(combine(per_sentence, layout))
        return results
