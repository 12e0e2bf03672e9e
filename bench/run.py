"""The benchmark of `make bench`: ours against Joey NMT and OpenNMT-py on this machine, in one go.

    python -m bench run                     # all six parts (about an hour on 2 quiet cores)
    python -m bench run --parts 4,5,6       # some parts; the others keep their figures in results.json
    python -m bench run --quick             # smoke test: tiny sizes, a few minutes
    python -m bench run --report-only       # redraw results.md and the plots from results.json

Parts (bench/parts/): 1 training throughput, 2 batch translation, 3 the service under load, 4 CPU
int8/bf16, 5 decoding against the matmul peak, 6 scaling with batch, length and beam. Parts 2 and 3
decode with a model per toolkit trained --decode-steps updates in <work>/decode (trained once, then
kept). Each part writes its figures into <out>/results.json as it finishes; <out>/results.md (tables,
targets met / NOT met), results.png and scaling.png are then made from results.json. The peers need
their venvs: `bash bench/peers/setup.sh`.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

import torch

from bench.parts import int8, report, roofline, scaling, service, training, translation
from bench.parts.context import Options, Results
from bench.parts.training import SYSTEMS
from translator.cli_types import positive_int

log = logging.getLogger("bench")

PARTS = {
    1: ("training", training.run),
    2: ("translation", translation.run),
    3: ("service", service.run),
    4: ("int8", int8.run),
    5: ("roofline", roofline.run),
    6: ("scaling", scaling.run),
}


def part_numbers(text: str) -> list[int]:
    try:
        numbers = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected numbers like 1,2,3, got {text!r}") from None
    if not numbers or not set(numbers) <= set(PARTS):
        raise argparse.ArgumentTypeError(f"parts are {min(PARTS)} to {max(PARTS)}, got {text!r}")
    return numbers


DECODING_PARTS = (2, 3)  # they decode with each toolkit's model of training.decode_models


def system_names(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    if not names or not set(names) <= set(SYSTEMS):
        raise argparse.ArgumentTypeError(f"systems are {', '.join(SYSTEMS)}, got {text!r}")
    return names


def parser() -> argparse.ArgumentParser:
    defaults = Options()
    p = argparse.ArgumentParser(
        prog="python -m bench run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--parts", type=part_numbers, default=sorted(PARTS), help="e.g. 1,2,3 (default: all)")
    p.add_argument("--quick", action="store_true", help="tiny sizes: a smoke test of a few minutes")
    p.add_argument("--work", type=Path, default=defaults.work, help="models, logs, peers' files")
    p.add_argument("--out", type=Path, default=defaults.out, help="results.json, results.md, *.png")
    p.add_argument("--train-steps", type=positive_int, default=defaults.train_steps, help="updates per run")
    p.add_argument(
        "--decode-steps",
        type=positive_int,
        default=defaults.decode_steps,
        help="updates of the models parts 2 and 3 decode with",
    )
    p.add_argument("--repeats", type=positive_int, default=defaults.repeats, help="runs per timing (median)")
    p.add_argument(
        "--train-systems",
        type=system_names,
        default=defaults.train_systems,
        help="part 1: the systems trained (default: all); the others keep their figures",
    )
    p.add_argument("--limit", type=positive_int, default=None, help="translate only the first N test lines")
    p.add_argument("--threads", type=positive_int, default=defaults.threads, help="CPU threads per system")
    p.add_argument("--report-only", action="store_true", help="only redraw the report from results.json")
    return p


def options(args: argparse.Namespace) -> Options:
    opts = Options(
        work=args.work,
        out=args.out,
        threads=args.threads,
        train_steps=args.train_steps,
        decode_steps=args.decode_steps,
        repeats=args.repeats,
        train_systems=args.train_systems,
        limit=args.limit,
    )
    return opts.quicker() if args.quick else opts


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request otherwise
    opts = options(args)
    failed = []
    if not args.report_only:
        torch.set_num_threads(opts.threads)
        busy = os.getloadavg()[0]
        if busy > 0.5:
            log.warning("load average %.1f: the machine is not quiet, timings will be noisy", busy)
        results = Results.open(opts.out)
        for number in args.parts:
            name, run = PARTS[number]
            log.info("part %d (%s) starts", number, name)
            try:
                run(training.decode_models(opts) if number in DECODING_PARTS else opts, results)
            except Exception:  # the next parts still run; this part keeps its previous figures
                log.exception("part %d (%s) failed", number, name)
                failed.append(number)
    if not (opts.out / "results.json").is_file():
        print(f"error: {opts.out / 'results.json'}: nothing measured yet", file=sys.stderr)
        return 2
    for path in report.write_report(opts.out):
        log.info("wrote %s", path)
    print((opts.out / "results.md").read_text(encoding="utf-8"))
    if failed:
        print(f"error: part(s) {', '.join(map(str, failed))} failed; see the log above", file=sys.stderr)
        return 1
    return 0
