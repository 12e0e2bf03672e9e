"""data.sources.freedict on a cut of both real FreeDict dictionaries."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.freedict import dictd_number, translations

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "freedict"
PACKAGES = ["dict-freedict-eng-spa", "dict-freedict-spa-eng"]


def read(packages: list[str] = PACKAGES) -> list[tuple[str, str, str]]:
    source = source_class("freedict")(packages)
    return [(p.en, p.es, p.origin.package) for p in source.pairs({name: FIXTURE / name for name in packages})]


def test_each_senses_first_translation_both_ways_as_english_spanish() -> None:
    pairs = read()
    eng_spa, spa_eng = PACKAGES
    assert ("Amazon", "río Amazonas", eng_spa) in pairs
    assert ("Amazon", "amazona", eng_spa) in pairs
    assert ("abbreviate", "abreviar", eng_spa) in pairs  # not "acortar", its second translation
    assert ("Algerian", "argelino", eng_spa) in pairs  # without its sense number "1."
    assert [p for p in pairs if p[2] == spa_eng] == [
        ("water-colour", "acuarela", spa_eng),  # U+2010 hyphen made "-"
        ("affable", "amable", spa_eng),
        ("dainty", "amable", spa_eng),
        ("lovable", "amable", spa_eng),
        ("Annunciation", "Anunciación", spa_eng),
        ("arch-", "archi-", spa_eng),
    ]


def test_glitches_are_skipped_and_pairs_are_distinct() -> None:
    pairs = read()
    assert not [
        p for p in pairs if p[1] in ("NorthAmerica", "AsiaMenor", "Todos los Santos", "aldía", "unas")
    ]
    assert ("Asia", "Asia", PACKAGES[0]) in pairs
    assert len(pairs) == len(set(pairs)) == 23


def test_origin_is_the_dictionary_file() -> None:
    source = source_class("freedict")(PACKAGES[:1])
    first = next(source.pairs({PACKAGES[0]: FIXTURE / PACKAGES[0]}))
    assert first.origin == Origin("freedict", PACKAGES[0], "usr/share/dictd/freedict-eng-spa.dict.dz")


def test_translations_of_an_entry() -> None:
    assert translations("a /əfjuː/\nunas, unos\n") == ("a", [])
    assert translations("Amazon /æməzən/\n1. río Amazonas\n2. amazona\n") == (
        "Amazon",
        ["río Amazonas", "amazona"],
    )


def test_dictd_numbers() -> None:
    assert dictd_number("BG") == 70
    assert dictd_number("A") == 0
    with pytest.raises(ValueError):
        dictd_number("B-")


def test_package_without_a_dictionary(tmp_path: Path) -> None:
    source = source_class("freedict")(["dict-freedict-eng-spa"])
    with pytest.raises(SourceError, match="package dict-freedict-eng-spa: no usr/share/dictd/freedict-"):
        list(source.pairs({"dict-freedict-eng-spa": tmp_path}))


def test_broken_index_line_names_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "usr/share/dictd"
    folder.mkdir(parents=True)
    (folder / "freedict-eng-spa.index").write_text("a\tA\tB\nb\tA\n")
    (folder / "freedict-eng-spa.dict.dz").write_bytes(gzip.compress(b"a\nun\n"))
    source = source_class("freedict")(["p"])
    with pytest.raises(SourceError, match=r"freedict-eng-spa\.index:2: not a dictd index line"):
        list(source.pairs({"p": tmp_path}))
