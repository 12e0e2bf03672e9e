"""data.split: the Bible's chapter rule and the line rule of user corpora."""

from __future__ import annotations

from collections import Counter

import pytest

from data.pairs import Pair
from data.split import BIBLE_CHAPTERS, SplitError, bible_split, line_rule, split_pairs


def test_bible_chapter_rule():
    assert bible_split(40) == bible_split(80) == bible_split(1160) == "test"
    assert bible_split(20) == bible_split(60) == bible_split(1180) == "dev"
    assert bible_split(1) == bible_split(39) == bible_split(41) == bible_split(1189) == "train"


def test_bible_split_sizes_in_chapters():
    counts = Counter(bible_split(chapter) for chapter in range(1, BIBLE_CHAPTERS + 1))
    assert BIBLE_CHAPTERS == 1189
    assert counts == {"train": 1130, "dev": 30, "test": 29}


def test_line_rule_takes_the_last_two_pairs_of_each_block():
    split_of = line_rule(dev_every=10, test_every=10)
    assert [split_of(i) for i in range(8, 11)] == ["test", "dev", "train"]
    assert Counter(split_of(i) for i in range(100)) == {"train": 80, "dev": 10, "test": 10}


def test_line_rule_gives_dev_precedence_when_the_periods_differ():
    split_of = line_rule(dev_every=5, test_every=7)
    # 19 % 5 == 4 (dev) and 19 % 7 == 5 (test): dev wins.
    assert split_of(19) == "dev"
    assert split_of(12) == "test"


@pytest.mark.parametrize(
    ("dev_every", "test_every", "key"), [(1, 10, "data.dev_every"), (10, 0, "data.test_every")]
)
def test_line_rule_rejects_periods_below_two(dev_every, test_every, key):
    with pytest.raises(SplitError, match=key):
        line_rule(dev_every, test_every)


def test_both_directions_split_alike():
    pairs = [Pair(f"en {i}", f"es {i}", i) for i in range(50)]
    swapped = [Pair(p.tgt, p.src, p.key) for p in pairs]
    split_of = line_rule(10, 10)
    forward, backward = split_pairs(pairs, split_of), split_pairs(swapped, split_of)
    for name in ("train", "dev", "test"):
        assert [p.key for p in forward[name]] == [p.key for p in backward[name]]
    assert [p.src for p in forward["dev"]] == ["en 9", "en 19", "en 29", "en 39", "en 49"]
