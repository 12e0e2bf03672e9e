"""What the benches share: the rescoring benches' (overlap, by-source) common options, and the run that
writes OUT.json (the command and the rows) and OUT.md, with a message and exit status 2 on bad input;
the options and the main of the benches that translate held-out splits with the models (preserve,
numerals, languages), and the writing of their reports."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from translator.errors import TranslatorError, cli_error

WORK = Path("bench/work/quality")  # where `python -m bench quality` leaves its hypotheses


def rescoring_parser(name: str, description: str, out: Path, data_dir: str) -> argparse.ArgumentParser:
    """`python -m bench NAME` with --data-dir, --work (bench quality's hypotheses) and --out."""
    p = argparse.ArgumentParser(prog=f"python -m bench {name}", description=description)
    p.add_argument("--data-dir", type=Path, default=Path(data_dir))
    p.add_argument("--work", type=Path, default=WORK, help="bench quality's hypotheses")
    p.add_argument(
        "--out", type=Path, default=out, help=f"writes OUT.json and OUT.md (default: bench/{out.name})"
    )
    return p


def model_parser(name: str, description: str, out: Path, splits: list[str]) -> argparse.ArgumentParser:
    """`python -m bench NAME` over models (--model DIRECTION=PATH, repeatable) and held-out splits: with
    --data-dir, --splits, --decode and --out."""
    p = argparse.ArgumentParser(prog=f"python -m bench {name}", description=description)
    p.add_argument("--model", action="append", default=[], metavar="DIRECTION=PATH")
    p.add_argument("--data-dir", help="prepared directory with the splits (default: each model's data.dir)")
    p.add_argument("--splits", nargs="+", default=splits, help="default: %(default)s")
    p.add_argument("--decode", choices=["greedy", "beam"], default="beam")
    p.add_argument(
        "--out", type=Path, default=out, help=f"writes OUT.json and OUT.md (default: bench/{out.name})"
    )
    return p


def run_models(
    name: str,
    doc: str,
    out: Path,
    splits: list[str],
    argv: list[str] | None,
    score: Callable[[str, argparse.Namespace], dict],
    markdown: Callable[[dict], str],
    check_set: bool = False,
) -> int:
    """The main of a bench over the models and held-out splits (preserve, numerals, languages): its
    options (`model_parser`, and --count where it has a `check_set`), `score(path, args)` for each
    direction's model, and OUT.json and OUT.md (the command, the date, the options, the directions);
    a message and exit status 2 on bad input."""
    from bench.quality import parse_models  # bench.quality's --model; imported here, as it is heavy

    argv = sys.argv[1:] if argv is None else argv
    p = model_parser(name, doc.splitlines()[0], out, splits)
    if check_set:
        p.add_argument("--count", type=int, default=400, help="check-set pairs (default: 400)")
    args = p.parse_args(argv)
    if check_set and args.count < 1:
        p.error(f"--count: must be >= 1, got {args.count}")
    try:
        directions = {d: score(path, args) for d, path in parse_models(args.model).items()}
    except TranslatorError as exc:
        return cli_error(exc)
    report = {
        "command": " ".join([f"python -m bench {name}", *argv]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        **({"count": args.count} if check_set else {}),
        "splits": args.splits,
        "decode": args.decode,
        "directions": directions,
    }
    save(args.out, report, markdown(report))
    return 0


def write_report(out: Path, command: str, rows: list[dict], markdown: str) -> None:
    save(out, {"command": command, "rows": rows}, markdown, ensure_ascii=True)


def save(out: Path, report: dict, markdown: str, ensure_ascii: bool = False) -> None:
    """OUT.json (the report) and OUT.md (its table), OUT's folder made if need be; the table printed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{out}.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=ensure_ascii) + "\n", encoding="utf-8"
    )
    Path(f"{out}.md").write_text(markdown, encoding="utf-8")
    print(markdown)


def run_report(
    name: str,
    argv: list[str] | None,
    out: Path,
    rows: Callable[[], list[dict]],
    markdown: Callable[[list[dict], str], str],
) -> int:
    """Make the rows, then write and print the report; bad input or a missing file: a message, exit 2."""
    try:
        made = rows()
        command = " ".join([f"python -m bench {name}", *(argv if argv is not None else sys.argv[1:])])
        write_report(out, command, made, markdown(made, command))
    except (TranslatorError, OSError, ValueError, KeyError) as exc:
        return cli_error(exc if isinstance(exc, TranslatorError) else TranslatorError(f"bench {name}: {exc}"))
    return 0
