"""data.align on synthetic books: pairing by key, and dropping where the verse division differs."""

from __future__ import annotations

import math
import random

import pytest

from data.align import LengthModel, align_verses, to_pairs
from data.pairs import Pair
from data.sword import Verse


def _book(lengths: list[int], book: int = 1, fill: str = "x") -> list[Verse]:
    return [Verse(book, f"B{book}", 1, n, book, fill * length) for n, length in enumerate(lengths, 1)]


def _lengths(n: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [rng.randint(30, 250) for _ in range(n)]


def _translated(lengths: list[int], seed: int) -> list[int]:
    """Lengths of a translation: 10% shorter, give or take 15%."""
    rng = random.Random(seed)
    return [round(n * 0.9 * rng.uniform(0.85, 1.15)) for n in lengths]


def _keys(pairs) -> list[int]:
    return [a.verse for a, _ in pairs]


def test_matching_verse_division_keeps_every_pair():
    en = _lengths(80, seed=1)
    alignment = align_verses(_book(en), _book(_translated(en, seed=2), fill="y"))
    assert alignment.misaligned == 0
    assert _keys(alignment.pairs) == list(range(1, 81))
    assert all(a.verse == b.verse for a, b in alignment.pairs)


def test_a_displaced_stretch_is_dropped():
    en = _lengths(80, seed=3)
    es = _translated(en, seed=4)
    # Like SpaRV's Numbers 13: slot 30 is empty, slots 31..45 hold the verse before, slot 45 two verses.
    shifted = es[:29] + [0] + es[29:43] + [es[43] + es[44]] + es[45:]
    assert len(shifted) == 80
    alignment = align_verses(_book(en), _book(shifted, fill="y"))
    kept = set(_keys(alignment.pairs))
    assert kept.isdisjoint(range(30, 46))
    assert kept == set(range(1, 30)) | set(range(46, 81))
    assert alignment.misaligned == 16


def test_books_are_aligned_separately():
    en1, en2 = _lengths(40, seed=5), _lengths(40, seed=6)
    es1, es2 = _translated(en1, seed=7), _translated(en2, seed=8)
    # Book 1's last two verses are one in the translation.
    es1 = es1[:-2] + [es1[-2] + es1[-1], 0]
    alignment = align_verses(_book(en1, 1) + _book(en2, 2), _book(es1, 1, "y") + _book(es2, 2, "y"))
    assert [(a.book, a.verse) for a, _ in alignment.pairs] == [(1, v) for v in range(1, 39)] + [
        (2, v) for v in range(1, 41)
    ]


def test_length_model_measures_atypical_ratios_in_typical_deviations():
    en, es = _book([100, 100, 100, 100]), _book([90, 90, 110, 90], fill="y")
    model = LengthModel.fit(zip(en, es, strict=True))
    assert model is not None and model.centre == pytest.approx(math.log(0.9))
    assert model.cost(100, 90) == 0.0
    assert model.cost(100, 81) == pytest.approx(model.cost(100, 100))  # a tenth shorter or longer alike
    # Pairs with an empty side say nothing about the ratio; without any, there is no model.
    assert LengthModel.fit(zip(en, _book([0, 0, 0, 0]), strict=True)) is None


def test_different_verse_keys_are_refused():
    with pytest.raises(ValueError, match="verse keys"):
        align_verses(_book([10, 20]), _book([10]))


def test_to_pairs_orients_by_source_language():
    en = Verse(1, "Gen", 1, 1, 1, "In the beginning")
    es = Verse(1, "Gen", 1, 1, 1, "En el principio")
    assert to_pairs([(en, es)], "en") == [Pair("In the beginning", "En el principio", 1)]
    assert to_pairs([(en, es)], "es") == [Pair("En el principio", "In the beginning", 1)]
