"""Qt catalogs: the English source text of each message against its Spanish translation.

A compiled Qt catalog (`.qm`) keeps the source text next to the translation, so, as with gettext,
each message pairs with itself. No maintained Python library reads `.qm`, hence the small reader
below. The format (Qt's qtranslator.cpp and lrelease's writer): a 16-byte magic, then sections, each
a tag byte, a big-endian 32-bit length and its data. The Messages section is a run of records, each
a run of tagged fields ended by TAG_END:

    TAG_TRANSLATION  length + UTF-16BE text (length 0xFFFFFFFF: no translation); numerus messages
                     have one such field per plural form
    TAG_SOURCE_TEXT, TAG_CONTEXT, TAG_COMMENT   length + UTF-8 text
    TAG_OBSOLETE1    4 bytes, ignored

The other sections (hashes for lookup, language, numerus rules, dependencies) hold no text.

What is not a pair: numerus messages (several Spanish forms for one English text), messages without
a translation, and messages whose source text was stripped (`lrelease -compress` keeps hashes only).
The Spanish file is found by its name (`app_es.qm`, `app.es_ES.qm`, ...); where a package carries
several Spanish variants of one catalog the generic `es` wins, then `es_ES`, then the first other.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from data.sources.base import Origin, Source, SourceError, SourcePair

QM_MAGIC = bytes.fromhex("3CB86418CAEF9C95CD211CBF60A1BDDD")
SECTION_HASHES = 0x42
SECTION_MESSAGES = 0x69
TAG_END = 0x01
TAG_TRANSLATION = 0x03
TAG_OBSOLETE1 = 0x05
TAG_SOURCE_TEXT = 0x06
TAG_CONTEXT = 0x07
TAG_COMMENT = 0x08
NO_TRANSLATION = 0xFFFFFFFF
_TEXT_TAGS = {TAG_SOURCE_TEXT: "source", TAG_CONTEXT: "context", TAG_COMMENT: "comment"}

_SPANISH_QM = re.compile(r"(?:(?P<stem>.*)[_.-])?(?P<locale>es(?:[_-][A-Z]{2})?)\.qm")


@dataclass(frozen=True)
class QmMessage:
    context: str
    source: str  # "" where the catalog was stripped of its source texts
    comment: str
    translations: tuple[str | None, ...]  # one per plural form; None: no translation


def _text(raw: bytes) -> str:
    """Qt 5 writes UTF-8; catalogs from Qt 4 days may be Latin-1. The trailing NUL some keep is no text."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    return text.rstrip("\0")


def _sections(data: bytes, name: str) -> Iterator[tuple[int, int, int]]:
    """(tag, start, end) of each section of a catalog."""
    if data[:16] != QM_MAGIC:
        raise SourceError(f"{name}: not a Qt .qm catalog (bad magic number)")
    at = 16
    while at < len(data):
        if at + 5 > len(data):
            raise SourceError(f"{name}: truncated or corrupt (section header cut short at byte {at})")
        tag, length = data[at], struct.unpack_from(">I", data, at + 1)[0]
        start, at = at + 5, at + 5 + length
        if at > len(data):
            raise SourceError(f"{name}: truncated or corrupt (section 0x{tag:02x} runs past the end)")
        yield tag, start, at


def _records(data: bytes, start: int, end: int, name: str) -> Iterator[QmMessage]:
    at = start
    while at < end:
        fields = {"source": b"", "context": b"", "comment": b""}
        translations: list[str | None] = []
        while True:
            if at >= end:
                raise SourceError(f"{name}: truncated or corrupt (message at byte {at} has no end tag)")
            tag = data[at]
            at += 1
            if tag == TAG_END:
                break
            if tag not in (TAG_TRANSLATION, TAG_OBSOLETE1, *_TEXT_TAGS) or at + 4 > end:
                raise SourceError(f"{name}: corrupt message field (tag 0x{tag:02x} at byte {at - 1})")
            length = struct.unpack_from(">I", data, at)[0]
            at += 4
            if tag == TAG_OBSOLETE1:
                continue
            if tag == TAG_TRANSLATION and length == NO_TRANSLATION:
                translations.append(None)
                continue
            if at + length > end or (tag == TAG_TRANSLATION and length % 2):
                raise SourceError(f"{name}: truncated or corrupt (field at byte {at - 5} runs past its end)")
            raw, at = data[at : at + length], at + length
            if tag == TAG_TRANSLATION:
                translations.append(raw.decode("utf-16-be", errors="replace"))
            else:
                fields[_TEXT_TAGS[tag]] = raw
        yield QmMessage(
            _text(fields["context"]), _text(fields["source"]), _text(fields["comment"]), tuple(translations)
        )


def read_qm(data: bytes, name: str) -> list[QmMessage]:
    """The messages of a `.qm` catalog, in file order; `name` (the file) is what errors report."""
    messages: list[QmMessage] = []
    for tag, start, end in _sections(data, name):
        if tag == SECTION_MESSAGES:
            messages += _records(data, start, end, name)
    return messages


def qm_pairs(data: bytes, name: str) -> Iterator[tuple[str, str]]:
    """(English, Spanish) of each translated, singular message with its source text kept."""
    for message in read_qm(data, name):
        if len(message.translations) == 1 and message.source and message.translations[0]:
            yield message.source, message.translations[0]


def _locale_rank(locale: str) -> tuple[int, str]:
    return (0 if locale == "es" else 1 if locale.replace("-", "_") == "es_ES" else 2, locale)


def spanish_qm_files(root: Path) -> list[str]:
    """The Spanish `.qm` catalogs of an unpacked package, one variant per (dir, catalog), as sorted
    paths relative to `root`."""
    best: dict[tuple[Path, str], tuple[tuple[int, str], Path]] = {}
    for path in root.rglob("*.qm"):
        match = _SPANISH_QM.fullmatch(path.name)
        if not match or not path.is_file():
            continue
        key, rank = (path.parent, match["stem"] or ""), _locale_rank(match["locale"])
        if key not in best or rank < best[key][0]:
            best[key] = (rank, path)
    return sorted(str(path.relative_to(root)) for _, path in best.values())


class QtSource(Source):
    """Interface strings of the packages' Spanish Qt catalogs."""

    kind = "qt"
    domain = "ui"
    licence = "per package: see its copyright file"

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            if package not in roots:
                raise SourceError(f"package {package} was not fetched")
            files = spanish_qm_files(roots[package])
            if not files:
                raise SourceError(f"package {package}: no Spanish .qm catalog in {roots[package]}")
            for inside in files:
                origin = Origin(self.kind, package, inside)
                for en, es in qm_pairs((roots[package] / inside).read_bytes(), inside):
                    yield SourcePair(en, es, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """package -> the licence its copyright file states."""
        return self.package_licences(roots)
