"""Synthetic pairs for the names of languages and the nationality adjectives English writes like them
("French" ↔ "francés", "French food" ↔ "comida francesa", "My neighbours are French." ↔ "Mis vecinos son
franceses."), from the CLDR's English and Spanish language names, each written into sentence frames
written for this project.

Everyday text names languages and nationalities all the time, and the models dropped or garbled them on
the Tatoeba dev lines (bench/recipes/general.md, try 24): "Tom speaks French very well." → "Tom habla bien
bien.", "I love Italian food." → "Me amor comida.", "I study Korean." → "Me estudio Corea.", "A Mexican
taught him Spanish." → "Un Mexican le enseñaba el español.". `language_pairs` gives the model the names
in sentences, as source kind `LANGUAGES_KIND`, which `training.language_pairs` adds to a run and
`training.source_weights` weighs like any other kind.

Spanish writes a language's name as the masculine singular of its nationality adjective, in lower case
("francés"); the adjective frames inflect it for gender and number by its ending (`inflected`), and take
only the names English also writes as the nationality adjective (by their endings: "Italian", "Polish",
"Chinese"; not "Arabic", whose people are "Arab"). Names that are whole lines of a dev or test split are
left out (`training.places.held_out_lines`), as the lexicon and the place names leave them out.
"""

from __future__ import annotations

import random
import re
import sys
from dataclasses import dataclass

from babel import Locale

from training.numerals import Frame, oriented, print_pairs, read_frames

LANGUAGES_KIND = "languages"
LICENCE = (
    "names: Unicode CLDR via Babel (Unicode-3.0; Babel's code BSD-3-Clause); frames written for this "
    "project (training/languages.py, the project's licence)"
)

# {L}: the language's name (English "French", Spanish "francés"); {A}, {AF}, {AP}: the nationality
# adjective, English "French", Spanish masculine singular, feminine singular, masculine plural.
FRAMES = read_frames("""
I speak {L}. | Hablo {L}.
Do you speak {L}? | ¿Hablas {L}?
She is learning {L}. | Está aprendiendo {L}.
He teaches {L} at the school. | Enseña {L} en la escuela.
The book was translated into {L}. | El libro fue traducido a el {L}.
{L} is a difficult language. | El {L} es una lengua difícil.
They speak {L} at home. | Hablan {L} en casa.
How do you say this in {L}? | ¿Cómo se dice esto en {L}?
The letter is written in {L}. | La carta está escrita en {L}.
{L} | {L}
I like {A} food. | Me gusta la comida {AF}.
We watched a {A} film. | Vimos una película {AF}.
He bought a {A} car. | Compró un coche {A}.
She studies {A} history. | Estudia historia {AF}.
My neighbours are {A}. | Mis vecinos son {AP}.
His wife is {A}. | Su esposa es {AF}.
Her husband is {A}. | Su marido es {A}.
Many {A} writers lived here. | Muchos escritores {AP} vivieron aquí.
""")
DEV_FRAMES = read_frames("""
My brother speaks {L}. | Mi hermano habla {L}.
Is {L} hard to learn? | ¿Es difícil aprender {L}?
We ate at a {A} restaurant. | Comimos en un restaurante {A}.
Our teacher is {A}. | Nuestro profesor es {A}.
The {A} team won. | El equipo {A} ganó.
""")

# English nationality adjectives end so ("Italian", "Polish", "Chinese", "German", "French", "Thai"); a
# language named otherwise ("Arabic", whose people are "Arab"; "Hindi"; "Igbo") goes into the language
# frames only.
_ADJECTIVE_ENDINGS = ("ian", "ish", "ese", "an", "ch", "ai")
_A_BEFORE_VOWEL = re.compile(r"\b([Aa]) (?=[AEIOU])")
# Spanish endings and what the feminine singular and the masculine plural put in their place.
_ENDINGS = (
    ("és", "esa", "eses"),
    ("án", "ana", "anes"),
    ("ín", "ina", "ines"),
    ("ón", "ona", "ones"),
    ("o", "a", "os"),
    ("ol", "ola", "oles"),
    ("í", "í", "íes"),
    ("ú", "ú", "úes"),
    ("a", "a", "as"),
    ("e", "e", "es"),
)


