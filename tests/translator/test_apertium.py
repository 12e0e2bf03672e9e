"""The Apertium wrapper: real translations when apertium is installed, clear errors when it is not."""

from __future__ import annotations

import shutil

import pytest

from translator import apertium
from translator.apertium import ApertiumError, apertium_pair, apertium_translate

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


@needs_apertium
def test_english_to_spanish_keeps_one_line_per_input():
    out = apertium_translate(["the house", "", "  The dog eats. "], "en", "es")
    assert len(out) == 3
    assert "casa" in out[0].lower()
    assert out[1] == ""
    assert "perro" in out[2].lower()


@needs_apertium
def test_words_do_not_move_across_lines():
    # With plain newlines apertium reorders "period Mr. Smith" across the line break.
    out = apertium_translate(["no period", "Mr. Smith went home."], "en", "es")
    assert "periodo" in out[0] and "Smith" not in out[0] and "Herrero" not in out[0]
    assert out[1].startswith("Señor")


@needs_apertium
def test_spanish_to_english():
    assert "house" in apertium_translate(["la casa"], "es", "en")[0].lower()


@needs_apertium
def test_unknown_words_are_marked_only_when_asked():
    plain = apertium_translate(["the zorblax house"], "en", "es")[0]
    marked = apertium_translate(["the zorblax house"], "en", "es", unknown_marks=True)[0]
    assert "zorblax" in plain and "*" not in plain
    assert "*zorblax" in marked


@needs_apertium
def test_pair_not_installed_names_the_fix():
    with pytest.raises(
        ApertiumError, match="eng-eng is not installed.*apt-get install apertium apertium-eng-spa"
    ):
        apertium_translate(["x"], "en", "en")


def test_missing_apertium_names_the_fix(monkeypatch):
    monkeypatch.setattr(apertium.shutil, "which", lambda _name: None)
    with pytest.raises(ApertiumError, match="apt-get install apertium apertium-eng-spa"):
        apertium_translate(["the house"], "en", "es")


def test_unsupported_language():
    assert apertium_pair("es", "en") == "spa-eng"
    with pytest.raises(ApertiumError, match="en->fr"):
        apertium_pair("en", "fr")


def test_misaligned_output_fails_loudly(monkeypatch):
    def fake_run(args: list[str], text: str = "") -> str:
        return "  eng-spa\n" if args == ["-l"] else "one segment only\n"

    monkeypatch.setattr(apertium, "_run", fake_run)
    with pytest.raises(ApertiumError, match="1 segments for 2 input lines"):
        apertium_translate(["a", "b"], "en", "es")
