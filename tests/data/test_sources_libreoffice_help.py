"""data.sources.libreoffice_help on four real help pages (tests/fixtures/sources/libreoffice-help)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from data.sources import Origin, SourceError, SourcePair, source_class

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "libreoffice-help"
ES = "usr/share/libreoffice/help/es/text"


def entry() -> dict:
    """The kind's entry of data/sources.yaml, so the test also checks its patterns."""
    sources = yaml.safe_load((Path(__file__).parents[2] / "data" / "sources.yaml").read_text())["sources"]
    found = dict(next(s for s in sources if s["kind"] == "libreoffice-help"))
    del found["kind"]
    return found


def source_pairs() -> list[SourcePair]:
    options = entry()
    source = source_class("libreoffice-help")(options.pop("packages"), **options)
    return list(source.pairs({name: FIXTURE / name for name in source.packages}))


def read() -> list[tuple[str, str, str]]:
    """(English, Spanish, page below text/) of every pair."""
    return [(p.en, p.es, p.origin.file.removeprefix(ES + "/")) for p in source_pairs()]


def test_pairs_headings_and_paragraphs_by_id() -> None:
    pairs = read()
    row = [(en, es) for en, es, file in pairs if file == "scalc/01/05030000.html"]
    assert row == [
        ("Row", "Fila"),
        (
            "Sets the row height and hides or shows selected rows.",
            "Establece la altura de la fila y oculta o muestra las filas seleccionadas.",
        ),
        ("Height", "Altura"),
        ("Optimal Height", "Altura óptima"),
        ("Hide", "Ocultar"),
        # "Hides selected rows, columns or individual sheets." was deleted from the Spanish page by the
        # fixture cutter: only that paragraph is lost, the following ones still pair by their ids.
        ("Show", "Mostrar"),
        (
            "Choose this command to show previously hidden rows or columns.",
            "Utilice esta orden para mostrar las filas o columnas ocultas.",
        ),
    ]
    # Pages in path order; every pair's origin is the Spanish page.
    assert [file for _, _, file in pairs] == sorted(file for _, _, file in pairs)
    assert source_pairs()[0].origin == Origin(
        "libreoffice-help", "libreoffice-help-es", f"{ES}/sbasic/shared/03100300.html"
    )


def test_leaves_out_code_and_untranslated_paragraphs() -> None:
    cdate = [(en, es) for en, es, file in read() if file == "sbasic/shared/03100300.html"]
    assert cdate == [
        ("CDate Function", "Función CDate"),
        (
            "Converts any string or numeric expression to a date value.",
            "Convierte cualquier cadena de caracteres o expresión numérica en un valor de fecha.",
        ),
        ("Syntax:", "Sintaxis:"),
        ("Return value:", "Valor de retorno:"),
        ("Parameters:", "Parámetros:"),
        (
            "Expression: Any string or numeric expression that you want to convert.",
            "Expresión: Cualquier expresión de cadena o numérica que desee convertir.",
        ),
        ("Error codes:", "Códigos de error:"),
        ("Example:", "Ejemplo:"),
    ]  # no Basic code, no "Date" (the same in both), no paragraph the Spanish page leaves in English
    math = [(en, es) for en, es, file in read() if file == "smath/01/03090910.html"]
    assert [en for en, _ in math] == [
        "Attributes",
        "This section contains an example of how you can use different attributes in a formula in "
        "LibreOffice Math.",
    ]  # the formula (class smathcode) and the image paragraph give nothing


def test_keeps_the_default_variant_of_an_inline_switch() -> None:
    (pair,) = [(en, es) for en, es, file in read() if file == "shared/optionen/experimental.html"]
    assert "choose Tools - Options - LibreOffice - Advanced and select" in pair[0]
    assert "vaya a Herramientas ▸ Opciones ▸ LibreOffice ▸ Avanzado y" in pair[1]
    assert "Preferences" not in pair[0] and "Preferencias" not in pair[1]


def test_a_page_without_its_help_area_is_an_error(tmp_path: Path) -> None:
    options = entry()
    source = source_class("libreoffice-help")(options.pop("packages"), **options)
    roots = {}
    for name, folder in (("libreoffice-help-en-us", "en-US"), ("libreoffice-help-es", "es")):
        page = tmp_path / name / "usr/share/libreoffice/help" / folder / "text/x.html"
        page.parent.mkdir(parents=True)
        page.write_text("<html><body><p id='a'>text</p></body></html>", encoding="utf-8")
        roots[name] = tmp_path / name
    with pytest.raises(SourceError, match=r"text/x.html: no DisplayArea"):
        list(source.pairs(roots))
