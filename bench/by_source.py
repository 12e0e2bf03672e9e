"""The quality table's held-out UI and documentation rows, broken down by the package each line came from.

    python -m bench by-source [--data-dir data/prepared/general-names] [--work bench/work/quality] \\
        [--splits test-ui test-docs] [--min-lines 50] [--out bench/by_source]

One test split mixes packages of very different text: freeciv's nation and leader titles beside Qt's and
Thunderbird's interface strings. This rescores, per package (the second field of SPLIT.origin), the beam
hypotheses `python -m bench quality` left in --work (what the service answers) and Apertium's output on
the same lines, so that a row of the quality table can be read by what it is made of. Packages with
fewer than --min-lines lines are pooled as "other packages". Writes OUT.json and OUT.md. Not run in CI:
it needs the prepared general corpus and bench quality's hypotheses.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import sacrebleu

from bench.report import rescoring_parser, run_report
from data.corpus import read_lines
from translator.apertium import apertium_translate
from translator.errors import TranslatorError

OUT = Path(__file__).resolve().parent / "by_source"  # .json and .md
DIRECTIONS = {"en-es": ("en", "es"), "es-en": ("es", "en")}
OTHER = "other packages"
Translate = Callable[[list[str], str, str], list[str]]


def packages(origins: list[str], min_lines: int) -> list[str]:
    """Each line's package (`kind:package:file`), or OTHER where its package has fewer than min_lines."""
    names = [o.split(":")[1] if o.count(":") >= 2 else o for o in origins]
    counts = Counter(names)
    return [n if counts[n] >= min_lines else OTHER for n in names]


def _scores(hyps: list[str], refs: list[str]) -> tuple[float, float]:
    return (
        round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2),
        round(sacrebleu.corpus_chrf(hyps, [refs]).score, 2),
    )


def rescore(
    data_dir: Path,
    work: Path,
    splits: list[str],
    min_lines: int,
    apertium: Translate | None = apertium_translate,
) -> list[dict]:
    """One row per direction, split and package (largest first), then the split's "all packages" row."""
    rows = []
    for direction, (src, tgt) in DIRECTIONS.items():
        for split in splits:
            hyp_path = work / direction / f"{split}.beam.txt"
            origin_path = data_dir / f"{split}.origin"
            if not hyp_path.is_file():
                continue
            if not origin_path.is_file():
                raise TranslatorError(
                    f"{origin_path}: no origins; a by-source table needs the general corpus"
                )
            source, refs = read_lines(data_dir / f"{split}.{src}"), read_lines(data_dir / f"{split}.{tgt}")
            hyps, names = read_lines(hyp_path), packages(read_lines(origin_path), min_lines)
            if not len(source) == len(refs) == len(hyps) == len(names):
                raise TranslatorError(
                    f"{hyp_path}: {len(hyps)} lines, {len(refs)} references, {len(names)} origins"
                )
            theirs = apertium(source, src, tgt) if apertium is not None else None
            index: dict[str, list[int]] = {}
            for i, name in enumerate(names):
                index.setdefault(name, []).append(i)
            pooled = index.pop(OTHER, None)
            groups = sorted(index.items(), key=lambda group: -len(group[1]))  # largest first
            groups += [(OTHER, pooled)] if pooled else []
            groups.append(("all packages", list(range(len(refs)))))
            for name, lines in groups:
                ref = [refs[i] for i in lines]
                bleu, chrf = _scores([hyps[i] for i in lines], ref)
                row = {"direction": direction, "split": split, "package": name, "lines": len(lines)}
                row.update(ours_bleu=bleu, ours_chrf=chrf)
                if theirs is not None:
                    a_bleu, a_chrf = _scores([theirs[i] for i in lines], ref)
                    row.update(apertium_bleu=a_bleu, apertium_chrf=a_chrf)
                rows.append(row)
    return rows


def markdown(rows: list[dict], command: str) -> str:
    lines = [
        "# Held-out UI and documentation scores by package",
        "",
        f"`{command}`; the beam 5 hypotheses of `python -m bench quality` (what the service answers, with",
        "the lexicon), and Apertium on the same lines; sacrebleu 13a BLEU and chrF. A package is the second",
        "field of the split's `.origin` lines.",
        "",
        "| direction | test set | package | lines | ours BLEU | Apertium BLEU | ours - Apertium | ours chrF "
        "| Apertium chrF |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    nan = float("nan")
    for r in rows:
        a_bleu = r.get("apertium_bleu", nan)
        package = r["package"]
        name = {"all packages": f"**{package}**", OTHER: OTHER}.get(package, f"`{package}`")
        lines.append(
            f"| {r['direction']} | {r['split']} | {name} | {r['lines']:,} | {r['ours_bleu']:.1f} | "
            f"{a_bleu:.1f} | {r['ours_bleu'] - a_bleu:+.1f} | {r['ours_chrf']:.1f} | "
            f"{r.get('apertium_chrf', nan):.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = rescoring_parser("by-source", __doc__.split("\n\n")[0], OUT, "data/prepared/general-names")
    p.add_argument("--splits", nargs="+", default=["test-ui", "test-docs"])
    p.add_argument("--min-lines", type=int, default=50, help="smaller packages are pooled (default 50)")
    args = p.parse_args(argv)

    def rows() -> list[dict]:
        made = rescore(args.data_dir, args.work, args.splits, args.min_lines)
        if not made:
            raise TranslatorError(
                f"{args.work}: no beam hypotheses of {', '.join(args.splits)}; "
                "run `python -m bench quality` first"
            )
        return made

    return run_report("by-source", argv, args.out, rows, markdown)


if __name__ == "__main__":
    sys.exit(main())
