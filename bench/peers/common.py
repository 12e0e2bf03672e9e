"""What the peers share: presets, our prepared data as sentencepiece pieces, running a peer in its venv
with its log captured, throughput from the driver's step markers, and scoring with our sacrebleu setup.

A peer (bench/peers/joey.py, bench/peers/onmt.py) only says how to write its config and which
arguments its driver takes; training, translating and counting run the same way for every peer.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import time
from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass
from pathlib import Path

import sentencepiece as spm

from training.evaluate import read_lines
from training.scoring import score
from translator.tokenizer import spm_paths

BENCH = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).with_name("driver.py")
MARK = "@@peers "
SPECIALS = 4  # pad, unk, bos, eos: ids 0-3 of every sentencepiece model of this project
RUN_FILE = "peer.json"  # what a trained work directory holds about its run


class PeerError(RuntimeError):
    """A peer is not installed, failed, or left no model; the message says which and where its log is."""


@dataclass(frozen=True)
class Preset:
    """Architecture and optimisation in our terms; each peer maps them onto its own options."""

    name: str
    emb: int = 256
    hidden: int = 256  # decoder state; the bidirectional encoder gives hidden/2 per direction
    enc_layers: int = 1
    dec_layers: int = 1
    dropout: float = 0.0
    label_smoothing: float = 0.0
    # Tied as far as the peer can: source/target embeddings, and the output layer when emb == hidden.
    tie: bool = True
    # Ours has no input feeding: decoder layer 1 reads only the previous target subword.
    input_feed: bool = False
    batch_sentences: int | None = 64
    batch_tokens: int | None = None  # instead of sentences: divided by the data's mean target length
    lr: float = 1e-3
    warmup_steps: int = 0  # 0: constant rate; else linear warm-up, then lr * sqrt(warmup / step)
    clip: float = 1.0
    max_len: int = 119  # longer training pairs (pieces, either side) are skipped; ours: 120 with EOS


PRESETS = {
    # The same small model in every toolkit: 1 layer, emb 256, encoder 256 (128 per direction), decoder 256.
    "speed": Preset("speed"),
    # configs/en-es.yaml: 2+2 layers, hidden 512, dropout 0.2, smoothing 0.1, 4096 target tokens,
    # Adam 1e-3 with 500 warm-up steps then inverse square root.
    "quality": Preset(
        "quality",
        hidden=512,
        enc_layers=2,
        dec_layers=2,
        dropout=0.2,
        label_smoothing=0.1,
        batch_sentences=None,
        batch_tokens=4096,
        warmup_steps=500,
    ),
}


def get_preset(name_or_preset: str | Preset) -> Preset:
    if isinstance(name_or_preset, Preset):
        return name_or_preset
    try:
        return PRESETS[name_or_preset]
    except KeyError:
        raise ValueError(f"unknown preset {name_or_preset!r}; choose from {sorted(PRESETS)}") from None


class PreparedData:
    """A prepared directory of ours (`python -m data.prepare`): split files and sentencepiece model(s)."""

    def __init__(self, directory: str | Path) -> None:
        self.dir = Path(directory)
        manifest = self.dir / "manifest.json"
        if not manifest.is_file():
            raise PeerError(f"{manifest}: not found; prepare the data first (make data)")
        languages = json.loads(manifest.read_text(encoding="utf-8"))["languages"]
        self.src_lang, self.tgt_lang = languages["src"], languages["tgt"]
        self.joint = (self.dir / "spm.model").is_file()
        src_model, tgt_model = spm_paths(self.dir, self.src_lang, self.tgt_lang, self.joint)
        self.spm_model = {"src": src_model, "tgt": tgt_model}
        self.spm = {side: spm.SentencePieceProcessor(model_file=str(p)) for side, p in self.spm_model.items()}

    def lang(self, side: str) -> str:
        return self.src_lang if side == "src" else self.tgt_lang

    def lines(self, split: str, side: str, limit: int | None = None) -> list[str]:
        return read_lines(self.dir / f"{split}.{self.lang(side)}")[:limit]

    def pieces(self, lines: list[str], side: str) -> list[str]:
        """Each line as space-separated sentencepiece pieces: what the peers read and write."""
        return [" ".join(p) for p in self.spm[side].encode(lines, out_type=str)]

    def detokenize(self, lines: list[str]) -> list[str]:
        return self.spm["tgt"].decode([line.split() for line in lines])

    def vocab(self, side: str) -> list[str]:
        """The model's pieces without the specials; each peer adds its own four in front."""
        sp = self.spm[side]
        return [sp.id_to_piece(i) for i in range(SPECIALS, sp.get_piece_size())]

    def write_pieces(self, out_dir: Path, max_len: int) -> dict:
        """{train,dev}.{lang} as pieces and vocab.{src,tgt}.txt under out_dir; returns the counts and
        the mean target length (pieces + EOS) of the training pairs within max_len, as ours counts."""
        out_dir.mkdir(parents=True, exist_ok=True)
        stats: dict = {}
        for split in ("train", "dev"):
            sides = {side: self.pieces(self.lines(split, side), side) for side in ("src", "tgt")}
            for side, lines in sides.items():
                write_lines(out_dir / f"{split}.{self.lang(side)}", lines)
            if split == "train":
                kept = [
                    len(t.split()) + 1
                    for s, t in zip(sides["src"], sides["tgt"], strict=True)
                    if len(s.split()) <= max_len and len(t.split()) <= max_len
                ]
                stats = {"train_pairs": len(sides["tgt"]), "train_kept": len(kept)}
                stats["mean_tgt_tokens"] = sum(kept) / len(kept)
        for side in ("src", "tgt"):
            write_lines(out_dir / f"vocab.{side}.txt", self.vocab(side))
        return stats


