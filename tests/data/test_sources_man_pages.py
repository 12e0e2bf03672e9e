"""data.sources.man_pages on real pages (tests/fixtures/sources/man-pages, cut by
data.fixtures.man_pages): rendering with groff, paragraph pairing, the translators' section, and no
pairs for a page whose Spanish structure was broken on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.man_pages import ManPages, layout_blocks, page_blocks
from data.sources.parallel_docs import Block

pytestmark = pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff (Debian's groff-base)")

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "man-pages"
PACKAGES = ["manpages-es", "coreutils", "manpages"]
ROOTS = {package: FIXTURE / package for package in PACKAGES}
MKDIR = Origin("man-pages", "manpages-es", "usr/share/man/es/man1/mkdir.1.gz")
FIFO = Origin("man-pages", "manpages-es", "usr/share/man/es/man7/fifo.7.gz")


@pytest.fixture(scope="module")
def pairs() -> list[tuple[str, str, Origin]]:
    return [(p.en, p.es, p.origin) for p in ManPages(PACKAGES, spanish=["manpages-es"]).pairs(ROOTS)]


def test_kind_is_registered() -> None:
    assert source_class("man-pages") is ManPages


def test_pairs_headings_and_paragraphs_in_order_without_synopsis_or_option_names(pairs) -> None:
    assert pairs[:7] == [
        ("NAME", "NOMBRE", MKDIR),
        ("mkdir - make directories", "mkdir - crea directorios", MKDIR),
        ("SYNOPSIS", "SINOPSIS", MKDIR),
        ("DESCRIPTION", "DESCRIPCIÓN", MKDIR),
        (
            "Create the DIRECTORY(ies), if they do not already exist.",
            "Crea los DIRECTORIO(s), si no existen ya.",
            MKDIR,
        ),
        (
            "Mandatory arguments to long options are mandatory for short options too.",
            "Los argumentos obligatorios para las opciones largas son también obligatorios para las opciones "
            "cortas.",
            MKDIR,
        ),
        (
            "set file mode (as in chmod), not a=rwx - umask",
            "establece los permisos (como en chmod), en lugar de a=rwx - umask",
            MKDIR,
        ),
    ]
    assert not any(en.startswith(("mkdir [", "-m,", "--mode")) for en, _, _ in pairs)
    assert len(pairs) == 37


def test_a_page_whose_structure_differs_gives_no_pairs(pairs) -> None:
    # The fixture cutter removed the first option (tag and description) from the Spanish rmdir(1).
    assert {origin for _, _, origin in pairs} == {MKDIR, FIFO}
    page = "usr/share/man/{}man1/rmdir.1.gz"
    en = page_blocks(FIXTURE / "coreutils" / page.format(""))
    es = page_blocks(FIXTURE / "manpages-es" / page.format("es/"))
    assert en[6:8] == [
        Block("dt", ""),
        Block("p", "ignore each failure that is solely because a directory is non-empty"),
    ]
    assert len(en) == len(es) + 2
    # Paired in order, the English --ignore-fail-on-non-empty would get the Spanish --parents.
    assert es[7].text.startswith("Elimina DIRECTORIO y sus prdecesores")


def test_the_translators_section_is_dropped() -> None:
    es = page_blocks(FIXTURE / "manpages-es" / MKDIR.file)
    assert [b.text for b in es if b.tag == "sh"][-1] == "VÉASE TAMBIÉN"
    assert not any("traducción al español" in b.text for b in es)


def test_layout_classifies_headings_tags_unfilled_lines_and_paragraphs() -> None:
    lines = [
        "LS(1)     User Commands     LS(1)",
        "",
        "DESCRIPTION",
        "       List information about the FILEs.",
        "",
        "       -a, --all",
        "        do not ignore entries starting with .",
        "",
        "   Exit status:",
        "       0      if OK,",
        "       1      if minor problems,",
        "",
        "GNU coreutils 9.1     2022     LS(1)",
    ]
    assert layout_blocks(lines) == [
        Block("sh", "DESCRIPTION"),
        Block("p", "List information about the FILEs."),
        Block("dt", ""),
        Block("p", "do not ignore entries starting with ."),
        Block("ss", "Exit status:"),
        Block("pre", "0 if OK,"),
        Block("pre", "1 if minor problems,"),
    ]


def test_options_must_name_the_spanish_packages() -> None:
    with pytest.raises(SourceError, match="spanish"):
        ManPages(PACKAGES)
    with pytest.raises(SourceError, match="spanish"):
        ManPages(PACKAGES, spanish=["manpages-fr"])


def test_an_unreadable_page_is_an_error_naming_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.1.gz"
    bad.write_bytes(b"not gzip")
    with pytest.raises(SourceError, match="bad.1.gz"):
        page_blocks(bad)


def test_licences_stated_in_the_list_win_over_the_copyright_file() -> None:
    # the fixture packages have no copyright file: what the copyright file says is "unknown"
    source = ManPages(PACKAGES, spanish=["manpages-es"], licences={"coreutils": "GPL-3+"})
    licences = source.licences(ROOTS)
    assert licences["coreutils"] == "GPL-3+"
    assert licences["manpages"].startswith("unknown")
