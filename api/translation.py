"""Texts in, texts out: split each text into sentences, translate them all as one batch, rejoin.

A sentence over `max_sentence_subwords` is cut into pieces (`translator.segment.cut_long`) that queue and
translate as sentences of their own; their translations are joined back into that sentence's.
This is what both the native and the LibreTranslate routes call; it knows nothing of HTTP.
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from dataclasses import dataclass

from api.batching import BatchingWorker
from api.registry import ModelRegistry
from translator.decoding import DecodeOptions
from translator.facade import Alternative, Attention, Translation
from translator.markup import HtmlDocument
from translator.segment import Layout, join_sentences


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


def join_alternatives(parts: list[list[Alternative]], join: Callable[[list[str]], str]) -> list[Alternative]:
    """Alternative k of a whole made of parts: every part's k-th (its last when it has fewer), the
    texts joined by `join`, the mean score and the summed log-probability."""
    alternatives = []
    for k in range(max(len(alternatives) for alternatives in parts)):
        picks = [alternatives[min(k, len(alternatives) - 1)] for alternatives in parts]
        alternatives.append(
            Alternative(
                text=join([p.text for p in picks]),
                score=sum(p.score for p in picks) / len(picks),
                log_prob=sum(p.log_prob for p in picks),
            )
        )
    return alternatives


def combine(sentences: list[SentenceResult], layout: Layout) -> TextResult:
    if not sentences:
        return TextResult("", 0.0, 0.0, [Alternative("", 0.0, 0.0)], [])
    alternatives = join_alternatives(
        [s.alternatives for s in sentences], lambda texts: join_sentences(texts, layout)
    )
    best = alternatives[0]
    return TextResult(best.text, best.score, best.log_prob, alternatives, sentences)


def html_result(document: HtmlDocument, parts: list[TextResult]) -> TextResult:
    """An HTML text's translation from those of the texts taken out of its markup: the translation and
    each alternative rendered as HTML, the score their mean, log_prob their sum, and their sentences."""
    if not parts:
        html = document.render([])
        return TextResult(html, 0.0, 0.0, [Alternative(html, 0.0, 0.0)], [])
    alternatives = join_alternatives([p.alternatives for p in parts], document.render)
    best = alternatives[0]
    return TextResult(
        best.text, best.score, best.log_prob, alternatives, [s for p in parts for s in p.sentences]
    )


def join_attention(parts: list[Attention]) -> Attention:
    """The pieces' tokens one after the other (each with its </s>); weights block-diagonal, a piece's
    target tokens attending to its own source tokens only."""
    source = [token for part in parts for token in part.source_tokens]
    weights: list[list[float]] = []
    offset = 0
    for part in parts:
        width = len(part.source_tokens)
        weights.extend([0.0] * offset + row + [0.0] * (len(source) - offset - width) for row in part.weights)
        offset += width
    return Attention(source, [token for part in parts for token in part.target_tokens], weights)


def join_pieces(pieces: list[Translation]) -> Translation:
    """One sentence's translation from the translations of the pieces it was cut into."""
    if len(pieces) == 1:
        return pieces[0]
    alternatives = join_alternatives([p.n_best for p in pieces], " ".join)
    attentions = [p.attention for p in pieces]
    attention = None if None in attentions else join_attention(attentions)  # type: ignore[arg-type]
    best = alternatives[0]
    return Translation(best.text, best.score, best.log_prob, alternatives, attention)


class TranslationService:
    def __init__(self, registry: ModelRegistry, worker: BatchingWorker, max_sentence_subwords: int) -> None:
        self.registry = registry
        self.worker = worker
        self.max_sentence_subwords = max_sentence_subwords

    async def translate(
        self, source: str, target: str, texts: list[str], options: DecodeOptions
    ) -> list[TextResult]:
        """One result per text, in order; options left out take the model's settings. Sentences over
        `max_sentence_subwords`, counted as the model reads them (`Translator.source_lengths`: with a
        `domain`'s tag), are cut. Raises UnknownPair, DecodingError (n_best does not fit the model's
        search, or an unknown domain), QueueFull, TooManySentences."""
        translator = self.registry.get(source, target)
        plan = translator.segmented(texts, options.domain, self.max_sentence_subwords)
        translations = await self.worker.translate(translator, plan.pieces, options)
        regrouped = plan.regroup(translations)
        results = []
        for sources, layout, done in zip(plan.sentences, plan.layouts, regrouped, strict=True):
            per_sentence = [SentenceResult.of(s, join_pieces(p)) for s, p in zip(sources, done, strict=True)]
            results.append(combine(per_sentence, layout))
        return results

    async def translate_html(
        self, source: str, target: str, documents: list[str], options: DecodeOptions
    ) -> list[TextResult]:
        """`translate` for HTML fragments or documents: the text taken out of the markup, translated in
        one batch, and put back (`translator.markup`); see `html_result`. Raises what `translate` does,
        and MarkupError for HTML that cannot be read."""
        # Parsing and placing the tags is CPU work: off the event loop, so other requests go on meanwhile.
        parsed = await asyncio.to_thread(lambda: [HtmlDocument(document) for document in documents])
        texts = [text for document in parsed for text in document.texts]
        done = await self.translate(source, target, texts, options) if texts else []
        starts = list(itertools.accumulate((len(document.texts) for document in parsed), initial=0))
        return await asyncio.to_thread(
            lambda: [
                html_result(document, done[start : start + len(document.texts)])
                for document, start in zip(parsed, starts[:-1], strict=True)
            ]
        )

    async def translate_as(
        self, source: str, target: str, texts: list[str], options: DecodeOptions, text_format: str
    ) -> list[TextResult]:
        """`translate` for `text_format` "text", `translate_html` for "html"."""
        if text_format == "html":
            return await self.translate_html(source, target, texts, options)
        return await self.translate(source, target, texts, options)
