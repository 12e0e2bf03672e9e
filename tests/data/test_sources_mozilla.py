"""data.sources.mozilla on a cut of the real Firefox ESR and Thunderbird archives and langpacks."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest

from data.sources import Origin, SourceError, source_class
from data.sources.mozilla import read_dtd, read_fluent, read_properties

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "mozilla"
PACKAGES = ["firefox-esr", "firefox-esr-l10n-es-es", "thunderbird", "thunderbird-l10n-es-es"]
OPTIONS = {"pairs": [["firefox-esr", "firefox-esr-l10n-es-es"], ["thunderbird", "thunderbird-l10n-es-es"]]}
FIREFOX_XPI = "usr/lib/firefox-esr/browser/extensions/langpack-es-ES@firefox-esr.mozilla.org.xpi"


def read(root: Path = FIXTURE) -> list[tuple[str, str, str, str]]:
    source = source_class("mozilla")(PACKAGES, **OPTIONS)
    return [
        (p.en, p.es, p.origin.package, p.origin.file)
        for p in source.pairs({name: root / name for name in PACKAGES})
    ]


def test_pairs_by_file_and_message_id_across_formats() -> None:
    firefox, thunderbird = "firefox-esr-l10n-es-es", "thunderbird-l10n-es-es"
    console = "browser/chrome/locale/devtools/shared/webconsole.properties"
    tabs = "browser/localization/browser/tabContextMenu.ftl"
    profiles = "localization/toolkit/about/aboutProfiles.ftl"
    receipts = "chrome/locale/messenger/am-mdn.dtd"
    assert read() == [
        ("%1$S: %2$Sms", "%1$S: %2$Sms", firefox, console),
        ("Console was cleared.", "Se ha limpiado la consola.", firefox, console),
        ("allow pasting", "permitir pegar", firefox, console),
        ("Reload Tab", "Recargar pestaña", firefox, tabs),  # attributes: reload-tab.label
        ("Duplicate Tab", "Duplicar pestaña", firefox, tabs),
        ("About Profiles", "Acerca de los perfiles", firefox, profiles),
        (
            "Another copy of { -brand-product-name } has made changes to profiles. You must restart "
            "{ -brand-short-name } before making more changes.",
            "Otra copia de { -brand-product-name } ha hecho cambios a los perfiles. Debe reiniciar "
            "{ -brand-short-name } antes de hacer más cambios.",
            firefox,
            profiles,
        ),
        ("Profile: { $name }", "Perfil: { $name }", firefox, profiles),
        (
            # a multiline pattern, its lines joined
            "Deleting a profile will remove the profile from the list of available profiles and cannot be "
            "undone. You may also choose to delete the profile data files, including your settings, "
            "certificates and other user-related data. This option will delete the folder “{ $dir }” and "
            "cannot be undone. Would you like to delete the profile data files?",
            "Eliminar un perfil suprimirá el perfil de la lista de perfiles disponibles y no se puede "
            "deshacer. Puede elegir además eliminar los archivos de datos del perfil, incluyendo su "
            "configuración, "
            'certificados y otros datos relativos al usuario. Esta opción eliminará la carpeta "{ $dir }" y '
            "no se puede deshacer. ¿Desea eliminar los archivos de datos del perfil?",
            firefox,
            profiles,
        ),
        ("Return Receipts", "Acuses de recibo", thunderbird, receipts),
        (
            "Use my global return receipt preferences for this account",
            "Usar las preferencias globales de acuse de recibo para esta cuenta",
            thunderbird,
            receipts,
        ),
        ("When a receipt arrives:", "Cuando llegue un acuse de recibo:", thunderbird, receipts),
        ('Move it to my "Sent" folder', 'Moverlo a mi carpeta "Enviados"', thunderbird, receipts),
    ]


def test_skipped_selectors_references_plurals_access_keys_and_one_sided_messages() -> None:
    english = {en for en, *_ in read()}
    assert not any("Unload" in en for en in english)  # tab-context-unload-n-tabs: a selector
    assert not any("Open Directory" in en for en in english)  # profiles-opendir: a PLATFORM() selector
    assert "{ profiles-conflict }" not in english  # profiles-flush-conflict: only a reference
    assert not any("#1" in en for en in english)  # messageRepeats.tooltip2: a plural list
    assert not {"R", "D", "U", "CmdOrCtrl+F"} & english  # access and command keys
    assert "yes" not in english  # profiles-yes: in the English file only


def test_origin_is_the_langpack_and_the_locale_free_path() -> None:
    source = source_class("mozilla")(PACKAGES, **OPTIONS)
    first = next(source.pairs({name: FIXTURE / name for name in PACKAGES}))
    assert first.origin == Origin(
        "mozilla", "firefox-esr-l10n-es-es", "browser/chrome/locale/devtools/shared/webconsole.properties"
    )


def test_fluent_reader_keeps_values_attributes_and_literals() -> None:
    text = (
        "-brand = Firefox\n"
        "open = Open { -brand }\n"
        "    .title = Opens { $name }\n"
        'quoted = Press { "{" } now\n'
        "count = { $n ->\n   [one] One\n  *[other] Many\n }\n"
        "only = { -brand }\n"
        "broken = {\n"
    )
    assert read_fluent(text) == {
        "open": "Open { -brand }",
        "open.title": "Opens { $name }",
        "quoted": "Press { now",
    }


def test_properties_reader_unescapes_and_joins_continued_lines() -> None:
    text = "# comment\n! comment\nwrapped = one \\\n    two\nescaped:tab\\there \\u00e9\\n\n"
    text += "plural=#1 tab;#1 tabs\n"
    assert read_properties(text) == {"wrapped": "one two", "escaped": "tab\there é\n"}


def test_dtd_reader_decodes_character_references_and_skips_comments() -> None:
    text = (
        '<!-- <!ENTITY hidden "no"> -->\n<!ENTITY a.label "Say &quot;hi&quot;&#160;&#x263A;">\n'
        "<!ENTITY b.label 'Use &brandShortName;\n   now'>\n<!ENTITY % param SYSTEM \"x.dtd\">\n"
    )
    assert read_dtd(text) == {"a.label": 'Say "hi"\u00a0☺', "b.label": "Use &brandShortName; now"}


def test_a_corrupt_langpack_is_an_error_naming_it(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    (tmp_path / "firefox-esr-l10n-es-es" / FIREFOX_XPI).write_bytes(b"PK\x03\x04 not a zip")
    with pytest.raises(
        SourceError, match=r"firefox-esr-l10n-es-es.*langpack-es-ES@firefox-esr.*not a readable zip"
    ):
        read(tmp_path)


def test_a_file_that_is_not_utf8_is_an_error_naming_it(tmp_path: Path) -> None:
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    xpi = tmp_path / "firefox-esr-l10n-es-es" / FIREFOX_XPI
    with zipfile.ZipFile(xpi) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["localization/es-ES/toolkit/about/aboutProfiles.ftl"] = b"profiles-title = \xff\n"
    with zipfile.ZipFile(xpi, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    with pytest.raises(
        SourceError,
        match="package firefox-esr-l10n-es-es: localization/toolkit/about/aboutProfiles.ftl: not UTF-8",
    ):
        read(tmp_path)


def test_options_must_pair_listed_packages() -> None:
    with pytest.raises(SourceError, match="option `pairs`"):
        source_class("mozilla")(PACKAGES)
    with pytest.raises(SourceError, match="package firefox is in `pairs` but not in `packages`"):
        source_class("mozilla")(PACKAGES, pairs=[["firefox", "firefox-esr-l10n-es-es"]])
