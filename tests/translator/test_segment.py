"""Sentence splitting and rejoining."""

from __future__ import annotations

import pytest

from tests.api.tiny_models import SPM
from translator.segment import Layout, cut_long, join_sentences, segment_texts, split_sentences
from translator.tokenizer import Tokenizer


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
    assert layout.sentences_per_line == (2, 0, 1, 1)
    assert join_sentences([s.upper() for s in sentences], layout) == "ONE. TWO.\n\nTHREE.\nFOUR"


def test_closing_tags_stay_with_the_sentence_they_close():
    text = "<qt><strong>File Error!</strong> Could not open <b>%1</b>.</qt>"
    sentences, layout = split_sentences(text, "en")
    assert sentences == ["<qt><strong>File Error!</strong>", "Could not open <b>%1</b>.</qt>"]
    assert join_sentences(sentences, layout) == text


def test_sentences_are_joined_by_the_whitespace_the_source_had():
    text = "It will be lost.<br />Continue?  Yes. <b>Sure.</b>\tNo."
    sentences, layout = split_sentences(text, "en")
    assert sentences == ["It will be lost.", "<br />Continue?", "Yes.", "<b>Sure.</b>", "No."]
    assert join_sentences([s.upper() for s in sentences], layout) == (
        "IT WILL BE LOST.<BR />CONTINUE?  YES. <B>SURE.</B>\tNO."
    )


def test_sentences_without_spaces_between_them_are_joined_by_a_space():
    sentences, layout = split_sentences("一二三。四五六。", "zh")
    assert sentences == ["一二三。", "四五六。"]
    assert join_sentences(["One.", "Two."], layout) == "One. Two."


def test_a_layout_without_gaps_joins_by_a_space():
    assert join_sentences(["a.", "b.", "c."], Layout((2, 1))) == "a. b.\nc."


def test_join_rejects_a_wrong_count():
    with pytest.raises(ValueError, match="3 sentences for a layout of 2"):
        join_sentences(["a", "b", "c"], Layout((2,)))


def letters(texts: list[str]) -> list[int]:
    """A stand-in tokenizer: one subword per character that is not a space."""
    return [len(text.replace(" ", "")) for text in texts]


def test_a_sentence_within_the_limit_stays_whole():
    assert cut_long("one, two; three", letters, 13) == ["one, two; three"]


def test_cut_after_clause_punctuation_first():
    sentence = "aaaa bbbb, cccc;  dddd eeee: ffff gggg"
    # Clauses of 9, 5, 9 and 8 letters: 9 per piece fits one clause, 14 the first two, 23 the first three.
    assert cut_long(sentence, letters, 9) == ["aaaa bbbb,", "cccc;", "dddd eeee:", "ffff gggg"]
    assert cut_long(sentence, letters, 14) == ["aaaa bbbb, cccc;", "dddd eeee:", "ffff gggg"]
    assert cut_long(sentence, letters, 23) == ["aaaa bbbb, cccc;  dddd eeee:", "ffff gggg"]


def test_cut_between_words_when_a_clause_is_too_long():
    sentence = "aa bb cc dd ee ff, gg"
    assert cut_long(sentence, letters, 6) == ["aa bb cc", "dd ee", "ff,", "gg"]


def test_cut_a_word_longer_than_the_limit_into_equal_runs():
    assert cut_long("x" * 20, letters, 8) == ["xxxxxxx", "xxxxxxx", "xxxxxx"]
    assert cut_long("ab " + "x" * 10 + " cd", letters, 8) == ["ab", "xxxxx", "xxxxx", "cd"]


def test_cjk_is_cut_after_full_width_commas():
    assert cut_long("一二三，四五六，七八", letters, 8) == ["一二三，四五六，", "七八"]


@pytest.mark.parametrize(
    "sentence",
    ["a" * 2000, ("Let there be light and the waters " * 200)[:4900], "é, ñ; " * 400, "😀" * 3000],
    ids=["one-word", "no-punctuation", "clauses", "emoji"],
)
def test_every_piece_of_a_real_sentence_fits(sentence):
    """Inputs built to stall the service, with a real sentencepiece model: every piece within the limit,
    and no character lost but the spaces between pieces."""
    tokenizer = Tokenizer.from_files(SPM, SPM)

    def count(texts: list[str]) -> list[int]:
        return [len(ids) - 1 for ids in tokenizer.encode_src(texts)]

    pieces = cut_long(sentence, count, 16)
    assert max(count(pieces)) <= 16
    assert "".join(pieces).replace(" ", "") == sentence.replace(" ", "")


def _words(texts: list[str]) -> list[int]:
    return [len(t.split()) for t in texts]


def test_a_plan_sends_pieces_and_joins_them_back_into_each_text():
    texts = ["One two. Three four five six seven eight, nine ten eleven.\nTwelve.", "Thirteen"]
    plan = segment_texts(texts, "en", _words, limit=8)
    # every piece of every text, in order; the long sentence cut after its comma (limit 8 words)
    assert plan.pieces == [
        "One two.",
        "Three four five six seven eight,",
        "nine ten eleven.",
        "Twelve.",
        "Thirteen",
    ]
    out = plan.join([p.upper() for p in plan.pieces])
    assert out == ["ONE TWO. THREE FOUR FIVE SIX SEVEN EIGHT, NINE TEN ELEVEN.\nTWELVE.", "THIRTEEN"]


def test_a_plan_refuses_a_short_answer():
    with pytest.raises(ValueError, match="1 translations for 2 pieces"):
        segment_texts(["One. Two."], "en", _words, limit=8).join(["One."])