def write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


@dataclass(frozen=True)
class TrainSetup:
    """What a peer needs to write its training config."""

    data: PreparedData
    preset: Preset
    work: Path
    pieces_dir: Path  # {train,dev}.{lang} and vocab.{src,tgt}.txt
    train_pairs: int
    batch_sentences: int
    max_steps: int  # a huge number when training for a time budget
    seed: int
    log_every: int


@dataclass(frozen=True)
class DecodeSetup:
    """What a peer needs to translate one file of pieces."""

    work: Path
    checkpoint: Path
    src: Path
    out: Path
    beam_size: int
    alpha: float
    batch_sentences: int


class Peer(ABC):
    """One peer toolkit: where its venv is and how its configs and command lines look."""

    name: str
    # Its own target tokens/s in its log: a cross-check of ours, counted its own way.
    reported_tokens: re.Pattern
    # How its length penalty relates to ours, log P / L^alpha.
    length_penalty: str

    @property
    def venv(self) -> Path:
        return BENCH / f".venv-{self.name}"

    @property
    def python(self) -> Path:
        python = self.venv / "bin" / "python"
        if not python.exists():
            raise PeerError(f"{self.venv}: no such virtual environment; run `bash bench/peers/setup.sh`")
        return python

    @abstractmethod
    def write_training(self, setup: TrainSetup) -> list[str]:
        """Write the peer's config under setup.work; return its training arguments for the driver."""

    @abstractmethod
    def final_checkpoint(self, work: Path) -> Path:
        """The model that training left in work."""

    @abstractmethod
    def write_decoding(self, setup: DecodeSetup) -> tuple[list[str], bool]:
        """Return the driver's translation arguments and whether the hypotheses come on stdout
        (else the peer writes setup.out itself)."""


def peer_env(threads: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        OMP_NUM_THREADS=str(threads),
        MKL_NUM_THREADS=str(threads),
        PYTHONUNBUFFERED="1",
        # OpenNMT-py 3.5.1 loads its own checkpoints with torch.load's old default.
        TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD="1",
    )
    return env


@dataclass
class Run:
    seconds: float  # wall time of the whole process, start-up included
    markers: list[dict]
    log: Path


def run_driver(
    peer: Peer,
    args: list[str],
    log: Path,
    *,
    threads: int,
    stdin: Path | None = None,
    stdout: Path | None = None,
) -> Run:
    """Run the driver in the peer's venv; stderr (and stdout unless it goes to a file) lands in `log`,
    each line prefixed with seconds since start; raises PeerError with the log's tail on failure."""
    command = [str(peer.python), str(DRIVER), *args]
    log.parent.mkdir(parents=True, exist_ok=True)
    markers: list[dict] = []
    start = time.perf_counter()
    with (
        log.open("w", encoding="utf-8", buffering=1) as log_file,  # line-buffered: tail -f works
        open(stdin or os.devnull, "rb") as stdin_file,
        open(stdout, "wb") if stdout else open(os.devnull, "wb") as stdout_file,
    ):
        log_file.write("$ " + " ".join(command) + "\n")
        proc = subprocess.Popen(
            command,
            stdin=stdin_file,
            stdout=stdout_file if stdout else subprocess.PIPE,
            stderr=subprocess.STDOUT if not stdout else subprocess.PIPE,
            env=peer_env(threads),
            text=True,
            encoding="utf-8",
            errors="replace",
        )
        stream = proc.stderr if stdout else proc.stdout
        assert stream is not None  # piped above
        for line in stream:
            log_file.write(f"[{time.perf_counter() - start:9.3f}] {line}")
            if line.startswith(MARK):
                markers.append(json.loads(line[len(MARK) :]))
        code = proc.wait()
    seconds = time.perf_counter() - start
    if code != 0:
        tail = "".join(log.read_text(encoding="utf-8").splitlines(keepends=True)[-15:])
        raise PeerError(f"{peer.name}: `{' '.join(args[:2])}` exited {code}; log {log}:\n{tail}")
    return Run(seconds, markers, log)


