"""Dates and centuries translated right: the models' own output beside what the service answers, with
`translator.dates` writing the ones the model garbled.

    python -m bench numerals [--model en-es=models/en-es] [--model es-en=models/es-en] [--count 400] \\
        [--data-dir data/prepared/general] [--splits test-ui test-docs] [--decode beam] [--out bench/numerals]

Two sets per direction:
- the numeral check set (`python -m training.numerals --source L`: sentence frames held out of the
  synthetic training pairs, seed 1): a translation counts as right where it holds the reference's
  expression ("el 20 de mayo de 2002", "the 19th century"), case aside; BLEU against the references;
- the lines of the held-out splits whose source names a date or a century (`translator.dates`): a
  date or century counts as right where the translation writes it as the target language does
  (`Date.named_by`, `century_written`), a reference aside.

Writes OUT.json and OUT.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import sacrebleu

from bench.report import run_models
from training.corpus import split_paths
from training.evaluate import load_test_set, resolve_split, translate_lines
from training.numerals import DEV_FRAMES, numeral_pairs
from translator.config import Decode
from translator.dates import written_right
from translator.facade import Translator

OUT = Path(__file__).resolve().parent / "numerals"
SPLITS = ["test-ui", "test-docs"]
SHOWN = 6


def both_ways(translator: Translator, lines: list[str], decode: Decode) -> tuple[list[str], list[str]]:
    """The translations of `lines` as the service answers them, and with `repair_numerals` off."""
    translator.repair_numerals = True
    served, _ = translate_lines(translator, lines, decode=decode, beam_size=None, alpha=None)
    translator.repair_numerals = False
    own, _ = translate_lines(translator, lines, decode=decode, beam_size=None, alpha=None)
    translator.repair_numerals = True
    return served, own


def score_direction(model: str, count: int, data_dir: str | None, splits: list[str], decode: Decode) -> dict:
    translator = Translator.load(model)
    src, tgt = translator.src_lang, translator.tgt_lang
    expressions: list[str] = []
    sources, references = numeral_pairs(count, src, 1, DEV_FRAMES, expressions)
    served, own = both_ways(translator, sources, decode)

    def check(hypotheses: list[str]) -> dict:
        found = sum(e.lower() in h.lower() for e, h in zip(expressions, hypotheses, strict=True))
        return {"expressions": found, "bleu": sacrebleu.corpus_bleu(hypotheses, [references]).score}

    lines: list[str] = []
    for split in splits:
        src_path, ref_path = split_paths(
            translator.config, resolve_split(translator, split, data_dir), data_dir
        )
        found, _ = load_test_set(src_path, [ref_path], None)
        lines += [line for line in found if written_right(line, "", src, tgt)[1]]
    held_served, held_own = both_ways(translator, lines, decode) if lines else ([], [])

    def held(hypotheses: list[str]) -> dict:
        counts = [written_right(s, h, src, tgt) for s, h in zip(lines, hypotheses, strict=True)]
        return {"right": sum(r for r, _ in counts), "named": sum(n for _, n in counts)}

    changed = [
        {"source": s, "model": o, "served": h}
        for s, o, h in zip(sources + lines, own + held_own, served + held_served, strict=True)
        if o != h
    ]
    return {
        "model": translator.metadata["path"],
        "step": translator.metadata["step"],
        "check_set": {"pairs": count, "served": check(served), "model_alone": check(own)},
        "held_out": {"lines": len(lines), "served": held(held_served), "model_alone": held(held_own)},
        "changed": changed,
    }


def markdown(report: dict) -> str:
    lines = [
        "# Dates and centuries translated right\n",
        f"`{report['command']}` on {report['date']}, {report['decode']} decoding. `served`: what the "
        "service answers (`translator.dates` writes the dates and centuries the model garbled); `model "
        "alone`: `Translator.repair_numerals` off. Check set: the numeral check set's "
        f"{report['count']} pairs (`python -m training.numerals --source L`, frames held out of training), "
        "the translations holding the reference's expression, and BLEU. Held out: the lines of "
        f"{', '.join(report['splits'])} whose source names a date or a century, the dates and centuries "
        "written as the target language writes them.\n",
        "| direction | model | check set: expressions, served | model alone | BLEU, served | model alone "
        "| held-out lines | dates and centuries right, served | model alone |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for direction, r in report["directions"].items():
        c, h = r["check_set"], r["held_out"]
        served, alone = h["served"], h["model_alone"]
        lines.append(
            f"| {direction} | {r['model']} (step {r['step']}) "
            f"| {c['served']['expressions']}/{c['pairs']} | {c['model_alone']['expressions']}/{c['pairs']} "
            f"| {c['served']['bleu']:.2f} | {c['model_alone']['bleu']:.2f} | {h['lines']} "
            f"| {served['right']}/{served['named']} | {alone['right']}/{alone['named']} |"
        )
    for direction, r in report["directions"].items():
        lines += ["", f"Some translations the step changed, {direction} (source, model alone, served):", ""]
        for change in r["changed"][:SHOWN]:
            lines.append(
                f"- `{change['source'][:100]}` → `{change['model'][:100]}` → `{change['served'][:100]}`"
            )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    def score(path: str, args: argparse.Namespace) -> dict:
        return score_direction(path, args.count, args.data_dir, args.splits, args.decode)

    return run_models("numerals", __doc__, OUT, SPLITS, argv, score, markdown, check_set=True)


if __name__ == "__main__":
    sys.exit(main())
