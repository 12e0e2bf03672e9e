"""The unit every preparation step passes along: one sentence pair and what decides its split."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Pair:
    """A source sentence, its target translation and the split key.

    `key` is what `data.split` assigns the pair to train/dev/test by: the global chapter number
    (1..1189) for the Bible, the 0-based line index in the corpus file for user corpora.
    """

    src: str
    tgt: str
    key: int
