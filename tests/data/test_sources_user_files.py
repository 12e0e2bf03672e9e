"""The user-file kinds (tsv, moses, tmx) on tiny hand-written files, valid and broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.sources import Origin, SourceError, SourcePair, source_class
from data.sources.tmx import language_matches

FILES = Path(__file__).parents[1] / "fixtures" / "user-files"


def read(kind: str, **options: str) -> list[SourcePair]:
    return list(source_class(kind)(**options).pairs({}))


def test_tsv_pairs_lines_and_keeps_blank_lines_for_the_cleaning_step() -> None:
    origin = Origin("tsv", "corpus.tsv", "")
    assert read("tsv", path=str(FILES / "corpus.tsv")) == [
        SourcePair("Open the file.", "Abra el archivo.", origin),
        SourcePair("Save changes?", "¿Guardar los cambios?", origin),
        SourcePair("", "", origin),
        SourcePair("The printer is out of paper.", "La impresora no tiene papel.", origin),
    ]


def test_tsv_line_without_a_tab_names_file_and_line() -> None:
    with pytest.raises(SourceError, match=r"broken\.tsv:2: expected source<TAB>target"):
        read("tsv", path=str(FILES / "broken.tsv"))


def test_tsv_needs_a_path() -> None:
    with pytest.raises(SourceError, match="tsv needs `path:`"):
        source_class("tsv")()


def test_moses_pairs_the_nth_lines() -> None:
    origin = Origin("moses", "corpus.en", "")
    assert read("moses", en=str(FILES / "corpus.en"), es=str(FILES / "corpus.es")) == [
        SourcePair("Good night.", "Buenas noches.", origin),
        SourcePair("See you tomorrow.", "Hasta mañana.", origin),
    ]


def test_moses_bad_utf8_names_file_and_line() -> None:
    with pytest.raises(SourceError, match=r"badutf8\.es:2: invalid UTF-8 \(byte 0xe1 at column 1\)"):
        read("moses", en=str(FILES / "corpus.en"), es=str(FILES / "badutf8.es"))


def test_moses_files_of_different_lengths() -> None:
    with pytest.raises(SourceError, match=r"short\.en has 3 lines but .*corpus\.es has 2"):
        read("moses", en=str(FILES / "short.en"), es=str(FILES / "corpus.es"))


def test_moses_missing_file() -> None:
    with pytest.raises(SourceError, match=r"nowhere\.es: no such file"):
        read("moses", en=str(FILES / "corpus.en"), es=str(FILES / "nowhere.es"))


def test_tmx_matches_codes_by_prefix_and_case_and_skips_units_lacking_a_side() -> None:
    assert read("tmx", path=str(FILES / "memory.tmx")) == [
        SourcePair("Good morning.", "Buenos días.", Origin("tmx", "memory.tmx", "greeting")),
        # Variants in either order; inline codes read as the native text they hold.
        SourcePair(
            "Open the <b>file</b> & save it.",
            "Abra el <b>archivo</b> & guárdelo.",
            Origin("tmx", "memory.tmx", "bold"),
        ),
        SourcePair("Hello {name}!", "¡Hola {name}!", Origin("tmx", "memory.tmx", "ph")),
    ]


def test_tmx_other_language_codes() -> None:
    pairs = read("tmx", path=str(FILES / "memory.tmx"), src_lang="fr", tgt_lang="EN")
    assert pairs == [SourcePair("Seulement anglais.", "Only English.", Origin("tmx", "memory.tmx", ""))]


@pytest.mark.parametrize(
    ("code", "wanted", "matches"),
    [
        ("en-US", "en", True),
        ("EN_gb", "en", True),
        ("en", "EN", True),
        ("eng", "en", False),
        (None, "en", False),
    ],
)
def test_language_matches(code: str | None, wanted: str, matches: bool) -> None:
    assert language_matches(code, wanted) is matches


def test_tmx_parse_error_names_file_and_line() -> None:
    with pytest.raises(SourceError, match=r"broken\.tmx:7: not well-formed XML \(Opening and ending tag"):
        read("tmx", path=str(FILES / "broken.tmx"))


def test_tmx_other_xml_is_not_a_tmx(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text("<html><body/></html>")
    with pytest.raises(SourceError, match=r"page\.xml: not a TMX file"):
        read("tmx", path=str(path))
