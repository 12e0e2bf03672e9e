"""data.sources.chromium on small paks of real resources, and its `.pak` reader."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from data.fixtures.chromium import write_pak
from data.sources import Origin, SourceError, source_class
from data.sources.chromium import read_messages, read_pak

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "chromium"
PACKAGES = ["chromium-common", "chromium-l10n"]
OPTIONS = {"pairs": [["chromium-common", "chromium-l10n"]]}
ES_PAK = "usr/lib/chromium/locales/es.pak"


def read(root: Path = FIXTURE) -> list[tuple[str, str]]:
    source = source_class("chromium")(PACKAGES, **OPTIONS)
    return [(p.en, p.es) for p in source.pairs({name: root / name for name in PACKAGES})]


def test_pairs_by_resource_id_in_id_order() -> None:
    pairs = read()
    assert len(pairs) == 28  # 30 English resources less a plural and one not in Spanish
    assert pairs[:5] == [
        ("Relaunch Chromium?", "¿Reiniciar Chromium?"),
        ("Sign in to Chromium?", "Sign in to Chromium?"),  # id 1135
        ("Sign in to Chromium?", "¿Iniciar sesión en Chromium?"),  # id 1140: an alias in the English pak
        ("Gemini is working on your task…", "Gemini está trabajando en tu tarea…"),
        ("Email (optional):", "Correo electrónico (opcional):"),
    ]
    assert (
        "PIN operation failed with code $1.",
        "Error al realizar la operación con PIN con el código $1.",
    ) in pairs
    assert pairs[-1] == ("Save", "Guardar")


def test_plural_messages_and_ids_on_one_side_give_no_pair() -> None:
    english = {en for en, _ in read()}
    assert not any("NUM_EXTENSIONS" in en for en in english)  # id 1102, an ICU plural
    assert "Camera icon, may mean Take Photo" not in english  # id 48776, not in the Spanish pak


def test_origin_is_the_spanish_pak() -> None:
    source = source_class("chromium")(PACKAGES, **OPTIONS)
    pair = next(source.pairs({name: FIXTURE / name for name in PACKAGES}))
    assert pair.origin == Origin("chromium", "chromium-l10n", ES_PAK)


def test_reader_resolves_aliases_and_reads_utf16() -> None:
    resources = {5: "Hola".encode("utf-16-le"), 7: "Hola".encode("utf-16-le"), 9: "¿Qué?".encode("utf-16-le")}
    data = write_pak(resources, encoding=2)
    assert struct.unpack_from("<IB3xHH", data) == (5, 2, 2, 1)  # two entries, one alias
    assert read_pak(data, "x.pak") == (2, resources)


def test_reader_reads_version_4() -> None:
    body = [b"One", b"Two"]
    offset = 9 + 6 * 3
    table = struct.pack("<HIHIHI", 1, offset, 2, offset + 3, 0, offset + 6)
    data = struct.pack("<IIB", 4, 2, 1) + table + b"".join(body)
    assert read_pak(data, "old.pak") == (1, {1: b"One", 2: b"Two"})


def test_resources_that_are_not_text_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "en-US.pak"
    path.write_bytes(
        write_pak({1: b"Open", 2: b"\x89PNG\r\n\x1a\n\x00", 3: b"\xff\xfe\x00", 4: b"", 5: b"A\x00B"})
    )
    assert read_messages(path) == {1: "Open"}


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (b"\x05\x00\x00", "truncated .pak header"),
        (struct.pack("<I", 3) + b"\x00" * 16, "unsupported .pak version 3"),
        (struct.pack("<IB3xHH", 5, 1, 1, 0) + struct.pack("<HIHI", 1, 24, 0, 90), "outside the file"),
        (struct.pack("<IB3xHH", 5, 0, 0, 0) + struct.pack("<HI", 0, 18), "encoding 0 is not text"),
    ],
    ids=["truncated", "version", "offsets", "binary"],
)
def test_a_corrupt_pak_is_an_error_naming_it(tmp_path: Path, data: bytes, why: str) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "chromium-l10n" / ES_PAK).write_bytes(data)
    with pytest.raises(SourceError, match=rf"locales/es\.pak.*{why}"):
        read(tmp_path)


def test_a_missing_pak_is_an_error_naming_the_package(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "chromium-l10n" / ES_PAK).unlink()
    with pytest.raises(SourceError, match="package chromium-l10n: expected one locales/es.pak, found 0"):
        read(tmp_path)
