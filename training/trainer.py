"""The training loop as a small object: `Trainer(cfg, ...)` builds the model, optimiser and data;
`resume()` continues from the run directory's last.pt; `step()` is one optimiser update; `evaluate_and_save()`
validates and writes checkpoints; `run()` loops until max_steps, max_minutes or early stopping.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import platform
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch
import yaml
from torch.nn.parallel import DistributedDataParallel
from tqdm import tqdm

from training import distributed
from training.augment import TITLE_CASE_KIND, title_case_copies
from training.batching import Batch, BatchStream
from training.corpus import encode_pairs, load_tokenizer, read_kinds, read_split, tag_sources
from training.languages import LANGUAGES_KIND, language_pairs
from training.mixing import Mixer
from training.numerals import NUMERALS_KIND, numeral_pairs
from training.places import PLACES_KIND, held_out_lines, place_pairs
from training.plot import plot_curves
from training.schedule import make_scheduler
from training.steps import (
    AUTOCAST,
    TrainingError,
    compiled_token_loss,
    dev_bleu,
    dev_loss,
    loss_sum,
    rng_state,
    seed_everything,
    set_rng_state,
    token_loss,
    training_precision,
)
from training.verbs import VERBS_KIND, verb_pairs
from translator.checkpoint import Checkpoint, load_checkpoint, resolve_model_file, save_checkpoint
from translator.compiled import compile_model
from translator.config import Config, model_differences, replace
from translator.model import EncoderDecoder

# The synthetic kinds training adds: the training key giving their count, the source kind, the function
# writing (sources, targets) and whether it leaves out the dev and test lines (`held_out`).
SYNTHETIC_KINDS: tuple[tuple[str, str, Callable[..., tuple[list[str], list[str]]], bool], ...] = (
    ("numeral_pairs", NUMERALS_KIND, numeral_pairs, False),
    ("place_pairs", PLACES_KIND, place_pairs, True),
    ("language_pairs", LANGUAGES_KIND, language_pairs, True),
    ("verb_pairs", VERBS_KIND, verb_pairs, True),
)

log = logging.getLogger("training")


def hardware(device: torch.device) -> str:
    """What trains, for the log and the model card: the GPU's or CPU's name, threads and torch."""
    if device.type == "cuda":
        name = torch.cuda.get_device_name(device)
    else:
        cpuinfo = Path("/proc/cpuinfo")
        lines = cpuinfo.read_text(encoding="utf-8").splitlines() if cpuinfo.is_file() else []
        names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
        name = f"CPU {names[0]}" if names else f"CPU {platform.machine()}"
    threads = torch.get_num_threads()
    return f"{name}, {threads} thread{'s' if threads != 1 else ''}, torch {torch.__version__}"


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


class Trainer:
    """One training run of `cfg` on `dev`, as one rank of `ctx` (a single process is a world of one)."""

    def __init__(
        self,
        cfg: Config,
        ctx: distributed.Context,
        dev: torch.device,
        *,
        cfg_path: str | None = None,
        show_progress: bool = True,
        resume: bool = False,
    ) -> None:
        t = cfg.training
        log.setLevel(logging.INFO if ctx.is_main else logging.WARNING)  # only rank 0 reports
        if dev.type == "cuda":
            dev = torch.device("cuda", ctx.local_rank)
            torch.backends.cuda.matmul.allow_tf32 = True
            torch.backends.cudnn.allow_tf32 = True
        self.ctx, self.dev, self.show_progress = ctx, dev, show_progress
        self.tokenizer = tokenizer = load_tokenizer(cfg, cfg_path)
        self.cfg = cfg = replace(
            cfg, "model", src_vocab_size=tokenizer.src_vocab_size, tgt_vocab_size=tokenizer.tgt_vocab_size
        )
        self.run_dir = Path(t.run_dir)

        seed_everything(t.seed)
        self.model = EncoderDecoder(cfg.model).to(dev)
        self.criterion = compiled_token_loss if t.compile else token_loss
        if t.compile:
            compile_model(self.model)
        self.params = sum(p.numel() for p in self.model.parameters())
        if ctx.is_main:
            preflight(self.run_dir, resume, self.params)
        distributed.barrier(ctx)
        self.optimizer = torch.optim.Adam(self.model.parameters(), lr=t.lr)
        self.precision = training_precision(t.precision, dev)
        self.amp_dtype = AUTOCAST[self.precision]
        # Only float16 needs loss scaling; disabled, the scaler passes calls straight through.
        self.scaler = torch.amp.GradScaler(dev.type, enabled=self.amp_dtype == torch.float16)
        self.scheduler = make_scheduler(self.optimizer, t)
        self._load_data(cfg_path)
        self.progress = Progress()
        self.metrics = MetricsLog(self.run_dir / "metrics.jsonl")
        self.train_model: EncoderDecoder | DistributedDataParallel = self.model
        self._window_loss, self._window_tokens = 0.0, 0
        self._window_start = time.perf_counter()
        self._bar: tqdm | None = None

    def _load_data(self, cfg_path: str | None) -> None:
        cfg, t = self.cfg, self.cfg.training
        train_src, train_tgt = read_split(cfg, "train", cfg_path)
        self.dev_src, self.dev_tgt = read_split(cfg, "dev", cfg_path)
        kinds = read_kinds(cfg, "train")
        self.title_case_copies = 0
        if t.title_case_kinds:
            if kinds is None:
                raise TrainingError(
                    f"training.title_case_kinds: {cfg.data.dir} has no train.origin "
                    "to tell source kinds apart"
                )
            added = title_case_copies(
                train_src, train_tgt, kinds, t.title_case_kinds, cfg.data.src_lang, t.title_case_max_words
            )
            self.title_case_copies = len(added[0])
            train_src, train_tgt, kinds = train_src + added[0], train_tgt + added[1], kinds + added[2]
        held_out: set[str] | None = None  # the dev and test lines (SYNTHETIC_KINDS that leave them out)
        for key, kind, write, leaves_out in SYNTHETIC_KINDS:
            count = getattr(t, key)
            if not count:
                continue
            if kinds is None:
                raise TrainingError(
                    f"training.{key}: {cfg.data.dir} has no train.origin to tell source kinds apart"
                )
            if leaves_out and held_out is None:  # read once for every kind that leaves them out
                if not any(Path(cfg.data.dir).glob("test*.*")):
                    raise TrainingError(
                        f"training.{key}: {cfg.data.dir} has no test split (test*.{cfg.data.src_lang}) whose "
                        "lines the synthetic pairs must leave out; bring the dev-* and test-* files with "
                        "the corpus (docs/training.md)"
                    )
                held_out = held_out_lines(Path(cfg.data.dir))
            extra = {"held_out": held_out} if leaves_out else {}
            src, tgt = write(count, cfg.data.src_lang, t.seed, **extra)
            train_src, train_tgt, kinds = train_src + src, train_tgt + tgt, kinds + [kind] * len(src)
        train_src = tag_sources(train_src, kinds, t.source_tags)
        self.dev_src = tag_sources(self.dev_src, read_kinds(cfg, "dev"), t.source_tags)
        encoded = encode_pairs(self.tokenizer, train_src, train_tgt)
        keep = [i for i, (s, g) in enumerate(encoded) if len(s) <= t.max_len and len(g) + 1 <= t.max_len]
        self.train_pairs = [encoded[i] for i in keep]
        if not self.train_pairs:
            raise TrainingError(
                f"{cfg.data.dir}: no training pair has at most training.max_len={t.max_len} subwords a side"
            )
        self.dev_pairs = encode_pairs(self.tokenizer, self.dev_src, self.dev_tgt)
        self.mixer = None
        if kinds is not None:
            if len(kinds) != len(encoded):
                raise TrainingError(f"{cfg.data.dir}: train.origin does not have a line per train pair")
            self.mixer = Mixer([kinds[i] for i in keep], t.source_weights, t.temperature, t.seed)
        sampler = self.mixer.epoch if self.mixer is not None else None
        self.stream = BatchStream(
            self.train_pairs, t.batch_tokens, t.seed, self.ctx.rank, self.ctx.world_size, sampler
        )

    def _check_fits(self, ckpt: Checkpoint, action: str) -> None:
        """`ckpt` has this run's model settings and tokenizer, or TrainingError says what differs."""
        cfg = self.cfg
        differ = "; ".join(model_differences(ckpt.config.model, cfg.model))
        if differ:
            raise TrainingError(
                f"{ckpt.path}: was trained with a different model config ({differ}); cannot {action}"
            )
        if (ckpt.tokenizer.src_proto, ckpt.tokenizer.tgt_proto) != (
            self.tokenizer.src_proto,
            self.tokenizer.tgt_proto,
        ):
            hint = (
                "prepare the data with tokenizer.from_model set to it"
                if action == "start from it"
                else "was the data prepared again?"
            )
            raise TrainingError(
                f"{ckpt.path}: was trained with a different tokenizer than the one in {cfg.data.dir} "
                f"({hint}); cannot {action}"
            )

    def start_from(self, model: str | Path) -> None:
        """Begin with a trained model's weights (training.init_from); all else starts afresh."""
        ckpt = load_checkpoint(resolve_model_file(model), map_location=self.dev)
        self._check_fits(ckpt, "start from it")
        # Exported models hold float16 weights: load_state_dict copies them into the float32 parameters.
        self.model.load_state_dict(ckpt.model_state)
        log.info("starting from the weights of %s (its step %d)", ckpt.path, ckpt.step)

    def resume(self) -> bool:
        """Continue from last.pt: weights, optimiser, schedule, data position, progress and RNG state.
        Returns False (and changes nothing) where the run has no last.pt yet."""
        last = self.run_dir / "last.pt"
        if not last.exists():
            return False
        ckpt = load_checkpoint(last, map_location=self.dev)
        self._check_fits(ckpt, "resume")
        if ckpt.training is None:
            raise TrainingError(f"{last}: holds no training state; cannot resume")
        self.model.load_state_dict(ckpt.model_state)
        self.optimizer.load_state_dict(ckpt.training["optimizer"])
        self.scheduler.load_state_dict(ckpt.training["scheduler"])
        self.stream.load_state_dict(ckpt.training["data"])
        self.progress = Progress(**ckpt.training["progress"])
        set_rng_state(ckpt.training["rng"])
        if self.ctx.is_main:
            self.metrics.truncate_after(self.progress.step)
        log.info("resumed from %s at step %d", last, self.progress.step)
        return True

    def step(self, batches: Iterator[Batch]) -> None:
        """One optimiser update over `accumulate` micro-batches; logs every log_every steps."""
        t, ctx = self.cfg.training, self.ctx
        micro_batches = [next(batches).to(self.dev) for _ in range(t.accumulate)]
        local_tokens = sum(b.n_tokens for b in micro_batches)
        global_tokens = distributed.sum_int(local_tokens, ctx)
        self.optimizer.zero_grad(set_to_none=True)
        for i, batch in enumerate(micro_batches):
            # DDP all-reduces gradients once per step, on the last micro-batch.
            last_micro = i == len(micro_batches) - 1
            no_sync = (
                self.train_model.no_sync()
                if isinstance(self.train_model, DistributedDataParallel) and not last_micro
                else contextlib.nullcontext()
            )
            with no_sync:
                autocast = self.amp_dtype is not None
                with torch.autocast(self.dev.type, dtype=self.amp_dtype, enabled=autocast):
                    loss = loss_sum(self.train_model, batch, t.label_smoothing, self.criterion)
                # DDP's gradient all-reduce runs inside backward: a rank gone shows up here.
                with distributed.collective(ctx, syncs=last_micro):
                    self.scaler.scale(loss * ctx.world_size / global_tokens).backward()
            self._window_loss += loss.item()
        self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), t.clip_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.scheduler.step()
        self.progress.step += 1
        self._window_tokens += global_tokens
        if self.progress.step % t.log_every == 0:
            self._log_window()

    def _log_window(self) -> None:
        elapsed = time.perf_counter() - self._window_start
        mean = distributed.sum_float(self._window_loss, self.ctx) / self._window_tokens
        record = {
            "step": self.progress.step,
            "train_loss": mean,
            "train_ppl": math.exp(min(mean, 50)),
            "lr": self.scheduler.get_last_lr()[0],
            "tokens_per_s": self._window_tokens / elapsed,
            "epoch": self.stream.epoch,
            "seconds": self.progress.train_seconds,
        }
        if self.ctx.is_main:
            self.metrics.write(record)
        if self._bar is not None:
            self._bar.set_postfix(
                loss=f"{mean:.3f}", lr=f"{record['lr']:.2e}", tok_s=f"{record['tokens_per_s']:.0f}"
            )
        self._window_loss, self._window_tokens = 0.0, 0
        self._window_start = time.perf_counter()

    def evaluate_and_save(self) -> bool:
        """Dev loss and greedy BLEU, last.pt (and best.pt when BLEU improved), the curves; returns True
        when early stopping says to stop."""
        cfg, t, progress = self.cfg, self.cfg.training, self.progress
        loss = dev_loss(self.model, self.dev_pairs, cfg.decoding.batch_tokens, self.dev)
        n = t.eval_sentences
        bleu = dev_bleu(self.model, self.tokenizer, cfg, self.dev_src[:n], self.dev_tgt[:n])
        record = {
            "step": progress.step,
            "dev_loss": loss,
            "dev_ppl": math.exp(min(loss, 50)),
            "dev_bleu": bleu,
        }
        self.metrics.write(record)
        improved = bleu > progress.best_bleu
        if improved:
            progress.best_bleu, progress.bad_evals = bleu, 0
        else:
            progress.bad_evals += 1
        common: dict[str, Any] = dict(config=cfg, tokenizer=self.tokenizer, step=progress.step)
        state = self.model.state_dict()
        if improved:
            save_checkpoint(self.run_dir / "best.pt", model_state=state, metrics=record, **common)
        if t.keep_checkpoints > 0:
            self._keep(state, record, common)
        save_checkpoint(
            self.run_dir / "last.pt",
            model_state=state,
            metrics=record,
            training={
                "optimizer": self.optimizer.state_dict(),
                "scheduler": self.scheduler.state_dict(),
                "data": self.stream.state_dict(),
                "progress": vars(progress),
                "rng": rng_state(),
            },
            **common,
        )
        plot_curves(
            self.metrics.path, self.run_dir / "curves.png", title=f"{cfg.data.src_lang}→{cfg.data.tgt_lang}"
        )
        tqdm.write(
            f"step {progress.step}: dev loss {loss:.3f}, ppl {record['dev_ppl']:.1f}, BLEU {bleu:.2f}"
            + (" (best)" if improved else f" (best {progress.best_bleu:.2f})")
        )
        return t.patience > 0 and progress.bad_evals >= t.patience

    def _keep(self, state: dict[str, torch.Tensor], record: dict, common: dict) -> None:
        """step-NNNNNNN.pt holds this validation's weights; only the newest keep_checkpoints stay."""
        save_checkpoint(
            self.run_dir / f"step-{self.progress.step:07d}.pt", model_state=state, metrics=record, **common
        )
        kept = sorted(self.run_dir.glob("step-*.pt"))
        for old in kept[: max(0, len(kept) - self.cfg.training.keep_checkpoints)]:
            old.unlink()

    def run(self) -> Path:
        """Train until max_steps, max_minutes or early stopping; returns the run directory."""
        cfg, t, ctx, progress = self.cfg, self.cfg.training, self.ctx, self.progress
        if ctx.rank > 0:
            # Different dropout masks per rank; rank 0 keeps the saved stream for exact resumption.
            torch.manual_seed(t.seed + 7919 * ctx.rank + progress.step)
        # DDP averages gradients over ranks; the loss is scaled so that the result is the gradient of the
        # summed loss over all ranks' tokens divided by their total, as in one process.
        self.train_model = DistributedDataParallel(self.model) if ctx.enabled else self.model
        if ctx.is_main:
            (self.run_dir / "config.yaml").write_text(
                yaml.safe_dump(cfg.to_dict(), sort_keys=False), encoding="utf-8"
            )
        log.info(
            "model %s: %d parameters; %d train pairs, %d dev pairs; device %s",
            cfg.model.rnn,
            self.params,
            len(self.train_pairs),
            len(self.dev_pairs),
            self.dev,
        )
        # With the precision `auto` resolved to (it differs by machine), for the model card.
        log.info("hardware: %s, %s", hardware(self.dev), self.precision)
        if t.title_case_kinds:
            log.info(
                "title-case copies: %d pairs of %s added as kind %s",
                self.title_case_copies,
                ", ".join(t.title_case_kinds),
                TITLE_CASE_KIND,
            )
        for key, kind, _, _ in SYNTHETIC_KINDS:
            if count := getattr(t, key):
                log.info("%s: %d synthetic pairs added as kind %s", key.replace("_", " "), count, kind)
        if self.mixer is not None:
            for kind, mix in self.mixer.describe().items():
                log.info("source %s: %d pairs, %.1f%% of an epoch", kind, mix["pairs"], 100 * mix["share"])
        self.model.train()
        self._bar = tqdm(
            total=t.max_steps,
            initial=progress.step,
            disable=not (self.show_progress and ctx.is_main),
            unit="step",
            dynamic_ncols=True,
        )
        self._window_start = session_start = time.perf_counter()
        start_seconds = progress.train_seconds
        stop = False
        batches = iter(self.stream)
        while progress.step < t.max_steps and not stop:
            self.step(batches)
            self._bar.update(1)
            progress.train_seconds = start_seconds + time.perf_counter() - session_start
            out_of_time = t.max_minutes > 0 and progress.train_seconds >= t.max_minutes * 60
            due = progress.step % t.eval_every == 0 or progress.step == t.max_steps or out_of_time
            if distributed.any_true(due, ctx):
                early_stop = self.evaluate_and_save() if ctx.is_main else False
                stop = distributed.any_true(early_stop or out_of_time, ctx)
                self._window_start = time.perf_counter()
        self._bar.close()
        if not distributed.parameters_in_sync(self.model, ctx):
            raise TrainingError("parameters differ between ranks after training; the run is not consistent")
        if ctx.enabled:
            log.info("parameters identical on all %d ranks", ctx.world_size)
        log.info(
            "done at step %d; best dev BLEU %.2f; run directory %s",
            progress.step,
            progress.best_bleu,
            self.run_dir,
        )
        return self.run_dir
