"""data.sources.gimp_help on three real GIMP help pages (tests/fixtures/sources/gimp-help)."""

from __future__ import annotations

from pathlib import Path

import yaml

from data.sources import Origin, source_class
from data.sources.gimp_help import GimpHelp

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "gimp-help"
ES = "usr/share/gimp/2.0/help/es"


def source() -> GimpHelp:
    """The source as data/sources.yaml builds it, so the test also checks its patterns."""
    sources = yaml.safe_load((Path(__file__).parents[2] / "data" / "sources.yaml").read_text())["sources"]
    options = dict(next(s for s in sources if s["kind"] == "gimp-help"))
    del options["kind"]
    built = source_class("gimp-help")(options.pop("packages"), **options)
    assert isinstance(built, GimpHelp)
    return built


def test_pairs_blocks_in_order_and_splits_sentences_that_line_up() -> None:
    gimp = source()
    pairs = list(gimp.pairs({name: FIXTURE / name for name in gimp.packages}))
    paste = [(p.en, p.es) for p in pairs if p.origin.file == f"{ES}/gimp-edit-paste-in-place.html"]
    assert paste == [
        ("Paste In Place", "Pegar en su lugar"),  # "3.9." dropped from both
        (
            "The usual Paste command places the contents of the clipboard into the center of canvas.",
            "El comando Pegar sitúa el contenido del portapapeles en el centro del lienzo.",
        ),
        (
            "With this command, you can paste the contents of the clipboard at exact coordinates the "
            "contents was originally copied from.",
            "Con este comando, puede pegar el contenido del portapapeles en las coordenadas exactas desde "
            "donde se copió originalmente.",
        ),
        (
            "This feature is available for both the regular clipboard and named buffers.",
            "Esta función está disponible tanto para el portapapeles normal como para los búferes con "
            "nombre.",
        ),
        ("Activate the Command", "Activar el comando"),
        (
            "You can access this command from the image menubar through Edit → Paste In Place.",
            "Puede acceder a este comando desde la barra del menú de la imagen a través de Editar → Pegar "
            "en su lugar.",
        ),
    ]
    zoom = [(p.en, p.es) for p in pairs if p.origin.file == f"{ES}/key-reference-zoom.html"]
    assert zoom[:4] == [
        ("Name", "Nombre"),
        (
            "Zoom tool — Key reference for the Zoom tool",
            # the page spells the last "ó" decomposed; raw pairs keep it, data.clean composes it
            "Herramienta de ampliación — Tecla de referencia para la Herramienta de ampliacio\u0301n",
        ),
        ("Zoom tool", "Herramienta de ampliación"),
        ("click", "pulsar"),
    ]  # table cells that read the same in both languages ("Ctrl") give no pair
    assert ("Ctrl + click", "Ctrl + pulsación") in zoom
    assert all(p.origin.package == "gimp-help-es" for p in pairs)
    assert not any("Prev" in p.en or "Next" in p.en for p in pairs)  # navigation bars left out


def test_a_page_whose_structure_differs_gives_no_pairs() -> None:
    gimp = source()
    pairs = list(gimp.pairs({name: FIXTURE / name for name in gimp.packages}))
    # The fixture cutter deleted the last paragraph of the Spanish apcs02s04.html.
    assert not [p for p in pairs if p.origin.file.endswith("apcs02s04.html")]
    assert gimp.mismatched == [Origin("gimp-help", "gimp-help-es", f"{ES}/apcs02s04.html")]
