"""translator.dates: the dates and centuries of a source written right in its translation, Spanish Roman
centuries read in digits, and Translator's use of both."""

from __future__ import annotations

import shutil

import pytest

from translator.dates import (
    Date,
    Time,
    find_centuries,
    find_dates,
    find_times,
    ordinal,
    read_centuries,
    repair_centuries,
    repair_dates,
    repair_numerals,
    repair_times,
    repair_weekdays,
    weekday_entries,
    written_right,
)
from translator.facade import Translator
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("Indonesia left on May 20, 2002.", "en", [Date(5, 20, 2002)]),
        (
            "It began on February 14th, 1896 and ended on 28 July 1975.",
            "en",
            [Date(2, 14, 1896), Date(7, 28, 1975)],
        ),
        ("Cyprus became independent on 16th August 1960.", "en", [Date(8, 16, 1960)]),
        ("The 4th of July", "en", [Date(7, 4)]),
        ("in December 1963", "en", [Date(12, None, 1963)]),
        ("The temple was rebuilt on September 12.", "en", [Date(9, 12)]),
        # "May" and "march" as words, a month with no number, a day the month has not: no date.
        ("May I march 3 miles in June?", "en", []),
        ("February 30, 2001", "en", []),
        ("el 20 de mayo de 2002", "es", [Date(5, 20, 2002)]),
        ("el 1.º de Mayo, en diciembre de 1963", "es", [Date(5, 1), Date(12, None, 1963)]),
        ("the 20 de mayo", "fr", []),
    ],
)
def test_find_dates(text, lang, expected):
    assert find_dates(text, lang) == expected


def test_dates_are_written_as_each_language_writes_them():
    assert Date(5, 20, 2002).written("es") == "20 de mayo de 2002"
    assert Date(5, 20, 2002).written("en") == "May 20, 2002"
    assert Date(12, None, 1963).written("es") == "diciembre de 1963"
    assert Date(12, None, 1963).written("en") == "December 1963"
    assert Date(9, 12).written("es") == "12 de septiembre"
    assert Date(9, 12).written("en") == "September 12"


@pytest.mark.parametrize(
    ("source", "translation", "src", "tgt", "expected"),
    [
        # A number doubled, a month left in English, the English order, a month the source has not.
        (
            "The festival started on February 14th, 1896.",
            "La fiesta empezó el 14 de febrero 14, 1896.",
            "en",
            "es",
            "La fiesta empezó el 14 de febrero de 1896.",
        ),
        (
            "On March 18, 1891, it rained.",
            "El 18 de march 18, 1891, llovió.",
            "en",
            "es",
            "El 18 de marzo de 1891, llovió.",
        ),
        (
            "It ended on May 20, 2002.",
            "Terminó en mayo 20, 2002.",
            "en",
            "es",
            "Terminó el 20 de mayo de 2002.",
        ),
        (
            "On July 1, 1831, it rained.",
            "El 1 de junio de 1831, llovió.",
            "en",
            "es",
            "El 1 de julio de 1831, llovió.",
        ),
        ("It began in July 1842.", "Empezó en julio 1842.", "en", "es", "Empezó en julio de 1842."),
        # A day or a whole date written twice.
        (
            "It was rebuilt on March 18, 1891.",
            "Se reconstruyó el 18 de marzo de 1891 de 18, 1891.",
            "en",
            "es",
            "Se reconstruyó el 18 de marzo de 1891.",
        ),
        (
            "On July 1, 1831, it grew.",
            "El 1, de 1 de julio de 1831, creció.",
            "en",
            "es",
            "El 1 de julio de 1831, creció.",
        ),
        # es-en: the Spanish order word for word, "the" for "el".
        (
            "El 3 de abril de 1912, creció.",
            "The 3 of abril, 1912, it grew.",
            "es",
            "en",
            "On April 3, 1912, it grew.",
        ),
        (
            "Comenzó el 4 de agosto de 1802.",
            "It began the 4 of August 402.",
            "es",
            "en",
            "It began on August 4, 1802.",
        ),
        (
            "Fue reconstruido el 5 de mayo de 1839.",
            "It was rebuilt on the May 539.",
            "es",
            "en",
            "It was rebuilt on May 5, 1839.",
        ),
        # Right as the model wrote it: kept, in either English order.
        ("el 20 de mayo de 2002", "on 20 May 2002", "es", "en", "on 20 May 2002"),
        ("el 20 de mayo de 2002", "on the 20th of May, 2002", "es", "en", "on the 20th of May, 2002"),
        # "of" without an ordinal is Spanish word for word.
        ("Hoy es domingo, 3 de mayo.", "Today is Sunday, 3 of May.", "es", "en", "Today is Sunday, May 3."),
        ("on May 20, 2002", "el 20 de mayo de 2002", "en", "es", "el 20 de mayo de 2002"),
        # Two dates and one run, or none: which is which would be a guess; left as it is.
        (
            "From May 1, 2002 to June 3, 2004.",
            "Desde mayo 1, 2002 hasta 2004.",
            "en",
            "es",
            "Desde mayo 1, 2002 hasta 2004.",
        ),
        (
            "On 28 July 1975, it grew.",
            "En 28 de j28 de 1975, creció.",
            "en",
            "es",
            "En 28 de j28 de 1975, creció.",
        ),
        # No date in the source; a language the module does not know.
        ("In May we left.", "En mayo 5 nos fuimos.", "en", "es", "En mayo 5 nos fuimos."),
        ("On May 20, 2002.", "Le mai 20, 2002.", "en", "fr", "Le mai 20, 2002."),
    ],
)
def test_repair_dates(source, translation, src, tgt, expected):
    assert repair_dates(source, translation, src, tgt) == expected


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "23rd",
        "101st",
        "111th",
    ]


