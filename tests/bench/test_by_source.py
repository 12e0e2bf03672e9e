"""bench by-source: the held-out rows of the quality table per package, ours beside Apertium."""

from __future__ import annotations

from pathlib import Path

from bench import by_source
from translator.errors import EXIT_ERROR

SOURCE = ["Open the file.", "Close the window.", "Save all.", "Grand Duke %s", "Queen %s"]
REFERENCE = ["Abrir el archivo.", "Cerrar la ventana.", "Guardar todo.", "Gran Duque %s", "Reina %s"]
ORIGINS = ["gettext:qt:a.po"] * 3 + ["gettext:freeciv:b.po"] * 2
# Right on every qt line, wrong on every freeciv line.
OURS = REFERENCE[:3] + ["Duque de Grande %s", "Rey %s"]


def _write(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _corpus(tmp_path: Path) -> tuple[Path, Path]:
    data, work = tmp_path / "prepared", tmp_path / "work"
    _write(data / "test-ui.en", SOURCE)
    _write(data / "test-ui.es", REFERENCE)
    _write(data / "test-ui.origin", ORIGINS)
    _write(work / "en-es" / "test-ui.beam.txt", OURS)
    return data, work


def _word_for_word(lines: list[str], src: str, tgt: str) -> list[str]:
    """A stand-in for Apertium that gets the freeciv titles right and the qt strings wrong."""
    return ["Gran Duque %s" if "Duke" in s else "Reina %s" if "Queen" in s else "xx yy zz" for s in lines]


def test_packages_pool_the_small_ones():
    assert by_source.packages(["k:a:f", "k:a:g", "k:b:f"], 2) == ["a", "a", by_source.OTHER]


def test_each_package_is_scored_apart_and_the_all_row_is_the_whole_split(tmp_path):
    data, work = _corpus(tmp_path)
    rows = by_source.rescore(data, work, ["test-ui"], 1, apertium=_word_for_word)
    assert [(r["package"], r["lines"]) for r in rows] == [("qt", 3), ("freeciv", 2), ("all packages", 5)]
    qt, freeciv, whole = rows
    assert qt["ours_bleu"] == 100.0 and qt["apertium_bleu"] < 10
    assert freeciv["apertium_bleu"] == 100.0 and freeciv["ours_bleu"] < freeciv["apertium_bleu"]
    assert 0 < whole["ours_bleu"] < 100
    table = by_source.markdown(rows, "python -m bench by-source")
    assert "| en-es | test-ui | `freeciv` | 2 |" in table
    assert "| en-es | test-ui | **all packages** | 5 |" in table


def test_lines_that_do_not_align_are_refused(tmp_path, capsys):
    data, work = _corpus(tmp_path)
    _write(data / "test-ui.origin", ORIGINS[:4])
    argv = ["--data-dir", str(data), "--work", str(work), "--splits", "test-ui", "--out", str(tmp_path / "o")]
    assert by_source.main(argv) == EXIT_ERROR
    assert "5 lines, 5 references, 4 origins" in capsys.readouterr().err


def test_without_hypotheses_it_says_to_run_bench_quality(tmp_path, capsys):
    data, _ = _corpus(tmp_path)
    argv = ["--data-dir", str(data), "--work", str(tmp_path / "none"), "--out", str(tmp_path / "o")]
    assert by_source.main(argv) == EXIT_ERROR
    assert "run `python -m bench quality` first" in capsys.readouterr().err
    assert not (tmp_path / "o.md").exists()
