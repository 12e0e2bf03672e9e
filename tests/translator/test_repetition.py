"""translator.repetition: words a model wrote twice written once, and the Translator's use of it."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.facade import Translator
from translator.repetition import drop_repeats


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        # joined to itself by "de", with or without a determiner
        ("Text Markup Properties", "Propiedades del texto de texto", "Propiedades del texto"),
        ("Denmark", "Dinamarca de Dinamarca", "Dinamarca"),
        ("Curaçao", "Curazao de la Curazao", "Curazao"),
        ("About Backend", "Acerca de la parte de la parte", "Acerca de la parte"),
        # two words repeated
        (
            "Start and stop screencast recording.",
            "Iniciar y detener la grabación de pantalla de pantalla.",
            "Iniciar y detener la grabación de pantalla.",
        ),
        # straight after itself: one word, several, three times
        ("You need a boyfriend.", "Necesitas un novio novio.", "Necesitas un novio."),
        ("Cavalry melee attack", "ataque cuerpo a cuerpo cuerpo a cuerpo", "ataque cuerpo a cuerpo"),
        ("Players start in plains with highlands.", "con las altas altas altas.", "con las altas."),
        # the first keeps its case
        ("Strike out text", "Texto de texto", "Texto"),
        # Left alone: different words of one stem; a fixed phrase; digits and one-letter words; the source
        # saying it twice; a copied name the source has twice.
        ("King of kings", "Rey de reyes", "Rey de reyes"),
        ("for ever and ever", "por los siglos de los siglos", "por los siglos de los siglos"),
        ("Size 1 1", "Tamaño 1 1", "Tamaño 1 1"),
        ("very very big", "muy muy grande", "muy muy grande"),
        ("the best of the best", "lo mejor de lo mejor", "lo mejor de lo mejor"),
        ("Qt and Qt Designer", "Qt Qt Designer", "Qt Qt Designer"),
    ],
)
def test_drop_repeats_into_spanish(source, text, expected):
    assert drop_repeats(source, text, "en", "es") == expected


@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        ("Cerrar libro de frases", "Close book book", "Close book"),
        ("Traducciones de Qt compiladas", "Qt Qt Translations", "Qt Translations"),
        ("Me acusaron de comerme el almuerzo.", "They ate the chief of the chief.", "They ate the chief."),
        ("Se puso pálido.", "He's pale pale.", "He's pale."),
        # Left alone: English that repeats on purpose; the source's own repeat of one stem.
        ("Había tenido suficiente.", "I had had enough.", "I had had enough."),
        ("Sé que eso es verdad.", "I know that that is true.", "I know that that is true."),
        ("Vanidad de vanidades.", "Vanity of vanity.", "Vanity of vanity."),
    ],
)
def test_drop_repeats_into_english(source, text, expected):
    assert drop_repeats(source, text, "es", "en") == expected


def test_drop_repeats_leaves_other_languages_alone():
    assert drop_repeats("Texte", "Texte de texte", "fr", "de") == "Texte de texte"


def test_translate_writes_a_repeat_once(model_dir, tmp_path, monkeypatch):
    translator = Translator.load(tagged_copy(model_dir, tmp_path))
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["la frase de frase" for _ in rows])
    (result,) = translator.translate(["the phrase book"], decode="greedy")
    assert result.text == result.own_text == "la frase"
    translator.repair_repeats = False
    assert translator.translate(["the phrase book"], decode="greedy")[0].text == "la frase de frase"


def test_alternatives_the_repair_makes_one_come_once(model_dir, tmp_path, monkeypatch):
    translator = Translator.load(tagged_copy(model_dir, tmp_path))
    texts = ["la frase de frase", "la frase", "la casa"]
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: texts[: len(rows)])
    (result,) = translator.translate(["the phrase book"], beam_size=3, n_best=3)
    assert [a.text for a in result.n_best] == ["la frase", "la casa"]
    assert result.n_best[0].score >= result.n_best[1].score
    translator.repair_repeats = False
    (result,) = translator.translate(["the phrase book"], beam_size=3, n_best=3)
    assert [a.text for a in result.n_best] == texts
