"""data.sources.debian_manuals on cuts of real DocBook and Sphinx manuals
(tests/fixtures/sources/debian-manuals: Debian Reference, Installation Guide, Ubuntu Packaging Guide)."""

from __future__ import annotations

from pathlib import Path

import yaml

from data.sources import Origin, source_class
from data.sources.debian_manuals import DebianManuals

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "debian-manuals"
IN_FIXTURE = {folder.name for folder in FIXTURE.iterdir()}
GUIDE = "usr/share/doc/installation-guide-amd64/es"
UBUNTU = "usr/share/doc/ubuntu-packaging-guide-html-es/introduction-to-ubuntu-development.html"


def source() -> DebianManuals:
    """The source as data/sources.yaml builds it, less the manuals the fixture leaves out."""
    sources = yaml.safe_load((Path(__file__).parents[2] / "data" / "sources.yaml").read_text())["sources"]
    entry = next(s for s in sources if s["kind"] == "debian-manuals")
    documents = [d for d in entry["documents"] if d["en"].split(":")[0] in IN_FIXTURE]
    packages = [p for p in entry["packages"] if p in IN_FIXTURE]
    built = source_class("debian-manuals")(packages, documents=documents)
    assert isinstance(built, DebianManuals)
    return built


def read(manuals: DebianManuals) -> list[tuple[str, str, Origin]]:
    return [
        (p.en, p.es, p.origin) for p in manuals.pairs({name: FIXTURE / name for name in manuals.packages})
    ]


def test_pairs_docbook_blocks_in_order_without_numbers_or_code() -> None:
    pairs = read(source())
    reference = [(en, es) for en, es, origin in pairs if origin.package == "debian-reference-es"]
    assert reference[:4] == [
        ("GNU/Linux tutorials", "Tutoriales de GNU/Linux"),  # "Chapter 1." / "Capítulo 1." dropped
        (
            "I think learning a computer system is like learning a new foreign language.",
            "Aprender a usar un sistema informático es como aprender un idioma nuevo.",
        ),
        (
            "Although tutorial books and documentation are helpful, you have to practice it yourself.",
            "Aunque los libros de ayuda y la documentación son útiles, uno debe practicarlo.",
        ),
        (
            "In order to help you get started smoothly, I elaborate a few basic points.",
            "Para ayudarle a comenzar sin tropiezos, he escrito algunos puntos básicos.",
        ),
    ]
    assert ("Console basics", "Introducción a la consola") in reference  # was "1.1. Console basics"
    assert not any("foo login:" in en for en, _ in reference)  # the <pre> screen shots
    guide = [
        (en, es)
        for en, es, origin in pairs
        if origin == Origin("debian-manuals", "installation-guide-amd64", f"{GUIDE}/ch01.html")
    ]
    assert guide[:3] == [
        ("Welcome to Debian", "Bienvenido a Debian"),
        ("Table of Contents", "Tabla de contenidos"),
        ("What is Debian?", "¿Qué es Debian?"),
    ]
    assert guide[-1] == (
        "If you already know about the Debian Project's history and the Debian GNU/Linux distribution, "
        "feel free to skip to the next chapter.",
        "Si ya conoces la historia del Proyecto Debian y la distribución Debian GNU/Linux, puedes pasar al "
        "siguiente capítulo.",
    )


def test_pairs_sphinx_pages_without_their_navigation_or_permalinks() -> None:
    ubuntu = [(en, es) for en, es, origin in read(source()) if origin.file == UBUNTU]
    assert ubuntu[0] == ("Introduction to Ubuntu Development", "Introducción al desarrollo de Ubuntu")
    assert ubuntu[-1][0].startswith("The most important requirements for success in Ubuntu development are:")
    assert len(ubuntu) == 49
    assert not any(en in ("next", "previous", "Contents") or "¶" in en for en, _ in ubuntu)


def test_a_page_whose_structure_differs_gives_no_pairs() -> None:
    manuals = source()
    pairs = read(manuals)
    # The fixture cutter deleted the last paragraph of the Spanish ch07.html.
    assert not [p for p in pairs if p[2].file.endswith("ch07.html")]
    assert manuals.mismatched == [Origin("debian-manuals", "installation-guide-amd64", f"{GUIDE}/ch07.html")]


def test_licences_come_from_the_copyright_files() -> None:
    manuals = source()
    assert manuals.licences({name: FIXTURE / name for name in manuals.packages}) == {
        name: f"see usr/share/doc/{name}/copyright" for name in manuals.packages
    }  # the fixture carries no copyright files
