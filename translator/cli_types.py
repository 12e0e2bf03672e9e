"""argparse value types shared by the command-line entry points (translate, evaluate, training.lexicon)."""

from __future__ import annotations

import argparse

# The largest length-normalisation exponent the CLIs and the service accept.
MAX_ALPHA = 5.0


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {number}")
    return number


def positive_float(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 < number < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number, got {value}")
    return number


def share(value: str) -> float:
    """A fraction in [0, 1]."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"must be in [0, 1], got {value}")
    return number


def alpha(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= MAX_ALPHA:
        raise argparse.ArgumentTypeError(f"must be in [0, {MAX_ALPHA:g}], got {number}")
    return number


def add_lexicon_options(p: argparse.ArgumentParser) -> None:
    """--lexicon FILE / --no-lexicon: the lexicon the fallback for copied words uses (translator.lexicon)."""
    group = p.add_mutually_exclusive_group()
    group.add_argument(
        "--lexicon",
        metavar="FILE",
        help="replace the words the model copied untranslated, or invented, from this lexicon "
        "(default: the lexicon.tsv beside the model file, if there is one; invented words need a "
        "target_words.txt beside the lexicon)",
    )
    group.add_argument(
        "--no-lexicon", action="store_true", help="no lexicon fallback: the model's own output"
    )


def add_memory_option(p: argparse.ArgumentParser) -> None:
    """--no-memory: decode without the translation memory beside the model (translator.memory)."""
    p.add_argument(
        "--no-memory",
        action="store_true",
        help="decode with the model alone, not consulting the translation memory beside the model file "
        "(memory.npz; default: consult it where there is one)",
    )


def add_domain_option(p: argparse.ArgumentParser) -> None:
    """--domain NAME: translate as text of one of the model's domains (Translator.domains)."""
    p.add_argument(
        "--domain",
        metavar="NAME",
        help="translate as text of this domain, one of the model's (the shipped models': bible); "
        "its tag goes before every source line, as in training (default: none, general text)",
    )


def lexicon_choice(args: argparse.Namespace) -> str | bool:
    """The `lexicon` argument of Translator.load for the options `add_lexicon_options` added."""
    if args.no_lexicon:
        return False
    return args.lexicon if args.lexicon is not None else True
