"""Part 1: training throughput, ours vs Joey NMT vs OpenNMT-py, like for like.

Model: the harness's `speed` preset (GRU, bidirectional encoder of 256 in all, decoder 256, embeddings
256 tied, additive attention of 256, one layer each, no dropout, no label smoothing, Adam 1e-3 at a
constant rate, clip 1.0) for all three; the same prepared data and sentencepiece pieces; the same
number of updates; `threads` CPU threads; each run a fresh process, runs interleaved (ours, Joey,
OpenNMT-py, ours, ...) so that a noisy spell hits all three alike; the median of the repeats.

Batches: the peers take 64 sentences. Ours batches by padded target tokens, so its `batch_tokens` is
the smallest budget whose batches of the first epoch hold 64 sentences on average (bisection over
training.batching.epoch_batches); the tokens per update that result are reported beside the peers'.

Throughput, one definition for all: `bench.peers.common.steady_state` over per-update records
(target subwords + EOS of the update, padding excluded; time at the end of the update). The peers'
records come from the harness's driver; ours from metrics.jsonl logged every update (its `seconds`
is the training clock at the end of the update), with each update's tokens counted by replaying our
deterministic batch stream (training.batching.BatchStream, same data, budget and seed).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml
from tqdm import tqdm

from bench.parts.context import Options, Results, median_of
from bench.parts.decoding import budget_for_sentences
from bench.peers import PEERS, common
from bench.throughput import steady_tokens_per_s
from training.batching import BatchStream, epoch_batches
from training.corpus import encode_pairs, load_tokenizer, read_split
from translator.config import config_from_dict
from translator.facade import Translator

log = logging.getLogger("bench.training")

ROOT = Path(__file__).resolve().parents[2]
PRESET = common.PRESETS["speed"]
# Our trainer in float32 (like the peers) and with bf16 autocast on the CPU (`training.precision: bf16`),
# which runs the matmuls in bfloat16 where the CPU has bf16 instructions (AVX512-BF16, AMX).
OURS = {"ours": "fp32", "ours-bf16": "bf16"}
SYSTEMS = (*OURS, *PEERS)
KEYS = ("tokens_per_s", "tokens_per_s_median_window", "sentences_per_s", "steps_per_s", "tokens_per_step")
EVERY = 10  # updates per window of steady_state's windowed median, as the peers log


def work_dir(opts: Options, system: str) -> Path:
    """Where part 1 leaves `system`'s model for parts 2 and 3."""
    return (opts.work / system).resolve()


def ours_config(opts: Options, batch_tokens: int, name: str = "ours") -> dict[str, Any]:
    """configs/en-es.yaml with the speed preset for `name` (a key of OURS), as a raw YAML mapping
    (validated)."""
    raw = yaml.safe_load(opts.base_config.read_text(encoding="utf-8"))
    p = PRESET
    raw["data"]["dir"] = str(opts.prepared)
    raw["model"].update(
        rnn="gru",
        cell="fused",
        emb_dim=p.emb,
        hidden_size=p.hidden,
        encoder_layers=p.enc_layers,
        decoder_layers=p.dec_layers,
        attention_size=p.hidden,  # the peers' attention is the decoder's size
        dropout=p.dropout,
        tie_embeddings=p.tie,
    )
    raw["training"].update(
        run_dir=str(work_dir(opts, name)),
        seed=1234,
        batch_tokens=batch_tokens,
        accumulate=1,
        max_steps=opts.train_steps,
        max_minutes=0,
        lr=p.lr,
        warmup_steps=p.warmup_steps,
        schedule="constant",
        clip_norm=p.clip,
        label_smoothing=p.label_smoothing,
        max_len=p.max_len + 1,  # ours counts the EOS
        eval_every=opts.train_steps,  # once, after the last update: leaves best.pt for part 2
        eval_sentences=16,
        log_every=1,  # one record per update, for steady_state
        patience=0,
        device="cpu",
        precision=OURS[name],
        threads=opts.threads,
    )
    config_from_dict(raw)
    return raw


class OursStream:
    """Our training pairs and the tokens and sentences of each update, replayed from the batch stream."""

    def __init__(self, opts: Options) -> None:
        cfg = config_from_dict(ours_config(opts, batch_tokens=1))
        tokenizer = load_tokenizer(cfg)
        src, tgt = read_split(cfg, "train")
        self.pairs = encode_pairs(tokenizer, src, tgt, cfg.training.max_len)
        self.seed = cfg.training.seed
        lengths = BatchStream(self.pairs, 1, self.seed).lengths
        sentences = PRESET.batch_sentences
        assert sentences is not None  # the speed preset sets its batches in sentences
        self.batch_tokens = budget_for_sentences(
            lambda budget: epoch_batches(lengths, budget, self.seed, 0), len(lengths), sentences
        )

    def updates(self, steps: int) -> list[dict[str, int]]:
        stream = iter(BatchStream(self.pairs, self.batch_tokens, self.seed))
        batches = [next(stream) for _ in range(steps)]
        return [{"tgt_tokens": b.n_tokens, "sents": b.src.size(0)} for b in batches]


