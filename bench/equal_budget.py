"""Ours beside Joey NMT at an equal training budget, with Apertium and the shipped models on the same lines.

On the test chapters of the prepared data; the equal-budget pair is trained with the same small
architecture on the same data, threads and CPU minutes.

    python -m bench equal-budget [--minutes 20] [--threads 2] [--prepared data/prepared/en-es] \\
        [--work bench/work/equal-budget] [--skip-train] [--limit N]

Writes bench/equal_budget.json (every figure, the machine, the commands and settings) and
bench/equal_budget.md (the table, the sacrebleu signatures and one verdict per comparison, computed
from the figures). Not run in CI: the comparison trains two models for --minutes each.

Equal budget. The two models are trained one after the other, never together, each in its own process
on the CPU with OMP_NUM_THREADS, MKL_NUM_THREADS and torch's threads set to --threads, for --minutes of
training time. The clock runs from the start of the training loop to the end of the update at which the
budget ran out: start-up (imports, reading and encoding the data, building the model) is outside it,
and neither model validates inside it. Ours: `training.max_minutes`, whose clock includes validation,
so `eval_every` is set out of reach and the single validation and checkpoint come after the budget.
Joey NMT: the harness's driver stops it at the first update after the budget, counted from its first
update, with validation off. Both read the train split of the same prepared directory, skip pairs
over 119 pieces, and see 64 sentences per update on average (the harness's `speed` preset): ours
packs length-bucketed batches of `batch_tokens` padded tokens, so `batch_tokens` is set to give the
same number of batches per epoch as 64-sentence batches.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import sacrebleu
import torch
import yaml

from bench.peers import PEERS, common
from training.batching import BatchStream, epoch_batches
from training.corpus import DataMissingError, encode_pairs, load_tokenizer, read_split
from training.evaluate import EvaluationError, evaluate
from training.scoring import score
from translator.apertium import ApertiumError, apertium_pair, apertium_translate
from translator.checkpoint import CheckpointError, build_model, load_checkpoint, resolve_model_file
from translator.config import Config, ConfigError, Decode, apply_overrides, load_config, replace

BEAM, ALPHA = 5, 0.75
DECODES: dict[Decode, int] = {"beam": BEAM, "greedy": 1}  # beam size of each decoding
SHIPPED = {"en-es": "models/en-es", "es-en": "models/es-en"}
PREPARED = {"en-es": "data/prepared/en-es", "es-en": "data/prepared/es-en"}
PRESET = common.PRESETS["speed"]
OUT = Path(__file__).resolve().parent / "equal_budget"  # .json and .md
RUNS = "runs.json"  # both small runs' summaries in the work directory, for --skip-train


class QualityError(RuntimeError):
    """A step of the benchmark failed; the message says which and where its log is."""


# What a step raises for the user: bad input, a missing tool, a failed training.
ERRORS: tuple[type[Exception], ...] = (
    QualityError,
    common.PeerError,
    EvaluationError,
    CheckpointError,
    ApertiumError,
)
ERRORS += (ConfigError, DataMissingError)  # from reading the config and data of our small run


def cpu_model() -> str:
    for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return platform.processor() or "unknown CPU"


def decode_label(decode: str) -> str:
    return f"beam {BEAM}, alpha {ALPHA:g}" if decode == "beam" else "greedy"


def row(
    system: str,
    direction: str,
    scores: dict,
    *,
    sentences: int,
    train_minutes: float | None = None,
    steps: int | None = None,
    hardware: str = "",
    params: int | None = None,
    **details,
) -> dict:
    """One line of the table (None and "": unknown or not applicable), with details for the JSON."""
    return {
        "system": system,
        "direction": direction,
        "bleu": scores["bleu"],
        "chrf": scores["chrf"],
        "train_minutes": train_minutes,
        "steps": steps,
        "hardware": hardware,
        "params": params,
        "sentences": sentences,
        "bleu_signature": scores["bleu_signature"],
        "chrf_signature": scores["chrf_signature"],
        **details,
    }


def test_lines(data: common.PreparedData, limit: int | None) -> tuple[list[str], list[str]]:
    """Source and reference lines of the test split."""
    return data.lines("test", "src", limit), data.lines("test", "tgt", limit)


def direction(data: common.PreparedData) -> str:
    return f"{data.src_lang}-{data.tgt_lang}"


def count_parameters(model: str | Path) -> int:
    """Parameters of one of our models; tied weights are one parameter and counted once."""
    net = build_model(load_checkpoint(resolve_model_file(model)))
    return sum(p.numel() for p in net.parameters())


def apertium_row(prepared: str, limit: int | None) -> dict:
    data = common.PreparedData(prepared)
    source, references = test_lines(data, limit)
    hypotheses = apertium_translate(source, data.src_lang, data.tgt_lang)
    return row(
        f"Apertium {apertium_pair(data.src_lang, data.tgt_lang)} (rule-based)",
        direction(data),
        score(hypotheses, [references]).to_dict(),
        sentences=len(source),
        hardware="CPU (rule-based, no training)",
    )


def our_rows(
    system: str, model: str | Path, prepared: str, out: Path, limit: int | None, **facts
) -> list[dict]:
    """Our model at `model` on the test split of `prepared`, beam then greedy; hypotheses go to out."""
    rows = []
    for decode in DECODES:
        result = evaluate(
            model,
            split="test",
            data_dir=prepared,
            decode=decode,
            beam_size=BEAM,
            alpha=ALPHA,
            output=out / f"{Path(model).name}.test.{decode}.txt",
            device="cpu",
            limit=limit,
            progress=False,
        )
        rows.append(
            row(
                f"{system}, {decode_label(decode)}",
                f"{result.src_lang}-{result.tgt_lang}",
                result.system.scores.to_dict(),
                sentences=result.sentences,
                output=result.output,
                decode_seconds=result.system.seconds,
                **facts,
            )
        )
    return rows


def shipped_rows(pair: str, out: Path, limit: int | None) -> list[dict]:
    """A shipped model's rows, with the training facts its checkpoint records (step always; time and
    hardware only where its metrics hold `train_seconds` / `hardware`)."""
    model = SHIPPED[pair]
    checkpoint = load_checkpoint(resolve_model_file(model))
    seconds = checkpoint.metrics.get("train_seconds")
    facts = {
        "steps": checkpoint.step,
        "train_minutes": seconds / 60 if seconds else None,
        "hardware": checkpoint.metrics.get("hardware", "see the model card"),
        "params": count_parameters(model),
    }
    return our_rows(f"ours shipped ({model})", model, PREPARED[pair], out, limit, **facts)


def small_config(data: common.PreparedData, run_dir: Path, minutes: float, threads: int) -> Config:
    """configs/<src>-<tgt>.yaml with the preset's architecture and optimisation, a time budget and no
    validation before it runs out; batch_tokens still the base config's (see matched_batch)."""
    p = PRESET
    base = Path("configs") / f"{data.src_lang}-{data.tgt_lang}.yaml"
    overrides = {
        "data.dir": str(data.dir),
        "model.emb_dim": p.emb,
        "model.hidden_size": p.hidden,
        "model.encoder_layers": p.enc_layers,
        "model.decoder_layers": p.dec_layers,
        "model.attention_size": p.hidden,  # Joey's attention size is its decoder's
        "model.dropout": p.dropout,
        "model.tie_embeddings": p.tie,
        "training.run_dir": str(run_dir),
        "training.device": "cpu",
        "training.threads": threads,
        "training.max_minutes": minutes,
        "training.max_steps": 10**9,
        "training.eval_every": 10**9,
        "training.patience": 0,
        "training.lr": p.lr,
        "training.warmup_steps": p.warmup_steps,
        "training.schedule": "inverse_sqrt" if p.warmup_steps else "constant",
        "training.clip_norm": p.clip,
        "training.label_smoothing": p.label_smoothing,
        "training.max_len": p.max_len + 1,  # ours counts the EOS
    }
    return apply_overrides(load_config(base), [f"{k}={json.dumps(v)}" for k, v in overrides.items()])


