"""Fault injection on checkpoints: SIGKILL in the middle of a write, and corrupt, truncated or
mismatched checkpoints refused by the library and the CLI with the file and the problem named."""

from __future__ import annotations

import io
import os
import random
import signal
import struct
import sys
import time
import zipfile
from pathlib import Path

import pytest
import sentencepiece as spm
import torch

from tests.checkpoint_payloads import RunsCode, raw_payload
from tests.processes import run_python
from translator.__main__ import main as cli_main
from translator.checkpoint import FORMAT_VERSION, CheckpointError, load_checkpoint, save_checkpoint
from translator.config import Config
from translator.facade import Translator

# A training blob big enough that a write takes a while on a slow disk: 1 MiB of float32.
BLOB_FLOATS = 1 << 18
CHUNK = 1 << 14


@pytest.fixture(scope="module")
def model(make_model):
    return make_model(seed=5)


@pytest.fixture(scope="module")
def blob():
    return torch.randn(BLOB_FLOATS, generator=torch.Generator().manual_seed(0))


@pytest.fixture
def save(model, tokenizer, blob):
    """save(path, step) writes a training checkpoint of `model` with a 1 MiB blob as its state."""

    def write(path: Path, step: int) -> Path:
        save_checkpoint(
            path,
            model_state=model.state_dict(),
            config=Config(model=model.cfg),
            tokenizer=tokenizer,
            step=step,
            metrics={"step": step},
            training={"blob": blob},
        )
        return path

    return write


def _temporaries(directory: Path, name: str) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.name != name)


def _fork(child) -> int:
    """Run child() in a forked process that never returns into pytest; returns its pid."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            child()
            code = 0
        finally:
            os._exit(code)
    return pid


def _kill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, "the child ended by itself"


def _slow_fdopen(fd: int, mode: str = "r", *args, **kwargs):
    """os.fdopen whose large writes reach the disk 16 KiB at a time, 2 ms apart: a slow disk."""

    class Slow(io.BufferedWriter):
        def write(self, data) -> int:
            view = memoryview(data).cast("B")
            for i in range(0, len(view), CHUNK):
                super().write(view[i : i + CHUNK])
                if len(view) - i >= CHUNK:
                    super().flush()
                    time.sleep(0.002)
            return len(view)

    return Slow(io.FileIO(fd, "w"))


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_sigkill_mid_write_keeps_the_previous_checkpoint(save, tmp_path, monkeypatch):
    path = save(tmp_path / "last.pt", step=1)
    before = path.read_bytes()

    def child():
        monkeypatch.setattr(os, "fdopen", _slow_fdopen)
        save(path, step=2)

    pid = _fork(child)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 1 << 19 for p in _temporaries(tmp_path, "last.pt")):
        assert time.monotonic() < deadline, "the write never started"
        time.sleep(0.005)
    _kill(pid)

    # The final path is the old checkpoint, byte for byte.
    assert path.read_bytes() == before
    assert load_checkpoint(path).step == 1
    # What the kill interrupted is a torn temporary file, named as one, that no loader accepts.
    [torn] = _temporaries(tmp_path, "last.pt")
    assert torn.name.startswith(".last.pt.") and torn.name.endswith(".tmp")
    assert torn.stat().st_size < len(before)
    with pytest.raises(CheckpointError, match="not a readable checkpoint"):
        load_checkpoint(torn)
    # The next write removes the dead writer's leftover.
    save(path, step=3)
    assert os.listdir(tmp_path) == ["last.pt"]
    assert load_checkpoint(path).step == 3


@pytest.mark.slow  # 12 forked writers
@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_repeated_sigkills_never_tear_the_checkpoint(save, blob, tmp_path):
    """A writer saving in a loop is killed 12 times; each time the checkpoint on disk is the last one
    the writer finished (or the one it was renaming into place), never a torn file."""
    path = tmp_path / "last.pt"
    rng = random.Random(0)
    kills = 12
    mid_write = 0
    for round_ in range(kills):
        read_end, write_end = os.pipe()

        def child(round_=round_, write_end=write_end, read_end=read_end):
            os.close(read_end)
            for k in range(10_000):
                save(path, step=1000 * round_ + k)
                os.write(write_end, struct.pack("<q", 1000 * round_ + k))
                if round_ % 2:
                    os.fdopen = _slow_fdopen  # this process only, after its first checkpoint

        pid = _fork(child)
        os.close(write_end)
        first = os.read(read_end, 8)  # blocks until one checkpoint of this round is complete
        assert len(first) == 8
        if round_ % 2:
            # Odd rounds, on a slow disk: kill while a temporary file is being written.
            while not any(p.stat().st_size for p in _temporaries(tmp_path, "last.pt")):
                time.sleep(0.001)
        else:
            time.sleep(rng.uniform(0, 0.1))
        _kill(pid)
        rest = first
        while chunk := os.read(read_end, 4096):
            rest += chunk
        os.close(read_end)
        finished = struct.unpack(f"<{len(rest) // 8}q", rest[: len(rest) // 8 * 8])[-1]

        loaded = load_checkpoint(path)
        assert loaded.step in (finished, finished + 1)
        assert torch.equal(loaded.training["blob"], blob)
        leftovers = _temporaries(tmp_path, "last.pt")
        assert all(p.name.startswith(".last.pt.") and p.name.endswith(".tmp") for p in leftovers)
        # Each writer removes the leftovers of dead ones: they never pile up.
        assert len(leftovers) <= 1
        mid_write += len(leftovers)
    assert mid_write >= kills // 2


def _flip_in_member(path: Path, member: str) -> None:
    """Flip one bit in the middle of zip member `member` (torch.save stores members uncompressed)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as z:
        info = next(i for i in z.infolist() if i.filename.endswith(member))
    name_len, extra_len = struct.unpack("<HH", data[info.header_offset + 26 : info.header_offset + 30])
    data[info.header_offset + 30 + name_len + extra_len + info.file_size // 2] ^= 0x10
    path.write_bytes(bytes(data))


def _spm_with_ids(pad: int, unk: int, bos: int, eos: int) -> bytes:
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(["in the beginning god created the heaven and the earth"] * 20),
        model_writer=proto,
        vocab_size=30,
        model_type="char",
        pad_id=pad,
        unk_id=unk,
        bos_id=bos,
        eos_id=eos,
        minloglevel=2,
    )
    return proto.getvalue()


