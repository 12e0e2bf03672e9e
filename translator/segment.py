"""Split a text into sentences for the model and put the translated sentences back in its lines: what the
service does to every text (api.translation), and what the batch evaluation does to every test line
(`segment_texts`, then `Segmented.join`), so that the scores are the service's.

The models are trained on single sentences (verses), so a paragraph is cut into sentences with
`sentencex` (rule-based, offline, ~300 languages) and line breaks are kept as they were. Interface
strings carry inline markup, which `sentencex` does not know: a closing tag after a sentence's end
("File Error!</strong> Could not ...", "... the file.</qt>") stays with the sentence it closes
(`_keep_closing_tags`), and sentences are joined again by the whitespace the source had between them,
none where the source had none before or after a tag ("lost.<br />Do you want ..."). A sentence
longer than the service allows is cut further into pieces (`cut_long`), which are translated on
their own and joined again: decoding time grows with the square of a sentence's length, and the
models never saw a training pair longer than 120 subwords.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from sentencex import segment


@dataclass(frozen=True)
class Layout:
    """How many sentences each line of a text holds (0 for a blank line), and what goes between a
    line's sentences (`gaps`, one string per line's sentence after the first; none given: a space)."""

    sentences_per_line: tuple[int, ...]
    gaps: tuple[tuple[str, ...], ...] = ()


# Closing tags (and the whitespace around them) at the start of a sentence: they close the one before.
_LEADING_CLOSERS = re.compile(r"^\s*(?:</[A-Za-z][\w:.-]*\s*>\s*)+")
_TAG_EDGE_START = re.compile(r"^<[A-Za-z/!]")
_TAG_EDGE_END = re.compile(r"[A-Za-z\"'/]>$|^<[A-Za-z/!].*>$")


def _keep_closing_tags(pieces: list[str]) -> list[str]:
    """`sentencex`'s pieces of a line (each with the whitespace after it) with the closing tags that
    begin a piece moved to the end of the piece before, and pieces left with nothing but whitespace
    joined to the piece before: nothing of the line is lost or moved out of order."""
    kept: list[str] = []
    for piece in pieces:
        if kept:
            closers = _LEADING_CLOSERS.match(piece)
            if closers:
                kept[-1] += closers.group()
                piece = piece[closers.end() :]
            if not piece.strip():
                kept[-1] += piece
                continue
        kept.append(piece)
    return kept


def _gap(before: str, after: str, whitespace: str) -> str:
    """What joins two sentences' translations: the source's whitespace between them; where it had none,
    none when a tag meets the next sentence (markup), else a space (text without spaces, as CJK)."""
    if whitespace:
        return whitespace
    return "" if _TAG_EDGE_END.search(before) or _TAG_EDGE_START.match(after) else " "


def split_sentences(text: str, lang: str) -> tuple[list[str], Layout]:
    """The text's sentences in order, and the layout that `join_sentences` needs to rebuild it.

    Lines are split on "\\n"; whitespace around lines and sentences is dropped, and the whitespace
    between the sentences of a line kept in the layout.
    """
    sentences: list[str] = []
    counts = []
    gaps = []
    for line in text.split("\n"):
        pieces = [p for p in _keep_closing_tags(segment(lang, line.strip())) if p.strip()]
        stripped = [p.strip() for p in pieces]
        between = [p[len(p.rstrip()) :] for p in pieces[:-1]]
        gaps.append(
            tuple(_gap(a, b, w) for a, b, w in zip(stripped[:-1], stripped[1:], between, strict=True))
        )
        sentences.extend(stripped)
        counts.append(len(stripped))
    return sentences, Layout(tuple(counts), tuple(gaps))


def join_sentences(sentences: list[str], layout: Layout) -> str:
    """Sentences of one line joined by the layout's gaps (a space where it has none), lines joined by
    "\\n"."""
    if len(sentences) != sum(layout.sentences_per_line):
        raise ValueError(f"{len(sentences)} sentences for a layout of {sum(layout.sentences_per_line)}")
    lines = []
    start = 0
    for row, count in enumerate(layout.sentences_per_line):
        gaps = layout.gaps[row] if row < len(layout.gaps) else ()
        line = sentences[start] if count else ""
        for k in range(1, count):
            line += (gaps[k - 1] if k - 1 < len(gaps) else " ") + sentences[start + k]
        lines.append(line)
        start += count
    return "\n".join(lines)


# After a comma, semicolon or colon followed by a space (not inside "3,000"); after the full-width
# forms of CJK text, which has no spaces.
_CLAUSE_END = re.compile(r"(?<=[,;:\u060c])\s+|(?<=[\uff0c\uff1b\uff1a\u3001])\s*")

Counter = Callable[[list[str]], list[int]]
# The service's MT_MAX_SENTENCE_SUBWORDS default (api.settings), and the batch evaluation's limit.
DEFAULT_MAX_SENTENCE_SUBWORDS = 100


def cut_sentences(sentences: list[str], count: Counter, limit: int) -> list[list[str]]:
    """Each sentence's pieces: itself, or `cut_long`'s cuts when it is over `limit` subwords."""
    if not sentences:
        return []
    return [
        [sentence] if n <= limit else cut_long(sentence, count, limit)
        for sentence, n in zip(sentences, count(sentences), strict=True)
    ]


T = TypeVar("T")


@dataclass(frozen=True)
class Segmented:
    """Texts as the model is given them: each text's sentences and layout (`split_sentences`), each
    sentence's pieces (`cut_sentences`). `pieces` is what to translate, in one call; `regroup` puts one
    result per piece back as texts -> sentences -> pieces."""

    sentences: list[list[str]]  # per text
    layouts: list[Layout]  # per text
    cuts: list[list[str]]  # per sentence of every text, in order

    @property
    def pieces(self) -> list[str]:
        return [piece for cuts in self.cuts for piece in cuts]

    def regroup(self, done: Sequence[T]) -> list[list[list[T]]]:
        if len(done) != sum(map(len, self.cuts)):
            raise ValueError(f"{len(done)} translations for {sum(map(len, self.cuts))} pieces")
        per_sentence, start = [], 0
        for cuts in self.cuts:
            per_sentence.append(list(done[start : start + len(cuts)]))
            start += len(cuts)
        per_text, start = [], 0
        for sentences in self.sentences:
            per_text.append(per_sentence[start : start + len(sentences)])
            start += len(sentences)
        return per_text

    def join(self, done: Sequence[str]) -> list[str]:
        """One translated text per text from one translation per piece: a sentence's pieces joined by
        a space, the text's lines rebuilt (`join_sentences`)."""
        return [
            join_sentences([" ".join(pieces) for pieces in sentences], layout)
            for sentences, layout in zip(self.regroup(done), self.layouts, strict=True)
        ]


