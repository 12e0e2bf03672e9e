"""Which spans a translation must carry over, and the count of those it did."""

from __future__ import annotations

import pytest

from translator.protect import english_number_forms, find_spans, preservation, repair_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Delete %s?", [("placeholder", "%s")]),
        ("%1$s of %2$d files", [("placeholder", "%1$s"), ("placeholder", "%2$d")]),
        ("%(name)s was saved at %5.2f%%", [("placeholder", "%(name)s"), ("placeholder", "%5.2f")]),
        ("Hello {name}, you have {0} messages", [("placeholder", "{name}"), ("placeholder", "{0}")]),
        ("Path: ${HOME}", [("placeholder", "${HOME}")]),
        ("See https://www.debian.org/doc/.", [("url", "https://www.debian.org/doc/")]),
        ("Write to bugs@example.org today", [("email", "bugs@example.org")]),
        ("Version 2.6.0 costs 1,500 in 1975", [("number", "2.6.0"), ("number", "1,500"), ("number", "1975")]),
        ("(see www.gnu.org)", [("url", "www.gnu.org")]),
        ("No spans here, 100% sure? No: mp3 and x86 are words", [("number", "100")]),
    ],
)
def test_spans_are_found_left_to_right(text, expected):
    assert [(s.kind, s.text) for s in find_spans(text)] == expected


def test_span_positions_point_into_the_text():
    text = "Open http://a.example/x?y=1 now, 3 times"
    for span in find_spans(text):
        assert text[span.start : span.end] == span.text


def test_preservation_counts_each_occurrence_once():
    counts = preservation(
        ["%s and %s", "Call 911 or visit https://a.example", "nothing"],
        ["%s y", "Llame al 911 o visite https://a.example.", "nada"],
    )
    assert counts.total == {"placeholder": 2, "number": 1, "url": 1}
    assert counts.kept == {"placeholder": 1, "number": 1, "url": 1}
    assert counts.rate("placeholder") == 0.5
    assert counts.rate() == 3 / 4


def test_a_changed_number_or_translated_placeholder_is_not_kept():
    counts = preservation(["Pay 1.5 to {name}"], ["Pague 1,5 a {nombre}"])
    assert counts.total == {"number": 1, "placeholder": 1}
    assert sum(counts.kept.values()) == 0
    assert counts.rate() == 0.0


def test_a_number_english_writes_as_an_ordinal_or_a_decade_is_kept():
    assert english_number_forms("the 18th and 21st centuries, the 1990s, 11th, 112th") == [
        "18", "21", "1990", "11", "112",
    ]  # fmt: skip
    # wrong suffixes, a decade not ending in 0, and a decimal are no English forms of the number
    assert english_number_forms("21th, 2st, 1995s, 1.5th, 3s") == []
    counts = preservation(
        ["Conquistada en el siglo 18.", "En la década de 1990 creció.", "Fue en 1960."],
        ["Conquered in the 18th century.", "In the 1990s it grew.", "It was in the 1950s."],
    )
    assert counts.total == {"number": 3}
    assert counts.kept == {"number": 2}  # the 1950s are not 1960


def test_nothing_to_keep_is_a_full_rate():
    assert preservation(["hello"], ["hola"]).rate() == 1.0
    with pytest.raises(ValueError):
        preservation(["a", "b"], ["a"])


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        # An altered address, URL or placeholder is put back as the source has it.
        ("Write to team@tatoeba.org.", "Escribe a equipo@tatoeba.org.", "Escribe a team@tatoeba.org."),
        ("See https://a.example/doc/.", "Vea https://a.example/docs/.", "Vea https://a.example/doc/."),
        ("Hello {name}, {0} new", "Hola {nombre}, {0} nuevos", "Hola {name}, {0} nuevos"),
        ("%(count)d files", "%(cuenta)d archivos", "%(count)d archivos"),
        ("%s of %d", "%d de %s", "%d de %s"),  # reordered, not altered: kept
        ("%s of %d", "%s de %i", "%s de %d"),
        # Two altered copies of two spans: in order.
        ("{a} to {b}", "{x} a {y}", "{a} a {b}"),
        # Counts that do not pair up are left alone: which copy came from which span would be a guess.
        ("{a} to {b}", "{x} a {y} y {z}", "{x} a {y} y {z}"),
        # A placeholder cut short is mended where the cut copies pair up with the missing ones.
        ("Delete %s?", "¿Borrar %?", "¿Borrar %s?"),
        ("Tsar %s", "Zar %", "Zar %s"),
        ("Delete %s?", "¿Borrar % s?", "¿Borrar %s?"),  # its rest split off by a space goes with it
        ("%(count)d files", "%(co archivos", "%(count)d archivos"),
        ("Hello {name}!", "¡Hola {nam!", "¡Hola {name}!"),
        ("%s of %d", "% de %", "%s de %d"),
        # A "%" after a number is a percent sign; a source with its own "%" or "{" is left alone.
        ("Open %s", "Abrir al 50 %", "Abrir al 50 %"),
        ("Save %s at 50%", "Guardar % al 50 %", "Guardar % al 50 %"),
        ("%s of %d", "% de", "% de"),  # two missing, one cut: which is which would be a guess
        # Numbers are the translation's to write ("1,5" for "1.5"); spans of other kinds never swap.
        ("It costs 1.5 euros", "Cuesta 1,5 euros", "Cuesta 1,5 euros"),
        (
            "Mail a@b.org or see www.c.org",
            "Escribe a x@b.org o ve www.d.org",
            "Escribe a a@b.org o ve www.c.org",
        ),
        ("No spans.", "Sin {tramos}.", "Sin {tramos}."),
    ],
)
def test_repair_puts_back_the_spans_a_translation_altered(source, translation, expected):
    assert repair_spans(source, translation) == expected


@pytest.mark.parametrize(
    ("source", "translation", "expected"),
    [
        # A placeholder dropped from the start or the end of the source goes back there.
        ("Grand Duchess %s", "Gran duquesa", "Gran duquesa %s"),
        ("%s Augusto", "Augusto", "%s Augusto"),
        ("Deleted {name}.", "Borrado.", "Borrado {name}."),
        # A number or placeholder after a word with a capital or digit both hold once goes back after it.
        ("2 = Monday (ISO 8601)", "2 = lunes (ISO)", "2 = lunes (ISO 8601)"),
        (
            "Since LibreOffice 4.4.",
            "Desde la versión de LibreOffice.",
            "Desde la versión de LibreOffice 4.4.",
        ),
        # Otherwise it stays out: which place it takes would be a guess.
        ("ISO 8601 and ISO 9660", "ISO y ISO", "ISO y ISO"),
        ("Open %s now", "Abrir ahora", "Abrir ahora"),
        ("Tom has 3 cats.", "Tom tiene tres gatos.", "Tom tiene tres gatos."),  # written as a word
        ("It ends in 1990.", "Termina entonces.", "Termina entonces."),
        ("Save %s", "Guardar {x}", "Guardar %s"),  # an altered copy is mended, not doubled
    ],
)
def test_repair_puts_back_the_spans_a_translation_dropped(source, translation, expected):
    assert repair_spans(source, translation) == expected
