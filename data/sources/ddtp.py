"""Debian package descriptions (DDTP): `Translation-en` against `Translation-es`, by Description-md5.

The archive publishes every package's English description in `dists/<suite>/main/i18n/Translation-en`
and the Debian Description Translation Project's Spanish ones in `Translation-es`, one deb822
paragraph per description (`Package`, `Description-md5`, `Description-en` or `Description-es`). A
translation names the md5 of the English text it was made from, so pairing by md5 never pairs a
translation with a newer English text. These are files of the archive, not packages, so the entry in
data/sources.yaml names no packages but `url` (the i18n folder) and `files`.

    fetch_translations(url, files, folder)   downloads them (whichever of .xz, .bz2, .gz the mirror
                                             has), unpacked, into `folder`, reusing what is there

`pairs(roots)` reads them from `roots["ddtp"]` where the caller gives that folder (the test fixture
does), else from `<cache>/ddtp/` (option `cache`, default data/cache, the packages' cache), fetching
them first if they are missing. The files change as translations are added; the manifest's record
of them is their sha256 (see `describe`).

A description's first line (the short description) pairs with the other's; the long description's
paragraphs (separated by ` .` lines) pair one to one only when both sides have as many, then split
into sentences where both have as many (`parallel_docs.sentence_pairs`). A list (`* item`, `- item`)
pairs item by item only where both sides have as many items; otherwise its items are left out and
the text before it still pairs. Origin: ("ddtp", "ddtp", the English package's name), so a
package's description stays together in one split.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import lzma
import re
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from debian.deb822 import Deb822

from data.debian import DEFAULT_CACHE
from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.parallel_docs import sentence_pairs

ROOT = "ddtp"  # the key of `roots` (and the cache folder) that holds the files
DECOMPRESS: dict[str, Callable[[bytes], bytes]] = {
    ".xz": lzma.decompress,
    ".bz2": bz2.decompress,
    ".gz": gzip.decompress,
    "": bytes,
}
_ITEM = re.compile(r"\s*[*+-]\s+")


def fetch_translations(url: str, files: Sequence[str], folder: Path) -> Path:
    """`folder` holding each of `files`, downloaded from `url` (a folder URL) unless already there."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        target = folder / name
        if target.is_file():
            continue
        tried = []
        for suffix, decompress in DECOMPRESS.items():
            address = f"{url.rstrip('/')}/{name}{suffix}"
            try:
                with urllib.request.urlopen(address, timeout=60) as response:
                    data = decompress(response.read())
            except urllib.error.HTTPError as exc:
                tried.append(f"{address}: HTTP {exc.code}")
                continue
            except (urllib.error.URLError, OSError, lzma.LZMAError, EOFError) as exc:
                raise SourceError(f"ddtp: cannot download {address} ({exc})") from None
            partial = target.with_name(target.name + ".part")
            partial.write_bytes(data)
            partial.replace(target)  # whole or absent: a broken download is never taken for the file
            break
        else:
            raise SourceError(f"ddtp: no {name} at {url} ({'; '.join(tried)})")
    return folder


def read_descriptions(path: Path, language: str) -> Iterator[tuple[str, str, str]]:
    """(package, Description-md5, description text) of each paragraph of a Translation file."""
    field = f"Description-{language}"
    try:
        with path.open(encoding="utf-8") as handle:
            for paragraph in Deb822.iter_paragraphs(handle, use_apt_pkg=False):
                if field in paragraph and "Description-md5" in paragraph:
                    yield paragraph.get("Package", ""), paragraph["Description-md5"], paragraph[field]
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read it ({exc})") from None


def _paragraphs(description: str) -> tuple[str, list[list[str]]]:
    """The short description, and the long one's paragraphs as lists of lines (one space less)."""
    short, *lines = description.split("\n")
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        line = line.removeprefix(" ")
        if line.strip() == ".":
            paragraphs.append([])
        else:
            paragraphs[-1].append(line)
    return short.strip(), [p for p in paragraphs if p]


def _split_list(lines: list[str]) -> tuple[str, list[str]]:
    """A paragraph's text before its first list item, and its items (each joined into one line)."""
    text: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        if _ITEM.match(line):
            items.append([_ITEM.sub("", line, count=1)])
        elif items:
            items[-1].append(line)
        else:
            text.append(line)
    return " ".join(" ".join(text).split()), [" ".join(" ".join(item).split()) for item in items]


def description_pairs(en: str, es: str) -> list[tuple[str, str]]:
    """The (English, Spanish) text pairs of one description and its translation."""
    en_short, en_paragraphs = _paragraphs(en)
    es_short, es_paragraphs = _paragraphs(es)
    found = [(en_short, es_short)]
    if len(en_paragraphs) != len(es_paragraphs):
        return found
    for en_lines, es_lines in zip(en_paragraphs, es_paragraphs, strict=True):
        en_text, en_items = _split_list(en_lines)
        es_text, es_items = _split_list(es_lines)
        if en_text and es_text:
            found.extend(sentence_pairs(en_text, es_text))
        if len(en_items) == len(es_items):
            found.extend(zip(en_items, es_items, strict=True))
    return found


class Ddtp(Source):
    kind = "ddtp"
    domain = "docs"
    licence = "per package: each description is part of its package (see its copyright file)"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        url, files = options.get("url"), options.get("files")
        if not isinstance(url, str) or not url:
            raise SourceError("data/sources.yaml: ddtp needs `url:`, the archive's i18n folder")
        if not (isinstance(files, list) and len(files) == 2 and all(isinstance(f, str) for f in files)):
            raise SourceError("data/sources.yaml: ddtp `files:` must be [Translation-en, Translation-es]")
        self.url: str = url
        self.files: list[str] = files
        self.cache = Path(options.get("cache", DEFAULT_CACHE))

    def folder(self, roots: Mapping[str, Path]) -> Path:
        """The folder holding the Translation files: the caller's, else the cache, fetched if need be."""
        if ROOT in roots:
            return roots[ROOT]
        return fetch_translations(self.url, self.files, self.cache / ROOT)

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        folder = self.folder(roots)
        english, spanish = (folder / name for name in self.files)
        translations: dict[str, str] = {}
        for _, md5, text in read_descriptions(spanish, "es"):
            translations.setdefault(md5, text)
        done = set()
        # In Translation-en's order (by package name); a description several packages share pairs once.
        for package, md5, text in read_descriptions(english, "en"):
            if md5 in translations and md5 not in done:
                done.add(md5)
                origin = Origin(self.kind, ROOT, package)
                for en, es in description_pairs(text, translations[md5]):
                    yield SourcePair(en, es, origin)

    def describe(self) -> dict[str, Any]:
        """The manifest's record, with the sha256 of the files read (they change without a version)."""
        folder = self.cache / ROOT
        sha256 = {
            name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
            for name in self.files
            if (folder / name).is_file()
        }
        return {**super().describe(), "sha256": sha256}
