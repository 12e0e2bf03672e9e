"""data.sources.gnome_help on real Mallard pages (tests/fixtures/sources/gnome-help, cut by
data.fixtures.gnome_help): block pairing, inline rendering, and no pairs for a page whose Spanish
structure was broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.gnome_help import GnomeHelp, page_blocks

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "gnome-help"
PACKAGES = ["gnome-user-docs", "evince-common", "gedit-common"]
ROOTS = {package: FIXTURE / package for package in PACKAGES}
RENAME = Origin("gnome-help", "gnome-user-docs", "usr/share/help/C/gnome-help/files-rename.page")
RELOAD = Origin("gnome-help", "evince-common", "usr/share/help/C/evince/reload.page")


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str, Origin]]:
    return [(p.en, p.es, p.origin) for p in GnomeHelp(PACKAGES).pairs(ROOTS)]


def test_kind_is_registered() -> None:
    assert source_class("gnome-help") is GnomeHelp
    assert GnomeHelp.domain == "docs"


def test_pairs_blocks_in_order_with_page_description_first(pairs) -> None:
    assert pairs[:4] == [
        ("Change file or folder name.", "Cambiar el nombre de un archivo o de una carpeta", RENAME),
        ("Rename a file or folder", "Renombrar un archivo o una carpeta", RENAME),
        (
            "As with other file managers, you can use Files to change the name of a file or folder.",
            "Al igual que con otros gestores de archivos, puede usar Archivos para cambiar el nombre de un "
            "archivo o de una carpeta.",
            RENAME,
        ),
        ("To rename a file or folder:", "Para renombrar un archivo o una carpeta:", RENAME),
    ]
    assert pairs[-1] == (
        "If the document is deleted while you are still viewing it, it will still remain open.",
        "Si el documento se elimina mientras lo está viendo, todavía permanecerá abierto.",
        RELOAD,
    )
    assert len(pairs) == 31


def test_sentences_are_split_where_they_line_up_and_key_sequences_joined(pairs) -> None:
    assert (
        "To revert the action, immediately click the menu button in the toolbar and select Undo Rename, "
        "or press Ctrl+Z, to restore the former name.",
        "Para revertir esta acción inmediatamente, pulse el botón del menú en la barra de herramientas y "
        "elija Deshacer renombrado, o pulse Ctrl+Z para restaurar el nombre.",
        RENAME,
    ) in pairs


def test_a_block_with_an_empty_cross_reference_gives_no_pair(pairs) -> None:
    # "See <link xref="..."/> for more information." shows the other page's title, not in this file.
    assert not any("for more information" in en for en, _, _ in pairs)
    assert ("The option to rename is grayed out", "La opción para renombrar está en gris", RENAME) in pairs


def test_a_page_whose_structure_differs_gives_no_pairs(pairs) -> None:
    # The fixture cutter removed the <note> from the Spanish gedit page.
    assert {origin.package for _, _, origin in pairs} == {"gnome-user-docs", "evince-common"}
    page = "usr/share/help/{}/gedit/gedit-undo-redo.page"
    en, es = (page_blocks(FIXTURE / "gedit-common" / page.format(lang)) for lang in ("C", "es"))
    assert len(en) == len(es) + 1


def test_a_malformed_page_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.page"
    bad.write_text("<page xmlns='http://projectmallard.org/1.0/'><p>unclosed</page>")
    with pytest.raises(SourceError, match="bad.page"):
        page_blocks(bad)


def test_a_missing_package_is_an_error_naming_it() -> None:
    with pytest.raises(SourceError, match="totem-common"):
        list(GnomeHelp(["totem-common"]).pairs(ROOTS))


def test_licences_stated_in_the_list_win_over_the_copyright_file() -> None:
    # the fixture packages have no copyright file: what the copyright file says is "unknown"
    licences = GnomeHelp(PACKAGES, licences={"evince-common": "CC-BY-SA-3.0"}).licences(ROOTS)
    assert licences["evince-common"] == "CC-BY-SA-3.0"
    assert licences["gedit-common"].startswith("unknown")
