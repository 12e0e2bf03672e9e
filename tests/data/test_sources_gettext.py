"""data.sources.gettext on small catalogs compiled from real entries of gnucash, VLC and WordPress."""

from __future__ import annotations

import zipfile
from pathlib import Path

import polib
import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.gettext import catalog_pairs, extra_catalogs, spanish_catalogs, strip_freeciv_qualifier

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "gettext"
GNUCASH = "usr/share/locale/es/LC_MESSAGES/gnucash.mo"
WORDPRESS = "usr/share/wordpress/wp-content/languages/admin-network-es_ES.mo"
WORDPRESS_GLOB = "usr/share/wordpress/wp-content/languages/**/*es_ES.mo"


def read(package: str, **options: object) -> list[tuple[str, str, Origin]]:
    source = source_class("gettext")([package], **options)
    return [(p.en, p.es, p.origin) for p in source.pairs({package: FIXTURE / package})]


def test_msgid_pairs_with_msgstr_in_catalog_order() -> None:
    pairs = read("gnucash-common")
    origin = Origin("gettext", "gnucash-common", GNUCASH)
    assert pairs[0] == (
        "A basic dashboard for your accounting data",
        "Un panel de control básico para sus datos de contabilidad",
        origin,
    )
    assert ("Abbreviation", "Abreviatura", origin) in pairs
    assert ("Ab_solute", "Ab_soluto", origin) in pairs  # accelerators are the cleaning step's job
    assert len(pairs) == 27  # 30 entries less the untranslated one and the two plurals


def test_plural_and_untranslated_entries_are_skipped() -> None:
    texts = {en for en, _, _ in read("gnucash-common")}
    assert "Are you sure you want to delete the selected price?" not in texts  # plural
    assert "Do you really want to delete this scheduled transaction?" not in texts  # plural
    assert "Account Code" not in texts  # empty msgstr
    assert "" not in texts  # the header


def test_context_entries_pair_without_their_context() -> None:
    pairs = read("gnucash-common")
    assert ("New item", "Crear ítem") in [(en, es) for en, es, _ in pairs]
    assert ("Currencies", "Monedas") in [(en, es) for en, es, _ in pairs]
    assert not [en for en, es, _ in pairs if "Commodity Type" in en + es or "\x04" in en + es]


def test_generic_spanish_wins_over_a_regional_variant() -> None:
    assert spanish_catalogs(FIXTURE / "vlc-l10n") == ["usr/share/locale/es/LC_MESSAGES/vlc.mo"]
    pairs = read("vlc-l10n")
    assert ("AVFoundation audio capture module.", "Módulo de captura de audio AVFoundation") == pairs[3][:2]
    assert len(pairs) == 4


def test_catalogs_outside_the_locale_layout_come_from_extra_catalogs() -> None:
    assert read("wordpress-l10n", extra_catalogs={"wordpress-l10n": [WORDPRESS_GLOB]})[:2] == [
        (
            "Add New Site",
            "Añadir nuevo sitio",
            Origin("gettext", "wordpress-l10n", WORDPRESS),
        ),
        (
            "Add New Users",
            "Añadir nuevos usuarios",
            Origin("gettext", "wordpress-l10n", WORDPRESS),
        ),
    ]
    with pytest.raises(SourceError, match="no Spanish .mo catalog"):
        read("wordpress-l10n")
    with pytest.raises(SourceError, match="no catalog matches"):
        extra_catalogs(FIXTURE / "wordpress-l10n", ["usr/share/nothing/*.mo"])


def test_catalogs_inside_a_zip_archive(tmp_path: Path) -> None:
    root = tmp_path / "calibre"
    (root / "loc").mkdir(parents=True)
    with zipfile.ZipFile(root / "loc" / "locales.zip", "w") as archive:
        archive.writestr(
            "es/messages.mo", (FIXTURE / "vlc-l10n/usr/share/locale/es/LC_MESSAGES/vlc.mo").read_bytes()
        )
        archive.writestr("fr/messages.mo", b"not read")
    source = source_class("gettext")(["calibre"], extra_catalogs={"calibre": ["loc/locales.zip!es/*.mo"]})
    pairs = list(source.pairs({"calibre": root}))
    assert {p.origin.file for p in pairs} == {"loc/locales.zip!es/messages.mo"}
    assert pairs[1].en == "AV1 video packetizer"


