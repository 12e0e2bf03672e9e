"""Runs a peer toolkit inside its own virtual environment, instrumented for the harness.

This file is executed by a peer venv's python (`bench/.venv-joey/bin/python driver.py ...`), never
imported by the project: it may use only the standard library, torch and the peer itself.

    driver.py train joey|onmt [--minutes M] [--threads T] -- PEER-ARGS...
    driver.py translate joey|onmt [--threads T] -- PEER-ARGS...
    driver.py params CHECKPOINT

It patches the peer's training step to print one marker line per update on stderr,
`@@peers {"step": n, "t": unix time, "tgt_tokens": target tokens incl. EOS, "sents": sentences}`,
so the harness computes throughput from exact token counts and one clock, whatever the peer logs.
With --minutes the peer stops cleanly at the first update boundary after that much training
time (counted from its first update, so start-up is not part of the budget) and saves its model
as it does at the end of a normal run. Translation prints `@@peers {"decode_seconds": s}`: the
time the peer spent translating, without interpreter start-up and model loading.
"""

from __future__ import annotations

import argparse
import json
import runpy
import sys
import time
from pathlib import Path

# Python put this file's folder first on sys.path, where bench/peers/onmt.py would shadow the
# real `onmt` package.
if sys.path and Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

MARK = "@@peers "


def emit(**record) -> None:
    sys.stderr.write(MARK + json.dumps(record) + "\n")
    sys.stderr.flush()


class Budget:
    """Training time allowed from the first update on; None means no limit."""

    def __init__(self, minutes: float | None) -> None:
        self.seconds = None if minutes is None else minutes * 60
        self.start: float | None = None

    def begin(self) -> None:
        if self.start is None:
            self.start = time.monotonic()
            emit(event="first_step", t=time.time())

    def spent(self) -> bool:
        return (
            self.seconds is not None
            and self.start is not None
            and time.monotonic() - self.start >= self.seconds
        )


def train_joey(budget: Budget, argv: list[str]) -> None:
    from joeynmt.training import TrainManager

    original = TrainManager._train_step

    def train_step(self, batch):
        # One call per update (batch_multiplier is 1); the optimizer step follows in the loop.
        budget.begin()
        result = original(self, batch)
        emit(step=self.stats.steps + 1, t=time.time(), tgt_tokens=int(batch.ntokens), sents=int(batch.nseqs))
        if budget.spent():
            # The loop ends after this update and saves the model, as when `updates` is reached.
            self.stats.is_max_update = True
        return result

    TrainManager._train_step = train_step
    sys.argv = ["joeynmt", "train", *argv]
    runpy.run_module("joeynmt", run_name="__main__", alter_sys=True)


def train_onmt(budget: Budget, argv: list[str]) -> None:
    from onmt.bin import train as onmt_train
    from onmt.trainer import Trainer

    original_batches = Trainer._accum_batches
    original_step = Trainer._gradient_accumulation

    def accum_batches(self, iterator):
        for item in original_batches(self, iterator):
            budget.begin()
            if budget.spent():
                return  # the training loop ends and saves the model at the last step
            yield item

    def gradient_accumulation(self, true_batches, normalization, total_stats, report_stats):
        original_step(self, true_batches, normalization, total_stats, report_stats)
        pad = self.train_loss.padding_idx
        # batch["tgt"]: (batch, len, 1) with BOS first; the targets are the rest, EOS included.
        tokens = sum(int(b["tgt"][:, 1:, 0].ne(pad).sum()) for b in true_batches)
        sents = sum(len(b["tgt"]) for b in true_batches)
        # training_step counts from 1 and has just been incremented by this update.
        emit(step=self.optim.training_step - 1, t=time.time(), tgt_tokens=tokens, sents=sents)

    Trainer._accum_batches = accum_batches
    Trainer._gradient_accumulation = gradient_accumulation
    sys.argv = ["onmt_train", *argv]
    onmt_train.main()


def translate_joey(argv: list[str]) -> None:
    import joeynmt.prediction as prediction

    original = prediction.predict

    def predict(*args, **kwargs):
        start = time.perf_counter()
        result = original(*args, **kwargs)
        emit(decode_seconds=time.perf_counter() - start)
        return result

    prediction.predict = predict
    sys.argv = ["joeynmt", "translate", *argv]
    runpy.run_module("joeynmt", run_name="__main__", alter_sys=True)


def translate_onmt(argv: list[str]) -> None:
    from onmt.bin import translate as onmt_translate
    from onmt.inference_engine import InferenceEnginePY

    original = InferenceEnginePY.infer_file

    def infer_file(self):
        start = time.perf_counter()
        result = original(self)
        emit(decode_seconds=time.perf_counter() - start)
        return result

    InferenceEnginePY.infer_file = infer_file
    sys.argv = ["onmt_translate", *argv]
    onmt_translate.main()


def count_params(path: str) -> None:
    """Parameters of a Joey (`model_state`) or OpenNMT-py (`model` + `generator`) checkpoint; tied
    weights share storage in the saved file and are counted once."""
    import torch

    ckpt = torch.load(path, map_location="cpu", weights_only=False)
    states = [ckpt[k] for k in ("model_state", "model", "generator") if isinstance(ckpt.get(k), dict)]
    seen, total = set(), 0
    for state in states:
        for tensor in state.values():
            if not torch.is_tensor(tensor) or not tensor.is_floating_point():
                continue
            key = (tensor.untyped_storage().data_ptr(), tensor.storage_offset(), tensor.numel())
            if key not in seen:
                seen.add(key)
                total += tensor.numel()
    emit(params=total)


def main() -> None:
    argv = sys.argv[1:]
    split = argv.index("--") if "--" in argv else len(argv)
    p = argparse.ArgumentParser(prog="driver.py")
    p.add_argument("action", choices=["train", "translate", "params"])
    p.add_argument("target", help="joey | onmt, or the checkpoint for params")
    p.add_argument("--minutes", type=float, default=None)
    p.add_argument("--threads", type=int, default=None)
    args = p.parse_args(argv[:split])
    peer_args = argv[split + 1 :]
    if args.threads:
        import torch

        torch.set_num_threads(args.threads)
    if args.action == "params":
        count_params(args.target)
    elif args.action == "train":
        {"joey": train_joey, "onmt": train_onmt}[args.target](Budget(args.minutes), peer_args)
    else:
        {"joey": translate_joey, "onmt": translate_onmt}[args.target](peer_args)


if __name__ == "__main__":
    main()
