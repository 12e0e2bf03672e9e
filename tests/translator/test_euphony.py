"""translator.euphony: English "a"/"an" and Spanish "y"/"e", "o"/"u" fitted to the next word, and
Translator's use of it."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.euphony import article_for, fix_articles, fix_conjunctions
from translator.facade import Translator


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I ate a apple and an banana.", "I ate an apple and a banana."),
        ("A hour later, an hundred came.", "An hour later, a hundred came."),  # inflect's pronunciation
        ("A end. An user", "An end. A user"),
        ("a one-man band, a European", "a one-man band, a European"),
        # Initialisms by their first letter's name.
        ("Enter a URL, an SQL query or a HTML page", "Enter a URL, an SQL query or an HTML page"),
        ("AN USER. A HTML page", "A USER. An HTML page"),
        # No article: a letter or a variable.
        ("where a and b are numbers, a or b", "where a and b are numbers, a or b"),
        # Protected spans and what is no word are left alone.
        ("See http://x.org/an/apple", "See http://x.org/an/apple"),
        ("Open a %s file, an {name}", "Open a %s file, an {name}"),
        ("a 3D model", "a 3D model"),
        ("Spanish: una casa", "Spanish: una casa"),
    ],
)
def test_fix_articles(text, expected):
    assert fix_articles(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("madre y Isabel, Francia y Italia", "madre e Isabel, Francia e Italia"),
        ("padre y hijo, y íntimo", "padre e hijo, e íntimo"),
        ("agua y hielo, cobre y hierro, y ion", "agua y hielo, cobre y hierro, y ion"),  # a glide: kept
        ("siete o ocho, casa o hotel, uno o otro", "siete u ocho, casa u hotel, uno u otro"),
        ("perros y gatos, uno o dos, 5 o 6", "perros y gatos, uno o dos, 5 o 6"),
        ("¿Y Inés? O Olga", "¿Y Inés? O Olga"),  # a capital is kept
        ("ver y http://i.org", "ver y http://i.org"),  # a protected span
        ("Ley y orden", "Ley y orden"),  # "y" ending a word
    ],
)
def test_fix_conjunctions(text, expected):
    assert fix_conjunctions(text) == expected


def test_article_for_a_word():
    assert [article_for(w) for w in ["hour", "user", "apple", "dog", "UFO", "SQL"]] == [
        "an",
        "a",
        "an",
        "a",
        "a",
        "an",
    ]


def test_translate_fixes_the_target_languages_words_for_general_text_only(model_dir, tmp_path, monkeypatch):
    """The fixture model translates into Spanish: its outputs get "y"/"o" fitted; seen as an English
    model, "a"/"an". A domain's text (the King James Bible's "an host") keeps its usage."""
    translator = Translator.load(tagged_copy(model_dir, tmp_path))
    monkeypatch.setattr(
        translator.tokenizer, "decode_tgt", lambda rows: ["a apple, a end, padre y hijo" for _ in rows]
    )
    (spanish,) = translator.translate(["x"], decode="greedy")
    assert spanish.text == spanish.own_text == "a apple, a end, padre e hijo"
    monkeypatch.setattr(Translator, "tgt_lang", property(lambda self: "en"))
    (general,) = translator.translate(["x"], decode="greedy")
    assert general.text == general.own_text == "an apple, an end, padre y hijo"
    (tagged,) = translator.translate(["x"], decode="greedy", domain="bible")
    assert tagged.text == "a apple, a end, padre y hijo"
    translator.repair_euphony = False
    (raw,) = translator.translate(["x"], decode="greedy")
    assert raw.text == "a apple, a end, padre y hijo"
