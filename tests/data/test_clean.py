"""data.clean: normalisation and the pair filter, and the rules for the general corpus: accelerators,
placeholders, numbers, language, lengths."""

from __future__ import annotations

import pytest

from data.clean import (
    EMPTY,
    IDENTICAL,
    LANGUAGE,
    LENGTH_RATIO,
    NUMBERS,
    PLACEHOLDERS,
    TOO_LONG,
    LanguageCheck,
    Rules,
    check_pair,
    clean_pairs,
    length_mismatch,
    normalize,
    numbers,
    placeholders,
    strip_accelerators,
)
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


@pytest.fixture(scope="module")
def language_check() -> LanguageCheck:
    """One identifier for the module: loading py3langid's model takes most of a second."""
    return LanguageCheck()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("_Save _As…", "Save As…"),
        ("&Open", "Open"),
        ("~Save", "Save"),
        ("Abrir (&O)", "Abrir"),
        ("Tom && Jerry", "Tom & Jerry"),
        # Not marks: inside a word, before a space or a non-word character.
        ("snake_case", "snake_case"),
        ("Tom & Jerry", "Tom & Jerry"),
        ("~/.config", "~/.config"),
    ],
)
def test_strip_accelerators(text, expected):
    assert strip_accelerators(text) == expected


def test_placeholders_are_found_in_every_notation_and_spacing_ignored():
    text = "Delete %s of %1$d in <b>{ $name }</b>: %1, $2, {0}, %.2f%%"
    assert placeholders(text) == ["$2", "%.2f", "%1", "%1$d", "%s", "</b>", "<b>", "{$name}", "{0}"]
    assert placeholders("{$name}") == placeholders("{ $name }")
    assert placeholders("100% sure") == []


def test_numbers_ignore_placeholders_and_separators():
    assert numbers("1,000 of 3.5 files (%1$s)") == ["000", "1", "3", "5"]
    assert numbers("1.000 de 3,5 archivos (%1$s)") == ["000", "1", "3", "5"]


def test_language_check_needs_enough_words_and_a_confident_verdict(language_check):
    assert language_check.wrong("The printer is not responding", "es")
    assert not language_check.wrong("La impresora no responde", "es")
    assert not language_check.wrong("Cancel", "es")  # too short to judge
    assert language_check.wrong("No se pudo abrir el archivo", "en")


RULES = Rules(max_words=10, max_length_ratio=3.0, min_ratio_tokens=4)


@pytest.mark.parametrize(
    ("en", "es", "domain", "reason"),
    [
        ("", "Abrir", "ui", EMPTY),
        (" ", "Abrir", "ui", EMPTY),
        ("Firefox", "Firefox", "ui", IDENTICAL),
        ("one two three four five six seven eight nine ten eleven", "uno", "docs", TOO_LONG),
        ("one two three four five six", "uno", "docs", LENGTH_RATIO),
        ("Delete %s files", "Borrar archivos", "ui", PLACEHOLDERS),
        ("Open <b>{ $name }</b>", "Abrir <i>{ $name }</i>", "ui", PLACEHOLDERS),
        ("Page 3 of 7", "Página 3 de 8", "docs", NUMBERS),
        ("The file could not be opened", "The file could not be opened now", "ui", LANGUAGE),
    ],
)
def test_check_pair_drops_with_the_reason(en, es, domain, reason, language_check):
    assert check_pair(en, es, domain, RULES, language_check) == ("", "", reason)


def test_check_pair_keeps_and_cleans_a_good_pair(language_check):
    assert check_pair(" _Delete %1$s  files ", "_Borrar %1$s archivos", "ui", RULES, language_check) == (
        "Delete %1$s files",
        "Borrar %1$s archivos",
        "",
    )
    # Placeholders may move and change spacing; documentation keeps underscores (no accelerators there).
    assert check_pair("{ $n } of my_file", "my_file de {$n}", "docs", RULES, language_check)[2] == ""
    # Dictionaries are not language-checked: single words would be guesses.
    assert check_pair("computer", "ordenador", "dict", RULES, language_check) == ("computer", "ordenador", "")
