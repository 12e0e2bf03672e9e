"""translator.typed: text as people type it (shouting, Spanish without accents), and the Translator's use
of it."""

from __future__ import annotations

import pytest

from tests.translator.spy import read_sources
from translator.facade import Translator
from translator.typed import (
    SPELLINGS_FILE,
    SpellingsError,
    Typed,
    apostrophes_like,
    capital_like,
    is_shouted,
    plain,
    read_spellings,
    read_spellings_file,
    read_typed,
    write_spellings,
)

SPELLINGS = {"estacion": "estación", "contrasena": "contraseña", "dónde esta": "dónde está"}


@pytest.mark.parametrize(
    ("text", "shouted"),
    [
        ("WHERE IS THE STATION?", True),
        ("QUIERO COMER", True),
        ("DELETE %s FILES", True),
        ("NASA", False),  # one word in capitals: an acronym
        ("I AM", False),  # one word of two letters or more
        ("Where is the USB stick?", False),
        ("OPEN http://example.com/page NOW", True),  # the address's lower case is not the sentence's
        ("", False),
    ],
)
def test_is_shouted(text, shouted):
    assert is_shouted(text) is shouted


def test_shouting_is_read_in_sentence_case_and_written_back_in_capitals():
    typed = read_typed("I THINK I'M LATE, SO I RUN", "en")
    assert typed == Typed("I think I'm late, so I run", shouted=True)
    assert typed.written("Creo que llego tarde, así que corro") == "CREO QUE LLEGO TARDE, ASÍ QUE CORRO"
    spanish = read_typed("YO I CREO", "es")  # "i" is English's alone
    assert spanish.text == "Yo i creo"


def test_protected_spans_keep_their_case_both_ways():
    typed = read_typed("DELETE %d FROM http://example.com/A NOW", "en")
    assert typed.text == "Delete %d from http://example.com/A now"
    assert (
        typed.written("Borrar %d de http://example.com/A ahora") == "BORRAR %d DE http://example.com/A AHORA"
    )


def test_edited_text_is_left_as_it_is():
    for text, lang in [("Where is the station?", "en"), ("¿Dónde está la estación?", "es"), ("OK", "en")]:
        assert read_typed(text, lang, SPELLINGS) == Typed(text)


def test_spanish_accents_and_opening_marks_are_put_back():
    assert read_typed("Donde esta la estacion?", "es", SPELLINGS).text == "¿Dónde está la estación?"
    assert read_typed("olvide mi contrasena!", "es", SPELLINGS).text == "¡olvide mi contraseña!"
    # A word typed with an accent is kept; a pair needs the word before as read.
    assert read_typed("La estación esta cerca", "es", SPELLINGS).text == "La estación esta cerca"
    # Without a table: the opening mark, and the question word that starts a question.
    assert read_typed("  como estas?", "es").text == "  ¿cómo estas?"
    assert read_typed("Y como estas?", "es").text == "¿Y como estas?"
    assert read_typed("Estacion", "es", SPELLINGS).text == "Estación"
    # English has no opening marks or Spanish question words.
    assert read_typed("Que estacion?", "en").text == "Que estacion?"


def test_english_i_and_apostrophes_are_put_back():
    spellings = {"dont": "don't", "i cant": "i can't"}
    assert read_typed("i dont know, i cant say", "en", spellings).text == "I don't know, I can't say"
    assert read_typed("i'm here; so am i", "en").text == "I'm here; so am I"
    # A word right as typed stays: "cant" alone is an English word.
    assert read_typed("the cant of thieves", "en", spellings).text == "the cant of thieves"
    variables = ["for i in range", "i = 0", "i is the index", "i and j", "swap i j", "let i to"]
    for text in ["i.e. this", "the i-th row", "set $i to 2", "see /i here", "Don't", "pi is 3", *variables]:
        assert read_typed(text, "en", spellings).text == text


def test_shouted_spanish_gets_both():
    typed = read_typed("DONDE ESTA LA ESTACION?", "es", SPELLINGS)
    assert typed == Typed("¿Dónde está la estación?", shouted=True)


def test_plain_is_what_a_plain_keyboard_types():
    assert plain("Contraseña") == "contrasena"
    assert plain("pingüino") == "pinguino"
    assert plain("Don’t") == plain("don't") == "dont"


def test_spellings_file_round_trip_and_errors(tmp_path):
    path = tmp_path / SPELLINGS_FILE
    write_spellings(path, SPELLINGS, ["made for a test"])
    assert path.read_text(encoding="utf-8").startswith("# made for a test\n")
    assert read_spellings(path) == SPELLINGS
    assert read_spellings_file(path) == (SPELLINGS, ["made for a test"])
    for bad in ["estacion\n", "estacion\tcanción\n", "dónde esta\tdonde está\n"]:
        path.write_text(f"# header\n{bad}", encoding="utf-8")
        with pytest.raises(SpellingsError, match=r"spellings.tsv:2: not"):
            read_spellings(path)
    with pytest.raises(SpellingsError, match="cannot read"):
        read_spellings(tmp_path / "absent.tsv")


def test_translator_writes_a_shouted_sentences_translation_in_capitals(model_dir, monkeypatch):
    translator = Translator.load(model_dir)
    seen = read_sources(translator, monkeypatch, "dijo el señor %d")
    shouted, plain = translator.translate(["THE LORD SAID %d", "the lord said"], decode="greedy", n_best=1)
    assert seen == ["The lord said %d", "the lord said"]
    assert shouted.text == shouted.own_text == shouted.n_best[0].text == "DIJO EL SEÑOR %d"
    assert plain.text == "dijo el señor %d"
    translator.read_typed = False
    seen.clear()
    (raw,) = translator.translate(["THE LORD SAID"], decode="greedy")
    assert seen == ["THE LORD SAID"] and raw.text == "Dijo el señor %d"  # a capital to start with


