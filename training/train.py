"""The training job: `python -m training.train --config CONFIG [--resume] [--max-steps N] [--device D]`.

Teacher forcing with masked, optionally label-smoothed cross-entropy; Adam with warm-up and a
decay schedule; gradient-norm clipping; token-budget batches bucketed by length. Every
`eval_every` steps it measures dev loss, perplexity and greedy BLEU, writes `last.pt` (with
everything needed to resume) and `best.pt` (best dev BLEU), and redraws `curves.png`.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import logging
import math
import random
import shutil
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
import torch.nn.functional as F
import yaml
from torch.nn.parallel import DistributedDataParallel
from tqdm import tqdm

from training import distributed
from training.batching import Batch, BatchStream, collate
from training.corpus import (
    DataMissingError,
    encode_pairs,
    load_tokenizer,
    read_kinds,
    read_split,
    tag_sources,
)
from training.mixing import Mixer
from training.plot import plot_curves
from training.schedule import make_scheduler
from training.scoring import score
from translator.checkpoint import CheckpointError, load_checkpoint, save_checkpoint
from translator.compiled import CompiledOrEager, compile_model
from translator.config import Config, ConfigError, apply_overrides, load_config, replace
from translator.facade import Translator, length_batches, pick_device
from translator.model import EncoderDecoder
from translator.tokenizer import PAD_ID, Tokenizer

log = logging.getLogger("training")


class TrainingError(RuntimeError):
    """A problem found before or during training, stated for the user."""


@dataclass
class Progress:
    step: int = 0
    best_bleu: float = -1.0
    bad_evals: int = 0
    train_seconds: float = 0.0


def preflight(run_dir: Path, resume: bool, params: int) -> None:
    """Fail now, not after an hour: the run directory must be writable, have room, and not hold
    another run's checkpoints unless resuming."""
    try:
        run_dir.mkdir(parents=True, exist_ok=True)
        probe = run_dir / ".write-test"
        probe.write_bytes(b"0" * 4096)
        probe.unlink()
    except OSError as exc:
        raise TrainingError(f"{run_dir}: run directory is not writable ({exc.strerror})") from None
    # last.pt (weights + two Adam moments), best.pt, and a temporary copy during each write.
    needed = params * 4 * 6 + (50 << 20)
    free = shutil.disk_usage(run_dir).free
    if free < needed:
        raise TrainingError(
            f"{run_dir}: only {free >> 20} MiB free, checkpoints need about {needed >> 20} MiB"
        )
    if not resume and (run_dir / "last.pt").exists():
        raise TrainingError(
            f"{run_dir}: already holds a run (last.pt); pass --resume to continue it, "
            "or set training.run_dir to a new directory"
        )


def autocast_dtype(precision: str, device: torch.device) -> torch.dtype | None:
    """The autocast dtype for training, or None for plain float32."""
    if precision == "auto":
        return torch.bfloat16 if device.type == "cuda" else None
    if precision == "fp16" and device.type != "cuda":
        raise TrainingError("training.precision fp16 needs a CUDA device (use bf16 or fp32 on CPU)")
    return {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}[precision]


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)


def rng_state() -> dict:
    state = {"torch": torch.get_rng_state(), "python": random.getstate()}
    if torch.cuda.is_available():
        state["cuda"] = torch.cuda.get_rng_state_all()
    return state


def set_rng_state(state: dict) -> None:
    torch.set_rng_state(state["torch"])
    random.setstate(state["python"])
    if "cuda" in state and torch.cuda.is_available():
        torch.cuda.set_rng_state_all(state["cuda"])


def token_loss(logits: torch.Tensor, targets: torch.Tensor, label_smoothing: float) -> torch.Tensor:
    """Summed cross-entropy in float32. logits: (tokens, vocab), targets: (tokens,), PAD_ID ignored."""
    return F.cross_entropy(
        logits.float(), targets, ignore_index=PAD_ID, label_smoothing=label_smoothing, reduction="sum"
    )


# Fused by torch.compile, the softmax, loss and gradient make one pass over the (tokens, vocab)
# logits instead of four: 86 -> 36 ms per update of the speed preset on two threads (PROFILE.md).
compiled_token_loss = CompiledOrEager(token_loss)


