"""The fixed train/dev/test split: by chapter for the Bible, by line index for user corpora.

Both rules look only at a pair's key (`Pair.key`), never at its text or direction, so en->es and
es->en put the same pairs in the same split.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from data.pairs import Pair
from translator.errors import TranslatorError

SPLITS = ("train", "dev", "test")
BIBLE_CHAPTERS = 1189
# Every 40th chapter of the Bible is test, the one 20 chapters after each is dev: spread over all books
# and genres, and whole chapters, so no test verse has its neighbours in the training data.
CHAPTER_PERIOD = 40


class SplitError(TranslatorError, ValueError):
    """The split settings cannot produce a usable split."""


def bible_split(chapter: int) -> str:
    """The split of a global chapter number (1..1189 in canonical order)."""
    if chapter % CHAPTER_PERIOD == 0:
        return "test"
    if chapter % CHAPTER_PERIOD == CHAPTER_PERIOD // 2:
        return "dev"
    return "train"


def line_rule(dev_every: int, test_every: int) -> Callable[[int], str]:
    """The split of the i-th pair (0-based) of a user corpus.

    i % dev_every == dev_every - 1 is dev; otherwise i % test_every == test_every - 2 is test; the rest
    is train. With dev_every == test_every the two never meet (the last and second-to-last pair of every
    block); where they would, dev wins.
    """
    for name, every in (("data.dev_every", dev_every), ("data.test_every", test_every)):
        if every < 2:
            raise SplitError(f"{name}: must be >= 2, got {every}")

    def split_of(index: int) -> str:
        if index % dev_every == dev_every - 1:
            return "dev"
        if index % test_every == test_every - 2:
            return "test"
        return "train"

    return split_of


def split_pairs(pairs: Iterable[Pair], split_of: Callable[[int], str]) -> dict[str, list[Pair]]:
    """The pairs of each split, in corpus order."""
    splits: dict[str, list[Pair]] = {name: [] for name in SPLITS}
    for pair in pairs:
        splits[split_of(pair.key)].append(pair)
    return splits
