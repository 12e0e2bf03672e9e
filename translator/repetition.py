"""Words the model wrote twice, written once: "Propiedades del texto de texto" → "Propiedades del texto",
"Dinamarca de Dinamarca" → "Dinamarca", "Close book book" → "Close book".

A small attention model that has lost its place in the source writes again what it has just written,
either straight after itself ("un novio novio", "the royal royal family", "cuerpo a cuerpo cuerpo a
cuerpo") or joined to itself by the language's "of" ("la configuración de la configuración", "a
widest of fruit of fruit"). `drop_repeats` keeps the first of the two where the source gives no cause
for the second:

- a run of one to four words written again straight after itself becomes one run (a run of digits or
  one-letter words alone stays: "1 1", "a a");
- "A de A" / "A of A" (one or two words A, its last word of three letters or more, a determiner such as
  "la", "los", "the" allowed after "de" / "of") becomes "A"; the words must be equal letter for letter
  (whatever their case): "Rey de reyes", "Vanity of vanities" are not repeats;
- where the source itself says a word twice in one of those ways ("Vanidad de vanidades", "lo mejor de
  lo mejor", "very very"), or has twice the word repeated in the translation (a name the model copied:
  "Abimelech"), or the translation is a fixed phrase that repeats ("por los siglos de los siglos"),
  nothing is dropped.
"""

from __future__ import annotations

import re
from collections import Counter

_OF = {"es": r"(?:de|del)", "en": r"of"}
_DETERMINERS = {
    "es": r"(?:el|la|los|las|lo|un|una|unos|unas|su|sus|este|esta|estos|estas|mi|mis|tu|tus)",
    "en": r"(?:the|a|an|this|these|that|those|its|their|his|her|my|your|our)",
}
# Fixed phrases that repeat a word on purpose, in the target language.
_FIXED = {
    "es": re.compile(r"\bsiglos de los siglos\b", re.IGNORECASE),
    "en": re.compile(r"\b(?:had had|that that)\b", re.IGNORECASE),
}
_RUN = re.compile(r"\b(\w+(?: \w+){0,3})(?: \1\b)+", re.IGNORECASE)
_WORD = re.compile(r"\w+")


# "A de [det] A" / "A of [det] A": A one or two words, its last of three letters or more.
_OF_REPEAT = {
    lang: re.compile(rf"\b((?:\w+ )?\w{{3,}}) {_OF[lang]}(?: {_DETERMINERS[lang]})? \1\b", re.IGNORECASE)
    for lang in _OF
}
# The source's "A de B" with A and B of one stem ("Vanidad de vanidades", "King of kings").
_OF_STEMS = {
    lang: re.compile(rf"\b(\w{{4}})\w* {_OF[lang]}(?: {_DETERMINERS[lang]})? \1\w*\b", re.IGNORECASE)
    for lang in _OF
}


def _says_twice(source: str, src_lang: str) -> bool:
    """Whether `source` repeats a word in a way its translation may keep."""
    if any(_counts(m.group(1)) for m in _RUN.finditer(source)):
        return True
    stems = _OF_STEMS.get(src_lang)
    return bool(stems is not None and stems.search(source))


def _counts(run: str) -> bool:
    """Whether a repeated run is words (one of two letters or more, not all digits)."""
    return any(len(word) >= 2 and not word.isdigit() for word in run.split())


def drop_repeats(source: str, text: str, src_lang: str, tgt_lang: str) -> str:
    """`text` (a translation of `source`) with the repeats the module docstring describes written once.
    The source is read only where the text has a repeat: most have none."""
    if tgt_lang not in _OF:
        return text
    of_repeat = _OF_REPEAT[tgt_lang]
    if not (of_repeat.search(text) or _RUN.search(text)) or _says_twice(source, src_lang):
        return text
    fixed = _FIXED[tgt_lang]
    source_words = Counter(word.lower() for word in _WORD.findall(source))

    def keep(found: re.Match[str]) -> bool:
        if fixed.search(found.group(0)):
            return True
        # a word the source has twice (a copied name) may be written twice
        return any(source_words[word.lower()] >= 2 for word in found.group(1).split())

    def once(found: re.Match[str]) -> str:
        return found.group(0) if keep(found) else found.group(1)

    def run_once(found: re.Match[str]) -> str:
        return found.group(0) if not _counts(found.group(1)) or keep(found) else found.group(1)

    return _RUN.sub(run_once, of_repeat.sub(once, text))
