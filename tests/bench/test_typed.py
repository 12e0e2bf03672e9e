"""bench.typed: the dev lines as people type them, translated with and without translator.typed."""

from __future__ import annotations

import json

from bench import typed
from translator.errors import EXIT_ERROR


def test_the_variants_type_as_people_do():
    assert typed._plain("¿Dónde está el niño?") == "Donde esta el nino?"
    assert typed._hurried("I don't know, it’s late.") == "i dont know, its late."
    assert typed._unpunctuated("¿Dónde está?") == "dónde está"
    assert typed._unpunctuated("Where is it? ") == "where is it"


def test_each_variant_is_scored_on_and_off(model_dir, tmp_path):
    """The fixture model (en-es) on three lines: one row per English variant, both settings scored."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "dev-tatoeba.en").write_text("the lord said\ngod\nI don't know.\n", encoding="utf-8")
    (data / "dev-tatoeba.es").write_text("el señor dijo\ndios\nNo sé.\n", encoding="utf-8")
    out = tmp_path / "typed.md"
    argv = ["--model", f"en-es={model_dir}", "--data-dir", str(data), "--limit", "2", "--out", str(out)]
    assert typed.main(argv) == 0
    rows = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert [r["variant"] for r in rows] == [
        "as written",
        "in capitals",
        "in lower case, without apostrophes",
        "in lower case, without the end's punctuation or ¿ ¡",
    ]
    assert all(r["lines"] == 2 and 0 <= r["on"] <= 100 and 0 <= r["off"] <= 100 for r in rows)
    text = out.read_text(encoding="utf-8")
    assert "| en-es | in capitals | 2 |" in text and "case:lc" in text


def test_a_missing_split_is_a_clear_error(model_dir, tmp_path, capsys):
    argv = ["--model", f"en-es={model_dir}", "--data-dir", str(tmp_path), "--out", str(tmp_path / "t.md")]
    assert typed.main(argv) == EXIT_ERROR
    assert "dev-tatoeba.en" in capsys.readouterr().err
