"""bench overlap: the test lines the old exact held-out rule let train repeat, and scores without them."""

from __future__ import annotations

import json
from pathlib import Path

from bench import overlap
from data.general import document_split
from data.sources import Origin
from translator.errors import EXIT_ERROR

TEST_EN = ["Aragonese", "Close the window", "Open the file.", "Where is it?"]
TEST_ES = ["Aragonés", "Cerrar la ventana", "Abrir el archivo.", "¿Dónde está?"]


def _train_file() -> str:
    return next(
        f"f{i}" for i in range(200) if document_split(Origin("gettext", "p", f"f{i}"), "ui", 50) == "train"
    )


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "prepared"
    data.mkdir()
    (data / "test-ui.en").write_text("".join(s + "\n" for s in TEST_EN), encoding="utf-8")
    (data / "test-ui.es").write_text("".join(s + "\n" for s in TEST_ES), encoding="utf-8")
    (data / "dev-ui.en").write_text("Help\n", encoding="utf-8")
    (data / "dev-ui.es").write_text("Ayuda\n", encoding="utf-8")
    train = _train_file()
    pairs = tmp_path / "pairs.jsonl"
    rows = [
        ("aragonese", "aragonés", f"gettext:p:{train}"),  # case only: the old rule kept it
        (
            "Close the window",
            "Cerrar ventana",
            f"gettext:p:{train}",
        ),  # exact English: the old rule dropped it
        ("Open  the file", "Abrir archivo", f"gettext:p:{train}"),  # spacing and punctuation: kept
        ("Where is it?", "¿Dónde?", f"gettext:p:{_held_file()}"),  # not a train document
    ]
    pairs.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return data, pairs


def _held_file() -> str:
    return next(
        f"f{i}" for i in range(500) if document_split(Origin("gettext", "p", f"f{i}"), "ui", 50) == "test"
    )


def test_old_rule_repeats_are_the_near_repeats_an_exact_comparison_missed(tmp_path):
    data, pairs = _corpus(tmp_path)
    repeats = overlap.old_rule_repeats(data, [pairs], {"gettext": "ui"}, 50)
    assert repeats == {"test-ui": [0, 2]}


def test_rescore_scores_all_lines_and_the_lines_without_a_repeat(tmp_path):
    data, _ = _corpus(tmp_path)
    work = tmp_path / "work"
    (work / "en-es").mkdir(parents=True)
    # right on the repeated lines 0 and 2, wrong on the clean lines 1 and 3
    hyps = ["Aragonés", "xx yy zz", "Abrir el archivo.", "qq rr ss"]
    (work / "en-es" / "test-ui.beam.txt").write_text("".join(h + "\n" for h in hyps), encoding="utf-8")
    rows = overlap.rescore(data, work, {"test-ui": [0, 2]}, apertium=False)
    assert [(r["direction"], r["split"], r["lines"], r["repeated"]) for r in rows] == [
        ("en-es", "test-ui", 4, 2)
    ]
    assert rows[0]["ours_all"] > rows[0]["ours_clean"] == 0.0
    table = overlap.markdown(rows, "python -m bench overlap")
    assert "| en-es | test-ui | 4 | 2 |" in table


def test_without_a_prepared_corpus_it_exits_with_a_message(tmp_path, capsys):
    assert overlap.main(["--data-dir", str(tmp_path), "--out", str(tmp_path / "o")]) == EXIT_ERROR
    assert "no manifest.json" in capsys.readouterr().err
