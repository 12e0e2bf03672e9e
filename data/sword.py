"""Verses of a Bible module of the SWORD project, read with pysword as plain text.

The corpus is two Debian packages: sword-text-kjv (King James Version, module engKJV2006eb) and
sword-text-sparv (Reina-Valera 1909, module spaRV1909eb). Both are OSIS zText modules in the KJV
versification, so the same verse keys address both.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pysword.bible import SwordBible
from pysword.cleaner import OSISCleaner
from pysword.modules import SwordModules
from tqdm import tqdm

from data.clean import normalize

SWORD_DIR = Path("/usr/share/sword")
# Module names as in mods.d/*.conf of the Debian packages, by language.
MODULES = {"en": "engKJV2006eb", "es": "spaRV1909eb"}
PACKAGES = "sword-text-kjv sword-text-sparv"
INSTALL_COMMAND = f"apt-get install {PACKAGES}"

_OSIS = OSISCleaner()
# pysword's cleaner drops every <title> with its text. Two kinds of title are plain text in SpaRV, so in
# the KJV they are unwrapped first: psalm superscriptions ("A Psalm of David...", canonical titles in
# verse 1) and the epistles' subscriptions ("Written to the Romans from Corinthus...", titles after the
# end of a book's last chapter). Editorial headings (Psalm 119's "ALEPH") still go.
_CANONICAL_TITLE = re.compile(r'<title\b[^>]*\bcanonical="true"[^>]*>(.*?)</title>', re.DOTALL)
_SUBSCRIPTION = re.compile(r'(<chapter eID="[^"]*"/>\s*)<title>(.*?)</title>', re.DOTALL)
# SpaRV writes some neighbouring words as adjacent elements, <w>Y FUÉ</w><transChange>que</transChange>:
# without a space there the words run together once the tags are gone.
_ADJACENT_WORDS = re.compile(r"(</w>|</transChange>)(?=<(?:w|transChange)\b)")
# The KJV module has stray USFM character markers ("\nd LORD") left over from its conversion.
_USFM_MARKER = re.compile(r"\\\+?[a-z]+\d*\*?")


class SwordMissingError(RuntimeError):
    """A SWORD Bible module is not installed; the message gives the command that installs it."""


@dataclass(frozen=True)
class Verse:
    """One verse key of a module and its text."""

    book: int  # 1..66 in canonical order
    book_name: str  # OSIS abbreviation: "Gen", "Ps", "John"
    chapter: int
    verse: int
    global_chapter: int  # 1..1189: the chapters numbered through the whole Bible
    text: str  # plain text; "" where the module has nothing under this key


def plain_text(osis: str) -> str:
    """A verse's OSIS markup as normalised plain text: no tags, notes, headings, Strong's numbers."""
    text = _CANONICAL_TITLE.sub(r"\1 ", osis)
    text = _SUBSCRIPTION.sub(r"\1 \2 ", text)
    text = _ADJACENT_WORDS.sub(r"\1 ", text)
    return normalize(_USFM_MARKER.sub(" ", _OSIS.clean(text)))


def _open(module: str, sword_dir: Path) -> tuple[SwordBible, dict[str, str]]:
    """The module and its configuration, or SwordMissingError naming the packages to install."""
    conf = sword_dir / "mods.d" / f"{module}.conf"
    if not conf.is_file():
        raise SwordMissingError(
            f"SWORD Bible module {module} not found ({conf} is missing); install the Bible modules with: "
            f"{INSTALL_COMMAND}"
        )
    library = SwordModules(str(sword_dir))
    settings = library.parse_modules()[module]
    try:
        bible = library.get_bible_from_module(module)
    except OSError as exc:
        raise SwordMissingError(
            f"SWORD Bible module {module} in {sword_dir} is incomplete ({exc}); reinstall the Bible modules "
            f"with: apt-get install --reinstall {PACKAGES}"
        ) from None
    # pysword decompresses a verse's whole block (here a book) again for every verse, which makes a full
    # read take minutes; verses are read in order, so remembering the last block makes it take a second.
    bible._decompressed_text = functools.lru_cache(maxsize=1)(bible._decompressed_text)
    return bible, settings


def module_version(module: str, sword_dir: Path = SWORD_DIR) -> str:
    """The module's version from its configuration file (e.g. "14.3"), for provenance."""
    return _open(module, sword_dir)[1].get("version", "unknown")


def read_verses(module: str, sword_dir: Path = SWORD_DIR) -> list[Verse]:
    """Every verse key of the module's versification, in canonical order, with its plain text."""
    bible, _ = _open(module, sword_dir)
    testaments = bible.get_structure().get_books()
    books = [book for testament in ("ot", "nt") for book in testaments[testament]]
    verses = []
    global_chapter = 0
    for number, book in enumerate(tqdm(books, desc=f"reading {module}", unit=" books", delay=2), 1):
        for chapter, length in enumerate(book.chapter_lengths, 1):
            global_chapter += 1
            texts = bible.get_iter(books=book.name, chapters=chapter, clean=False)
            for verse, osis in zip(range(1, length + 1), texts, strict=True):
                verses.append(Verse(number, book.osis_name, chapter, verse, global_chapter, plain_text(osis)))
    return verses