@pytest.mark.parametrize(
    ("source", "translation", "src", "tgt", "expected"),
    [
        (
            "In the 19th century, it grew.",
            "En el siglo de 19th, creció.",
            "en",
            "es",
            "En el siglo 19, creció.",
        ),
        (
            "The house dates from the 19th century.",
            "La casa de 19th siglo.",
            "en",
            "es",
            "La casa de siglo 19.",
        ),
        ("(12th century)", "(Siglo de12)", "en", "es", "(Siglo 12)"),
        ("a 17th-century church", "una iglesia del siglo 17", "en", "es", "una iglesia del siglo 17"),
        ("en el siglo 21", "in the 21 century", "es", "en", "in the 21st century"),
        ("en el siglo 14", "in the century XIV", "es", "en", "in the 14th century"),
        ("(siglo 12)", "(century 12)", "es", "en", "(12th century)"),
        ("in the 2nd century", "en el siglo 2", "en", "es", "en el siglo 2"),
        # The wrong century is put right too.
        ("in the 19th century", "en el siglo 18", "en", "es", "en el siglo 19"),
        # No century the rule reads in the source (plurals are not read), or none in the translation.
        ("the 15th and 16th centuries", "los siglos 15 y 17", "en", "es", "los siglos 15 y 17"),
        ("in the 19th century", "en el centenario", "en", "es", "en el centenario"),
        ("in the 19th century", "au siècle 18", "en", "fr", "au siècle 18"),
    ],
)
def test_repair_centuries(source, translation, src, tgt, expected):
    assert repair_centuries(source, translation, src, tgt) == expected


def test_find_centuries():
    assert find_centuries("the 5th century BC and the 19th-century novel", "en") == [5, 19]
    assert find_centuries("el siglo 19 y el Siglo 3", "es") == [19, 3]
    assert find_centuries("the 0th century", "en") == []
    assert find_centuries("le 19e siècle", "fr") == []


def test_repair_numerals_does_dates_and_centuries():
    source = "In the 19th century, on May 20, 1850, it rained."
    translation = "En el siglo de 19th, en mayo 20, 1850, llovió."
    assert (
        repair_numerals(source, translation, "en", "es") == "En el siglo 19, el 20 de mayo de 1850, llovió."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("En el siglo XIX, la ciudad creció.", "En el siglo 19, la ciudad creció."),
        ("Los siglos XV y XVI", "Los siglos 15 y 16"),
        ("los siglos XII-XIII y el siglo IV a. C.", "los siglos 12-13 y el siglo 4 a. C."),
        ("Siglo XXI", "Siglo 21"),
        # Not a Roman numeral, or no century: as it is.
        ("el siglo XIIII", "el siglo XIIII"),
        ("Luis XIV fue rey", "Luis XIV fue rey"),
        ("el siglo pasado", "el siglo pasado"),
    ],
)
def test_read_centuries(text, expected):
    assert read_centuries(text, "es") == expected


