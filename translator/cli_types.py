"""argparse value types shared by the command-line entry points (translate, evaluate)."""

from __future__ import annotations

import argparse

# The largest length-normalisation exponent the CLIs and the service accept.
MAX_ALPHA = 5.0


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {number}")
    return number


def alpha(value: str) -> float:
    number = float(value)
    if not 0.0 <= number <= MAX_ALPHA:
        raise argparse.ArgumentTypeError(f"must be in [0, {MAX_ALPHA:g}], got {number}")
    return number
