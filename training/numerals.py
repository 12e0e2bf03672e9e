"""Synthetic pairs for the numeric expressions the corpus hardly has: centuries ("in the 19th century" ↔
"en el siglo 19"), millennia, decades, dates ("on May 20, 2002" ↔ "el 20 de mayo de 2002"), months of a
year, years before or after Christ, and millions.

The train split has 10 English lines that name a century with an ordinal ("19th century") and none with
a date written the English way, so the shipped models wrote "en el siglo de 19th siglo" and "en mayo 20,
2002" (bench/recipes/general.md, try 22). `numeral_pairs` writes such expressions into sentence frames
written for this project (`FRAMES`; the held-out `DEV_FRAMES` make the check set `python -m
training.numerals` prints), as source kind `NUMERALS_KIND`, which `training.numeral_pairs` adds to a
run and `training.source_weights` weighs like any other kind.

The target side is always one form: Spanish centuries in digits, as the corpus's own translators write
them ("el siglo 19"), dates as "20 de mayo de 2002"; English dates as "May 20, 2002", eras as "BC" and
"AD". The source side takes the other forms people write too ("the nineteenth century", "20 May 2002",
"los años 90"). Roman numerals are left out on both sides: a subword model copies digits well and maps
them to other symbols poorly, and stage 13, taught "el siglo XIX", wrote confident wrong centuries ("the
19th century" -> "el siglo XX"; bench/recipes/general.md, try 22). Reading and writing Roman numerals
belongs in a deterministic step outside the model.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

from translator.dates import MONTHS, ordinal

NUMERALS_KIND = "numerals"
LICENCE = "written for this project: training/numerals.py's frames and rules (the project's licence)"

ORDINAL_WORDS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
    "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first"
).split()
MILLENNIA_ES = ("primer", "segundo", "tercer")


@dataclass(frozen=True)
class Fill:
    """One expression in both languages. The first form of each side is the one a target gets; a source
    draws any. `pp`: with its preposition ("in the 19th century"), for a frame's {PP}; `np`: without, for
    {NP}; a fill with no np forms goes only into {PP} frames, and `amount` fills only into {N}."""

    en_pp: tuple[str, ...]
    es_pp: tuple[str, ...]
    en_np: tuple[str, ...] = ()
    es_np: tuple[str, ...] = ()
    alone: bool = False  # np forms without an article ("19th century"): only a bare {NP} frame takes them


@dataclass(frozen=True)
class Frame:
    en: str  # with one slot: {PP}, {NP} or {N}
    es: str


def read_frames(text: str) -> tuple[Frame, ...]:
    """Frames from lines "English | Spanish"."""
    rows = [line.split(" | ") for line in text.strip().splitlines()]
    return tuple(Frame(en.strip(), es.strip()) for en, es in rows)


# Sentence frames for training; DEV_FRAMES are held out for the check set, never trained on. A bare slot
# ("{NP}", "({NP})") is an expression alone, as interface text and captions write them ("(French, 18th
# century)"), the only frame a century without its article goes into.
FRAMES = read_frames("""
The city was founded {PP}. | La ciudad fue fundada {PP}.
{PP}, the kingdom was divided. | {PP}, el reino se dividió.
The church was built {PP}. | La iglesia fue construida {PP}.
My grandmother was born {PP}. | Mi abuela nació {PP}.
The war ended {PP}. | La guerra terminó {PP}.
{PP}, the empire reached its greatest extent. | {PP}, el imperio alcanzó su mayor extensión.
They arrived in the region {PP}. | Llegaron a la región {PP}.
The country became independent {PP}. | El país se independizó {PP}.
The first version was released {PP}. | La primera versión se publicó {PP}.
The castle was destroyed {PP}. | El castillo fue destruido {PP}.
{PP}, trade with Europe grew quickly. | {PP}, el comercio con Europa creció rápidamente.
The book was written {PP}. | El libro fue escrito {PP}.
We moved to Madrid {PP}. | Nos mudamos a Madrid {PP}.
The bridge was opened {PP}. | El puente se inauguró {PP}.
The tribes united {PP}. | Las tribus se unieron {PP}.
Was the treaty signed {PP}? | ¿Se firmó el tratado {PP}?
The language was first written down {PP}. | La lengua se escribió por primera vez {PP}.
He died {PP}. | Murió {PP}.
{PP}, most people lived in villages. | {PP}, la mayoría de la gente vivía en aldeas.
The company was founded {PP}. | La empresa se fundó {PP}.
{NP} was a time of great change. | {NP} fue una época de grandes cambios.
This style is typical of {NP}. | Este estilo es típico de {NP}.
The museum has paintings from {NP}. | El museo tiene cuadros de {NP}.
Little is known about {NP}. | Se sabe poco sobre {NP}.
The records go back to {NP}. | Los registros se remontan a {NP}.
{NP} | {NP}
The country has {N} inhabitants. | El país tiene {N} habitantes.
The game sold {N} copies. | El juego vendió {N} copias.
Today, {N} people live in the city. | Hoy, {N} personas viven en la ciudad.
More than {N} people speak the language. | Más de {N} personas hablan la lengua.
The project cost {N} dollars. | El proyecto costó {N} dólares.
""")
DEV_FRAMES = read_frames("""
The temple was rebuilt {PP}. | El templo fue reconstruido {PP}.
{PP}, the population grew. | {PP}, la población creció.
The festival started {PP}. | El festival comenzó {PP}.
Many people left the island {PP}. | Mucha gente dejó la isla {PP}.
The house dates from {NP}. | La casa data de {NP}.
She wrote about {NP}. | Escribió sobre {NP}.
The program has {N} users. | El programa tiene {N} usuarios.
Nearly {N} people visited the museum. | Casi {N} personas visitaron el museo.
({NP}) | ({NP})
""")

_ERA_BC = (("BC", "BCE", "B.C."), ("a. C.", "a.C."))
_ERA_AD = (("AD", "CE", "A.D."), ("d. C.", "d.C."))


def _era(rng: random.Random, n: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The era after a century or year: none mostly, "BC" for some early ones, "AD" for a few."""
    roll = rng.random()
    if n <= 12 and roll < 0.35:
        return _ERA_BC
    if n <= 12 and roll < 0.5:
        return _ERA_AD
    return ("",), ("",)


