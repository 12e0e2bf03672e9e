"""Keyboard accelerators in interface labels: Qt and KDE's "E&xit", "Cu&t", "&Open", GTK's "Save _As",
LibreOffice's "~Save".

The marker splits a word into pieces the model has rarely seen, and the shipped models copied such
labels untranslated ("E&xit" → "E&xit", "Cu&t" → "Cu&t") or garbled them ("Settin&gs..." →
"Configurar&gs..."). `strip_mnemonic` takes the marker out before the model reads the label, and
`put_mnemonic` marks a letter of the translation: the same letter where the translation has it
("Cu&t" → "Cor&tar"), otherwise its first letter ("E&xit" → "&Salir"), as translators of these
catalogs do.

One marker per text is an accelerator: "&" before a letter, not doubled ("&&" is a literal "&"), not an
HTML entity ("&amp;"), not inside a word in capitals ("AT&T", "R&D"); "_" or "~" before a letter at the
start of a word, in a text with no other of it ("file_name" is an identifier, "~/.config" a path).
The corpus's cleaning (`data/clean.py`) took the marks at a word's start out of the interface strings
the model learned from, so the model reads labels best without them. Protected spans
(`translator.protect`: URLs, placeholders) are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from translator.protect import find_spans, overlaps

_AMPERSAND = re.compile(r"&(?=[^\W\d_])")
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[A-Za-z]+);")
_WORD_START = {marker: re.compile(rf"(?<![\w]){re.escape(marker)}(?=[^\W\d_])") for marker in "_~"}
_LETTER = re.compile(r"[^\W\d_]")
_MARKERS = "&" + "".join(_WORD_START)


@dataclass(frozen=True)
class Mnemonic:
    """The accelerator taken out of a label: its marker ("&", "_" or "~") and the letter it marked."""

    marker: str
    letter: str


def _word_around(text: str, at: int) -> str:
    """The letters around text[at], the "&" left out: the word a marker stands in."""
    start, end = at, at + 1
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end].replace("&", "")


def strip_mnemonic(text: str) -> tuple[str, Mnemonic | None]:
    """`text` without its accelerator marker, and the marker with its letter; `text` and None where it
    has none (see the module's description)."""
    if not any(marker in text for marker in _MARKERS):
        return text, None  # most text: no protected spans to look for
    spans = [(s.start, s.end) for s in find_spans(text)]
    if text.count("&") == 1 and not _ENTITY.search(text):
        match = _AMPERSAND.search(text)
        if match and not overlaps(match.start(), match.end(), spans):
            at = match.start()
            inside = at > 0 and text[at - 1].isalpha()
            if not (inside and _word_around(text, at).isupper()):
                return text[:at] + text[at + 1 :], Mnemonic("&", text[at + 1])
    for marker, pattern in _WORD_START.items():
        if text.count(marker) == 1:
            match = pattern.search(text)
            if match and not overlaps(match.start(), match.end(), spans):
                at = match.start()
                return text[:at] + text[at + 1 :], Mnemonic(marker, text[at + 1])
    return text, None


def put_mnemonic(translation: str, mnemonic: Mnemonic | None) -> str:
    """`translation` with `mnemonic`'s marker before the first occurrence of its letter (either case),
    or else before its first letter; as it is without a mnemonic or without a letter outside protected
    spans."""
    if mnemonic is None:
        return translation
    spans = [(s.start, s.end) for s in find_spans(translation)]
    letters = [m.start() for m in _LETTER.finditer(translation) if not overlaps(m.start(), m.end(), spans)]
    if not letters:
        return translation
    same = [i for i in letters if translation[i].lower() == mnemonic.letter.lower()]
    at = same[0] if same else letters[0]
    return translation[:at] + mnemonic.marker + translation[at:]