def segment_texts(texts: list[str], lang: str, count: Counter, limit: int) -> Segmented:
    """What the service does to a request's texts before translating them: split into sentences, and
    sentences over `limit` subwords (as `count` counts them) cut."""
    split = [split_sentences(text, lang) for text in texts]
    sentences = [s for s, _ in split]
    cuts = cut_sentences([s for text in sentences for s in text], count, limit)
    return Segmented(sentences, [layout for _, layout in split], cuts)


def cut_long(sentence: str, count: Counter, limit: int) -> list[str]:
    """`sentence` as pieces of at most `limit` subwords each; `count(texts)` gives each text's subwords.

    A sentence within the limit stays whole. A longer one is cut after clause punctuation
    (, ; : and their full-width forms) where that suffices, else between words, else (one word over
    the limit) into equal runs of characters; neighbouring clauses or words share a piece as long
    as it fits, so the cuts are as few as those rules allow. `limit` must be at least 8 (one
    character can be several subwords: byte fallback).
    """
    if count([sentence])[0] <= limit:
        return [sentence]
    return _pack(sentence, count, limit, 0)


# Where `_pack` cuts, in turn: after clause punctuation, then between words.
_BOUNDARIES = (_CLAUSE_END, re.compile(r"\s+"))


def _units(text: str, boundary: re.Pattern) -> list[tuple[int, int]]:
    """(start, end) of the parts of `text` between the matches of `boundary`."""
    spans = []
    start = 0
    for match in boundary.finditer(text):
        if match.start() > start:
            spans.append((start, match.start()))
        start = max(start, match.end())
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _pack(text: str, count: Counter, limit: int, level: int) -> list[str]:
    """Cut `text` (over the limit) at `_BOUNDARIES[level]`, fill pieces greedily with whole units,
    recurse into units still over the limit; past the last boundary, cut characters. A piece is a
    slice of `text`: the spaces inside it are kept as they were."""
    if level == len(_BOUNDARIES):
        return _cut_characters(text, count, limit)
    spans = _units(text, _BOUNDARIES[level])
    pieces: list[str] = []
    first = last = None  # the units of the piece being filled
    size = 0
    for (start, end), n in zip(spans, count([text[a:b] for a, b in spans]), strict=True):
        if first is not None and (n > limit or size + n > limit):
            pieces.append(text[first:last])
            first, size = None, 0
        if n > limit:
            pieces.extend(_pack(text[start:end], count, limit, level + 1))
            continue
        first = start if first is None else first
        last = end
        size += n
    if first is not None:
        pieces.append(text[first:last])
    # Units counted apart almost always add up to the joined piece; where one does not, cut it finer.
    return [
        part
        for piece, n in zip(pieces, count(pieces), strict=True)
        for part in ([piece] if n <= limit else _pack(piece, count, limit, level + 1))
    ]


def _cut_characters(word: str, count: Counter, limit: int) -> list[str]:
    """`word` in equal runs of characters, as few as keep every run within the limit."""
    runs = math.ceil(count([word])[0] / limit)
    while True:
        size = math.ceil(len(word) / runs)
        pieces = [word[i : i + size] for i in range(0, len(word), size)]
        if max(count(pieces)) <= limit:
            return pieces
        runs = max(runs + 1, math.ceil(runs * 1.1))