def train_ours(opts: Options, name: str, config: Path, updates: list[dict[str, int]]) -> dict[str, Any]:
    """One run of `python -m training.train` in a fresh run directory; its steady-state figures."""
    run_dir = work_dir(opts, name)
    if run_dir.exists():
        shutil.rmtree(run_dir)
    run_dir.mkdir(parents=True)
    threads = str(opts.threads)
    env = {**os.environ, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads, "PYTHONUNBUFFERED": "1"}
    command = [sys.executable, "-m", "training.train", "--config", str(config)]
    with (run_dir.parent / f"{name}-train.log").open("w", encoding="utf-8") as out:
        subprocess.run(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, check=True)
    metrics = (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [r for r in map(json.loads, metrics) if "tokens_per_s" in r]
    steps = [{"step": r["step"], "t": r["seconds"], **updates[r["step"] - 1]} for r in rows]
    figures = common.steady_state(steps, every=EVERY)
    # Cross-check: the median of the per-update rates the trainer itself logged.
    return {
        **with_sentences_per_step(figures),
        "own_log_tokens_per_s": steady_tokens_per_s(run_dir)["median"],
    }


def with_sentences_per_step(figures: dict[str, Any]) -> dict[str, Any]:
    """steady_state's figures plus the mean sentences of the updates it measured."""
    return {**figures, "sentences_per_step": figures["sentences_per_s"] / figures["steps_per_s"]}


def train_peer(opts: Options, name: str) -> dict[str, Any]:
    summary = common.train(
        PEERS[name],
        opts.prepared,
        work_dir(opts, name),
        preset="speed",
        steps=opts.train_steps,
        threads=opts.threads,
        log_every=EVERY,
    )
    return with_sentences_per_step(summary)


def train_once(opts: Options, name: str, config: Path, updates: list[dict[str, int]]) -> dict[str, Any]:
    return train_ours(opts, name, config, updates) if name in OURS else train_peer(opts, name)


def describe(opts: Options, name: str, last_run: dict[str, Any], batch_tokens: int) -> dict[str, Any]:
    """What a system's figures need beside the speeds: its size and its batches."""
    if name not in OURS:
        return {"params": last_run["params"], "batch_sentences": last_run["batch_sentences"]}
    model = Translator.load(work_dir(opts, name), device="cpu", precision="fp32").model
    return {
        "params": sum(p.numel() for p in model.parameters()),
        "batch_tokens": batch_tokens,
        "own_log_tokens_per_s": last_run["own_log_tokens_per_s"],
    }


def run(opts: Options, results: Results) -> None:
    # Systems not run this time keep their figures from an earlier run.
    earlier = results.data["parts"].get("training", {}).get("systems", {})
    kept = {name: figures for name, figures in earlier.items() if name not in opts.train_systems}
    systems = measure(opts, kept)
    results.save_part(
        "training",
        {
            "steps": opts.train_steps,
            "repeats": opts.repeats,
            "preset": "speed",
            "systems": {name: systems[name] for name in SYSTEMS if name in systems},
        },
        opts,
    )


def decode_models(opts: Options) -> Options:
    """The options under which parts 2 and 3 find a model per toolkit trained `opts.decode_steps`
    updates (in `<work>/decode`, trained unless already there). Part 1's short runs are too short:
    a briefly trained model's output length, which sets the decoding work, swings with the seed and
    the toolkit (at 400 updates ours wrote 47 or 37 subwords a sentence greedy, by seed, OpenNMT-py's
    32, the references 32)."""
    dopts = replace(opts, work=opts.work / "decode", train_steps=opts.decode_steps, repeats=1)
    dopts = replace(dopts, train_systems=("ours", *PEERS))
    marker = dopts.work / "trained-updates"
    if not marker.is_file() or marker.read_text().strip() != str(dopts.train_steps):
        log.info("training each toolkit %d updates for parts 2 and 3", dopts.train_steps)
        failed = [name for name, s in measure(dopts, {}).items() if "error" in s]
        if failed:
            raise RuntimeError(f"decoding models not trained: {', '.join(failed)}")
        marker.write_text(f"{dopts.train_steps}\n")
    return dopts


def measure(opts: Options, systems: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Train each of opts.train_systems opts.repeats times; `systems` with their medians added."""
    log.info("part 1: replaying our batch stream to match %d-sentence batches", PRESET.batch_sentences)
    stream = OursStream(opts)
    updates = stream.updates(opts.train_steps)
    configs = {}
    for name in OURS:
        configs[name] = opts.work / f"{name}-speed.yaml"
        configs[name].parent.mkdir(parents=True, exist_ok=True)
        header = f"# python -m bench run, part 1 ({name}): configs/en-es.yaml, the harness's speed preset\n"
        raw = ours_config(opts, stream.batch_tokens, name)
        configs[name].write_text(header + yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in opts.train_systems}
    systems = dict(systems)
    with tqdm(total=opts.repeats * len(runs), desc="part 1: training", unit="run") as bar:
        for _ in range(opts.repeats):
            for name in runs:
                bar.set_postfix(system=name)
                if "error" not in systems.get(name, {}):
                    try:
                        runs[name].append(train_once(opts, name, configs.get(name, Path()), updates))
                    except (common.PeerError, subprocess.CalledProcessError) as exc:
                        log.error("part 1: %s failed: %s", name, exc)
                        systems[name] = {"error": str(exc)}
                bar.update(1)
    for name, done in runs.items():
        if done and "error" not in systems.get(name, {}):
            figures = median_of(done, (*KEYS, "sentences_per_step"))
            systems[name] = {**figures, **describe(opts, name, done[-1], stream.batch_tokens)}
    return systems
