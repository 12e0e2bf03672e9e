"""The base of the project's own errors, so that an entry point can tell an expected failure from a bug.

Every error class of translator/, api/, training/ and data/ derives from TranslatorError (and keeps the
builtin base its callers catch, e.g. ValueError). The command-line entry points print its message and
exit 2 (`cli_error`); any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import sys

# The exit status of a command line refused by its input: the one argparse gives a usage error.
EXIT_ERROR = 2


class TranslatorError(Exception):
    """An expected failure, stated for the user: a bad config or input file, a model that cannot load,
    a refused request. The message says what is wrong and, where it can, what to do."""


def cli_error(exc: TranslatorError) -> int:
    """Print `error: <message>` on stderr and return the exit status for it."""
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_ERROR
