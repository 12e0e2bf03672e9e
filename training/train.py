"""The training job: `python -m training.train --config CONFIG [--resume] [--max-steps N] [--device D]`.

Teacher forcing with masked, optionally label-smoothed cross-entropy; Adam with warm-up and a
decay schedule; gradient-norm clipping; token-budget batches bucketed by length. Every
`eval_every` steps it measures dev loss, perplexity and greedy BLEU, writes `last.pt` (with
everything needed to resume) and `best.pt` (best dev BLEU), and redraws `curves.png`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from pathlib import Path

import torch

from training import distributed
from training.steps import TrainingError, compiled_token_loss, token_loss
from training.trainer import Trainer
from translator.config import Config, apply_overrides, load_config
from translator.errors import TranslatorError, cli_error
from translator.facade import pick_device

__all__ = ["TrainingError", "Trainer", "compiled_token_loss", "main", "token_loss", "train"]

log = logging.getLogger("training")


def train(
    cfg: Config,
    *,
    cfg_path: str | None = None,
    resume: bool = False,
    device: str | None = None,
    show_progress: bool = True,
) -> Path:
    """Train a model as `cfg` says; returns the run directory."""
    t = cfg.training
    if t.threads > 0:
        torch.set_num_threads(t.threads)
    dev = pick_device(device or t.device)
    ctx = distributed.init(dev.type)
    try:
        trainer = Trainer(cfg, ctx, dev, cfg_path=cfg_path, show_progress=show_progress, resume=resume)
        file_log = logging.FileHandler(trainer.run_dir / "train.log", encoding="utf-8", delay=True)
        file_log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        if ctx.is_main:
            log.addHandler(file_log)
        # The handler must go whatever happens, or later runs in this process log into this file too.
        try:
            resumed = resume and trainer.resume()
            if not resumed and t.init_from:
                trainer.start_from(t.init_from)
            return trainer.run()
        finally:
            log.removeHandler(file_log)
            file_log.close()
    except BaseException as exc:
        # The traceback's finished frames hold the DistributedDataParallel wrapper (as `model`
        # arguments and locals), which must go before the process group: see distributed.shutdown.
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        distributed.shutdown(ctx)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.train", description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True, help="YAML config (see configs/en-es.yaml)")
    p.add_argument("--resume", action="store_true", help="continue from <run_dir>/last.pt")
    p.add_argument("--max-steps", type=int, default=None, help="override training.max_steps")
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default=None, help="override training.device")
    p.add_argument("--run-dir", default=None, help="override training.run_dir")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="SECTION.KEY=VALUE",
        help="override any config key, e.g. --set training.max_minutes=60 (repeatable)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    cfg = None
    try:
        overrides = list(args.set)
        if args.max_steps is not None:
            overrides.append(f"training.max_steps={args.max_steps}")
        if args.run_dir is not None:
            overrides.append(f"training.run_dir={args.run_dir}")
        cfg = apply_overrides(load_config(args.config), overrides)
        if args.device == "cuda" and not torch.cuda.is_available():
            raise TrainingError("--device cuda: no CUDA device is available")
        train(cfg, cfg_path=args.config, resume=args.resume, device=args.device)
    except TranslatorError as exc:
        return cli_error(exc)
    except OSError as exc:  # e.g. the disk filled up during a checkpoint write
        print(f"error: {exc}", file=sys.stderr)
        if cfg is not None and (Path(cfg.training.run_dir) / "last.pt").is_file():
            print(
                f"the last complete checkpoint, {Path(cfg.training.run_dir) / 'last.pt'}, is intact: "
                "fix the problem, then continue with --resume",
                file=sys.stderr,
            )
        return 2
    except KeyboardInterrupt:
        print("interrupted; continue with --resume from the last checkpoint", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
