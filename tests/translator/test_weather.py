"""translator.weather: the pronoun a model gave an English weather verb made "it", and the Translator's
use of it."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.facade import Translator
from translator.weather import dummy_it


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        ("Está lloviendo.", "He is raining.", "It is raining."),
        ("Puede que nieve.", "You may snow.", "It may snow."),
        ("Podría nevar por la tarde.", "I could snow in the afternoon.", "It could snow in the afternoon."),
        ("Mira, está lloviendo.", "Look, I am raining.", "Look, it is raining."),
        ("Llueve mucho aquí.", "They rain a lot here.", "It rains a lot here."),
        ("No llueve.", "They don't rain.", "It doesn't rain."),
        ("Ha nevado.", "You've snowed.", "It's snowed."),
        ("¿Ha dejado de llover?", "Have you stopped raining?", "Has it stopped raining?"),
        ("¿Está lloviendo?", "Are you raining?", "Is it raining?"),
        (
            "Está lloviendo, así que lleva un paraguas.",
            "He is raining, so he takes one.",
            "It is raining, so he takes one.",
        ),
        # Left alone: "snow" a noun; a source with a subject pronoun; no weather verb in the source; "it"
        # already.
        ("Me gusta la nieve.", "I like snow.", "I like snow."),
        ("Ella dice que está lloviendo.", "She says she is raining.", "She says she is raining."),
        ("Está nublado.", "He is pouring.", "He is pouring."),
        ("Está lloviendo.", "It is raining.", "It is raining."),
    ],
)
def test_dummy_it(source, text, expected):
    assert dummy_it(source, text, "es", "en") == expected


def test_dummy_it_is_for_spanish_to_english_only():
    assert dummy_it("Está lloviendo.", "He is raining.", "en", "es") == "He is raining."
    assert dummy_it("Está lloviendo.", "He is raining.", "fr", "en") == "He is raining."


def test_translate_makes_the_weather_verbs_subject_it(model_dir, tmp_path, monkeypatch):
    translator = Translator.load(tagged_copy(model_dir, tmp_path))
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["He is raining." for _ in rows])
    (spanish,) = translator.translate(["Está lloviendo."], decode="greedy")
    assert spanish.text == "He is raining."  # the fixture model translates into Spanish
    monkeypatch.setattr(Translator, "src_lang", property(lambda self: "es"))
    monkeypatch.setattr(Translator, "tgt_lang", property(lambda self: "en"))
    (english,) = translator.translate(["Está lloviendo."], decode="greedy")
    assert english.text == english.own_text == "It is raining."
    translator.repair_weather = False
    assert translator.translate(["Está lloviendo."], decode="greedy")[0].text == "He is raining."
