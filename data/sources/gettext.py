"""Gettext catalogs: the English msgid of each message against its Spanish msgstr.

Debian ships compiled catalogs (`.mo`) only, and a compiled catalog already holds both sides, so a
message pairs with nothing but itself: no alignment, no guessing. polib reads the binary format.

Where the catalogs are: `<dir>/<locale>/LC_MESSAGES/<domain>.mo` anywhere in a package (most under
usr/share/locale, LibreOffice's under its program folder, Vim's under its runtime). Some packages
carry one catalog in several Spanish variants; the generic `es` is taken, else `es_ES`, else the
first regional variant, so a message is not counted once per country. A few packages keep catalogs
elsewhere (WordPress in wp-content/languages, calibre inside a zip); the `extra_catalogs` option names
them per package as path globs, `ARCHIVE.zip!MEMBER-GLOB` for members of a zip archive.

What is not a pair: the header (empty msgid), untranslated messages (empty msgstr) and plural
messages (one English singular/plural against several Spanish forms has no single right pairing).
A message with a context (msgctxt) pairs as usual; the context is a disambiguation key, never text.

Freeciv disambiguates without msgctxt: an ambiguous msgid carries a `?qualifier:` prefix
(`?female:Admiral %s`, `?team name:Red`) that its Q_()/Qn_() macros strip at run time, after
translation, and that translators mostly leave out of the msgstr. In the catalogs of the packages the
`freeciv_qualifiers` option names, a qualified msgid loses its prefix, and so does its msgstr where it
carries one too (a pair left empty is dropped). Other catalogs are read as they are: there a leading
`?...:` can be text (aptitude's search patterns, `?variable:term-name`).
"""

from __future__ import annotations

import fnmatch
import re
import struct
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import polib

from data.sources.base import Origin, Source, SourceError, SourcePair

_SPANISH_LOCALE = re.compile(r"es(_[A-Z]{2})?")
_MO_MAGIC = {b"\xde\x12\x04\x95": "<", b"\x95\x04\x12\xde": ">"}
ARCHIVE_MEMBER = "!"  # "ARCHIVE!MEMBER" names a catalog stored inside a zip archive
# Freeciv's qualifier (skip_intl_qualifier_prefix, utility/fcintl.c): a leading "?" through the first ":".
# Narrower here, to stay clear of text: the qualifier is not empty, starts with no space and spans no line.
_FREECIV_QUALIFIER = re.compile(r"\?[^\s:][^:\n]*:")


def _locale_rank(locale: str) -> tuple[int, str]:
    """Generic Spanish first, then Spain's, then the regional variants in name order."""
    return (0 if locale == "es" else 1 if locale == "es_ES" else 2, locale)


def spanish_catalogs(root: Path) -> list[str]:
    """The Spanish `.mo` catalogs under `<dir>/<locale>/LC_MESSAGES/` of an unpacked package, one
    variant per (dir, domain), as sorted paths relative to `root`."""
    best: dict[tuple[Path, str], Path] = {}
    for path in root.rglob("LC_MESSAGES/*.mo"):
        locale_dir = path.parent.parent
        if not _SPANISH_LOCALE.fullmatch(locale_dir.name) or not path.is_file():
            continue
        key = (locale_dir.parent, path.name)
        if key not in best or _locale_rank(locale_dir.name) < _locale_rank(best[key].parent.parent.name):
            best[key] = path
    return sorted(str(p.relative_to(root)) for p in best.values())


def named_catalogs(root: Path, globs: Sequence[str]) -> list[str]:
    """The Spanish catalogs of `spanish_catalogs` whose file name one of the globs matches."""
    return [c for c in spanish_catalogs(root) if any(fnmatch.fnmatchcase(Path(c).name, g) for g in globs)]


def extra_catalogs(root: Path, globs: Sequence[str]) -> list[str]:
    """The catalogs that path globs name in an unpacked package (`ARCHIVE!MEMBER-GLOB` matching zip
    members), sorted; a glob that matches nothing is a SourceError, as the package has changed."""
    found: set[str] = set()
    for pattern in globs:
        file_glob, _, member_glob = pattern.partition(ARCHIVE_MEMBER)
        hits = []
        for path in sorted(p for p in root.glob(file_glob) if p.is_file()):
            inside = str(path.relative_to(root))
            if not member_glob:
                hits.append(inside)
                continue
            with _open_zip(path, inside) as archive:
                members = [n for n in archive.namelist() if fnmatch.fnmatchcase(n, member_glob)]
            hits += [f"{inside}{ARCHIVE_MEMBER}{member}" for member in members]
        if not hits:
            raise SourceError(f"{root}: no catalog matches {pattern!r}")
        found.update(hits)
    return sorted(found)


