"""data.sources.ddtp on real descriptions cut from bookworm's Translation-en and Translation-es."""

from __future__ import annotations

import bz2
import functools
import lzma
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.ddtp import description_pairs, fetch_translations

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "ddtp" / "ddtp"
FILES = ["Translation-en", "Translation-es"]


def read(folder: Path = FIXTURE) -> list[tuple[str, str, str]]:
    source = source_class("ddtp")([], url="http://unused.invalid/", files=FILES)
    return [(p.en, p.es, p.origin.file) for p in source.pairs({"ddtp": folder})]


def test_pairs_by_md5_paragraph_by_paragraph_then_sentence_by_sentence() -> None:
    pairs = read()
    assert [p for p in pairs if p[2] == "a7xpg"] == [
        ("chase action game", "Juego de acción de persecuciones", "a7xpg"),
        (
            "The goal of the game is to collect all the gold bullions found in each level and avoid crashing "
            "into any of the enemies.",
            "La meta del juego es recolectar todos los lingotes de oro que se encuentran en cada nivel y "
            "evitar chocar con alguno de los enemigos.",
            "a7xpg",
        ),
        (
            "As you progress through the levels you will encounter harder enemies, and you can gain a short "
            "period of invincibility if you gather gold at high speeds.",
            "A medida que avance a través de los niveles encontrará enemigos más fuertes y puede ganar un "
            "corto período de invencibilidad si reúne oro a altas velocidades.",
            "a7xpg",
        ),
        (
            "A7Xpg is another gem among many by Kenta Cho.",
            "A7Xpg es otra gema entre las muchas de Kenta Cho.",
            "a7xpg",
        ),
    ]


def test_list_items_pair_item_by_item() -> None:
    pairs = [p[:2] for p in read() if p[2] == "apt-utils"]
    assert pairs[2:] == [
        (
            "apt-extracttemplates is used by debconf to prompt for configuration questions before "
            "installation.",
            "apt-extracttemplates lo usa debconf para hacer preguntas de configuración antes de una "
            "instalación.",
        ),
        (
            "apt-ftparchive is used to create Packages and other index files needed to publish an archive of "
            "Debian packages",
            "apt-ftparchive se utiliza para crear paquetes y otros archivos de índice necesarios para "
            "publicar un archivo de paquetes de Debian.",
        ),
        (
            "apt-sortpkgs is a Packages/Sources file normalizer.",
            "apt-sortpkgs es un normalizador de archivos de paquetes/fuentes.",
        ),
    ]


def test_different_paragraph_counts_give_only_the_short_description() -> None:
    assert [p for p in read() if p[2] == "gcc-12"] == [
        ("GNU C compiler", "el compilador de C de GNU", "gcc-12")
    ]


def test_untranslated_descriptions_give_nothing_and_origin_is_the_package() -> None:
    pairs = read()
    assert {p[2] for p in pairs} == {"0ad", "a7xpg", "apt-utils", "gcc-12"}  # not hello
    source = source_class("ddtp")([], url="http://unused.invalid/", files=FILES)
    assert next(source.pairs({"ddtp": FIXTURE})).origin == Origin("ddtp", "ddtp", "0ad")


def test_lists_of_different_lengths_leave_out_the_items_only() -> None:
    en = "short\n Some tools:\n  * one\n  * two\n .\n Last words."
    es = "corto\n Algunas herramientas:\n  * uno\n  * dos\n  * tres\n .\n Últimas palabras."
    assert description_pairs(en, es) == [
        ("short", "corto"),
        ("Some tools:", "Algunas herramientas:"),
        ("Last words.", "Últimas palabras."),
    ]


def test_options_are_checked() -> None:
    with pytest.raises(SourceError, match="ddtp needs `url:`"):
        source_class("ddtp")([], files=FILES)
    with pytest.raises(SourceError, match=r"`files:` must be \[Translation-en, Translation-es\]"):
        source_class("ddtp")([], url="http://x/", files=["Translation-en"])


@pytest.fixture
def mirror(tmp_path: Path) -> Iterator[str]:
    """A local HTTP server with Translation-en as .xz and Translation-es as .bz2, as the archive has."""
    served = tmp_path / "mirror"
    served.mkdir()
    served.joinpath("Translation-en.xz").write_bytes(
        lzma.compress(FIXTURE.joinpath("Translation-en").read_bytes())
    )
    served.joinpath("Translation-es.bz2").write_bytes(
        bz2.compress(FIXTURE.joinpath("Translation-es").read_bytes())
    )
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_fetch_takes_whichever_compression_the_mirror_has_and_reuses_it(mirror: str, tmp_path: Path) -> None:
    folder = fetch_translations(mirror, FILES, tmp_path / "ddtp")
    for name in FILES:
        assert folder.joinpath(name).read_bytes() == FIXTURE.joinpath(name).read_bytes()
    # The cache is reused: a dead URL is not even tried.
    assert fetch_translations("http://127.0.0.1:9/", FILES, folder) == folder
    source = source_class("ddtp")([], url=mirror, files=FILES, cache=str(tmp_path))
    assert [(p.en, p.es, p.origin.file) for p in source.pairs({})] == read()


def test_fetch_of_a_missing_file_says_what_was_tried(mirror: str, tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"ddtp: no Translation-fr at .*Translation-fr\.xz: HTTP 404"):
        fetch_translations(mirror, ["Translation-fr"], tmp_path)


def test_fetch_from_an_unreachable_mirror(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match=r"ddtp: cannot download http://127\.0\.0\.1:9/Translation-en\.xz"):
        fetch_translations("http://127.0.0.1:9/", FILES, tmp_path)