def matched_batch(cfg: Config, sentences: int) -> dict:
    """The batch_tokens that packs our kept train pairs into as many batches per epoch as batches of
    `sentences` make: the same mean sentences, and target tokens, per update."""
    src, tgt = read_split(cfg, "train")
    pairs = encode_pairs(load_tokenizer(cfg), src, tgt, cfg.training.max_len)
    lengths = BatchStream(pairs, 1, cfg.training.seed).lengths  # the padded cost of each pair

    def mean_sentences(batch_tokens: int) -> float:
        return len(pairs) / len(epoch_batches(lengths, batch_tokens, cfg.training.seed, 0))

    batch_tokens = round(sentences * statistics.mean(lengths))
    for _ in range(4):  # padding inside a bucket makes the first guess hold fewer sentences
        batch_tokens = round(batch_tokens * sentences / mean_sentences(batch_tokens))
    return {
        "batch_tokens": batch_tokens,
        "mean_sentences": mean_sentences(batch_tokens),
        "train_kept": len(pairs),
    }


def train_ours(data: common.PreparedData, work: Path, minutes: float, threads: int) -> dict:
    """Train our small model in its own process, as the harness runs a peer; returns the summary."""
    run_dir = (work / "ours").resolve()
    shutil.rmtree(run_dir, ignore_errors=True)
    cfg = small_config(data, run_dir, minutes, threads)
    sentences = PRESET.batch_sentences
    assert sentences is not None  # the speed preset sets its batches in sentences
    batch = matched_batch(cfg, sentences)
    cfg = replace(cfg, "training", batch_tokens=batch["batch_tokens"])
    cfg_path = work / "ours.yaml"
    cfg_path.write_text(yaml.safe_dump(cfg.to_dict(), sort_keys=False), encoding="utf-8")
    command = [sys.executable, "-m", "training.train", "--config", str(cfg_path)]
    log = work / "ours-train.log"
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        code = subprocess.call(command, stdout=out, stderr=subprocess.STDOUT, env=common.peer_env(threads))
    wall = time.perf_counter() - start
    if code != 0:
        raise QualityError(f"our training exited {code}; see {log}")
    training = load_checkpoint(run_dir / "last.pt").training
    assert training is not None  # last.pt of a run holds its training state
    progress = training["progress"]
    records = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    rates = [r["tokens_per_s"] for r in records if "tokens_per_s" in r]
    return {
        "run_dir": str(run_dir),
        "config": str(cfg_path),
        "command": " ".join(command),
        "minutes": minutes,
        "threads": threads,
        "steps": progress["step"],
        "train_seconds": progress["train_seconds"],
        "wall_seconds": wall,
        "tokens_per_s_median_window": statistics.median(rates) if rates else None,
        **batch,
        "params": count_parameters(run_dir),
        "log": str(log),
    }