@pytest.mark.parametrize("cut", [0, 3, 20, -40])
def test_a_truncated_catalog_is_a_source_error_naming_the_file(cut: int) -> None:
    data = (FIXTURE / "gnucash-common" / GNUCASH).read_bytes()
    with pytest.raises(SourceError, match="broken.mo"):
        list(catalog_pairs(data[:cut], "broken.mo"))


def test_not_a_catalog_is_a_source_error() -> None:
    with pytest.raises(SourceError, match="broken.mo: not a .mo catalog"):
        list(catalog_pairs(b"<html>" + bytes(40), "broken.mo"))


def test_extra_catalogs_of_unlisted_packages_are_rejected() -> None:
    with pytest.raises(SourceError, match="not listed: calibre"):
        source_class("gettext")(["git"], extra_catalogs={"calibre": ["x"]})


# Real entries of freeciv-data's freeciv-core.mo (Debian 12), and strings that only look qualified.
FREECIV = "usr/share/locale/es/LC_MESSAGES/freeciv-core.mo"
FREECIV_ENTRIES = [
    ("?female:Admiral %s", "Almirante %s"),
    ("?team name:Aubergine", "Berenjena"),  # freeciv's qualifiers are not all identifiers
    ("?redundant:*", "?redundante:*"),  # the translation keeps one too: stripped from both
    ("?blistend:", "?blistend:"),  # nothing left once stripped: no pair
    ("?", "?"),
    ("? bytes", "? bytes"),
    ("?Why not", "¿Por qué no"),
    ("Redundant", "?x:Redundante"),  # an unqualified msgid: freeciv uses its translation as it is
]


def catalog_package(root: Path, entries: list[tuple[str, str]]) -> Path:
    """A package holding one Spanish catalog of these messages (a .mo is sorted by msgid)."""
    catalog = polib.MOFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    catalog.extend(polib.MOEntry(msgid=en, msgstr=es) for en, es in entries)
    (root / FREECIV).parent.mkdir(parents=True)
    catalog.save(str(root / FREECIV))
    return root


def test_freeciv_qualifiers_are_stripped_in_the_packages_named(tmp_path: Path) -> None:
    root = catalog_package(tmp_path / "freeciv-data", FREECIV_ENTRIES)
    source = source_class("gettext")(["freeciv-data"], freeciv_qualifiers=["freeciv-data"])
    pairs = list(source.pairs({"freeciv-data": root}))
    assert {p.origin for p in pairs} == {Origin("gettext", "freeciv-data", FREECIV)}
    assert sorted((p.en, p.es) for p in pairs) == sorted(
        [
            ("Admiral %s", "Almirante %s"),
            ("Aubergine", "Berenjena"),
            ("*", "*"),
            ("?", "?"),
            ("? bytes", "? bytes"),
            ("?Why not", "¿Por qué no"),
            ("Redundant", "?x:Redundante"),
        ]
    )


def test_other_catalogs_keep_a_leading_question_mark_and_colon(tmp_path: Path) -> None:
    entries = [*FREECIV_ENTRIES, ("?Why not: ask", "¿Por qué no? Pregunta")]
    root = catalog_package(tmp_path / "aptitude-common", entries)
    pairs = list(source_class("gettext")(["aptitude-common"]).pairs({"aptitude-common": root}))
    assert sorted((p.en, p.es) for p in pairs) == sorted(entries)


def test_the_freeciv_qualifier_rule() -> None:
    assert strip_freeciv_qualifier("?female:Queen", "?female:Reina") == ("Queen", "Reina")
    assert strip_freeciv_qualifier("?female:Queen", "Reina") == ("Queen", "Reina")
    assert strip_freeciv_qualifier("?Why not", "¿Por qué no") == ("?Why not", "¿Por qué no")  # no colon
    assert strip_freeciv_qualifier("? items: %d", "? elementos: %d") == ("? items: %d", "? elementos: %d")
    assert strip_freeciv_qualifier("?:x", "?:x") == ("?:x", "?:x")  # an empty qualifier
    assert strip_freeciv_qualifier("?\nnote:", "?\nnota:") == ("?\nnote:", "?\nnota:")  # across lines


def test_freeciv_qualifiers_of_unlisted_packages_are_rejected() -> None:
    with pytest.raises(SourceError, match="freeciv_qualifiers names packages not listed: freeciv-data"):
        source_class("gettext")(["git"], freeciv_qualifiers=["freeciv-data"])
