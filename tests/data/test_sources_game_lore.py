"""data.sources.game_lore on small catalogs made of real entries: Wesnoth's unit descriptions (a .mo) and
0 A.D.'s civilisation names (a .po inside a zip; one entry marked fuzzy and one obsolete for the test)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from data.general import GeneralCorpusError, load_sources
from data.sources import Origin, SourceError, source_class

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "game-lore"
WESNOTH, ZERO_AD = "wesnoth-1.16-data", "0ad-data"
UNITS = "usr/share/games/wesnoth/1.16/locale/es/LC_MESSAGES/wesnoth-units.mo"
ZIP = "usr/share/games/0ad/mods/public/public.zip"
CIVS = f"{ZIP}!l10n/es.public-civilizations.po"
ROOTS = {WESNOTH: FIXTURE / WESNOTH, ZERO_AD: FIXTURE / ZERO_AD}


def lore(**options: object) -> object:
    settings: dict[str, object] = {
        "include": {WESNOTH: ["wesnoth-units.mo"]},
        "extra_catalogs": {ZERO_AD: [f"{ZIP}!l10n/es.public-civ*.po"]},
    }
    settings.update(options)
    return source_class("game-lore")([WESNOTH, ZERO_AD], **settings)


def read(**options: object) -> list[tuple[str, str, Origin]]:
    return [(p.en, p.es, p.origin) for p in lore(**options).pairs(ROOTS)]  # type: ignore[attr-defined]


def test_descriptions_split_into_sentence_pairs_where_both_sides_line_up() -> None:
    pairs = read()
    units = Origin("game-lore", WESNOTH, UNITS)
    assert (
        "Cuttlefish are gigantic creatures of the seas.",
        "Las sepias gigantes son enormes criaturas marinas.",
        units,
    ) in pairs
    # one sentence each: the entry is its own pair
    assert pairs[0][0].startswith("A normal scorpion is dangerous enough")
    assert ("Giant Ant", "Hormiga gigante", units) in pairs
    assert all(len(en.split(". ")) == 1 for en, _, _ in pairs)


def test_only_the_named_catalogs_are_read() -> None:
    texts = {en for en, _, _ in read()}
    assert "(Att / Def)" not in texts  # wesnoth-lib.mo: interface
    lobby = read(extra_catalogs={ZERO_AD: [f"{ZIP}!l10n/es.public-gui-*.po"]})
    assert {o.file for _, _, o in lobby if o.package == ZERO_AD} == {f"{ZIP}!l10n/es.public-gui-lobby.po"}


def test_a_po_catalog_leaves_out_fuzzy_and_obsolete_entries() -> None:
    civs = [(en, es) for en, es, o in read() if o == Origin("game-lore", ZERO_AD, CIVS)]
    assert civs == [("Dido", "Dido"), ("Britons", "Britanos"), ("Macedonians", "Macedonios")]
    # the fixture holds the other two, with their translations
    text = zipfile.ZipFile(FIXTURE / ZERO_AD / ZIP).read("l10n/es.public-civilizations.po").decode()
    assert '#, fuzzy\nmsgid "Spartans"' in text and '#~ msgid "Romans"' in text


def test_a_held_out_package_pins_its_split_and_others_keep_the_document_rule() -> None:
    source = lore(heldout={ZERO_AD: "dev"})
    assert source.pinned_split(Origin("game-lore", ZERO_AD, CIVS)) == "dev"  # type: ignore[attr-defined]
    assert source.pinned_split(Origin("game-lore", WESNOTH, UNITS)) is None  # type: ignore[attr-defined]


def test_bad_options_are_source_errors_naming_the_problem(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="none for 0ad-data"):
        source_class("game-lore")([WESNOTH, ZERO_AD], include={WESNOTH: ["wesnoth-units.mo"]})
    with pytest.raises(SourceError, match="no Spanish catalog matches"):
        read(include={WESNOTH: ["wesnoth-httt.mo"]})
    with pytest.raises(SourceError, match="must be dev or test, got 'train'"):
        lore(heldout={ZERO_AD: "train"})
    with pytest.raises(SourceError, match="a package not listed: freeciv-data"):
        lore(heldout={"freeciv-data": "test"})
    broken = tmp_path / ZERO_AD / ZIP
    broken.parent.mkdir(parents=True)
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("l10n/es.public-civilizations.po", b"\xff\xfe not utf-8")
    source = lore()
    with pytest.raises(SourceError, match="es.public-civilizations.po: unreadable .po catalog"):
        list(source.pairs({WESNOTH: FIXTURE / WESNOTH, ZERO_AD: tmp_path / ZERO_AD}))  # type: ignore[attr-defined]


def test_the_package_list_reports_a_bad_heldout_option_with_its_entry(tmp_path: Path) -> None:
    listing = tmp_path / "sources.yaml"
    listing.write_text(
        "sources:\n  - kind: game-lore\n    packages: [0ad-data]\n"
        "    extra_catalogs: {0ad-data: ['x.zip!*.po']}\n    heldout: [0ad-data]\n",
        encoding="utf-8",
    )
    with pytest.raises(GeneralCorpusError, match=r"sources\[1\]: game-lore: option `heldout` must map"):
        load_sources([listing])


def test_licences_stated_in_the_list_win_over_the_copyright_file() -> None:
    stated = lore(licences={WESNOTH: "GPL-2+"}).licences(ROOTS)  # type: ignore[attr-defined]
    assert stated == {WESNOTH: "GPL-2+", ZERO_AD: "unknown (no copyright file)"}
    with pytest.raises(SourceError, match="`licences` names packages not listed"):
        lore(licences={"freeciv-data": "GPL-2+"})


def test_the_prose_package_list_holds_out_0ad_and_reads_the_fixture_catalogs() -> None:
    listing = Path(__file__).parents[2] / "data" / "sources-prose.yaml"
    (source,) = load_sources([listing])
    assert source.kind == "game-lore" and source.domain == "prose"
    assert source.pinned_split(Origin("game-lore", ZERO_AD, CIVS)) == "dev"
    assert source.pinned_split(Origin("game-lore", WESNOTH, UNITS)) is None
    # its globs find the catalogs in the fixture packages, which have the real packages' layout
    assert source.catalogs(WESNOTH, ROOTS[WESNOTH]) == [UNITS]  # type: ignore[attr-defined]
    assert source.catalogs(ZERO_AD, ROOTS[ZERO_AD]) == [  # type: ignore[attr-defined]
        f"{ZIP}!l10n/es.public-{name}.po"
        for name in ("civilizations", "maps", "simulation-technologies", "templates-units")
    ]
    held = [p for p in source.pairs(ROOTS) if source.pinned_split(p.origin) == "dev"]
    assert ("Aegean Sea", "Mar Egeo") in {(p.en, p.es) for p in held}


def test_every_package_of_the_lore_list_is_train_only() -> None:
    """data/sources-lore.yaml came after the held-out sets were fixed: none of its text may reach them."""
    listing = Path(__file__).parents[2] / "data" / "sources-lore.yaml"
    sources = load_sources([listing])
    assert {s.kind for s in sources} == {"game-lore", "game-dialogue", "gettext"}
    for source in sources:
        assert source.pinned == dict.fromkeys(source.packages, "train")
        for package in source.packages:
            assert source.pinned_split(Origin(source.kind, package, "any/catalog.mo")) == "train"
