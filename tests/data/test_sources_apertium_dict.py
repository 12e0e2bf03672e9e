"""data.sources.apertium_dict on a saved `lt-print -H` listing of real apertium-eng-spa entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.sources import Origin, SourceError, SourcePair, source_class
from data.sources.apertium_dict import entries

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "apertium-dict"
PACKAGE = "apertium-eng-spa"


def read(root: Path = FIXTURE / PACKAGE) -> list[SourcePair]:
    return list(source_class("apertium-dict")([PACKAGE]).pairs({PACKAGE: root}))


def test_lemma_pairs_without_tags_sorted_and_distinct() -> None:
    origin = Origin("apertium-dict", PACKAGE, "usr/share/apertium/apertium-eng-spa/eng-spa.autobil.att")
    assert read() == [
        SourcePair("Afghanistan", "Afganistán", origin),
        SourcePair("Oscar-winning", "ganador de un Óscar", origin),  # the `#` of `ganador# de un Óscar` gone
        SourcePair("breaking news", "noticias de última hora", origin),
        SourcePair("debt", "deuda", origin),
        SourcePair("house", "albergar", origin),  # house<vblex>
        SourcePair("house", "casa", origin),  # house<n>
        SourcePair("house", "cámara", origin),
        SourcePair("on the dot", "en punto", origin),
        SourcePair("see you later", "hasta luego", origin),
        SourcePair("travel around", "hacer turismo", origin),
    ]


def test_digit_patterns_and_later_sections_are_not_entries() -> None:
    # The fixture holds a path through a state looping on digits, and the start of the number section.
    assert not [p for p in read() if any(c.isdigit() for c in p.en)]


def test_paths_of_a_listing() -> None:
    listing = [
        "0\t1\ta\tb\t0.0",
        "1\t2\t<n>\t@0@\t0.0",
        "1\t2\t@_SPACE_@\tc",
        "2\t0.0",
        "--",
        "0\t1\tz\tz",
        "1",
    ]
    assert sorted(entries(listing, "x.att")) == [("a", "b"), ("a ", "bc")]


def test_bad_listing_line_names_file_and_line() -> None:
    with pytest.raises(SourceError, match=r"x\.att:2: not an AT&T transducer line"):
        list(entries(["0\t1\ta\ta", "zero\t1\ta\ta"], "x.att"))


def test_package_without_the_dictionary(tmp_path: Path) -> None:
    with pytest.raises(
        SourceError, match="package apertium-eng-spa: no usr/share/apertium/apertium-eng-spa/"
    ):
        read(tmp_path)
