"""Training pairs added again in another form: title-case copies.

Interface text writes the names of menus, maps and units in Title Case ("Deep Forest", "Roman
Cavalry"), and a subword model reads a capitalised word as other pieces than the same word in lower
case: the shipped models knew "forest" and "cavalry" but copied or garbled "Forest" and "Cavalry"
(dev-prose; bench/recipes/general.md, try 17). `title_case_copies` adds, for the source kinds that
`training.title_case_kinds` names, each short pair again with its source in Title Case, as source kind
`TITLE_CASE_KIND`, which `training.source_weights` weighs like any other.
"""

from __future__ import annotations

from collections.abc import Iterable

from translator.lexicon import WORD
from translator.protect import find_spans, overlaps

TITLE_CASE_KIND = "title-case"
_SENTENCE_END = tuple(".?!")  # a sentence, not a title: no copy
# Words Title Case leaves in lower case inside a title, by language.
MINOR_WORDS = {
    "en": frozenset(
        "a an the and or but nor for of in on at to by from with as per via vs into onto off".split()
    ),
    "es": frozenset("a al de del el la las lo los y e o u en con por para sin un una unos unas que".split()),
}


def title_cased(text: str, lang: str) -> str:
    """`text` in Title Case: each word in lower case capitalised, but the language's minor words after
    the first ("Roman cavalry" -> "Roman Cavalry", "map of the world" -> "Map of the World"). Words with a
    capital already ("iPhone", "PDF") and protected spans (placeholders, URLs) stay as they are."""
    minor = MINOR_WORDS.get(lang, frozenset())
    spans = [(s.start, s.end) for s in find_spans(text)]
    out, last, first = [], 0, True
    for match in WORD.finditer(text):
        if overlaps(match.start(), match.end(), spans):
            continue
        word = match.group()
        if word.islower() and (first or word not in minor):
            word = word[0].upper() + word[1:]
        out += [text[last : match.start()], word]
        last, first = match.end(), False
    return "".join(out) + text[last:]


def _capitalised(text: str) -> str:
    """`text` with its first letter capitalised where it is in lower case."""
    for i, c in enumerate(text):
        if c.isalpha():
            return text[:i] + c.upper() + text[i + 1 :] if c.islower() else text
    return text


def title_case_copies(
    src: list[str],
    tgt: list[str],
    kinds: list[str],
    copy_kinds: Iterable[str],
    src_lang: str,
    max_words: int,
) -> tuple[list[str], list[str], list[str]]:
    """The pairs to add (sources, targets, kinds), all of kind `TITLE_CASE_KIND`: each pair of a kind in
    `copy_kinds` with at most `max_words` words, not ending as a sentence does (".", "?", "!"), whose
    source Title Case changes: its source title-cased (`title_cased`) and, where that capitalised the
    first word, its target's first letter capitalised too, as translations of a title start with one."""
    wanted = set(copy_kinds)
    out_src: list[str] = []
    out_tgt: list[str] = []
    for source, target, kind in zip(src, tgt, kinds, strict=True):
        if (
            kind not in wanted
            or len(WORD.findall(source)) > max_words
            or source.rstrip().endswith(_SENTENCE_END)
        ):
            continue
        copy = title_cased(source, src_lang)
        if copy == source:
            continue
        out_src.append(copy)
        out_tgt.append(_capitalised(target) if _first_changed(source, copy) else target)
    return out_src, out_tgt, [TITLE_CASE_KIND] * len(out_src)


def _first_changed(source: str, copy: str) -> bool:
    """Whether title-casing capitalised the first word of `source`."""
    a, b = WORD.search(source), WORD.search(copy)
    return a is not None and b is not None and a.group() != b.group()