def _with_era(forms: tuple[str, ...], era: tuple[str, ...]) -> tuple[str, ...]:
    """Each form with each era after it (the first with the first, which a target gets, first)."""
    if era == ("",):
        return forms
    return tuple(f"{form} {e}" for form in forms for e in era)


def _century(rng: random.Random) -> Fill:
    n = rng.choice(range(1, 22)) if rng.random() < 0.3 else rng.choice(range(10, 22))
    en_era, es_era = _era(rng, n)
    if rng.random() < 0.15 and n < 21:  # two centuries
        m = n + 1
        en = (
            f"the {ordinal(n)} and {ordinal(m)} centuries",
            f"the {ORDINAL_WORDS[n - 1]} and {ORDINAL_WORDS[m - 1]} centuries",
        )
        es = (f"los siglos {n} y {m}",)
        return _in_time(_with_era(en, en_era), _with_era(es, es_era))
    en = (f"the {ordinal(n)} century", f"the {ORDINAL_WORDS[n - 1]} century")
    es = (f"el siglo {n}",)
    part = rng.random()
    if part < 0.3:  # early, mid, late: only after a preposition
        en_part, es_part = rng.choice(
            [("early", "a principios del"), ("late", "a finales del"), ("mid-", "a mediados del")]
        )
        glue = "" if en_part.endswith("-") else " "
        en_pp = (
            f"in the {en_part}{glue}{ordinal(n)} century",
            f"in the {en_part}{glue}{ORDINAL_WORDS[n - 1]} century",
        )
        es_pp = (f"{es_part} siglo {n}",)
        return Fill(_with_era(en_pp, en_era), _with_era(es_pp, es_era))
    if part < 0.4:  # alone, as a caption writes it
        return Fill(
            (),
            (),
            _with_era((f"{ordinal(n)} century",), en_era),
            _with_era((f"siglo {n}",), es_era),
            alone=True,
        )
    return _in_time(_with_era(en, en_era), _with_era(es, es_era))


def _in_time(en: tuple[str, ...], es: tuple[str, ...]) -> Fill:
    """A noun phrase of time ("the 1990s") as a fill of both slots: after "in" / "en" for {PP}, as it
    is for {NP}."""
    return Fill(_prefixed("in ", en), _prefixed("en ", es), en, es)


