"""Sentence splitting and rejoining."""

from __future__ import annotations

import pytest

from api.segment import Layout, join_sentences, split_sentences


def test_english_sentences_and_abbreviations():
    sentences, _ = split_sentences(
        "Mr. Smith went to Washington. He arrived at 3 p.m. on Monday! Then what?", "en"
    )
    assert sentences == ["Mr. Smith went to Washington.", "He arrived at 3 p.m. on Monday!", "Then what?"]


def test_spanish_sentences():
    sentences, _ = split_sentences("Hola Sr. García. ¿Cómo está usted? Bien, gracias.", "es")
    assert sentences == ["Hola Sr. García.", "¿Cómo está usted?", "Bien, gracias."]


def test_line_breaks_and_blank_lines_are_kept():
    text = "One. Two.\n\nThree.\r\nFour"
    sentences, layout = split_sentences(text, "en")
    assert sentences == ["One.", "Two.", "Three.", "Four"]
    assert layout == Layout((2, 0, 1, 1))
    assert join_sentences([s.upper() for s in sentences], layout) == "ONE. TWO.\n\nTHREE.\nFOUR"


def test_join_rejects_a_wrong_count():
    with pytest.raises(ValueError, match="3 sentences for a layout of 2"):
        join_sentences(["a", "b", "c"], Layout((2,)))