def loss_sum(
    model: EncoderDecoder, batch: Batch, label_smoothing: float, criterion: Callable = token_loss
) -> torch.Tensor:
    """Summed cross-entropy over the real target tokens (padding masked)."""
    logits = model(batch.src, batch.src_lengths, batch.tgt_in)
    return criterion(logits.reshape(-1, logits.size(-1)), batch.tgt_out.reshape(-1), label_smoothing)


@torch.no_grad()
def dev_loss(model: EncoderDecoder, pairs: list, batch_tokens: int, device: torch.device) -> float:
    """Mean per-token cross-entropy on the dev pairs, without label smoothing."""
    model.eval()
    total, tokens = 0.0, 0
    lengths = [max(len(s), len(t) + 1) for s, t in pairs]
    for indices in length_batches(lengths, batch_tokens):
        batch = collate([pairs[i] for i in indices]).to(device)
        total += float(loss_sum(model, batch, 0.0))
        tokens += batch.n_tokens
    model.train()
    return total / max(1, tokens)


def dev_bleu(
    model: EncoderDecoder, tokenizer: Tokenizer, cfg: Config, src: list[str], ref: list[str]
) -> float:
    model.eval()
    hyps = [t.text for t in Translator(model, tokenizer, cfg, {}).translate(src, decode="greedy")]
    model.train()
    return score(hyps, [ref]).bleu


