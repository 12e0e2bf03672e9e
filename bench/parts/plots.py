"""The two plots of the report: results.png (ratios ours / peer against their targets) and scaling.png
(part 6's three sweeps)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

from bench.parts.targets import SERVICE_CLIENTS, ratios

matplotlib.use("Agg")  # files only, no display
import matplotlib.pyplot as plt  # noqa: E402


def plot_ratios(parts: dict[str, Any], path: Path) -> None:
    """Horizontal bars of the ratios ours / peer, green where the target is met, red where not, grey
    where there is none; the target as a black tick on each bar."""
    shown = [r for r in ratios(parts) if r.value is not None]
    values = [r.value for r in shown if r.value is not None]  # all of them: the check narrows the type
    fig, ax = plt.subplots(figsize=(9, 0.5 * max(3, len(shown)) + 1))
    if not shown:
        ax.text(0.5, 0.5, "no ratio measured yet (parts 1-4)", ha="center", transform=ax.transAxes)
    ys = range(len(shown))
    colours = [
        "grey" if r.target is None else ("tab:green" if value >= r.target else "tab:red")
        for r, value in zip(shown, values, strict=True)
    ]
    ax.barh(list(ys), values, color=colours)
    for y, r, value in zip(ys, shown, values, strict=True):
        if r.target is not None:
            ax.plot([r.target, r.target], [y - 0.4, y + 0.4], color="black", linewidth=2)
        ax.text(value, y, f" {value:.2f}x", va="center")
    ax.axvline(1.0, color="black", linewidth=0.8, linestyle=":")
    ax.set_yticks(list(ys), [r.name for r in shown])
    ax.invert_yaxis()
    ax.set_xlabel("ratio (black tick: target)")
    ax.set_title(f"Ours against the peers (service at {SERVICE_CLIENTS} clients)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_scaling(part: dict[str, Any], path: Path) -> None:
    fig, (by_batch, by_length, by_beam) = plt.subplots(1, 3, figsize=(14, 4))
    batch = part["batch"]
    by_batch.plot([r["batch"] for r in batch], [r["seconds"] for r in batch], "o-")
    by_batch.set(xscale="log", yscale="log", xlabel="batch size (sentences)", ylabel="seconds per call")
    by_batch.set_title(f"batch size (beam {part['beam_size']})")
    length = part["length"]
    by_length.plot([r["mean_length"] for r in length], [1000 * r["seconds"] for r in length], "o-")
    by_length.set(xlabel="source length (subwords, bin mean)", ylabel="ms per sentence (alone)")
    by_length.set_title(f"sentence length (beam {part['beam_size']})")
    beam = part["beam"]
    by_beam.plot([r["beam"] for r in beam], [r["seconds"] for r in beam], "o-")
    by_beam.set(xlabel="beam size (1 = greedy)", ylabel="seconds per call")
    by_beam.set_title(f"beam size ({part['beam_batch']} sentences)")
    for ax in (by_batch, by_length, by_beam):
        ax.grid(True, alpha=0.3)
    fig.suptitle("Translator.translate on the shipped en-es model (fp32)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