def test_read_centuries_leaves_other_languages_alone():
    assert read_centuries("siglo XIX", "en") == "siglo XIX"


def test_translator_repairs_dates_and_reads_roman_centuries(model_dir, monkeypatch):
    """The fixture model translates en-es: its output's garbled date is written right and the model's
    own text too; with repair_numerals off, the model's output is left as it is. Seen as an es-en model,
    a Roman century reaches the model in digits."""
    translator = Translator.load(model_dir)
    monkeypatch.setattr(
        translator.tokenizer, "decode_tgt", lambda rows: ["Empezó el 14 de febrero 14, 1896." for _ in rows]
    )
    (out,) = translator.translate(["It started on February 14th, 1896."], decode="greedy")
    assert out.text == out.own_text == "Empezó el 14 de febrero de 1896."
    translator.repair_numerals = False
    (raw,) = translator.translate(["It started on February 14th, 1896."], decode="greedy")
    assert raw.text == "Empezó el 14 de febrero 14, 1896."

    read = []
    monkeypatch.setattr(Translator, "src_lang", property(lambda self: "es"))
    monkeypatch.setattr(Translator, "model_input", lambda self, text, domain=None: read.append(text) or text)
    translator.repair_numerals = True
    translator.translate(["En el siglo XIX creció."], decode="greedy")
    assert read == ["En el siglo 19 creció."]


@pytest.mark.parametrize(
    ("source", "translation", "src", "tgt", "expected"),
    [
        (
            "It moved to Thursday at 3 pm.",
            "Se movió a Thursday a las 3.",
            "en",
            "es",
            "Se movió a jueves a las 3.",
        ),
        ("From Monday to Friday.", "Desde el lunes a Friday.", "en", "es", "Desde el lunes a viernes."),
        ("Friday. Then Monday.", "Friday. Luego Monday.", "en", "es", "Viernes. Luego lunes."),
        (
            "La reunión es el jueves.",
            "The meeting is the jueves.",
            "es",
            "en",
            "The meeting is on Thursday.",
        ),
        # The day's preposition as the target language writes it.
        ("I'll be there on Monday.", "Estaré allí en lunes.", "en", "es", "Estaré allí el lunes."),
        ("On Monday we go.", "En el lunes vamos.", "en", "es", "El lunes vamos."),
        ("He comes on Sundays.", "Viene en domingos.", "en", "es", "Viene los domingos."),
        ("He comes on Mondays.", "Viene en lunes.", "en", "es", "Viene los lunes."),
        ("Trabajé el domingo.", "I worked on the Sunday.", "es", "en", "I worked on Sunday."),
        ("Lo hace los domingos.", "He does it the Sundays.", "es", "en", "He does it on Sundays."),
        # A day that is a sentence's subject keeps its article; a day without "on" its preposition.
        ("El viernes es el día.", "The Friday is the day.", "es", "en", "The Friday is the day."),
        ("Monday is in May.", "Lunes está en mayo.", "en", "es", "Lunes está en mayo."),
        # Translated already, or not named in the source: left as it is.
        ("See you on Monday.", "Nos vemos el lunes, Monday.", "en", "es", "Nos vemos el lunes, Monday."),
        ("See you soon.", "Nos vemos el Monday.", "en", "es", "Nos vemos el Monday."),
        ("See you on Monday.", "À lundi, Monday.", "en", "fr", "À lundi, Monday."),
    ],
)
def test_repair_weekdays(source, translation, src, tgt, expected):
    assert repair_weekdays(source, translation, src, tgt) == expected


def test_weekday_entries_for_the_lexicon():
    english = weekday_entries("en", "es")
    assert english["saturday"] == "sábado" and english["saturdays"] == "sábados"
    assert english["monday"] == english["mondays"] == "lunes"
    spanish = weekday_entries("es", "en")
    assert spanish["lunes"] == "Monday" and spanish["domingos"] == "Sundays"
    assert len(english) == 14 and len(spanish) == 9  # "lunes" ... "viernes" are their own plurals
    assert weekday_entries("en", "fr") == {}


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "at 3 pm, at 5:30 p.m., at 10 o'clock",
            "en",
            [Time("3", "p. m.", True), Time("5:30", "p. m.", True), Time("10", "en punto", True)],
        ),
        ("Open 9 am to 5 pm.", "en", [Time("9", "a. m.", False), Time("5", "p. m.", False)]),
        ("I get up at 7 and have 3 cats.", "en", []),  # a bare "at 7" may be anything
        (
            "a las 3 de la tarde, a la 1, a las 17:30.",
            "es",
            [Time("3", "pm", True), Time("1", "", True), Time("17:30", "", True)],
        ),
        ("a las 8 y media", "es", [Time("8:30", "", True, "8")]),
        ("Le di pan a las 3 niñas.", "es", []),
        ("at 3 pm", "fr", []),
    ],
)
def test_find_times(text, lang, expected):
    assert find_times(text, lang) == expected