class MetricsLog:
    """metrics.jsonl: one JSON object per line, appended and flushed as training goes."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def write(self, record: dict) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")

    def truncate_after(self, step: int) -> None:
        """On resume, drop records written after the checkpoint so curves do not double back."""
        if self.path.exists():
            lines = self.path.read_text(encoding="utf-8").splitlines()
            kept = [line for line in lines if line.strip() and json.loads(line)["step"] <= step]
            self.path.write_text("".join(line + "\n" for line in kept), encoding="utf-8")


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
        return _train(cfg, ctx, dev, cfg_path=cfg_path, resume=resume, show_progress=show_progress)
    except BaseException as exc:
        # The traceback's finished frames hold the DistributedDataParallel wrapper (as `model`
        # arguments and locals), which must go before the process group: see distributed.shutdown.
        traceback.clear_frames(exc.__traceback__)
        raise
    finally:
        distributed.shutdown(ctx)


def _train(
    cfg: Config,
    ctx: distributed.Context,
    dev: torch.device,
    *,
    cfg_path: str | None,
    resume: bool,
    show_progress: bool,
) -> Path:
    t = cfg.training
    log.setLevel(logging.INFO if ctx.is_main else logging.WARNING)  # only rank 0 reports
    if dev.type == "cuda":
        dev = torch.device("cuda", ctx.local_rank)
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    tokenizer = load_tokenizer(cfg, cfg_path)
    cfg = replace(
        cfg, "model", src_vocab_size=tokenizer.src_vocab_size, tgt_vocab_size=tokenizer.tgt_vocab_size
    )
    run_dir = Path(t.run_dir)

    seed_everything(t.seed)
    model = EncoderDecoder(cfg.model).to(dev)
    criterion = compiled_token_loss if t.compile else token_loss
    if t.compile:
        compile_model(model)
    params = sum(p.numel() for p in model.parameters())
    if ctx.is_main:
        preflight(run_dir, resume, params)
    distributed.barrier(ctx)
    optimizer = torch.optim.Adam(model.parameters(), lr=t.lr)
    amp_dtype = autocast_dtype(t.precision, dev)
    # Only float16 needs loss scaling; disabled, the scaler passes calls straight through.
    scaler = torch.amp.GradScaler(dev.type, enabled=amp_dtype == torch.float16)
    scheduler = make_scheduler(optimizer, t)

    train_src, train_tgt = read_split(cfg, "train", cfg_path)
    dev_src, dev_tgt = read_split(cfg, "dev", cfg_path)
    kinds = read_kinds(cfg, "train")
    train_src = tag_sources(train_src, kinds, t.source_tags)
    dev_src = tag_sources(dev_src, read_kinds(cfg, "dev"), t.source_tags)
    encoded = encode_pairs(tokenizer, train_src, train_tgt)
    keep = [i for i, (s, g) in enumerate(encoded) if len(s) <= t.max_len and len(g) + 1 <= t.max_len]
    train_pairs = [encoded[i] for i in keep]
    dev_pairs = encode_pairs(tokenizer, dev_src, dev_tgt)
    mixer = None
    if kinds is not None:
        if len(kinds) != len(encoded):
            raise TrainingError(f"{cfg.data.dir}: train.origin does not have a line per train pair")
        mixer = Mixer([kinds[i] for i in keep], t.source_weights, t.temperature, t.seed)
        for kind, mix in mixer.describe().items():
            log.info("source %s: %d pairs, %.1f%% of an epoch", kind, mix["pairs"], 100 * mix["share"])
    sampler = mixer.epoch if mixer is not None else None
    stream = BatchStream(train_pairs, t.batch_tokens, t.seed, ctx.rank, ctx.world_size, sampler)
    progress = Progress()
    metrics = MetricsLog(run_dir / "metrics.jsonl")
    file_log = logging.FileHandler(run_dir / "train.log", encoding="utf-8", delay=True)
    file_log.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    if ctx.is_main:
        log.addHandler(file_log)
    # The handler must go whatever happens, or later runs in this process log into this file too.
    try:
        last = run_dir / "last.pt"
        if resume and last.exists():
            ckpt = load_checkpoint(last, map_location=dev)
            if ckpt.config.model != cfg.model:
                differ = "; ".join(
                    f"model.{f.name}: checkpoint {getattr(ckpt.config.model, f.name)!r}, "
                    f"config {getattr(cfg.model, f.name)!r}"
                    for f in dataclasses.fields(cfg.model)
                    if getattr(ckpt.config.model, f.name) != getattr(cfg.model, f.name)
                )
                raise TrainingError(
                    f"{last}: was trained with a different model config ({differ}); cannot resume"
                )
            if (ckpt.tokenizer.src_proto, ckpt.tokenizer.tgt_proto) != (
                tokenizer.src_proto,
                tokenizer.tgt_proto,
            ):
                raise TrainingError(
                    f"{last}: was trained with a different tokenizer than the one in {cfg.data.dir} "
                    "(was the data prepared again?); cannot resume"
                )
            if ckpt.training is None:
                raise TrainingError(f"{last}: holds no training state; cannot resume")
            model.load_state_dict(ckpt.model_state)
            optimizer.load_state_dict(ckpt.training["optimizer"])
            scheduler.load_state_dict(ckpt.training["scheduler"])
            stream.load_state_dict(ckpt.training["data"])
            progress = Progress(**ckpt.training["progress"])
            set_rng_state(ckpt.training["rng"])
            if ctx.is_main:
                metrics.truncate_after(progress.step)
            log.info("resumed from %s at step %d", last, progress.step)
        if ctx.rank > 0:
            # Different dropout masks per rank; rank 0 keeps the saved stream for exact resumption.
            torch.manual_seed(t.seed + 7919 * ctx.rank + progress.step)
        # DDP averages gradients over ranks; the loss below is scaled so the result is the gradient
        # of the summed loss over all ranks' tokens divided by their total, as in one process.
        train_model = DistributedDataParallel(model) if ctx.enabled else model

        if ctx.is_main:
            (run_dir / "config.yaml").write_text(
                yaml.safe_dump(cfg.to_dict(), sort_keys=False), encoding="utf-8"
            )
        log.info(
            "model %s: %d parameters; %d train pairs, %d dev pairs; device %s",
            cfg.model.rnn,
            params,
            len(train_pairs),
            len(dev_pairs),
            dev,
        )

        def evaluate_and_save() -> bool:
            """Returns True when early stopping says to stop."""
            loss = dev_loss(model, dev_pairs, cfg.decoding.batch_tokens, dev)
            n = t.eval_sentences
            bleu = dev_bleu(model, tokenizer, cfg, dev_src[:n], dev_tgt[:n])
            record = {
                "step": progress.step,
                "dev_loss": loss,
                "dev_ppl": math.exp(min(loss, 50)),
                "dev_bleu": bleu,
            }
            metrics.write(record)
            improved = bleu > progress.best_bleu
            if improved:
                progress.best_bleu, progress.bad_evals = bleu, 0
            else:
                progress.bad_evals += 1
            common = dict(config=cfg, tokenizer=tokenizer, step=progress.step)
            state = model.state_dict()
            if improved:
                save_checkpoint(run_dir / "best.pt", model_state=state, metrics=record, **common)
            save_checkpoint(
                last,
                model_state=state,
                metrics=record,
                training={
                    "optimizer": optimizer.state_dict(),
                    "scheduler": scheduler.state_dict(),
                    "data": stream.state_dict(),
                    "progress": vars(progress),
                    "rng": rng_state(),
                },
                **common,
            )
            plot_curves(
                metrics.path, run_dir / "curves.png", title=f"{cfg.data.src_lang}→{cfg.data.tgt_lang}"
            )
            tqdm.write(
                f"step {progress.step}: dev loss {loss:.3f}, ppl {record['dev_ppl']:.1f}, BLEU {bleu:.2f}"
                + (" (best)" if improved else f" (best {progress.best_bleu:.2f})")
            )
            return t.patience > 0 and progress.bad_evals >= t.patience

        model.train()
        bar = tqdm(
            total=t.max_steps,
            initial=progress.step,
            disable=not (show_progress and ctx.is_main),
            unit="step",
            dynamic_ncols=True,
        )
        window_loss, window_global_tokens = 0.0, 0
        window_start = time.perf_counter()
        session_start = time.perf_counter()
        start_seconds = progress.train_seconds
        stop = False
        batches = iter(stream)
        while progress.step < t.max_steps and not stop:
            micro_batches = [next(batches).to(dev) for _ in range(t.accumulate)]
            local_tokens = sum(b.n_tokens for b in micro_batches)
            global_tokens = distributed.sum_int(local_tokens, ctx)
            optimizer.zero_grad(set_to_none=True)
            for i, batch in enumerate(micro_batches):
                # DDP all-reduces gradients once per step, on the last micro-batch.
                last_micro = i == len(micro_batches) - 1
                with contextlib.nullcontext() if last_micro or not ctx.enabled else train_model.no_sync():
                    with torch.autocast(dev.type, dtype=amp_dtype, enabled=amp_dtype is not None):
                        loss = loss_sum(train_model, batch, t.label_smoothing, criterion)
                    # DDP's gradient all-reduce runs inside backward: a rank gone shows up here.
                    with distributed.collective(ctx, syncs=last_micro):
                        scaler.scale(loss * ctx.world_size / global_tokens).backward()
                window_loss += loss.item()
            scaler.unscale_(optimizer)
            torch.nn.utils.clip_grad_norm_(model.parameters(), t.clip_norm)
            scaler.step(optimizer)
            scaler.update()
            scheduler.step()
            progress.step += 1
            bar.update(1)
            window_global_tokens += global_tokens
            progress.train_seconds = start_seconds + time.perf_counter() - session_start

            if progress.step % t.log_every == 0:
                elapsed = time.perf_counter() - window_start
                mean = distributed.sum_float(window_loss, ctx) / window_global_tokens
                record = {
                    "step": progress.step,
                    "train_loss": mean,
                    "train_ppl": math.exp(min(mean, 50)),
                    "lr": scheduler.get_last_lr()[0],
                    "tokens_per_s": window_global_tokens / elapsed,
                    "epoch": stream.epoch,
                    "seconds": progress.train_seconds,
                }
                if ctx.is_main:
                    metrics.write(record)
                bar.set_postfix(
                    loss=f"{mean:.3f}", lr=f"{record['lr']:.2e}", tok_s=f"{record['tokens_per_s']:.0f}"
                )
                window_loss, window_global_tokens = 0.0, 0
                window_start = time.perf_counter()

            out_of_time = t.max_minutes > 0 and progress.train_seconds >= t.max_minutes * 60
            due = progress.step % t.eval_every == 0 or progress.step == t.max_steps or out_of_time
            if distributed.any_true(due, ctx):
                early_stop = evaluate_and_save() if ctx.is_main else False
                stop = distributed.any_true(early_stop or out_of_time, ctx)
                window_start = time.perf_counter()
        bar.close()
        if not distributed.parameters_in_sync(model, ctx):
            raise TrainingError("parameters differ between ranks after training; the run is not consistent")
        if ctx.enabled:
            log.info("parameters identical on all %d ranks", ctx.world_size)
        log.info(
            "done at step %d; best dev BLEU %.2f; run directory %s",
            progress.step,
            progress.best_bleu,
            run_dir,
        )
    finally:
        log.removeHandler(file_log)
        file_log.close()
    return run_dir


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
    except (
        ConfigError,
        TrainingError,
        DataMissingError,
        CheckpointError,
        ValueError,
        distributed.CollectiveError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
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