def test_translator_loads_the_spellings_beside_the_model(model_dir, tmp_path):
    assert Translator.load(model_dir).spellings is None
    copy = tmp_path / "model"
    copy.mkdir()
    (copy / "model.pt").write_bytes((model_dir / "model.pt").read_bytes())
    write_spellings(copy / SPELLINGS_FILE, SPELLINGS, [])
    assert Translator.load(copy).spellings == SPELLINGS
    (copy / SPELLINGS_FILE).write_text("bad line\n", encoding="utf-8")
    with pytest.raises(SpellingsError):
        Translator.load(copy)


@pytest.mark.parametrize(
    ("text", "lang", "read"),
    [
        ("where is the train station", "en", "where is the train station?"),
        ("How much does it cost  ", "en", "How much does it cost?  "),
        ("what's your name", "en", "what's your name?"),
        ("Where is it?", "en", "Where is it?"),  # asked already
        ("How to use this tool", "en", "How to use this tool"),  # a title: "how" does not ask here
        ("Where there is smoke, there is fire", "en", "Where there is smoke, there is fire"),
        ("What's New", "en", "What's New"),  # two words
        ('"How do you say it?" "like this"', "en", '"How do you say it?" "like this"'),
        ("donde esta la estacion", "es", "¿dónde esta la estacion?"),
        ("cuanto cuesta esto", "es", "¿cuánto cuesta esto?"),
        ("Donde hay humo, hay fuego", "es", "Donde hay humo, hay fuego"),
        ("como estas hoy", "es", "como estas hoy"),  # "como" starts statements too
        ("Qué bonito es esto", "es", "Qué bonito es esto"),
    ],
)
def test_a_question_typed_without_its_question_mark_gets_it(text, lang, read):
    assert read_typed(text, lang).text == read


def test_a_sentence_typed_with_accents_or_apostrophes_keeps_its_words():
    spellings = {"ahora esta": "ahora está", "dont": "don't", "cuando": "cuándo"}
    assert read_typed("ahora esta aqui", "es", spellings).text == "ahora está aqui"
    assert read_typed("Ahora esta tierra es mía", "es", spellings).text == "Ahora esta tierra es mía"
    assert read_typed("I don't know, i dont care", "en", spellings).text == "I don't know, I dont care"
    # An opening mark is added all the same; a question inside is the writer's own.
    assert read_typed("Dónde está?", "es").text == "¿Dónde está?"
    bible = "Cuando dijeres en tu corazón: Estas gentes son muchas, ¿cómo las podré desarraigar?"
    assert read_typed(bible, "es", spellings).text == bible


@pytest.mark.parametrize(
    ("source", "translation", "written"),
    [
        ("Orange", "naranja", "Naranja"),
        ("Where is it?", "¿dónde está?", "¿Dónde está?"),
        ("«Save»", "«guardar»", "«Guardar»"),
        ("Tom's dog", "el perro de Tom", "El perro de Tom"),
        ("the dog", "el perro", "el perro"),  # a source in lower case: as the model wrote it
        ("iPhone is", "iPhone es", "iPhone es"),  # mixed case
        ("Visit https://x.org now", "https://x.org visita", "https://x.org visita"),  # no sentence start
        ("3 Files", "3 archivos", "3 archivos"),
        ("Hello {name}", "hola {name}", "Hola {name}"),
        ("Hello", "", ""),
    ],
)
def test_capital_like_starts_with_a_capital_where_the_source_does(source, translation, written):
    assert capital_like(source, translation) == written


def test_translator_gives_a_capital_to_start_with(model_dir, monkeypatch):
    translator = Translator.load(model_dir)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["el señor", "el rey"][: len(rows)])
    capital, lower = translator.translate(["The lord", "the lord"], decode="beam", beam_size=2, n_best=2)
    assert capital.text == capital.own_text == "El señor"
    assert [a.text for a in capital.n_best] == ["El señor", "El rey"]
    assert lower.text == "el señor"
    translator.repair_capital = False
    assert translator.translate(["The lord"])[0].text == "el señor"


@pytest.mark.parametrize(
    ("source", "translation", "written"),
    [
        ("Eso es tu responsabilidad.", "That’s your responsibility.", "That's your responsibility."),
        ("No sé.", "I don’t know, it’s late.", "I don't know, it's late."),
        ("Dijo “no sé”.", "He said “I don't know”.", "He said “I don’t know”."),  # typographic source
        ("Lo’ dice", "He says it's so", "He says it’s so"),
        ("Abre el archivo.", "Open the file.", "Open the file."),  # nothing to change
        ("Ve a %s", "Go to it’s %s", "Go to it's %s"),
        ("Abre http://x.org/a’b", "Open http://x.org/a’b", "Open http://x.org/a’b"),  # a span keeps it
        ("el 'Lema'", "the ’motto’", "the ’motto’"),  # a quote, not inside a word
    ],
)
def test_apostrophes_like_writes_apostrophes_as_the_source_writes_its_marks(source, translation, written):
    assert apostrophes_like(source, translation) == written


def test_translator_writes_apostrophes_as_the_source_does_in_general_text_only(model_dir, monkeypatch):
    translator = Translator.load(model_dir)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["father’s house" for _ in rows])
    keyboard, typographic = translator.translate(["the lord", "the “lord”"])
    assert keyboard.text == keyboard.own_text == "father's house"
    assert typographic.text == "father’s house"
    assert translator.repaired("the lord", ["father’s house"], domain="bible") == ["father’s house"]
    translator.repair_apostrophes = False
    assert translator.translate(["the lord"])[0].text == "father’s house"
