"""The benchmarks' one entry point: `python -m bench COMMAND [ARGS...]`.

Each command is the main(argv) of one module of bench/ (COMMANDS); `python -m bench COMMAND --help`
lists its options. `make bench` runs `python -m bench run`.
"""

from __future__ import annotations

import argparse
import importlib
import sys

# command -> (the module whose main(argv) runs it, one line of help). A module is imported only when
# its command runs: most pull in torch, the peers' harness or the service's test helpers.
COMMANDS = {
    "run": ("bench.run", "ours against Joey NMT and OpenNMT-py in six parts (make bench): bench/results.md"),
    "quality": (
        "bench.quality",
        "the quality table: our models beside Apertium on every test set: bench/quality.md",
    ),
    "equal-budget": (
        "bench.equal_budget",
        "ours beside Joey NMT at an equal training budget: bench/equal_budget.md",
    ),
    "examples": (
        "bench.examples",
        "a dozen everyday sentences each way, ours beside Apertium: bench/examples.md",
    ),
    "preserve": (
        "bench.preserve",
        "placeholders, numbers, URLs and addresses carried over: bench/preserve.md",
    ),
    "numerals": (
        "bench.numerals",
        "dates and centuries translated right, the model alone and as served: bench/numerals.md",
    ),
    "languages": (
        "bench.languages",
        "languages and nationalities translated right, as served: bench/languages.md",
    ),
    "verbs": (
        "bench.verbs",
        "everyday verb forms translated right, as served: bench/verbs.md",
    ),
    "overlap": (
        "bench.overlap",
        "test lines the old held-out rule let train repeat; the scores without them: bench/overlap.md",
    ),
    "by-source": (
        "bench.by_source",
        "the held-out UI and documentation rows by package, ours beside Apertium: bench/by_source.md",
    ),
    "typed": (
        "bench.typed",
        "dev lines in capitals, Spanish without accents, English without apostrophes: bench/typed.md",
    ),
    "html": ("bench.html", "HTML pages translated: how many units got their tags around the whole sentence"),
    "recipes": ("bench.recipes", "the recipe experiments table: bench/recipes/README.md"),
    "load": ("bench.load", "load test of a running server: requests/s and latency per concurrency"),
    "throughput": ("bench.throughput", "steady-state training tokens/s of run directories"),
    "busy-neighbour": (
        "bench.busy_neighbour",
        "request latency per MT_THREADS, alone and beside a busy core",
    ),
    "peers": ("bench.peers.cli", "train a peer toolkit (Joey NMT, OpenNMT-py) on prepared data and score it"),
}


def parser() -> argparse.ArgumentParser:
    """Only for the help and for a missing or unknown command: a command parses its own arguments."""
    width = max(map(len, COMMANDS))
    listing = "\n".join(f"  {name:<{width}}  {summary}" for name, (_, summary) in COMMANDS.items())
    p = argparse.ArgumentParser(
        prog="python -m bench",
        usage="%(prog)s [-h] COMMAND [ARGS...]",
        description=__doc__,
        epilog=f"commands:\n{listing}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("command", choices=COMMANDS, metavar="COMMAND", help="one of the commands below")
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        command, rest = argv[0], argv[1:]
    else:  # exits with the help, or with the error for a missing or unknown command
        args, rest = parser().parse_known_args(argv)
        command = args.command
    return importlib.import_module(COMMANDS[command][0]).main(rest) or 0


if __name__ == "__main__":
    sys.exit(main())