def steady_state(steps: list[dict], every: int = 10, skip: int | None = None) -> dict:
    """Throughput of the updates after the first `skip` (default: a tenth, at least 5), which pay for
    start-up (allocator, first shapes, first bucket of data). Steps carry the driver's exact counts:
    target tokens (pieces + EOS, padding excluded) and sentences; time runs from the end of update
    `skip` to the end of the last one, on one clock. The median over windows of `every` updates is
    also given: it shrugs off a stall caused by another process on a shared machine."""
    if skip is None:
        skip = max(5, len(steps) // 10)
    if len(steps) < skip + 2:
        skip = 0
    if len(steps) < 2:
        return {"measured_steps": 0}
    window = steps[skip:]
    seconds = window[-1]["t"] - window[0]["t"]
    tokens = sum(s["tgt_tokens"] for s in window[1:])
    sentences = sum(s["sents"] for s in window[1:])
    rates = [
        sum(s["tgt_tokens"] for s in window[i + 1 : i + every + 1])
        / (window[i + every]["t"] - window[i]["t"])
        for i in range(0, len(window) - every, every)
    ]
    return {
        "skipped_steps": skip,
        "measured_steps": len(window) - 1,
        "measured_seconds": seconds,
        "tokens_per_s": tokens / seconds,
        "tokens_per_s_median_window": statistics.median(rates) if rates else None,
        "sentences_per_s": sentences / seconds,
        "steps_per_s": (len(window) - 1) / seconds,
        "tokens_per_step": tokens / (len(window) - 1),
    }


def reported_tokens_per_s(peer: Peer, log: Path) -> float | None:
    """Median of the target tokens/s the peer itself logged (its own clock and counting)."""
    values = [float(m) for m in peer.reported_tokens.findall(log.read_text(encoding="utf-8"))]
    return statistics.median(values) if values else None


def count_parameters(peer: Peer, checkpoint: str | Path, *, log: Path | None = None) -> int:
    """Parameters of a peer checkpoint, tied weights counted once."""
    log = log or Path(checkpoint).with_suffix(".params.log")
    run = run_driver(peer, ["params", str(checkpoint)], log, threads=1)
    return next(m["params"] for m in run.markers if "params" in m)


def train(
    peer: Peer,
    prepared: str | Path,
    work: str | Path,
    *,
    preset: str | Preset = "speed",
    minutes: float | None = None,
    steps: int | None = None,
    threads: int = 2,
    seed: int = 1234,
    log_every: int = 10,
) -> dict:
    """Train `peer` on our prepared data for `minutes` of training (counted from its first update) or
    `steps` updates, in `work` (created; a previous run there is replaced). Returns the run summary,
    also written to work/peer.json for translate()."""
    if (minutes is None) == (steps is None):
        raise ValueError("give exactly one of minutes and steps")
    work = Path(work).resolve()
    clear_run(work)
    p = get_preset(preset)
    data = PreparedData(prepared)
    pieces_dir = work / "data"
    stats = data.write_pieces(pieces_dir, p.max_len)
    batch = p.batch_sentences or max(1, round(p.batch_tokens / stats["mean_tgt_tokens"]))
    setup = TrainSetup(
        data, p, work, pieces_dir, stats["train_pairs"], batch, steps or 10**9, seed, log_every
    )
    args = ["train", peer.name, "--threads", str(threads)]
    if minutes is not None:
        args += ["--minutes", str(minutes)]
    peer_args = peer.write_training(setup)
    run = run_driver(peer, [*args, "--", *peer_args], work / "train.log", threads=threads)
    updates = [m for m in run.markers if "step" in m]
    if not updates:
        raise PeerError(f"{peer.name}: training logged no update; see {run.log}")
    first = next(m["t"] for m in run.markers if m.get("event") == "first_step")
    checkpoint = peer.final_checkpoint(work)
    summary = {
        "peer": peer.name,
        "prepared": str(Path(prepared).resolve()),
        "src_lang": data.src_lang,
        "tgt_lang": data.tgt_lang,
        "preset": asdict(p),
        "batch_sentences": batch,
        "threads": threads,
        "seed": seed,
        "steps": updates[-1]["step"],
        "train_seconds": updates[-1]["t"] - first,  # first update to last, start-up excluded
        "wall_seconds": run.seconds,
        **stats,
        **steady_state(updates, every=log_every),
        "peer_reported_tokens_per_s": reported_tokens_per_s(peer, run.log),
        "params": count_parameters(peer, checkpoint, log=work / "params.log"),
        "checkpoint": str(checkpoint),
        "log": str(run.log),
    }
    (work / RUN_FILE).write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary


def clear_run(work: Path) -> None:
    """Remove what an earlier run left in work (only the harness's own files and folders)."""
    work.mkdir(parents=True, exist_ok=True)
    for path in [work / "model", work / "data", *work.glob("decode-*")]:
        if path.is_dir():
            shutil.rmtree(path)
    (work / RUN_FILE).unlink(missing_ok=True)


def load_run(work: str | Path) -> dict:
    path = Path(work) / RUN_FILE
    if not path.is_file():
        raise PeerError(f"{path}: no trained peer here; train first")
    return json.loads(path.read_text(encoding="utf-8"))


def translate(
    peer: Peer,
    work: str | Path,
    source: list[str] | Path,
    *,
    references: list[str] | None = None,
    beam_size: int = 1,
    alpha: float = 0.75,
    batch_sentences: int = 64,
    threads: int = 2,
    tag: str | None = None,
) -> dict:
    """Translate `source` (raw sentences, or a Path to a file of them, one a line) with the peer
    trained in `work`: our sentencepiece pieces in, the peer's pieces out, detokenised with the same
    model. beam_size 1 is greedy. Speeds use the time the peer spent decoding (model loading and
    start-up excluded; `wall_seconds` has them); target tokens are output pieces + EOS, as in
    training. With `references`, BLEU and chrF as training.scoring computes them."""
    if isinstance(source, Path):
        source = read_lines(source)
    if any(not line.strip() for line in source):
        raise ValueError("empty source lines: Joey NMT skips them, which would misalign the output")
    work = Path(work).resolve()
    run_info = load_run(work)
    data = PreparedData(run_info["prepared"])
    tag = tag or ("greedy" if beam_size == 1 else f"beam{beam_size}")
    decode_dir = work / f"decode-{tag}"
    src = decode_dir / "src.pieces"
    out = decode_dir / "hyp.pieces"
    write_lines(src, data.pieces(source, "src"))
    setup = DecodeSetup(work, Path(run_info["checkpoint"]), src, out, beam_size, alpha, batch_sentences)
    peer_args, on_stdout = peer.write_decoding(setup)
    run = run_driver(
        peer,
        ["translate", peer.name, "--threads", str(threads), "--", *peer_args],
        decode_dir / "translate.log",
        threads=threads,
        stdin=src,
        stdout=out if on_stdout else None,
    )
    hyp_pieces = read_lines(out)
    if len(hyp_pieces) != len(source):
        raise PeerError(
            f"{peer.name}: {len(hyp_pieces)} hypotheses for {len(source)} sentences; see {run.log}"
        )
    hypotheses = data.detokenize(hyp_pieces)
    write_lines(decode_dir / "hyp.txt", hypotheses)
    decode_seconds = next(m["decode_seconds"] for m in run.markers if "decode_seconds" in m)
    tokens = sum(len(line.split()) + 1 for line in hyp_pieces)
    result = {
        "peer": peer.name,
        "decode": "greedy" if beam_size == 1 else "beam",
        "beam_size": beam_size,
        "alpha": alpha if beam_size > 1 else None,
        "length_penalty": peer.length_penalty if beam_size > 1 else None,
        "batch_sentences": batch_sentences,
        "threads": threads,
        "sentences": len(source),
        "decode_seconds": decode_seconds,
        "wall_seconds": run.seconds,
        "sentences_per_s": len(source) / decode_seconds,
        "tgt_tokens": tokens,
        "tokens_per_s": tokens / decode_seconds,
        "hypotheses": hypotheses,
        "output": str(decode_dir / "hyp.txt"),
        "log": str(run.log),
    }
    if references is not None:
        result.update(score(hypotheses, [references]).to_dict())
    return result
