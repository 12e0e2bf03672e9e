"""Chromium: the resources of `locales/en-US.pak` against those of `locales/es.pak`, by resource id.

A locale `.pak` is a table of numbered resources, the compiled strings of one locale; the same id
holds the same message in every locale, so the two files pair up id by id. The format is small and
binary (Chromium's `ui/base/resource/data_pack.cc`), read here by `read_pak`:

    version 5: uint32 version, uint8 encoding, 3 bytes padding, uint16 resource count, uint16 alias count
    version 4: uint32 version, uint32 resource count, uint8 encoding (no aliases)
    then (count + 1) entries of (uint16 id, uint32 offset), the last one marking the end of the data,
    then (version 5) the aliases: (uint16 id, uint16 index of the entry it shares)

all little-endian. Encoding 1 is UTF-8 and 2 is UTF-16; 0 (binary) holds no text. The pak writer turns
identical resources into aliases, so an alias reads as the resource it points to. A resource that does
not decode, or holds a NUL or other control characters, is not a message and is skipped, as is an
ICU plural or select message on either side.
"""

from __future__ import annotations

import re
import struct
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from data.sources.base import Origin, Source, SourceError, SourcePair

ENGLISH_PAK = "en-US.pak"
SPANISH_PAK = "es.pak"
ENCODINGS = {1: "utf-8", 2: "utf-16-le"}
# ICU MessageFormat choices (`{COUNT, plural, =1 {...} other {...}}`): no one sentence to pair.
ICU_CHOICE = re.compile(r"\{\s*\w+\s*,\s*(plural|select|selectordinal)\s*,")


class Chromium(Source):
    kind = "chromium"
    domain = "ui"
    licence = "BSD-3-clause"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        value = options.get("pairs")
        if not isinstance(value, list) or not value:
            raise SourceError("chromium: option `pairs` must list [English package, Spanish package] pairs")
        self.builds: list[tuple[str, str]] = []
        for item in value:
            if not (isinstance(item, list) and len(item) == 2 and all(p in self.packages for p in item)):
                raise SourceError(f"chromium: {item!r} in `pairs` is not two packages listed in `packages`")
            self.builds.append((item[0], item[1]))

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for english, spanish in self.builds:
            en_path = _find(english, roots[english], ENGLISH_PAK)
            es_path = _find(spanish, roots[spanish], SPANISH_PAK)
            en = read_messages(en_path)
            es = read_messages(es_path)
            origin = Origin(self.kind, spanish, es_path.relative_to(roots[spanish]).as_posix())
            for resource_id in sorted(en.keys() & es.keys()):
                if ICU_CHOICE.search(en[resource_id]) or ICU_CHOICE.search(es[resource_id]):
                    continue
                yield SourcePair(en[resource_id], es[resource_id], origin)


def _find(package: str, root: Path, name: str) -> Path:
    found = sorted(p for p in root.rglob(f"locales/{name}") if p.is_file())
    if len(found) != 1:
        raise SourceError(f"package {package}: expected one locales/{name}, found {len(found)}")
    return found[0]


def read_pak(data: bytes, name: str) -> tuple[int, dict[int, bytes]]:
    """The encoding and id -> bytes of every resource (aliases included) of a `.pak` file's content.

    `name` names the file in errors; a file that is truncated or inconsistent is a SourceError."""
    try:
        (version,) = struct.unpack_from("<I", data, 0)
        if version == 5:
            encoding, count, alias_count = struct.unpack_from("<B3xHH", data, 4)
            table = 12
        elif version == 4:
            count, encoding = struct.unpack_from("<IB", data, 4)
            alias_count, table = 0, 9
        else:
            raise SourceError(f"{name}: unsupported .pak version {version} (reads 4 and 5)")
        entries = [struct.unpack_from("<HI", data, table + 6 * i) for i in range(count + 1)]
        aliases_at = table + 6 * (count + 1)
        aliases = [struct.unpack_from("<HH", data, aliases_at + 4 * i) for i in range(alias_count)]
    except struct.error:
        raise SourceError(f"{name}: truncated .pak header or index") from None
    resources = {}
    for (resource_id, start), (_, end) in zip(entries, entries[1:], strict=False):
        if not aliases_at <= start <= end <= len(data):
            raise SourceError(f"{name}: resource {resource_id} lies outside the file ({start}..{end})")
        resources[resource_id] = data[start:end]
    for resource_id, index in aliases:
        if index >= count:
            raise SourceError(f"{name}: alias {resource_id} points to entry {index} of {count}")
        resources[resource_id] = resources[entries[index][0]]
    return encoding, resources


def _text(raw: bytes, codec: str) -> str | None:
    """A resource as text, or None where it is not text (undecodable, or with control characters)."""
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError:
        return None
    if not text.strip() or any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        return None
    return text


def read_messages(path: Path) -> dict[int, str]:
    """Resource id -> text of a locale `.pak` file."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    encoding, resources = read_pak(data, str(path))
    codec = ENCODINGS.get(encoding)
    if codec is None:
        raise SourceError(f"{path}: .pak encoding {encoding} is not text (1 is UTF-8, 2 UTF-16)")
    messages = {}
    for resource_id, raw in resources.items():
        if (text := _text(raw, codec)) is not None:
            messages[resource_id] = text
    return messages