def with_load(train: Callable[[], dict]) -> dict:
    """A training's summary with the machine's load averages (1, 5, 15 min) before and after it:
    on a busy machine equal minutes are not equal work."""
    before = os.getloadavg()
    return {**train(), "load_before": before, "load_after": os.getloadavg()}


def train_both(prepared: str, work: Path, minutes: float, threads: int, skip: bool) -> tuple[dict, dict]:
    """Our run and Joey's, trained one after the other, or read back from `work` with skip."""
    path = work / RUNS
    if skip:
        if not path.is_file():
            raise QualityError(f"{path}: no finished runs to reuse; run without --skip-train")
        runs = json.loads(path.read_text(encoding="utf-8"))
        return runs["ours"], runs["joey"]
    ours = with_load(lambda: train_ours(common.PreparedData(prepared), work, minutes, threads))
    peer = with_load(
        lambda: common.train(
            PEERS["joey"], prepared, work / "joey", preset=PRESET.name, minutes=minutes, threads=threads
        )
    )
    peer["call"] = (
        f"bench.peers.common.train(PEERS['joey'], {prepared!r}, {str(work / 'joey')!r}, "
        f"preset={PRESET.name!r}, minutes={minutes:g}, threads={threads})"
    )
    path.write_text(json.dumps({"ours": ours, "joey": peer}, indent=2) + "\n", encoding="utf-8")
    return ours, peer


