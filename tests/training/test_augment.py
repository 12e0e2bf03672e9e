"""training.augment: title-case copies of short pairs."""

from __future__ import annotations

from training.augment import TITLE_CASE_KIND, title_case_copies, title_cased


def test_title_case_capitalises_all_but_the_minor_words():
    assert title_cased("Roman cavalry", "en") == "Roman Cavalry"
    assert title_cased("map of the world", "en") == "Map of the World"
    assert title_cased("the end", "en") == "The End"  # a minor word first is capitalised
    assert title_cased("mapa del mundo", "es") == "Mapa del Mundo"
    assert title_cased("iPhone settings", "en") == "iPhone Settings"  # a capital already: as it is
    assert title_cased("open %s in a new tab", "en") == "Open %s in a New Tab"  # a placeholder: as it is
    assert title_cased("visit https://example.org/about now", "en") == "Visit https://example.org/about Now"


def test_copies_of_short_pairs_of_the_named_kinds():
    src = ["deep forest", "Deep Forest", "open file", "this is a sentence", "save as", "a b c d e f g", "go"]
    tgt = ["bosque profundo", "bosque profundo", "abrir archivo", "es una frase", "guardar como", "x", "ir"]
    kinds = ["ui", "ui", "dict", "ui", "bible", "ui", "ui"]
    got = title_case_copies(src, tgt, kinds, ["ui", "dict"], "en", max_words=6)
    assert got == (
        ["Deep Forest", "Open File", "This Is a Sentence", "Go"],
        ["Bosque profundo", "Abrir archivo", "Es una frase", "Ir"],
        [TITLE_CASE_KIND] * 4,
    )  # not: already Title Case, a kind not named (bible), more than 6 words


def test_no_copy_of_a_sentence_and_the_target_kept_when_the_first_word_was_capitalised():
    src = ["The file was saved.", "Where now?", "Open recent", "%s files"]
    tgt = ["Se guardó el archivo.", "¿Adónde?", "Abrir reciente", "%s archivos"]
    got = title_case_copies(src, tgt, ["ui"] * 4, ["ui"], "en", max_words=6)
    assert got == (["Open Recent", "%s Files"], ["Abrir reciente", "%s archivos"], [TITLE_CASE_KIND] * 2)
