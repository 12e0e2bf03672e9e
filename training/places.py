"""Synthetic pairs for the names of countries and regions, which the corpus names in a handful of lines:
the CLDR's English and Spanish names ("South America" ↔ "Sudamérica", "South Africa" ↔ "Sudáfrica",
"Netherlands" ↔ "Países Bajos"), each written into sentence frames written for this project.

The train split has 5 lines with "South America" and none in a sentence, and the shipped en-es model
wrote "Chile está en el Norte" for "Chile is in South America" and "el Timor del Este" for "East Timor"
(bench/recipes/general.md, try 22). The lexicon holds the CLDR's one-word names (data/cldr.py), but it
only replaces words the model copied; a name of several words the model translates wrongly it cannot
mend. `place_pairs` gives the model the names in sentences, as source kind `PLACES_KIND`, which
`training.place_pairs` adds to a run and `training.source_weights` weighs like any other kind. Names that
are whole lines of a dev or test split are left out (`held_out`), as the lexicon leaves test lines out.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from babel import Locale

from training.corpus import test_split_lines
from training.numerals import Frame, oriented, print_pairs, read_frames

PLACES_KIND = "places"
LICENCE = (
    "names: Unicode CLDR via Babel (Unicode-3.0; Babel's code BSD-3-Clause); frames written for this "
    "project (training/places.py, the project's licence)"
)

FRAMES = read_frames("""
She was born in {P}. | Nació en {P}.
They travelled to {P}. | Viajaron a {P}.
I have never been to {P}. | Nunca he estado en {P}.
The people of {P} are friendly. | La gente de {P} es amable.
Trade with {P} grew quickly. | El comercio con {P} creció rápidamente.
{P} is a beautiful place. | {P} es un lugar precioso.
We live in {P}. | Vivimos en {P}.
Many people emigrated from {P}. | Mucha gente emigró de {P}.
The map shows {P}. | El mapa muestra {P}.
What is the capital of {P}? | ¿Cuál es la capital de {P}?
The kingdom traded with {P}. | El reino comerciaba con {P}.
He returned from {P} last year. | Volvió de {P} el año pasado.
The army invaded {P}. | El ejército invadió {P}.
{P} | {P}
""")
DEV_FRAMES = read_frames("""
My cousin works in {P}. | Mi primo trabaja en {P}.
Is it cold in {P}? | ¿Hace frío en {P}?
The history of {P} is long. | La historia de {P} es larga.
Few tourists visit {P}. | Pocos turistas visitan {P}.
""")

# English names read with "the" inside a sentence ("in the Netherlands"), beside those the rule in
# `_english` finds by their words; the Spanish article of names that take one ("el Reino Unido").
_WITH_THE = frozenset("Netherlands Philippines Bahamas Gambia Maldives Comoros Caribbean".split())
_THE_WORDS = ("United ", "Republic", "Emirates", "Territories")
_ARTICLES_ES = (
    ("Reino ", "el"),
    ("República ", "la"),
    ("Países ", "los"),
    ("Emiratos ", "los"),
    ("Caribe", "el"),
)
# Names of islands and dependencies are left out: seldom written, and Spanish writes most of them with
# a plural article the frames would have to agree with ("las Islas Caimán son").
_LEFT_OUT_WORDS = ("Island", "Isla", "Outlying", "Territory", "Territorio", ".")
# CLDR codes whose names are no place one would name in a sentence, or are written as a code would be.
_LEFT_OUT = frozenset({"001", "ZZ", "EU", "EZ", "UN", "QO", "XA", "XB", "AQ"})


def names(held_out: set[str] | None = None) -> list[tuple[str, str]]:
    """The CLDR's (English, Spanish) names of countries and regions, sorted, without those written with a
    parenthesis, a dash between spaces or an abbreviation ("Hong Kong SAR China"), and without any whose
    English or Spanish, lower-cased, is in `held_out`."""
    en, es = Locale("en").territories, Locale("es").territories
    out = set()
    for code, english in en.items():
        spanish = es.get(code)
        if not spanish or code in _LEFT_OUT or code.endswith("-alt-short") or "-alt-" in code:
            continue
        english, spanish = english.replace(" & ", " and "), spanish.replace(" & ", " y ")
        if any(mark in f"{english} {spanish}" for mark in ("(", " - ", "SAR", "’", *_LEFT_OUT_WORDS)):
            continue
        if held_out and (english.lower() in held_out or spanish.lower() in held_out):
            continue
        out.add((english, spanish))
    return sorted(out)


def held_out_lines(data_dir: Path) -> set[str]:
    """The lines of the dev and test splits in `data_dir`, both languages, stripped and lower-cased: the
    held-out set of `names` (and of `training.languages.languages`). A name that is a whole dev line
    ("France" among the interface strings) would raise the dev figures that choose a model, so dev lines
    are left out as test lines are."""
    return {line.strip().lower() for line in test_split_lines(data_dir, ("en", "es"), ("dev", "test"))}


def _english(name: str, start: bool) -> str:
    """`name` as an English sentence writes it: with "the" where it takes one ("The" at the start)."""
    if name in _WITH_THE or name.startswith(_THE_WORDS[0]) or any(w in name for w in _THE_WORDS[1:]):
        return ("The " if start else "the ") + name
    return name


def _spanish(name: str) -> str:
    """`name` as a Spanish sentence writes it: with its article where it takes one."""
    for start, article in _ARTICLES_ES:
        if name.startswith(start):
            return f"{article} {name}"
    return name


def place_pairs(
    count: int,
    src_lang: str,
    seed: int = 0,
    frames: tuple[Frame, ...] = FRAMES,
    held_out: set[str] | None = None,
) -> tuple[list[str], list[str]]:
    """`count` pairs (sources, targets) for a model translating from `src_lang` ("en" or "es"): a frame of
    `frames` and a name of `names(held_out)` drawn, each. The same arguments give the same pairs."""
    if src_lang not in ("en", "es"):
        raise ValueError(f"place pairs are English-Spanish; source language {src_lang!r}")
    places = names(held_out)
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    for _ in range(count):
        frame = rng.choice(frames)
        english, spanish = rng.choice(places)
        bare = frame.en == "{P}"
        en = frame.en.replace("{P}", english if bare else _english(english, frame.en.startswith("{P}")))
        es = frame.es.replace("{P}", spanish if bare else _spanish(spanish))
        source, target = oriented(en, es, frame, src_lang)
        src.append(source)
        tgt.append(target)
    return src, tgt


def main(argv: list[str] | None = None) -> int:
    return print_pairs("python -m training.places", "place-name", argv, place_pairs, FRAMES, DEV_FRAMES)


if __name__ == "__main__":
    sys.exit(main())
