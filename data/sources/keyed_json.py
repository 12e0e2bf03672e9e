"""Keyed message files: an English file and its Spanish twin hold the same keys, paired key by key.

Web applications keep their interface strings as key -> text tables, one file a language: MediaWiki's
`i18n/en.json` and `i18n/es.json`, Roundcube's `localization/en_US/labels.inc`, DokuWiki's
`lang/en/lang.php`, RawTherapee's `languages/default`. Each package's files are described by rules
in data/sources.yaml (option `files`):

    files:
      PACKAGE:
        - format: json | php | keyvalue
          english: [GLOB, ...]     # the English files, relative to the package root
          spanish: [OLD, NEW]      # a Spanish file is its English file's path, last OLD replaced by NEW

A message with a MediaWiki plural or gender choice on either side is skipped. An English file without
a Spanish twin gives nothing; a file whose real path leaves the package
(Debian links configuration into /etc) is not read. The readers are in `data.sources.message_files`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.message_files import READERS

# MediaWiki's plural and gender choices (`{{PLURAL:$1|page|pages}}`): no one sentence to pair.
_CHOICE = re.compile(r"\{\{\s*(PLURAL|GENDER)\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class FileRule:
    format: str
    english: tuple[str, ...]
    old: str
    new: str

    def spanish_path(self, english: str) -> str:
        head, _, tail = english.rpartition(self.old)
        return head + self.new + tail


def _rule(package: str, value: object) -> FileRule:
    where = f"keyed-json: a `files` rule of {package}"
    if not isinstance(value, dict) or set(value) != {"format", "english", "spanish"}:
        raise SourceError(f"{where} must have exactly the keys format, english, spanish: {value!r}")
    if value["format"] not in READERS:
        raise SourceError(f"{where}: unknown format {value['format']!r} (one of {', '.join(READERS)})")
    english, spanish = value["english"], value["spanish"]
    if not (isinstance(english, list) and english and all(isinstance(g, str) for g in english)):
        raise SourceError(f"{where}: `english` must be a list of globs")
    if not (
        isinstance(spanish, list) and len(spanish) == 2 and all(isinstance(s, str) and s for s in spanish)
    ):
        raise SourceError(f"{where}: `spanish` must be [old, new]")
    return FileRule(value["format"], tuple(english), spanish[0], spanish[1])


class KeyedJson(Source):
    kind = "keyed-json"
    domain = "ui"
    licence = "per package: see its copyright file"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        files = options.get("files")
        if not isinstance(files, dict) or set(files) != set(self.packages):
            raise SourceError("keyed-json: option `files` must map each of `packages` to its file rules")
        self.rules = {
            package: [_rule(package, rule) for rule in files[package] or ()] for package in self.packages
        }

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            root = roots[package]
            for rule in self.rules[package]:
                for english in _matches(root, rule.english):
                    spanish = rule.spanish_path(english)
                    if spanish == english or not _inside(root, spanish):
                        continue
                    en = READERS[rule.format](root / english, f"{package}: {english}")
                    es = READERS[rule.format](root / spanish, f"{package}: {spanish}")
                    origin = Origin(self.kind, package, spanish)
                    for key, en_text in en.items():
                        es_text = es.get(key)
                        if es_text is not None and _usable(en_text, es_text):
                            yield SourcePair(en_text, es_text, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Package -> the licences its Debian copyright file names."""
        return self.package_licences(roots)


def _usable(en: str, es: str) -> bool:
    return bool(en.strip() and es.strip()) and not (_CHOICE.search(en) or _CHOICE.search(es))


def _inside(root: Path, relative: str) -> bool:
    """Whether a path is a file whose real location is inside the package root."""
    path = root / relative
    return path.is_file() and path.resolve().is_relative_to(root.resolve())


def _matches(root: Path, globs: Sequence[str]) -> list[str]:
    """The files (relative paths) the globs match under root, sorted, links out of the package dropped."""
    found = {p.relative_to(root).as_posix() for glob in globs for p in root.glob(glob)}
    return sorted(f for f in found if _inside(root, f))
