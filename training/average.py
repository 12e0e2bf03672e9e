"""Checkpoint averaging: the element-wise mean of the weights of several checkpoints of one run.

The last few validations of a run sit around the same optimum; their mean is usually a little better than
any one of them. Training keeps them when `training.keep_checkpoints` is above 0 (step-NNNNNNN.pt in the
run directory).

    python -m training.average --run runs/general-en-es --last 5 --out runs/general-en-es/averaged.pt
    python -m training.average --out averaged.pt runs/x/step-0010000.pt runs/x/step-0011000.pt

The result is a checkpoint like best.pt (no optimiser state): evaluate it, or export it with
`python -m translator export`. Checkpoints of different runs of one model (a fine-tuned model and the
model it started from, say) average too; the result records each one's run and step.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch

from translator.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from translator.config import model_differences
from translator.errors import TranslatorError, cli_error


def average_checkpoints(paths: Sequence[str | Path], out: str | Path) -> Path:
    """Write the mean of the checkpoints' weights to `out`; they must share tokenizer and model config (but
    for `translator.config.WEIGHTLESS_MODEL_KEYS`: dropout may differ).
        Its config, tokenizer and step are those of the last checkpoint named (`last_kept` lists a run's
        newest last); its metrics name the run and step of each checkpoint averaged (`averaged_from`), and
    what a checkpoint that was a mean itself was the mean of."""
    if not paths:
        raise CheckpointError("no checkpoints to average")
    checkpoints = [load_checkpoint(p) for p in paths]
    last, first = checkpoints[-1], checkpoints[0]
    for c in checkpoints[1:]:
        differ = model_differences(first.config.model, c.config.model)
        if differ:
            raise CheckpointError(
                f"{c.path}: model config differs from {first.path}'s ({'; '.join(differ)}); "
                "cannot average them"
            )
        if (c.tokenizer.src_proto, c.tokenizer.tgt_proto) != (
            first.tokenizer.src_proto,
            first.tokenizer.tgt_proto,
        ):
            raise CheckpointError(f"{c.path}: tokenizer differs from {first.path}'s; cannot average them")
    states = [c.model_state for c in checkpoints]
    averaged: dict[str, torch.Tensor] = {}
    shared: dict[int, torch.Tensor] = {}  # tied weights appear under several names: average each storage once
    for name, tensor in states[0].items():
        key = tensor.data_ptr()
        if key not in shared:
            if tensor.is_floating_point():
                total = torch.zeros_like(tensor, dtype=torch.float64)
                for state in states:
                    total += state[name].to(torch.float64)
                shared[key] = (total / len(states)).to(tensor.dtype)
            else:
                shared[key] = tensor
        averaged[name] = shared[key]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(
        out,
        model_state=averaged,
        config=last.config,
        tokenizer=last.tokenizer,
        step=last.step,
        metrics={"averaged_from": [_entry(c) for c in checkpoints]},
    )
    return out


def averaged_from(checkpoint: Checkpoint) -> list[dict[str, Any]]:
    """The checkpoints a mean was made of, each {"run", "step"} and, where it was a mean itself, its own
    "averaged_from"; [] for a checkpoint that is not a mean. Files written before the runs were recorded
    hold only "averaged_steps", all of the checkpoint's own run."""
    items = checkpoint.metrics.get("averaged_from")
    if items:
        return list(items)
    run = checkpoint.config.training.run_dir
    return [{"run": run, "step": step} for step in checkpoint.metrics.get("averaged_steps") or []]


def _entry(checkpoint: Checkpoint) -> dict[str, Any]:
    entry: dict[str, Any] = {"run": checkpoint.config.training.run_dir, "step": checkpoint.step}
    if inner := averaged_from(checkpoint):
        entry["averaged_from"] = inner
    return entry


def last_kept(run_dir: str | Path, n: int) -> list[Path]:
    """The newest n step-NNNNNNN.pt files of a run directory."""
    kept = sorted(Path(run_dir).glob("step-*.pt"))
    if not kept:
        raise CheckpointError(
            f"{run_dir}: no step-*.pt checkpoints (train with training.keep_checkpoints above 0)"
        )
    return kept[-n:]


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m training.average", description=__doc__.splitlines()[0])
    p.add_argument("checkpoints", nargs="*", help="checkpoint files to average")
    p.add_argument("--run", help="a run directory: average its newest --last step-*.pt checkpoints")
    p.add_argument("--last", type=int, default=5, help="how many of the run's kept checkpoints (default 5)")
    p.add_argument("--out", required=True, help="where to write the averaged checkpoint")
    args = p.parse_args(argv)
    if bool(args.run) == bool(args.checkpoints):
        p.error("give either --run DIR or checkpoint files")
    if args.last < 1:
        p.error("--last must be at least 1")
    try:
        paths = last_kept(args.run, args.last) if args.run else args.checkpoints
        out = average_checkpoints(paths, args.out)
    except TranslatorError as exc:
        return cli_error(exc)
    print(f"{out}: mean of {len(paths)} checkpoints ({', '.join(str(p) for p in paths)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