def _bad_checkpoint(kind: str, directory: Path, model, tokenizer) -> Path:
    """A model directory whose model.pt is broken as `kind` says."""
    path = directory / "model.pt"
    if kind == "weights bit flip":
        save_checkpoint(
            path, model_state=model.state_dict(), config=Config(model=model.cfg), tokenizer=tokenizer,
            step=1, metrics={},
        )  # fmt: skip
        _flip_in_member(path, "data/0")
    elif kind == "tokenizer bit flip":
        torch.save(raw_payload(model, tokenizer), path)
        # data.pkl is mostly the two tokenizers' bytes: the flip lands in one of them.
        _flip_in_member(path, "data.pkl")
    elif kind == "truncated tokenizer":
        half = tokenizer.src_proto[: len(tokenizer.src_proto) // 2]
        torch.save(raw_payload(model, tokenizer, tokenizer={"src": half, "tgt": half}), path)
    elif kind == "other special ids":
        other = _spm_with_ids(pad=3, unk=0, bos=1, eos=2)
        torch.save(raw_payload(model, tokenizer, tokenizer={"src": tokenizer.src_proto, "tgt": other}), path)
    elif kind == "newer format":
        torch.save(raw_payload(model, tokenizer, format_version=FORMAT_VERSION + 1), path)
    elif kind == "pickled code":
        torch.save(raw_payload(model, tokenizer, metrics={"x": RunsCode(directory / "pwned")}), path)
    elif kind == "truncated at the end":
        torch.save(raw_payload(model, tokenizer), path)
        path.write_bytes(path.read_bytes()[:-1])
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "a bare tensor":
        torch.save(torch.zeros(3), path)
    return path


CASES = {
    "weights bit flip": r"corrupt.*data/0",
    "tokenizer bit flip": r"corrupt.*data\.pkl",
    "truncated tokenizer": r"\(source\): not a sentencepiece model",
    "other special ids": r"\(target\): special ids \(pad, unk, bos, eos\) must be .*, got \(3, 0, 1, 2\)",
    "newer format": rf"checkpoint format version {FORMAT_VERSION + 1}, this program reads version",
    "pickled code": r"not a readable checkpoint",
    "truncated at the end": r"not a readable checkpoint",
    "empty": r"not a readable checkpoint",
    "a bare tensor": r"not a translator checkpoint",
}


@pytest.mark.parametrize("kind", list(CASES))
def test_library_and_cli_refuse_a_bad_checkpoint(kind, model, tokenizer, tmp_path, monkeypatch, capsys):
    path = _bad_checkpoint(kind, tmp_path, model, tokenizer)
    with pytest.raises(CheckpointError, match=CASES[kind]) as info:
        Translator.load(tmp_path)
    assert str(info.value).startswith(f"{path}: ")
    monkeypatch.setattr(sys, "stdin", io.StringIO("god\n"))
    assert cli_main(["translate", "--model", str(tmp_path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"error: {path}: ") and "Traceback" not in err
    assert not (tmp_path / "pwned").exists()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["newer format", "pickled code"])
def test_cli_subprocess_refuses_without_a_traceback(kind, model, tokenizer, tmp_path, repo_root):
    path = _bad_checkpoint(kind, tmp_path, model, tokenizer)
    proc = run_python("-m", "translator", "translate", "--model", path, input="god\n", cwd=repo_root)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith(f"error: {path}: ") and "Traceback" not in proc.stderr
    assert not (tmp_path / "pwned").exists()