def small_rows(
    prepared: str, work: Path, ours: dict, peer: dict, threads: int, limit: int | None
) -> list[dict]:
    """Both small models on the test split of `prepared`, beam then greedy."""
    hardware = f"CPU {cpu_model()}, {threads} threads"
    tag = f"{ours['minutes']:g}-min CPU small"
    rows = our_rows(
        f"ours {tag}",
        ours["run_dir"],
        prepared,
        work,
        limit,
        train_minutes=ours["train_seconds"] / 60,
        steps=ours["steps"],
        hardware=hardware,
        params=ours["params"],
    )
    data = common.PreparedData(prepared)
    source, references = test_lines(data, limit)
    for decode, beam_size in DECODES.items():
        result = common.translate(
            PEERS["joey"],
            work / "joey",
            source,
            references=references,
            beam_size=beam_size,
            alpha=ALPHA,
            threads=threads,
        )
        del result["hypotheses"]  # in result["output"]
        rows.append(
            row(
                f"Joey NMT {tag}, {decode_label(decode)}",
                direction(data),
                result,
                sentences=len(source),
                train_minutes=peer["train_seconds"] / 60,
                steps=peer["steps"],
                hardware=hardware,
                params=peer["params"],
                output=result["output"],
                decode_seconds=result["decode_seconds"],
                length_penalty=result["length_penalty"],
            )
        )
    return rows


def verdict(name: str, ours: dict, other_name: str, other: dict, setting: str) -> str:
    """One sentence from the scores, BLEU rounded as the table shows it."""
    bleu, chrf = round(ours["bleu"] - other["bleu"], 1), round(ours["chrf"] - other["chrf"], 1)
    if bleu > 0:
        return f"{name} beats {other_name} by {bleu:.1f} BLEU ({chrf:+.1f} chrF) {setting}."
    behind = f"{-bleu:.1f} BLEU behind" if bleu < 0 else "same BLEU"
    return f"{name} does not beat {other_name} {setting}: {behind} ({chrf:+.1f} chrF)."


def verdicts(rows: dict[str, dict]) -> list[str]:
    """Shipped models against Apertium, then ours against Joey NMT at equal budget."""
    lines = [
        verdict(f"ours shipped {d}", rows[f"shipped {d} beam"], "Apertium", rows[f"apertium {d}"], f"on {d}")
        for d in SHIPPED
    ]
    for decode in DECODES:
        setting = f"at equal budget ({decode_label(decode)})"
        lines.append(verdict("ours", rows[f"ours {decode}"], "Joey NMT", rows[f"joey {decode}"], setting))
    return lines


def training_cell(r: dict) -> str:
    """Minutes and steps, each left out where unknown."""
    parts = []
    if r["train_minutes"] is not None:
        parts.append(f"{r['train_minutes']:.1f} min")
    if r["steps"] is not None:
        parts.append(f"{r['steps']:,} steps")
    return ", ".join(parts)


