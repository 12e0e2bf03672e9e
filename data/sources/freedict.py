"""FreeDict dictionaries (dict-freedict-eng-spa, dict-freedict-spa-eng): headword -> translations.

Debian ships them in dictd's format, under `usr/share/dictd/`:

    freedict-eng-spa.index     one line per entry: headword TAB offset TAB length, the two numbers in
                               dictd's base-64 digits (A-Z a-z 0-9 + /, most significant first)
    freedict-eng-spa.dict.dz   the entries' text, dictzip-compressed (a gzip file with an index of its
                               chunks for random access, which a whole-file read does not need)

An entry reads `headword /pronunciation/`, then one line per sense, numbered (`1. bastante, poco`)
where there are several, its translations separated by ", ". Each sense's first translation is taken:
the others are near-synonyms that would multiply the pairs of one headword. The file name says which
side is English (`eng-spa`: the headwords), and both packages give (English, Spanish) pairs. Entries
named `00-database-*` are the dictionary's own metadata, not words.

Glitches of these dictionaries, converted from Ergane long ago: some multiword translations lost
their spaces. Those with a capital inside (`NorthAmerica`, `AsiaMenor`) are skipped here; all-lowercase
ones (`aldía`, `attheinstanceof`) cannot be told from words and pass. Some 350 English headwords of
phrases kept only their first word (`Asia /əʃiəmainər/` for Asia Minor, `a /əfjuː/` for a few); their
pronunciation still spells the whole phrase, so an entry whose pronunciation is far longer than its
headword is skipped. Shorter truncations (`all /ˈɔːl/` -> omnisciente, for all-knowing) pass.
Hyphens are U+2010, made `-` here. No entry carries grammar labels, so none are stripped.
"""

from __future__ import annotations

import gzip
import re
import zlib
from collections.abc import Iterator, Mapping
from pathlib import Path

from data.sources.base import Origin, Source, SourceError, SourcePair

DICTD_DIR = "usr/share/dictd"
DICTD_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_SENSE_NUMBER = re.compile(r"\d+\.\s+")
_STRESS_MARKS = str.maketrans("", "", "ˈˌː")
_JOINED = re.compile(r"[a-zà-ÿ][A-ZÀ-Þ]")  # a lowercase letter then a capital: words that lost a space


def dictd_number(digits: str) -> int:
    """An offset or length of a dictd index (`BG` = 1 * 64 + 6 = 70)."""
    value = 0
    for digit in digits:
        position = DICTD_DIGITS.find(digit)
        if position < 0:
            raise ValueError(f"{digits!r} is not a dictd base-64 number")
        value = value * 64 + position
    return value


def read_entries(index: Path, data: Path) -> Iterator[str]:
    """The text of each word entry of a dictd dictionary, in index order."""
    try:
        raw = data.read_bytes()
        text = gzip.decompress(raw) if data.suffix == ".dz" else raw
        lines = index.read_text(encoding="utf-8").splitlines()
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error, UnicodeDecodeError) as exc:
        raise SourceError(f"{data.parent}: cannot read the dictionary {data.name} ({exc})") from None
    for number, line in enumerate(lines, 1):
        fields = line.split("\t")
        try:
            headword, offset, length = fields
            start, size = dictd_number(offset), dictd_number(length)
            entry = text[start : start + size].decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            raise SourceError(f"{index}:{number}: not a dictd index line ({line!r})") from None
        # dictd folds the metadata's names (`00-database-info`) to `00databaseinfo` unless told not to.
        if not headword.replace("-", "").startswith("00database"):
            yield entry


def truncated(headword: str, pronunciation: str) -> bool:
    """Whether a headword lost the rest of its phrase: its pronunciation has room for several words."""
    sounds = len(pronunciation.translate(_STRESS_MARKS))
    return sounds > 1.6 * len(headword.replace(" ", "")) + 2


def translations(entry: str) -> tuple[str, list[str]]:
    """The headword of an entry (as its first line spells it) and each sense's first translation;
    no translations where the headword is a truncated phrase."""
    first, *senses = entry.strip("\n").split("\n")
    headword, _, pronunciation = first.partition(" /")
    headword = headword.strip().replace("\u2010", "-")
    if truncated(headword, pronunciation.strip().strip("/")):
        return headword, []
    found = []
    for sense in senses:
        text = _SENSE_NUMBER.sub("", sense.strip(), count=1).replace("\u2010", "-")
        translation = text.split(", ", 1)[0].strip()
        if translation and not _JOINED.search(translation):
            found.append(translation)
    return headword, found


class Freedict(Source):
    kind = "freedict"
    domain = "dict"
    licence = "GPL-2.0-or-later"

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            root = roots[package]
            indexes = sorted((root / DICTD_DIR).glob("freedict-*.index"))
            if not indexes:
                raise SourceError(f"package {package}: no {DICTD_DIR}/freedict-*.index")
            for index in indexes:
                yield from self._dictionary(package, root, index)

    def _dictionary(self, package: str, root: Path, index: Path) -> Iterator[SourcePair]:
        languages = index.name.removeprefix("freedict-").removesuffix(".index")
        if languages not in ("eng-spa", "spa-eng"):
            raise SourceError(f"{index}: not an English-Spanish dictionary ({languages})")
        data = next(
            (p for p in (index.with_suffix(".dict.dz"), index.with_suffix(".dict")) if p.is_file()), None
        )
        if data is None:
            raise SourceError(f"package {package}: {index.name} has no .dict.dz or .dict beside it")
        origin = Origin(self.kind, package, data.relative_to(root).as_posix())
        seen = set()
        for entry in read_entries(index, data):
            headword, found = translations(entry)
            for translation in found:
                pair = (headword, translation) if languages == "eng-spa" else (translation, headword)
                if headword and pair not in seen:
                    seen.add(pair)
                    yield SourcePair(*pair, origin)
