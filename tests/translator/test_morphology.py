"""translator.morphology: inflected Spanish words translated from the lexicon's lemmas, in their form."""

from __future__ import annotations

import pytest

from tests.translator.test_lexicon import attention
from translator.lexicon import Lexicon
from translator.morphology import EnglishToSpanish, SpanishToEnglish, deriver, inflect_english, spanish_plural

ENTRIES = {
    "fingir": "pretend",
    "encarcelar": "imprison",
    "despertar": "wake",
    "olvidar": "forget",
    "lastimar": "hurt",
    "comer": "eat",
    "buscar": "look for",
    "pedir": "ask",
    "dormir": "sleep",
    "ser": "be",
    "hacer": "do",
    "cantar": "sing",
    "despegar": "take off",
    "letrero": "sign",
    "chistoso": "funny",
    "chica": "girl",
    "chico": "boy",
    "amarillo": "yellow",
    "tarjeta": "credit card",
}


@pytest.mark.parametrize(
    ("word", "english"),
    [
        ("fingiendo", "pretending"),  # gerund
        ("comiéndolo", "eating"),  # gerund, a pronoun attached and its accent
        ("encarcelado", "imprisoned"),  # participle
        ("encarceladas", "imprisoned"),
        ("despertó", "woke"),  # preterite, irregular in English
        ("olvidé", "forgot"),
        ("cantaban", "sang"),  # imperfect
        ("lastimarte", "hurt"),  # infinitive, a pronoun attached
        ("despegando", "taking off"),  # a verb of two words: the first inflected
        ("letreros", "signs"),  # a plural noun
        ("tarjetas", "credit cards"),
        ("chistosas", "funny"),  # an adjective's feminine plural: English has one form
        ("chicas", "girls"),  # the same gender first
        ("chicos", "boys"),
        ("amarillos", "yellow"),  # a noun and an adjective in English: not made plural
        ("cantaron", "sang"),  # preterite, other persons
        ("cantaste", "sang"),
        ("busqué", "looked for"),  # the preterite's spelling: busqué of buscar
        ("pidiendo", "asking"),  # an -ir verb's stem vowel: pedir
        ("durmió", "slept"),
        ("cantaré", "sing"),  # future and conditional: the model writes "will", "would" apart
        ("cantaría", "sing"),
        ("comía", "ate"),  # imperfect, not a conditional: "com" is no infinitive
        ("siendo", "being"),  # irregular forms of common verbs
        ("hechas", "done"),
    ],
)
def test_an_inflected_word_gets_its_lemmas_entry_in_its_form(word, english):
    assert SpanishToEnglish(ENTRIES)(word) == english


@pytest.mark.parametrize(
    ("word", "why"),
    [
        ("cantan", "the present tense is not read"),
        ("bailando", "no entry for bailar"),
        ("casa", "no ending that leads to an entry"),
        ("fingiendo tanto", "not one word"),
    ],
)
def test_a_word_with_no_lemma_in_the_lexicon_has_no_translation(word, why):
    assert SpanishToEnglish(ENTRIES)(word) is None, why


def test_inflect_english_drops_to_and_keeps_a_capital():
    assert inflect_english("to hurt", "VBN") == "hurt"
    assert inflect_english("Wake", "VBD") == "Woke"
    assert inflect_english("sign", "") == "sign"


def test_each_pair_has_its_deriver():
    assert isinstance(deriver("es", "en", ENTRIES), SpanishToEnglish)
    assert isinstance(deriver("en", "es", ENTRIES), EnglishToSpanish)
    assert deriver("en", "fr", ENTRIES) is None


SPANISH = {
    "mammoth": "mamut",
    "child": "niño",
    "berry": "baya",
    "walrus": "morsa",
    "truck": "camión",
    "voice": "voz",
    "paper": "papel",
    "card": "tarjeta de crédito",
    "youth": "joven",
    "carry": "llevar",
    "creep": "arrastrarse",
    "umbrella": "paraguas",
}


@pytest.mark.parametrize(
    ("word", "spanish"),
    [
        ("mammoths", "mamuts"),
        ("children", "niños"),  # irregular: lemminflect knows it
        ("berries", "bayas"),
        ("walruses", "morsas"),
        ("trucks", "camiones"),  # the accent of the last syllable goes
        ("voices", "voces"),
        ("papers", "papeles"),
        ("cards", "tarjetas de crédito"),
        ("umbrellas", "paraguas"),  # the same in the plural
        ("youths", None),  # "jóvenes" takes an accent the rules do not place: left alone
        ("carries", None),  # a verb too: its Spanish form depends on the subject
        ("creeps", None),  # the same, with a reflexive infinitive
        ("mammoth", None),  # not a plural
    ],
)
def test_an_english_plural_noun_gets_its_lemmas_entry_in_the_plural(word, spanish):
    assert EnglishToSpanish(SPANISH)(word) == spanish


def test_spanish_plural_of_a_phrase_other_than_x_de_y_is_not_guessed():
    assert spanish_plural("estación espacial") is None
    assert spanish_plural("inglés") == "ingleses" and spanish_plural("rey") == "reyes"


def test_the_fallback_replaces_a_copied_inflected_word():
    words = Lexicon(ENTRIES, derive=SpanishToEnglish(ENTRIES))
    assert words.apply("Estaba fingiendo.", "I was fingiendo.") == "I was pretending."
    assert Lexicon(ENTRIES).apply("Estaba fingiendo.", "I was fingiendo.") == "I was fingiendo."


def test_the_fallback_replaces_an_invented_word_aligned_to_an_inflected_one():
    source = "Estaba fingiendo"
    source_pieces, target_pieces = ["▁Estaba", "▁fing", "iendo", "</s>"], ["▁I", "▁was", "▁fing", "ing"]
    words = Lexicon(ENTRIES, known=frozenset({"i", "was"}), derive=SpanishToEnglish(ENTRIES))
    fixed = words.replace_invented(
        source, "I was finging", source_pieces, target_pieces, attention([0, 0, 1, 2], 4)
    )
    assert fixed == "I was pretending"