@dataclass(frozen=True)
class Language:
    english: str  # "French": the language, and the adjective where `adjective`
    spanish: str  # "francés": the language, and the masculine singular adjective
    adjective: bool  # English writes the nationality adjective as the language's name
    feminine: str  # "francesa"
    plural: str  # "franceses"


def inflected(spanish: str) -> tuple[str, str] | None:
    """The feminine singular and masculine plural of a Spanish nationality adjective written in the
    masculine singular ("francés" → ("francesa", "franceses"), "belga" → ("belga", "belgas")); None
    for an ending these rules do not know."""
    for ending, feminine, plural in _ENDINGS:
        if spanish.endswith(ending):
            stem = spanish[: -len(ending)]
            return stem + feminine, stem + plural
    return None


def languages(held_out: set[str] | None = None) -> list[Language]:
    """The CLDR's languages with a two-letter code and a one-word name in both languages, sorted by
    English name, without any whose English or Spanish name, lower-cased, is in `held_out`."""
    en, es = Locale("en").languages, Locale("es").languages
    out = {}
    for code, english in en.items():
        spanish = es.get(code)
        if len(code) != 2 or not spanish or " " in english or " " in spanish or "-" in english:
            continue
        if held_out and (english.lower() in held_out or spanish.lower() in held_out):
            continue
        forms = inflected(spanish)
        adjective = forms is not None and english.endswith(_ADJECTIVE_ENDINGS)
        feminine, plural = forms if forms else (spanish, spanish)
        out[english] = Language(english, spanish, adjective, feminine, plural)
    return [out[name] for name in sorted(out)]


def language_pairs(
    count: int,
    src_lang: str,
    seed: int = 0,
    frames: tuple[Frame, ...] = FRAMES,
    held_out: set[str] | None = None,
    expressions: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """`count` pairs (sources, targets) for a model translating from `src_lang` ("en" or "es"): a frame of
    `frames` and a language of `languages(held_out)` drawn, each; an adjective frame draws among the
    languages English names its people's adjective after. The same arguments give the same pairs.
    expressions: where given, gets each target's name or adjective in the form its frame asks
    ("francesa", "French"), for a check to look for in a translation."""
    if src_lang not in ("en", "es"):
        raise ValueError(f"language pairs are English-Spanish; source language {src_lang!r}")
    every = languages(held_out)
    adjectives = [language for language in every if language.adjective]
    rng = random.Random(seed)
    src: list[str] = []
    tgt: list[str] = []
    for _ in range(count):
        frame = rng.choice(frames)
        names = every if "{L}" in frame.en else adjectives
        language = rng.choice(names)
        en = frame.en.replace("{L}", language.english).replace("{A}", language.english)
        en = _A_BEFORE_VOWEL.sub(r"\1n ", en)  # "an Italian car"
        es = (
            frame.es.replace("{AF}", language.feminine)
            .replace("{AP}", language.plural)
            .replace("{A}", language.spanish)
            .replace("{L}", language.spanish)
        )
        if expressions is not None:
            spanish = language.feminine if "{AF}" in frame.es else language.spanish
            spanish = language.plural if "{AP}" in frame.es else spanish
            expressions.append(spanish if src_lang == "en" else language.english)
        source, target = oriented(en, es, frame, src_lang)
        src.append(source)
        tgt.append(target)
    return src, tgt


def main(argv: list[str] | None = None) -> int:
    return print_pairs(
        "python -m training.languages", "language-name", argv, language_pairs, FRAMES, DEV_FRAMES
    )


if __name__ == "__main__":
    sys.exit(main())
