"""translator.articles: English "a" and "an" fitted to the next word, and Translator's use of it."""

from __future__ import annotations

import pytest

from translator.articles import article_for, fix_articles
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


def test_article_for_a_word():
    assert [article_for(w) for w in ["hour", "user", "apple", "dog", "UFO", "SQL"]] == [
        "an",
        "a",
        "an",
        "a",
        "a",
        "an",
    ]


def test_translate_fixes_english_articles_of_general_text_only(model_dir, monkeypatch):
    """The fixture model translates into Spanish; seen as an English one, its outputs get their articles
    fitted, except for a domain's text (the King James Bible's "an host")."""
    translator = Translator.load(model_dir)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["a apple, a end" for _ in rows])
    (spanish,) = translator.translate(["x"], decode="greedy")
    assert spanish.text == "a apple, a end"  # not an English model
    monkeypatch.setattr(Translator, "tgt_lang", property(lambda self: "en"))
    (general,) = translator.translate(["x"], decode="greedy")
    assert general.text == general.own_text == "an apple, an end"
    domain = next(iter(translator.domains), None)
    if domain is not None:
        (tagged,) = translator.translate(["x"], decode="greedy", domain=domain)
        assert tagged.text == "a apple, a end"
    translator.repair_articles = False
    (raw,) = translator.translate(["x"], decode="greedy")
    assert raw.text == "a apple, a end"
