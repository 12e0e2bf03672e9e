"""Split a text into sentences for the model and put the translated sentences back in its lines.

The models are trained on single sentences (verses), so a paragraph is cut into sentences with
`sentencex` (rule-based, offline, ~300 languages) and line breaks are kept as they were.
"""

from __future__ import annotations

from dataclasses import dataclass

from sentencex import segment


@dataclass(frozen=True)
class Layout:
    """How many sentences each line of a text holds (0 for a blank line)."""

    sentences_per_line: tuple[int, ...]


def split_sentences(text: str, lang: str) -> tuple[list[str], Layout]:
    """The text's sentences in order, and the layout that `join_sentences` needs to rebuild it.

    Lines are split on "\\n"; surrounding whitespace of lines and sentences is dropped.
    """
    sentences: list[str] = []
    counts = []
    for line in text.split("\n"):
        pieces = [s.strip() for s in segment(lang, line.strip())]
        pieces = [s for s in pieces if s]
        sentences.extend(pieces)
        counts.append(len(pieces))
    return sentences, Layout(tuple(counts))


def join_sentences(sentences: list[str], layout: Layout) -> str:
    """Sentences of one line joined by a space, lines joined by "\\n"."""
    if len(sentences) != sum(layout.sentences_per_line):
        raise ValueError(f"{len(sentences)} sentences for a layout of {sum(layout.sentences_per_line)}")
    lines = []
    start = 0
    for count in layout.sentences_per_line:
        lines.append(" ".join(sentences[start : start + count]))
        start += count
    return "\n".join(lines)
