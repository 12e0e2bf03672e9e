"""data.clean: normalisation and the pair filter."""

from __future__ import annotations

from data.clean import EMPTY, LENGTH_RATIO, clean_pairs, length_mismatch, normalize
from data.pairs import Pair


def test_normalize_composes_strips_pilcrows_and_collapses_whitespace():
    assert normalize("¶ Creo\u0301  que\t\tsi\u0301\n") == "Cre\u00f3 que s\u00ed"
    assert normalize("a\u00a0b\u2028c\u0085d") == "a b c d"
    assert normalize(" ¶ \t") == ""


def test_normalised_text_never_spans_lines():
    text = normalize("one\u2028two\x1cthree\x0bfour\rfive")
    assert text.splitlines() == [text]


def test_length_mismatch_needs_a_long_side():
    assert length_mismatch("one two three four five six seven eight nine", "uno", 3.0, 8)
    # 9 words against 3 is a ratio of exactly 3: kept.
    assert not length_mismatch("a b c d e f g h i", "x y z", 3.0, 8)
    # Short pairs are exempt whatever their ratio.
    assert not length_mismatch("Jesus wept.", "Y lloró Jesús después, solo.", 2.0, 8)


def test_clean_pairs_drops_and_counts_by_reason():
    pairs = [
        Pair("In the  beginning", "En el principio", 0),
        Pair("", "algo", 1),
        Pair("something", " ¶ ", 2),
        Pair("a b c d e f g h i j", "uno dos", 3),
        Pair("God saw the light", "Y vió Dios la luz", 4),
    ]
    cleaned = clean_pairs(pairs, max_length_ratio=3.0, min_ratio_tokens=8)
    assert cleaned.pairs == [
        Pair("In the beginning", "En el principio", 0),
        Pair("God saw the light", "Y vió Dios la luz", 4),
    ]
    assert cleaned.drops == {EMPTY: 2, LENGTH_RATIO: 1}


def test_clean_pairs_reports_every_reason_even_when_nothing_is_dropped():
    assert dict(clean_pairs([Pair("a", "b", 0)], 3.0, 8).drops) == {EMPTY: 0, LENGTH_RATIO: 0}