def _prefixed(prefix: str, forms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(prefix + form for form in forms)


def _millennium(rng: random.Random) -> Fill:
    n = rng.choice((1, 2, 3))
    en_era, es_era = _ERA_BC if n < 3 and rng.random() < 0.5 else (("",), ("",))
    en = (f"the {ORDINAL_WORDS[n - 1]} millennium", f"the {ordinal(n)} millennium")
    es = (f"el {MILLENNIA_ES[n - 1]} milenio",)
    return _in_time(_with_era(en, en_era), _with_era(es, es_era))


def _decade(rng: random.Random) -> Fill:
    year = rng.choice(range(1800, 2030, 10))
    en = (f"the {year}s",)
    es = (f"la década de {year}",) + ((f"los años {year % 100:02d}",) if 1910 <= year < 2000 else ())
    return _in_time(en, es)


def _date(rng: random.Random) -> Fill:
    month, day, year = rng.randrange(12), rng.randint(1, 28), rng.randint(1800, 2030)
    en_m, es_m = MONTHS["en"][month], MONTHS["es"][month]
    if rng.random() < 0.2:  # no year
        en = (f"{en_m} {day}", f"{day} {en_m}", f"{en_m} {ordinal(day)}")
        es = (f"{day} de {es_m}",)
    else:
        en = (f"{en_m} {day}, {year}", f"{day} {en_m} {year}", f"{en_m} {ordinal(day)}, {year}")
        es = (f"{day} de {es_m} de {year}",)
    return Fill(_prefixed("on ", en), _prefixed("el ", es))


def _month(rng: random.Random) -> Fill:
    month, year = rng.randrange(12), rng.randint(1800, 2030)
    return Fill((f"in {MONTHS['en'][month]} {year}",), (f"en {MONTHS['es'][month]} de {year}",))


def _year_with_era(rng: random.Random) -> Fill:
    year = rng.choice(range(50, 3000, 50)) if rng.random() < 0.6 else rng.randint(1, 2999)
    bc = rng.random() < 0.6
    en_era, es_era = _ERA_BC if bc else _ERA_AD
    return Fill(tuple(f"in {year} {e}" for e in en_era), tuple(f"en el año {year} {e}" for e in es_era))


def _amount(rng: random.Random) -> Fill:
    n = rng.choice(range(1, 11)) if rng.random() < 0.5 else rng.randint(1, 999)
    if rng.random() < 0.75:
        es = "1 millón de" if n == 1 else f"{n} millones de"
        return Fill((f"{n} million",), (es,))
    return Fill((f"{n} billion",), (f"{n} mil millones de",))


# Kinds of expression and how often each is drawn.
_TIMES: tuple[tuple[Callable[[random.Random], Fill], float], ...] = (
    (_century, 0.45),
    (_millennium, 0.05),
    (_decade, 0.12),
    (_date, 0.2),
    (_month, 0.1),
    (_year_with_era, 0.08),
)
_CONTRACTIONS = ((re.compile(r"\bde el\b"), "del"), (re.compile(r"\ba el\b"), "al"))


def contracted(text: str) -> str:
    """`text` with "de el" and "a el" contracted, as Spanish writes them."""
    for pattern, short in _CONTRACTIONS:
        text = pattern.sub(short, text)
    return text


def capitalised(text: str) -> str:
    """`text` with its first character capitalised where it is a letter: a frame that starts with the
    expression, written in lower case ("the 1990s"); "2nd century" stays as it is."""
    return text[:1].upper() + text[1:] if text[:1].isalpha() else text


def oriented(en: str, es: str, frame: Frame, src_lang: str) -> tuple[str, str]:
    """(source, target) of a filled frame for a model translating from `src_lang`: the Spanish with "de el"
    and "a el" contracted, and capitalised where the frame starts with its slot (training.places,
    training.languages)."""
    es = contracted(es)
    if frame.es.startswith("{"):
        es = capitalised(es)
    return (en, es) if src_lang == "en" else (es, en)


def _fill(frame: Frame, fill: Fill, rng: random.Random, src_lang: str) -> tuple[str, str, str]:
    """The frame filled in both languages: (English, Spanish, the target's expression), the source
    side's form drawn, the target's the first."""
    slot = "{N}" if "{N}" in frame.en else "{PP}" if "{PP}" in frame.en else "{NP}"
    en_forms, es_forms = (fill.en_pp, fill.es_pp) if slot in ("{PP}", "{N}") else (fill.en_np, fill.es_np)
    en_form = rng.choice(en_forms) if src_lang == "en" else en_forms[0]
    es_form = rng.choice(es_forms) if src_lang == "es" else es_forms[0]
    en = frame.en.replace(slot, en_form)
    es = contracted(frame.es.replace(slot, es_form))
    if frame.en.startswith(slot):
        en, es = capitalised(en), capitalised(es)
    expression = en_form if src_lang == "es" else contracted(f" {es_form}").strip()
    return _one_stop(en), _one_stop(es), expression.removesuffix(".")


def _one_stop(text: str) -> str:
    """`text` without the second full stop of an era that ends a sentence ("in 500 B.C.." -> "B.C.")."""
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def _takes(frame: Frame, fill: Fill) -> bool:
    """Whether `fill` goes into the slot of `frame` (a time frame)."""
    if "{NP}" not in frame.en:
        return bool(fill.en_pp)
    return bool(fill.en_np) and (not fill.alone or not frame.en.replace("{NP}", "").strip("() "))


def numeral_pairs(
    count: int,
    src_lang: str,
    seed: int = 0,
    frames: tuple[Frame, ...] = FRAMES,
    expressions: list[str] | None = None,
) -> tuple[list[str], list[str]]:
    """`count` pairs (sources, targets) for a model translating from `src_lang` ("en" or "es"): a frame
    of `frames` drawn, then an expression of the kind the frame's slot takes. The same arguments give
    the same pairs. `expressions`, where given, receives each target's expression as it is written
    there, but for a capital the frame's start gives it and an era's final stop ("el siglo 19", "May
    20, 2002")."""
    if src_lang not in ("en", "es"):
        raise ValueError(f"numeral pairs are English-Spanish; source language {src_lang!r}")
    rng = random.Random(seed)
    time_frames = [f for f in frames if "{N}" not in f.en]
    amount_frames = [f for f in frames if "{N}" in f.en]
    makers, weights = zip(*_TIMES, strict=True)
    src: list[str] = []
    tgt: list[str] = []
    while len(src) < count:
        if amount_frames and rng.random() < 0.12:
            frame, fill = rng.choice(amount_frames), _amount(rng)
        else:
            fill = rng.choices(makers, weights)[0](rng)
            usable = [f for f in time_frames if _takes(f, fill)]
            if not usable:  # an expression only a bare frame takes, and `frames` has none
                continue
            frame = rng.choice(usable)
        en, es, expression = _fill(frame, fill, rng, src_lang)
        if expressions is not None:
            expressions.append(expression)
        src.append(en if src_lang == "en" else es)
        tgt.append(es if src_lang == "en" else en)
    return src, tgt


def check_set_args(prog: str, description: str, argv: list[str] | None) -> argparse.Namespace:
    """The command line of a synthetic kind's check-set printer (this module's, training.places'):
    --source, --count, --seed, --train-frames."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--source", choices=("en", "es"), required=True, help="source language")
    parser.add_argument("--count", type=int, default=400, help="pairs (default: 400)")
    parser.add_argument("--seed", type=int, default=1, help="default: 1")
    parser.add_argument(
        "--train-frames", action="store_true", help="the training frames, not the held-out ones"
    )
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error(f"--count: must be >= 1, got {args.count}")
    return args


def print_pairs(
    prog: str,
    what: str,
    argv: list[str] | None,
    make: Callable[..., tuple[list[str], list[str]]],
    frames: tuple[Frame, ...],
    dev_frames: tuple[Frame, ...],
) -> int:
    """The main of a synthetic kind of source and reference pairs (training.places, training.languages):
    `make(count, source, seed, frames)`'s pairs from the held-out frames (a check set of `what`) or the
    training ones, one pair a line, source TAB reference."""
    args = check_set_args(
        prog,
        f"Print the {what} check set (frames held out of training) or training pairs, one pair a line: "
        "source TAB reference.",
        argv,
    )
    src, tgt = make(args.count, args.source, args.seed, frames if args.train_frames else dev_frames)
    for s, t in zip(src, tgt, strict=True):
        sys.stdout.write(f"{s}\t{t}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = check_set_args(
        "python -m training.numerals",
        "Print the numeral check set (frames held out of training) or training pairs, one pair a line: "
        "source TAB reference TAB the reference's expression (a check counts the translations that "
        "contain it, case aside).",
        argv,
    )
    frames = FRAMES if args.train_frames else DEV_FRAMES
    expressions: list[str] = []
    src, tgt = numeral_pairs(args.count, args.source, args.seed, frames, expressions)
    for s, t, e in zip(src, tgt, expressions, strict=True):
        sys.stdout.write(f"{s}\t{t}\t{e}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
