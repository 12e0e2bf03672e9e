"""data.sources.qt on small .qm catalogs written from real QGIS and Scribus messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.fixtures.qt import elf_hash, write_qm
from data.sources import Origin, SourceError, source_class
from data.sources.qt import QmMessage, qm_pairs, read_qm, spanish_qm_files

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "qt"
QGIS = "usr/share/qgis/i18n/qgis_es.qm"


def read(package: str) -> list[tuple[str, str, Origin]]:
    source = source_class("qt")([package])
    return [(p.en, p.es, p.origin) for p in source.pairs({package: FIXTURE / package})]


def test_source_text_pairs_with_its_translation_in_file_order() -> None:
    pairs = read("qgis-common")
    origin = Origin("qt", "qgis-common", QGIS)
    assert pairs[0] == ("<h2>Input parameters</h2>\n", "<h2>Parámetros de entrada</h2>\n", origin)
    assert ("Open Model", "Abrir modelo", origin) in pairs
    assert ("There is no active layer.", "No hay capa activa", origin) in pairs
    assert len(pairs) == 28  # 30 messages less the two numerus ones


def test_numerus_messages_are_skipped_and_context_and_comment_are_no_text() -> None:
    pairs = read("qgis-common")
    assert not [en for en, _, _ in pairs if "%n" in en]
    assert [(en, es) for en, es, _ in pairs if en == "<unknown>"] == [("<unknown>", "<desconocido>")] * 2
    assert not [en for en, es, _ in pairs if {"angle", "area", "@default", "QObject"} & {en, es}]
    numerus = [
        m for m in read_qm((FIXTURE / "qgis-common" / QGIS).read_bytes(), QGIS) if len(m.translations) > 1
    ]
    assert numerus[0].translations == (
        "Mostrando {0} - {1} de %n resultado",
        "Mostrando {0} - {1} de %n resultado(s)",
    )


def test_generic_or_spain_spanish_wins_over_a_regional_variant() -> None:
    assert spanish_qm_files(FIXTURE / "scribus-data") == ["usr/share/scribus/translations/scribus.es_ES.qm"]
    assert read("scribus-data")[1][:2] == (
        "Generating Items",
        "Generando elementos",
    )  # es_AR: "Generando Items"


def test_messages_without_translation_or_source_text_give_no_pair() -> None:
    messages = [
        QmMessage("Ctx", "Open", "", ("Abrir",)),
        QmMessage("Ctx", "Close", "", (None,)),
        QmMessage("Ctx", "Save", "", ("",)),
        QmMessage("Ctx", "", "", ("Sin fuente",)),
    ]
    data = write_qm(messages)
    assert read_qm(data, "x.qm") == messages
    assert list(qm_pairs(data, "x.qm")) == [("Open", "Abrir")]


def test_written_catalogs_carry_qts_lookup_hashes() -> None:
    assert elf_hash(b"") == 1
    assert elf_hash(b"Open") == 0x000566BE  # ((("O" << 4) + "p" << 4) + "e" << 4) + "n"
    data = write_qm([QmMessage("Ctx", "Open", "", ("Abrir",))])
    assert data[16] == 0x42 and data[21:25] == bytes.fromhex("000566BE")


@pytest.mark.parametrize("cut", [10, 18, 40, -1, -7])
def test_a_truncated_catalog_is_a_source_error_naming_the_file(cut: int) -> None:
    data = (FIXTURE / "qgis-common" / QGIS).read_bytes()
    with pytest.raises(SourceError, match="qgis_es.qm"):
        read_qm(data[:cut], "qgis_es.qm")


def test_a_corrupt_field_tag_is_a_source_error() -> None:
    data = bytearray(write_qm([QmMessage("Ctx", "Open", "", ("Abrir",))]))
    data[data.index(b"\x03\x00\x00\x00\x0a")] = 0x77
    with pytest.raises(SourceError, match="bad.qm: corrupt message field .tag 0x77"):
        read_qm(bytes(data), "bad.qm")
    with pytest.raises(SourceError, match="bad.qm: not a Qt .qm catalog"):
        read_qm(b"\x00" * 32, "bad.qm")