def table(rows: list[dict]) -> list[str]:
    lines = [
        "| system | direction | BLEU | chrF | training time | hardware | parameters |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        params = f"{r['params'] / 1e6:.2f} M" if r["params"] else ""
        lines.append(
            f"| {r['system']} | {r['direction']} | {r['bleu']:.1f} | {r['chrf']:.1f} | {training_cell(r)} | "
            f"{r['hardware']} | {params} |"
        )
    return lines


def budget_note(prepared: str, threads: int, ours: dict, peer: dict) -> str:
    """How the equal budget went, from both runs' own records."""
    return (
        f"Equal budget: both trained on `{prepared}` (the same files: {ours['train_kept']:,} training "
        f"pairs kept by ours, {peer['train_kept']:,} by Joey NMT) with the harness's `{PRESET.name}` "
        f"preset, a training loop of {ours['minutes']:g} min each on {threads} threads, one after the "
        f"other, no validation inside the budget. Ours: {ours['train_seconds']:.0f} s, {ours['steps']:,} "
        f"updates of {ours['mean_sentences']:.1f} sentences on average (batch_tokens "
        f"{ours['batch_tokens']}). Joey NMT: {peer['train_seconds']:.0f} s, {peer['steps']:,} updates of "
        f"{peer['batch_sentences']} sentences. Load average over the last 15 min at the end of each run "
        f"(the machine has {os.cpu_count()} cores): ours {ours['load_after'][2]:.1f}, "
        f"Joey NMT {peer['load_after'][2]:.1f}."
    )


def markdown(report: dict) -> str:
    s, machine, budget = report["settings"], report["machine"], report["equal_budget"]
    limited = f", first {s['limit']} sentences only (--limit)" if s["limit"] else ""
    lines = [
        "# Ours beside Joey NMT at an equal training budget",
        "",
        f"`{report['command']}` on {report['date']}: {machine['cpu']}, {s['threads']} threads, "
        f"torch {machine['torch']}, sacrebleu {machine['sacrebleu']}. Test chapters of each direction's "
        f"prepared data{limited}. Beam {BEAM} ranks by log P / L^{ALPHA:g} for ours, by Joey's GNMT "
        f"penalty log P / ((5 + L) / 6)^{ALPHA:g} for Joey NMT; greedy has no penalty.",
        "",
        *table(report["rows"]),
        "",
        *[f"Signature: `{sig}`" for sig in report["signatures"]],
        "",
        budget_note(s["prepared"], s["threads"], budget["ours"], budget["joey"]),
        "",
        *[f"- {line}" for line in report["verdicts"]],
    ]
    return "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench equal-budget", description=__doc__.splitlines()[0])
    p.add_argument("--minutes", type=float, default=20, help="training time of each small model")
    p.add_argument("--threads", type=int, default=2, help="CPU threads of every training and decoding")
    p.add_argument("--prepared", default=PREPARED["en-es"], help="prepared data both small models train on")
    p.add_argument("--work", type=Path, default=Path("bench/work/equal-budget"), help="runs and hypotheses")
    p.add_argument("--skip-train", action="store_true", help="reuse the finished runs in --work")
    p.add_argument("--limit", type=int, default=None, help="translate only the first N test sentences")
    return p


def measure(args: argparse.Namespace) -> tuple[dict, dict, dict[str, dict]]:
    """Train (or reuse) the equal-budget pair, then score every system; rows keyed for the verdicts."""
    ours, peer = train_both(args.prepared, args.work, args.minutes, args.threads, args.skip_train)
    rows: dict[str, dict] = {}
    for d in SHIPPED:
        rows[f"shipped {d} beam"], rows[f"shipped {d} greedy"] = shipped_rows(d, args.work, args.limit)
    for d in PREPARED:
        rows[f"apertium {d}"] = apertium_row(PREPARED[d], args.limit)
    small = small_rows(args.prepared, args.work, ours, peer, args.threads, args.limit)
    rows["ours beam"], rows["ours greedy"], rows["joey beam"], rows["joey greedy"] = small
    return ours, peer, rows


def make_report(args: argparse.Namespace, argv: list[str], ours: dict, peer: dict, rows: dict) -> dict:
    manifest = json.loads((Path(args.prepared) / "manifest.json").read_text(encoding="utf-8"))
    settings = {**vars(args), "work": str(args.work), "split": "test", "beam_size": BEAM, "alpha": ALPHA}
    settings["minutes"] = ours["minutes"]  # the runs' own budget, also under --skip-train
    return {
        "command": " ".join(["python -m bench equal-budget", *argv]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpu": cpu_model(),
            "cpu_count": os.cpu_count(),
            "threads": args.threads,
            "torch": torch.__version__,
            "sacrebleu": sacrebleu.__version__,
            "python": platform.python_version(),
        },
        "settings": settings,
        "signatures": sorted({r[k] for r in rows.values() for k in ("bleu_signature", "chrf_signature")}),
        "rows": list(rows.values()),
        "equal_budget": {
            "preset": asdict(PRESET),
            "data": {k: manifest[k] for k in ("source", "counts", "sha256")},
            "ours": ours,
            "joey": peer,
        },
        "verdicts": verdicts(rows),
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    torch.set_num_threads(args.threads)
    args.work.mkdir(parents=True, exist_ok=True)
    try:
        ours, peer, rows = measure(args)
    except ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    report = make_report(args, argv, ours, peer, rows)
    text = markdown(report)
    OUT.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    OUT.with_suffix(".md").write_text(text, encoding="utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