@pytest.mark.parametrize(
    ("source", "translation", "src", "tgt", "expected"),
    [
        ("The meeting is at 3 pm.", "La reunión está en 3 pm.", "en", "es", "La reunión está a las 3 p. m."),
        ("Call me at 1 pm.", "Llamadme a 1 pm.", "en", "es", "Llamadme a la 1 p. m."),
        ("At 3 pm we eat.", "En 3 pm comemos.", "en", "es", "A las 3 p. m. comemos."),
        ("It leaves at 10 o'clock.", "Deja en 10 en punto.", "en", "es", "Deja a las 10 en punto."),
        # No "at" in the source: the model's preposition stays.
        ("Open from 9 am to 5 pm.", "Abierto de 9 am a 5 pm.", "en", "es", "Abierto de 9 a. m. a 5 p. m."),
        (
            "La reunión es a las 3 de la tarde.",
            "The meeting is to 3 at the evening.",
            "es",
            "en",
            "The meeting is at 3 pm.",
        ),
        (
            "Abre a las 9:00 y cierra a las 17:30.",
            "It opens 9:00 and closes to 17:30.",
            "es",
            "en",
            "It opens at 9:00 and closes at 17:30.",
        ),
        ("Nos vemos a las 8 y media.", "See you to 8 and a half.", "es", "en", "See you at 8:30."),
        # The digits twice in the translation, or not at all: left as it is.
        ("at 3 pm", "en 3 pm, 3 veces", "en", "es", "en 3 pm, 3 veces"),
        ("at 3 pm", "por la tarde", "en", "es", "por la tarde"),
    ],
)
def test_repair_times(source, translation, src, tgt, expected):
    assert repair_times(source, translation, src, tgt) == expected


def test_a_century_the_invented_word_fallback_completes_is_repaired(model_dir, tmp_path, monkeypatch):
    """The invented-word fallback runs after the other repairs: "(Numgo de12)" becomes "(Siglo de12)",
    which the century repair then writes "(Siglo 12)"."""
    directory = tmp_path / "model"
    shutil.copytree(model_dir, directory)
    words = Lexicon({"century": "siglo"}, known=frozenset({"de"}))
    words.write(directory / LEXICON_FILE)
    words.write_known_words(directory / KNOWN_WORDS_FILE)
    translator = Translator.load(directory)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["(Numgo de12)" for _ in rows])
    monkeypatch.setattr(translator.tokenizer, "tgt_pieces", lambda ids: ["▁(", "Num", "go", "▁de", "12", ")"])

    def alignments(srcs, outputs):  # every target piece attends to the last before EOS (of "century")
        return [[[0.0] * (len(src) - 2) + [1.0, 0.0] for _ in range(7)] for src in srcs]

    monkeypatch.setattr(translator, "alignments", alignments)
    (result,) = translator.translate(["12th century"], decode="greedy")
    assert result.own_text == "(Numgo de12)"
    assert result.text == "(Siglo 12)"


def test_written_right_counts_the_dates_and_centuries_a_translation_names_as_the_target_does():
    source = "On May 20, 2002, in the 19th century style."
    assert written_right(source, "", "en", "es") == (0, 2)  # how many the source names
    assert written_right(source, "El 20 de mayo de 2002, al estilo del siglo 19.", "en", "es") == (2, 2)
    assert written_right(source, "En mayo 20, 2002, al estilo del siglo de 19th.", "en", "es") == (0, 2)
    assert written_right("En el siglo XIX.", "In the 19th century.", "es", "en") == (1, 1)  # Roman read
    assert written_right("Nothing to name.", "Nada.", "en", "es") == (0, 0)
