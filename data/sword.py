"""Verses of a Bible module of the SWORD project, read with pysword as plain text.

The corpus is two Debian packages: sword-text-kjv (King James Version, module engKJV2006eb) and
sword-text-sparv (Reina-Valera 1909, module spaRV1909eb). Both are OSIS zText modules in the KJV
versification, so the same verse keys address both. sword-text-web (World English Bible, module
engWEB2015eb, the extra English of data.extra) is in the NRSVA versification: it is read under the
KJV's verse keys too.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from pysword.bible import SwordBible
from pysword.books import BibleStructure, BookStructure
from pysword.cleaner import OSISCleaner
from pysword.modules import SwordModules
from tqdm import tqdm

from data.clean import normalize
from translator.errors import TranslatorError

SWORD_DIR = Path("/usr/share/sword")
# Module names as in mods.d/*.conf of the Debian packages, by language.
MODULES = {"en": "engKJV2006eb", "es": "spaRV1909eb"}
PACKAGES = "sword-text-kjv sword-text-sparv sword-text-web"
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
# The WEB puts footnotes between two words without a space ("God<note>...</note><w>created"): removing
# the note alone would run the words together. (The KJV's notes are all followed by a space.)
_NOTE_BEFORE_WORD = re.compile(r"<note\b[^>]*>(?:(?!</note>).)*</note>(?=(?:<[^>]+>)*\w)", re.DOTALL)
# The WEB's speaker labels in the Song of Songs ("Beloved", "Friends") are headings, not text.
_SPEAKER = re.compile(r"<speaker\b[^>]*>.*?</speaker>", re.DOTALL)
# What follows the end of a book belongs to no verse: the WEB files its glossary there, after Revelation
# 22:21. (The KJV's subscriptions come before it, after the end of the book's last chapter.)
_AFTER_BOOK = re.compile(r'(<div\b[^>]*\beID="[^"]*"[^>]*\btype="book"[^>]*/>).*', re.DOTALL)


class SwordMissingError(TranslatorError, RuntimeError):
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
    text = _AFTER_BOOK.sub(r"\1", osis)
    text = _SPEAKER.sub(" ", text)
    text = _NOTE_BEFORE_WORD.sub(" ", text)
    text = _CANONICAL_TITLE.sub(r"\1 ", text)
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


def _chapter_texts(bible: SwordBible, book: BookStructure, chapter: int) -> list[str]:
    """The plain text of every verse of one chapter of a book of the module's structure, verse 1 first."""
    osis = bible.get_iter(books=book.name, chapters=chapter, clean=False)
    return [plain_text(text) for _, text in zip(range(book.chapter_lengths[chapter - 1]), osis, strict=True)]


@dataclass
class KeyedVerses:
    verses: list[Verse]  # every verse key of the KJV versification, with the module's text
    unkeyed: int  # the module's verses with text under no KJV key, in the books of the KJV


def read_keyed(module: str, sword_dir: Path = SWORD_DIR) -> KeyedVerses:
    """Every verse key of the KJV versification, in canonical order, with the module's plain text.

    A module in another versification gives each key its verse of the same book, chapter and verse
    number, "" where it has no such verse. Its verses under no KJV key are counted, not returned: in the
    NRSVA, 3 John 1:15 and Revelation 12:18 (the WEB leaves both empty: it divides those verses like the
    KJV). Books outside the KJV (the deuterocanon) are not read. Where two versifications number the same
    words differently, a key holds different words in the two modules; data.align and data.extra find
    those places.
    """
    bible, _ = _open(module, sword_dir)
    own = bible.get_structure().get_books()
    own_books = {book.osis_name: book for testament in ("ot", "nt") for book in own[testament]}
    testaments = BibleStructure("kjv").get_books()
    books = [book for testament in ("ot", "nt") for book in testaments[testament]]
    verses = []
    unkeyed = 0
    global_chapter = 0
    for number, book in enumerate(tqdm(books, desc=f"reading {module}", unit=" books", delay=2), 1):
        own_book = own_books.get(book.osis_name)
        for chapter, length in enumerate(book.chapter_lengths, 1):
            global_chapter += 1
            texts: dict[int, str] = {}
            if own_book is not None and chapter <= len(own_book.chapter_lengths):
                texts = dict(enumerate(_chapter_texts(bible, own_book, chapter), 1))
            for verse in range(1, length + 1):
                verses.append(
                    Verse(number, book.osis_name, chapter, verse, global_chapter, texts.pop(verse, ""))
                )
            unkeyed += sum(1 for text in texts.values() if text)
    return KeyedVerses(verses, unkeyed)


def read_verses(module: str, sword_dir: Path = SWORD_DIR) -> list[Verse]:
    """Every verse key of the KJV versification, in canonical order, with the module's plain text."""
    return read_keyed(module, sword_dir).verses
