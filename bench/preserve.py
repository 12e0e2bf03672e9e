"""How many placeholders, numbers, URLs and e-mail addresses the models carry over unchanged, counted on
the held-out interface and documentation strings that contain any (translator.protect.find_spans).

    python -m bench preserve [--model en-es=models/en-es] [--model es-en=models/es-en] \\
        [--data-dir data/prepared/general] [--splits test-ui test-docs] [--decode beam] [--out bench/preserve]

Writes OUT.json (counts per kind, the missed sentences) and OUT.md (the table and a few misses). The
counts are of what the service answers: the model's output with the spans it altered repaired
(`translator.protect.repair_spans`); "model alone" counts the model's own output.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.report import run_models
from training.corpus import split_paths
from training.evaluate import load_test_set, resolve_split, translate_lines
from translator.config import Decode
from translator.errors import TranslatorError
from translator.facade import Translator
from translator.protect import KINDS, find_spans, preservation, repair_spans

OUT = Path(__file__).resolve().parent / "preserve"
SPLITS = ["test-ui", "test-docs"]
SHOWN_MISSES = 8


def score_direction(model: str, data_dir: str | None, splits: list[str], decode: Decode) -> dict:
    translator = Translator.load(model)
    sources: list[str] = []
    for split in splits:
        src_path, ref_path = split_paths(
            translator.config, resolve_split(translator, split, data_dir), data_dir
        )
        lines, _ = load_test_set(src_path, [ref_path], None)
        sources += [line for line in lines if find_spans(line)]
    if not sources:
        raise TranslatorError(f"no line of {', '.join(splits)} has a placeholder, number, URL or address")
    translator.repair_spans = False  # the model's own output; repaired below, as the Translator would
    own, _ = translate_lines(translator, sources, decode=decode, beam_size=None, alpha=None)
    hypotheses = [repair_spans(s, h) for s, h in zip(sources, own, strict=True)]
    counts = preservation(sources, hypotheses)
    misses = [
        {"source": s, "translation": h}
        for s, h in zip(sources, hypotheses, strict=True)
        if preservation([s], [h]).rate() < 1
    ]
    return {
        "model": translator.metadata["path"],
        "step": translator.metadata["step"],
        "sentences": len(sources),
        "total": dict(counts.total),
        "kept": dict(counts.kept),
        "rate": counts.rate(),
        "rate_model_alone": preservation(sources, own).rate(),
        "repaired": sum(h != o for h, o in zip(hypotheses, own, strict=True)),
        "misses": misses,
    }


def markdown(report: dict) -> str:
    lines = [
        "# Placeholders, numbers, URLs and addresses carried over\n",
        f"`{report['command']}` on {report['date']}: the lines of {', '.join(report['splits'])} with at "
        f"least one such span, {report['decode']} decoding. The counts are of what the service answers, "
        "with the URLs, addresses and placeholders the model altered repaired (`repaired`: the sentences "
        "that changed); `model alone` is the model's own output. A number English writes as an ordinal "
        'or a decade ("siglo 18" -> "18th century", "la década de 1990" -> "the 1990s") counts as '
        "carried over (`translator.protect.preservation`).\n",
        "| direction | model | sentences | " + " | ".join(KINDS) + " | all | model alone | repaired |",
        "|---|---|---|" + "---|" * (len(KINDS) + 3),
    ]
    for direction, r in report["directions"].items():
        cells = [f"{r['kept'].get(k, 0)}/{r['total'].get(k, 0)}" for k in KINDS]
        kept, total = sum(r["kept"].values()), sum(r["total"].values())
        lines.append(
            f"| {direction} | {r['model']} (step {r['step']}) | {r['sentences']} | "
            + " | ".join(cells)
            + f" | {kept}/{total} ({100 * r['rate']:.1f}%) | {100 * r['rate_model_alone']:.1f}% "
            f"| {r['repaired']} |"
        )
    for direction, r in report["directions"].items():
        lines += ["", f"Some misses, {direction}:", ""]
        for miss in r["misses"][:SHOWN_MISSES]:
            lines.append(f"- `{miss['source'][:120]}` → `{miss['translation'][:120]}`")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    def score(path: str, args: argparse.Namespace) -> dict:
        return score_direction(path, args.data_dir, args.splits, args.decode)

    return run_models("preserve", __doc__, OUT, SPLITS, argv, score, markdown, check_set=False)


if __name__ == "__main__":
    sys.exit(main())
