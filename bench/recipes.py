"""The recipe experiments table: dev BLEU along training and test BLEU of each variant.

    python -m bench recipes [bench/recipes]   # writes bench/recipes/README.md

Each variant `NAME` left `NAME.metrics.jsonl` (the run's metrics log) and `NAME.test.json` (the JSON of
`python -m training.evaluate --split test --decode beam --json`) in the folder; bench/recipes.sh made them.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

# What each variant changed from configs/en-es.yaml (the first is the config itself).
VARIANTS = {
    "base": "configs/en-es.yaml as it is",
    "dropout03": "dropout 0.3 (from 0.2)",
    "ls0": "no label smoothing (from 0.1)",
    "lstm": "LSTM instead of GRU",
    "vocab16k": "16,000 sentencepiece pieces (from 8,000)",
    "batch16k": "16,384-token batches, lr 0.002, 1,500 steps (4x the tokens per step)",
}


def table(folder: Path) -> str:
    header = "| variant | change | steps | minutes | dev BLEU (greedy, 500 verses) at 2k / 3k / last |"
    rows = [header + " test BLEU | test chrF |", "|---|---|---|---|---|---|---|"]
    for name, change in VARIANTS.items():
        log = [json.loads(line) for line in (folder / f"{name}.metrics.jsonl").read_text().splitlines()]
        dev = {r["step"]: r["dev_bleu"] for r in log if "dev_bleu" in r}
        minutes = max(r["seconds"] for r in log if "seconds" in r) / 60
        test = json.loads((folder / f"{name}.test.json").read_text())
        scores = test["system"]["scores"]
        at = " / ".join(f"{dev[s]:.1f}" if s in dev else "–" for s in (2000, 3000, max(dev)))
        rows.append(
            f"| {name} | {change} | {test['step']:,} | {minutes:.1f} | {at} | {scores['bleu']:.1f} | "
            f"{scores['chrf']:.1f} |"
        )
    return "\n".join(rows) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench recipes", description=__doc__.splitlines()[0])
    p.add_argument(
        "folder",
        nargs="?",
        type=Path,
        default=Path("bench/recipes"),
        help="the variants' files; README.md goes here",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    folder = parser().parse_args(argv).folder
    text = table(folder)
    (folder / "README.md").write_text(
        "# Recipe experiments, en-es (KJV / Reina-Valera only)\n\n"
        "Made by `bench/recipes.sh` (six runs side by side on one H100, torch 2.11.0+cu130, bf16\n"
        "autocast), table by `python -m bench recipes`. Test: the 719 test-chapter verses, beam 5, alpha\n"
        "0.75, sacrebleu 13a. Every variant ran the same 4,000 steps of 4,096 target tokens except\n"
        "batch16k.\n\n" + text
    )
    print(text, end="")
    return 0
