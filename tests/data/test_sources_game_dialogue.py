"""data.sources.game_dialogue on small catalogs compiled from FreeDroidRPG's real entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "game-dialogue"
PACKAGE = "freedroidrpg-data"
DIALOGS = "usr/share/locale/es/LC_MESSAGES/freedroidrpg-dialogs.mo"


def read(globs: list[str]) -> list[tuple[str, str, Origin]]:
    source = source_class("game-dialogue")([PACKAGE], include={PACKAGE: globs})
    return [(p.en, p.es, p.origin) for p in source.pairs({PACKAGE: FIXTURE / PACKAGE})]


def test_dialogue_lines_pair_in_catalog_order() -> None:
    pairs = read(["freedroidrpg-dialogs.mo"])
    origin = Origin("game-dialogue", PACKAGE, DIALOGS)
    assert pairs[0] == (
        "A Valkyrie carries you off to Valhalla.",
        "Una valquiria te lleva al Valhalla.",
        origin,
    )
    assert ("A newcomer, eh?", "Un recién llegado, ¿eh?", origin) in pairs
    assert len(pairs) == 30


def test_interface_catalogs_not_included_are_left_out() -> None:
    texts = {en for en, _, _ in read(["*-dialogs.mo"])}
    assert "Add New Level" not in texts  # freedroidrpg.mo: the level editor's interface
    assert len(read(["freedroidrpg*.mo"])) == 34


def test_every_package_needs_its_include_globs() -> None:
    with pytest.raises(SourceError, match="none for freedroidrpg-data"):
        source_class("game-dialogue")([PACKAGE])
    with pytest.raises(SourceError, match="no Spanish catalog matches"):
        read(["wesnoth-*.mo"])


def test_a_truncated_catalog_is_a_source_error_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / PACKAGE / DIALOGS
    broken.parent.mkdir(parents=True)
    broken.write_bytes((FIXTURE / PACKAGE / DIALOGS).read_bytes()[:-100])
    source = source_class("game-dialogue")([PACKAGE], include={PACKAGE: ["*dialogs.mo"]})
    with pytest.raises(SourceError, match="freedroidrpg-dialogs.mo: truncated"):
        list(source.pairs({PACKAGE: tmp_path / PACKAGE}))
