"""How much the held-out rule before data.general.BUILD_VERSION 2 could flatter the quality table.

    python -m bench overlap [--data-dir data/prepared/general-stage2] [--work bench/work/quality] \\
        [--out bench/overlap]

Until BUILD_VERSION 2 a train pair was dropped only when one side equalled a dev or test sentence
exactly, so "aragonese" stayed in train while "Aragonese" was a test line. Models trained on such a
corpus (the general models up to stage 2) may have learnt some test lines. This finds, for every test
split, the lines that a pair of a train document repeats apart from case, spacing and punctuation
(`data.general.heldout_key`) without repeating them exactly: the lines the old rule let through. It
reads the raw pairs of data/cache/pairs (before cleaning, so it errs towards marking too many lines)
and rescores the beam hypotheses `python -m bench quality` left in --work, and Apertium, on all lines
and on the lines no such pair repeats. Writes OUT.json and OUT.md. Not run in CI: it needs the
prepared general corpus, its package cache and bench quality's hypotheses.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import sacrebleu

from bench.report import rescoring_parser, run_report
from data.corpus import read_lines
from data.general import document_split, heldout_key
from data.sources import Origin
from translator.apertium import apertium_translate
from translator.errors import TranslatorError

OUT = Path(__file__).resolve().parent / "overlap"  # .json and .md
SPLITS = ("test-tatoeba", "test-ui", "test-docs")
DIRECTIONS = {"en-es": ("en", "es"), "es-en": ("es", "en")}


def _exact(text: str) -> str:
    """The old rule's comparison: NFC, whitespace folded."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def old_rule_repeats(
    data_dir: Path, pair_files: Iterable[Path], domains: dict[str, str], heldout_every: int
) -> dict[str, list[int]]:
    """For each test split of data_dir, the line numbers that a train-document pair (from the cached raw
    pairs) repeats by heldout_key but that the old exact rule would not have dropped."""
    held_en: set[str] = set()
    held_es: set[str] = set()
    for en_file in data_dir.glob("*.en"):
        if en_file.name.startswith(("dev-", "test-")):
            held_en.update(map(_exact, read_lines(en_file)))
            held_es.update(map(_exact, read_lines(en_file.with_suffix(".es"))))
    kept_en: set[str] = set()
    kept_es: set[str] = set()
    for path in pair_files:
        with path.open(encoding="utf-8") as f:
            for en, es, origin in map(json.loads, f):
                o = Origin.parse(origin)
                if document_split(o, domains.get(o.kind, "ui"), heldout_every) != "train":
                    continue
                if _exact(en) in held_en or _exact(es) in held_es:
                    continue  # the old rule dropped this pair
                kept_en.add(heldout_key(en))
                kept_es.add(heldout_key(es))
    repeats = {}
    for split in sorted(p.stem for p in data_dir.glob("test-*.en")):
        en, es = read_lines(data_dir / f"{split}.en"), read_lines(data_dir / f"{split}.es")
        repeats[split] = [
            i
            for i, (a, b) in enumerate(zip(en, es, strict=True))
            if heldout_key(a) in kept_en or heldout_key(b) in kept_es
        ]
    return repeats


def _bleu(hyps: list[str], refs: list[str]) -> float:
    return round(sacrebleu.corpus_bleu(hyps, [refs]).score, 2)


def rescore(data_dir: Path, work: Path, repeats: dict[str, list[int]], apertium: bool = True) -> list[dict]:
    """BLEU of the beam hypotheses in work/DIRECTION/SPLIT.beam.txt (and Apertium's) on all lines and on
    the lines without a repeat."""
    rows = []
    for direction, (src, tgt) in DIRECTIONS.items():
        for split in SPLITS:
            hyp_path = work / direction / f"{split}.beam.txt"
            if split not in repeats or not hyp_path.is_file():
                continue
            source, refs, hyps = (
                read_lines(data_dir / f"{split}.{src}"),
                read_lines(data_dir / f"{split}.{tgt}"),
                read_lines(hyp_path),
            )
            if not len(source) == len(refs) == len(hyps):
                raise TranslatorError(f"{hyp_path}: {len(hyps)} lines for {len(refs)} references")
            hit = set(repeats[split])
            clean = [i for i in range(len(refs)) if i not in hit]
            row = {
                "direction": direction,
                "split": split,
                "lines": len(refs),
                "repeated": len(hit),
                "ours_all": _bleu(hyps, refs),
                "ours_clean": _bleu([hyps[i] for i in clean], [refs[i] for i in clean]),
            }
            if apertium:
                theirs = apertium_translate(source, src, tgt)
                row["apertium_all"] = _bleu(theirs, refs)
                row["apertium_clean"] = _bleu([theirs[i] for i in clean], [refs[i] for i in clean])
            rows.append(row)
    return rows


def markdown(rows: list[dict], command: str) -> str:
    lines = [
        "# Test lines the old held-out rule let a train pair repeat",
        "",
        f'`{command}`; beam 5 hypotheses of `python -m bench quality`, sacrebleu 13a BLEU. "repeated": test',
        "lines whose words (case, spacing and punctuation aside) a train pair of the corpus before",
        'data.general.BUILD_VERSION 2 repeated; "clean": the other lines.',
        "",
        "| direction | test set | lines | repeated | ours, all | ours, clean | Apertium, all "
        "| Apertium, clean |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['direction']} | {r['split']} | {r['lines']:,} | {r['repeated']:,} | {r['ours_all']:.1f} | "
            f"{r['ours_clean']:.1f} | {r.get('apertium_all', float('nan')):.1f} | "
            f"{r.get('apertium_clean', float('nan')):.1f} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    p = rescoring_parser("overlap", __doc__.split("\n\n")[0], OUT, "data/prepared/general-stage2")
    p.add_argument("--cache", type=Path, default=Path("data/cache"), help="the corpus cache (its pairs/)")
    args = p.parse_args(argv)

    def rows() -> list[dict]:
        manifest_path = args.data_dir / "manifest.json"
        if not manifest_path.is_file():
            raise TranslatorError(f"{args.data_dir}: no manifest.json; prepare the general corpus first")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        domains = {kind: info["domain"] for kind, info in manifest["per_kind"].items()}
        every = int(manifest["config"]["data"].get("heldout_every", 50))
        pair_files = sorted((args.cache / "pairs").glob("*.jsonl"))
        if not pair_files:
            raise TranslatorError(f"{args.cache / 'pairs'}: no cached pairs")
        return rescore(args.data_dir, args.work, old_rule_repeats(args.data_dir, pair_files, domains, every))

    return run_report("overlap", argv, args.out, rows, markdown)


if __name__ == "__main__":
    sys.exit(main())
