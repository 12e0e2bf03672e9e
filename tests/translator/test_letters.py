"""translator.letters: Spanish letters without their marks."""

from __future__ import annotations

from translator.letters import PLAIN, UNACCENTED, dropping


def test_unaccented_drops_written_accents_only():
    assert "Está él aquí, pingüino, año".translate(UNACCENTED) == "Esta el aqui, pingüino, año"


def test_plain_is_a_keyboard_without_spanish_keys_and_keeps_case():
    assert "ÁNGEL, Contraseña, pingüino".translate(PLAIN) == "ANGEL, Contrasena, pinguino"


def test_dropping_deletes_characters_and_keeps_the_table():
    table = dropping(PLAIN, "¿¡")
    assert "¿Dónde está? ¡Sí!".translate(table) == "Donde esta? Si!"
    assert "¿" in "¿".translate(PLAIN)  # the table given is not changed
