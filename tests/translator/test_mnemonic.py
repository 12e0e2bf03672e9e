"""translator.mnemonic: keyboard accelerators taken out of a label and put back in its translation, and the
Translator's use of them."""

from __future__ import annotations

import pytest

from tests.translator.spy import read_sources
from translator.facade import Translator
from translator.mnemonic import Mnemonic, put_mnemonic, strip_mnemonic
from translator.typed import read_typed


@pytest.mark.parametrize(
    ("label", "plain", "mnemonic"),
    [
        ("E&xit", "Exit", Mnemonic("&", "x")),
        ("&Open", "Open", Mnemonic("&", "O")),
        ("Open Con&taining Folder", "Open Containing Folder", Mnemonic("&", "t")),
        ("Save _As", "Save As", Mnemonic("_", "A")),
        ("_File", "File", Mnemonic("_", "F")),
        ("~Save", "Save", Mnemonic("~", "S")),
        ("Confi&guración...", "Configuración...", Mnemonic("&", "g")),
    ],
)
def test_an_accelerator_is_taken_out(label, plain, mnemonic):
    assert strip_mnemonic(label) == (plain, mnemonic)


@pytest.mark.parametrize(
    "text",
    [
        "Tom & Jerry",  # no letter after it
        "AT&T",  # inside a word in capitals
        "R&D costs",
        "Fish && Chips",  # a doubled "&" is a literal one
        "Salt &amp; pepper",  # an HTML entity
        "&One &Two",  # two markers: not an accelerator
        "file_name",  # an identifier
        "~/.config and ~user",  # a path, and two of them
        "_private and _other",
        "see https://example.org/?a=1&b=2",  # inside a URL
        "Nothing to see",
    ],
)
def test_what_is_not_an_accelerator_stays(text):
    assert strip_mnemonic(text) == (text, None)


def test_the_marker_goes_before_the_same_letter_or_else_the_first():
    assert put_mnemonic("Cortar", Mnemonic("&", "t")) == "Cor&tar"
    assert put_mnemonic("Salir", Mnemonic("&", "x")) == "&Salir"
    assert put_mnemonic("Guardar como", Mnemonic("_", "C")) == "Guardar _como"  # either case
    assert put_mnemonic("%s ficheros", Mnemonic("&", "s")) == "%s fichero&s"  # not inside a placeholder
    assert put_mnemonic("42", Mnemonic("&", "x")) == "42"  # no letter: nowhere to put it
    assert put_mnemonic("Salir", None) == "Salir"


def test_read_typed_takes_it_out_and_written_puts_it_back():
    typed = read_typed("&EXIT NOW", "en")
    assert typed.text == "Exit now" and typed.shouted and typed.mnemonic == Mnemonic("&", "E")
    assert typed.written("salir ahora") == "&SALIR AHORA"
    assert read_typed("E&XIT", "en").mnemonic is None  # inside a word in capitals: "AT&T"
    assert read_typed("Cu&t", "en").written("Cortar") == "Cor&tar"


def test_the_translator_reads_the_label_without_its_marker(model_dir, monkeypatch):
    translator = Translator.load(model_dir)
    seen = read_sources(translator, monkeypatch, "cortar")
    (label,) = translator.translate(["Cu&t"], decode="greedy", n_best=1)
    assert seen == ["Cut"]
    assert label.text == label.own_text == label.n_best[0].text == "Cor&tar"
    translator.read_typed = False
    seen.clear()
    translator.translate(["Cu&t"], decode="greedy")
    assert seen == ["Cu&t"]
