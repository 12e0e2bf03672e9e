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
from typing import Any

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


def lines_where(
    translator: Any, splits: list[str], data_dir: str | None, find: Callable[[str], Any]
) -> tuple[list[str], list[str], list[Any]]:
    """The source lines of `splits` (as `training.evaluate` resolves them for `translator`) for which
    `find(line)` is truthy: (lines, their references, what `find` gave each)."""
    from training.corpus import split_paths
    from training.evaluate import load_test_set, resolve_split

    lines: list[str] = []
    refs: list[str] = []
    found: list[Any] = []
    for split in splits:
        src_path, ref_path = split_paths(
            translator.config, resolve_split(translator, split, data_dir), data_dir
        )
        split_lines, split_refs = load_test_set(src_path, [ref_path], None)
        for line, ref in zip(split_lines, split_refs[0], strict=True):
            if what := find(line):
                lines.append(line)
                refs.append(ref)
                found.append(what)
    return lines, refs, found


def check_set_direction(
    translator: Any,
    right_key: str,
    check_set: tuple[list[str], list[str], list[dict]],
    held_out: tuple[list[str], list[str], int],
    shown: int,
) -> dict:
    """One direction of a check-set bench's report (languages, verbs): `check_set` the translations
    served, their references and the misses (the first `shown` kept), counted right as `right_key`;
    `held_out` the held-out lines' translations, their references and how many are right."""
    import sacrebleu

    served, references, misses = check_set
    held, refs, right = held_out
    return {
        "model": translator.metadata["path"],
        "step": translator.metadata["step"],
        "check_set": {
            "pairs": len(served),
            right_key: len(served) - len(misses),
            "bleu": sacrebleu.corpus_bleu(served, [references]).score,
            "misses": misses[:shown],
        },
        "held_out": {
            "lines": len(held),
            "right": right,
            "bleu": sacrebleu.corpus_bleu(held, [refs]).score if held else None,
        },
    }


def run_check_set_bench(
    name: str,
    doc: str,
    out: Path,
    splits: list[str],
    argv: list[str] | None,
    score_direction: Callable[[str, int, str | None, list[str], Any], dict],
    markdown: Callable[[dict], str],
) -> int:
    """`run_models` for a bench with a check set (languages, verbs): `score_direction(path, count,
    data_dir, splits, decode)` for each direction's model."""

    def score(path: str, args: argparse.Namespace) -> dict:
        return score_direction(path, args.count, args.data_dir, args.splits, args.decode)

    return run_models(name, doc, out, splits, argv, score, markdown, check_set=True)


def check_set_table(report: dict, right: str) -> list[str]:
    """The rows of a check-set bench's table (languages, verbs), one per direction: the check set's
    `right` count and BLEU, the held-out lines, those right and their BLEU; then each direction's misses
    of the check set."""
    lines = []
    for direction, r in report["directions"].items():
        c, h = r["check_set"], r["held_out"]
        bleu = "—" if h["bleu"] is None else f"{h['bleu']:.2f}"
        lines.append(
            f"| {direction} | {r['model']} (step {r['step']}) | {c[right]}/{c['pairs']} | {c['bleu']:.2f} "
            f"| {h['lines']} | {h['right']}/{h['lines']} | {bleu} |"
        )
    for direction, r in report["directions"].items():
        lines += ["", f"Some misses of the check set, {direction} (source → translation; reference):", ""]
        for miss in r["check_set"]["misses"]:
            lines.append(f"- `{miss['source']}` → `{miss['translation']}`; `{miss['reference']}`")
    return lines


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
