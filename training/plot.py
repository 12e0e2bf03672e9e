"""The training-curve PNG: train/dev loss, perplexity and dev BLEU against steps."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on training machines
import matplotlib.pyplot as plt  # noqa: E402


def read_metrics(path: str | Path) -> list[dict]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _series(records: list[dict], key: str) -> tuple[list[int], list[float]]:
    points = [(r["step"], r[key]) for r in records if key in r]
    return [p[0] for p in points], [p[1] for p in points]


def plot_curves(metrics_path: str | Path, out_path: str | Path, title: str = "") -> None:
    records = read_metrics(metrics_path)
    fig, axes = plt.subplots(1, 3, figsize=(15, 4))
    for key, label in (("train_loss", "train (label-smoothed)"), ("dev_loss", "dev")):
        axes[0].plot(*_series(records, key), label=label)
    axes[0].set_title("loss (cross-entropy, nats/token)")
    for key, label in (("train_ppl", "train"), ("dev_ppl", "dev")):
        axes[1].plot(*_series(records, key), label=label)
    axes[1].set_yscale("log")
    axes[1].set_title("perplexity")
    axes[2].plot(*_series(records, "dev_bleu"), marker="o", color="tab:green")
    axes[2].set_title("dev BLEU (greedy)")
    for ax in axes:
        ax.set_xlabel("step")
        ax.grid(alpha=0.3)
    axes[0].legend()
    axes[1].legend()
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(out_path, dpi=90)
    plt.close(fig)