def _open_zip(path: Path, name: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{name}: not a readable zip archive ({exc})") from None


def read_catalog(root: Path, inside: str) -> bytes:
    """The bytes of a catalog named as `spanish_catalogs` or `extra_catalogs` name it."""
    file_part, _, member = inside.partition(ARCHIVE_MEMBER)
    if not member:
        return (root / file_part).read_bytes()
    with _open_zip(root / file_part, file_part) as archive:
        try:
            return archive.read(member)
        except (KeyError, zipfile.BadZipFile, OSError) as exc:
            raise SourceError(f"{inside}: cannot read the zip member ({exc})") from None


def _check_bounds(data: bytes, name: str) -> None:
    """SourceError unless every string the catalog's tables point to lies inside the file.

    polib reads a string cut short by truncation without complaint, so this is checked first."""
    order = _MO_MAGIC.get(data[:4])
    if order is None:
        raise SourceError(f"{name}: not a .mo catalog (bad magic number)")
    try:
        count, ids_at, strs_at = struct.unpack_from(order + "3I", data, 8)
        for table in (ids_at, strs_at):
            for length, offset in struct.iter_unpack(order + "2I", data[table : table + 8 * count]):
                if offset + length > len(data):
                    raise SourceError(f"{name}: truncated or corrupt (a string runs past the end)")
        if len(data) < max(ids_at, strs_at) + 8 * count:
            raise SourceError(f"{name}: truncated or corrupt (its index runs past the end)")
    except struct.error:
        raise SourceError(f"{name}: truncated or corrupt (header cut short)") from None


def strip_freeciv_qualifier(en: str, es: str) -> tuple[str, str]:
    """A freeciv message without its `?qualifier:` prefix: the msgid's, and the msgstr's where the msgid
    has one (freeciv strips the translation of a qualified message only); unqualified ones as they are."""
    qualifier = _FREECIV_QUALIFIER.match(en)
    if qualifier is None:
        return en, es
    translated = _FREECIV_QUALIFIER.match(es)
    return en[qualifier.end() :], es[translated.end() :] if translated else es


def _read_po(data: bytes, name: str) -> polib.POFile:
    """A text catalog (`.po`), as the few packages that ship them uncompiled have it (0 A.D.'s)."""
    try:
        return polib.pofile(data.decode("utf-8"))
    except (UnicodeDecodeError, OSError, ValueError) as exc:
        raise SourceError(f"{name}: unreadable .po catalog ({exc})") from None


def catalog_pairs(data: bytes, name: str, freeciv_qualifiers: bool = False) -> Iterator[tuple[str, str]]:
    """(English, Spanish) of each translated, singular message, in catalog order; `name` (the file)
    is what errors report. With `freeciv_qualifiers`, freeciv's `?qualifier:` prefixes are stripped.

    A name ending in `.po` is read as a text catalog, whose fuzzy and obsolete entries are left out
    (a compiled catalog holds neither)."""
    catalog: polib.POFile | polib.MOFile
    if name.endswith(".po"):
        catalog = _read_po(data, name)
    else:
        _check_bounds(data, name)
        try:
            catalog = polib.mofile(data)
        except (OSError, ValueError, LookupError, struct.error) as exc:
            raise SourceError(f"{name}: unreadable .mo catalog ({exc})") from None
    for entry in catalog:
        if getattr(entry, "fuzzy", False) or entry.obsolete:
            continue
        if entry.msgid and entry.msgstr and not entry.msgid_plural:
            en, es = entry.msgid, entry.msgstr
            if freeciv_qualifiers:
                en, es = strip_freeciv_qualifier(en, es)
            if en and es:
                yield en, es


class GettextSource(Source):
    """Interface strings of the packages' Spanish gettext catalogs."""

    kind = "gettext"
    domain = "ui"
    licence = "per package: see its copyright file"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.extra: dict[str, list[str]] = dict(options.get("extra_catalogs") or {})
        # The packages whose catalogs follow freeciv's `?qualifier:` convention.
        freeciv = options.get("freeciv_qualifiers") or ()
        self.freeciv: frozenset[str] = frozenset([freeciv] if isinstance(freeciv, str) else freeciv)
        for option, named in (("extra_catalogs", self.extra), ("freeciv_qualifiers", self.freeciv)):
            unknown = sorted(set(named) - set(self.packages))
            if unknown:
                raise SourceError(f"{self.kind}: {option} names packages not listed: {', '.join(unknown)}")

    def catalogs(self, package: str, root: Path) -> list[str]:
        """The catalogs read from one package, as paths inside it."""
        found = spanish_catalogs(root) + extra_catalogs(root, self.extra.get(package, []))
        if not found:
            raise SourceError(f"package {package}: no Spanish .mo catalog in {root}")
        return found

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            if package not in roots:
                raise SourceError(f"package {package} was not fetched")
            freeciv = package in self.freeciv
            for inside in self.catalogs(package, roots[package]):
                origin = Origin(self.kind, package, inside)
                for message in catalog_pairs(read_catalog(roots[package], inside), inside, freeciv):
                    for en, es in self.message_pairs(*message):
                        yield SourcePair(en, es, origin)

    def message_pairs(self, en: str, es: str) -> list[tuple[str, str]]:
        """The pairs one message gives: itself; a kind may split it (data.sources.game_lore)."""
        return [(en, es)]

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """package -> the licence its copyright file states, or the `licences` option."""
        return self.package_licences(roots)
