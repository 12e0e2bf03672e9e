"""Fault injection on the training job (configs/tiny.yaml, shortened): kill -9 then --resume, a disk
that fills up during a checkpoint write, a full or read-only run directory, mismatched or corrupt
tokenizers and checkpoints on resume, and malformed corpora given to data.prepare."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
import torch
import yaml

import data.prepare
from data.prepare import prepare
from tests.processes import run_python, start_python
from training.train import TrainingError, main, train
from translator.checkpoint import load_checkpoint
from translator.config import apply_overrides, load_config

STEPS = 30
# Frequent checkpoints, a small batch, one thread: a run of a few seconds.
SHORT = [
    f"training.max_steps={STEPS}",
    "training.eval_every=10",
    "training.log_every=5",
    "training.eval_sentences=2",
    "training.batch_tokens=400",
    "training.threads=1",
    "decoding.max_len_b=3",
]
# Fields of metrics.jsonl that measure time, not training.
TIMING = {"tokens_per_s", "seconds"}


def _overrides(prepared: Path, run_dir: Path) -> list[str]:
    return [f"data.dir={prepared}", f"training.run_dir={run_dir}", *SHORT]


def _config(repo_root: Path, prepared: Path, run_dir: Path):
    return apply_overrides(load_config(repo_root / "configs/tiny.yaml"), _overrides(prepared, run_dir))


def _start(repo_root: Path, prepared: Path, run_dir: Path, *extra: str) -> subprocess.Popen:
    """`python -m training.train --config configs/tiny.yaml --set ...` in the background."""
    args = ["-m", "training.train", "--config", "configs/tiny.yaml", *extra]
    for item in _overrides(prepared, run_dir):
        args += ["--set", item]
    run_dir.parent.mkdir(parents=True, exist_ok=True)
    with (run_dir.parent / f"{run_dir.name}.{len(extra)}.log").open("w") as log:
        return start_python(*args, cwd=repo_root, stdout=log, stderr=subprocess.STDOUT)


def _records(run_dir: Path) -> list[dict]:
    lines = (run_dir / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [{k: v for k, v in json.loads(line).items() if k not in TIMING} for line in lines]


def _assert_same_parameters(a: Path, b: Path) -> None:
    first, second = load_checkpoint(a), load_checkpoint(b)
    assert first.step == second.step == STEPS
    assert first.model_state.keys() == second.model_state.keys()
    for name, tensor in first.model_state.items():
        assert torch.equal(second.model_state[name], tensor), name


@pytest.fixture(scope="module")
def prepared(repo_root, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("prepared")
    cfg = apply_overrides(
        load_config(repo_root / "configs/tiny.yaml"),
        [f"data.tsv={repo_root / 'tests/fixtures/bible-300.tsv'}", f"data.dir={out}"],
    )
    prepare(cfg)
    return out


@pytest.fixture(scope="module")
def straight(repo_root, prepared, tmp_path_factory) -> subprocess.Popen:
    """An uninterrupted run, started in the background; `.run_dir` is where it writes."""
    run_dir = tmp_path_factory.mktemp("straight") / "run"
    proc = _start(repo_root, prepared, run_dir)
    proc.run_dir = run_dir
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.wait()


def _finished(proc: subprocess.Popen) -> Path:
    assert proc.wait(timeout=600) == 0, (proc.run_dir.parent / f"{proc.run_dir.name}.0.log").read_text()
    return proc.run_dir


@pytest.mark.slow
def test_kill_9_then_resume_reaches_the_same_parameters(repo_root, prepared, straight, tmp_path):
    run_dir = tmp_path / "run"
    proc = _start(repo_root, prepared, run_dir)
    # Kill once a checkpoint exists and training has gone on past it (a train record after step 10).
    deadline = time.monotonic() + 600
    while True:
        assert proc.poll() is None, "the run finished before it could be killed"
        assert time.monotonic() < deadline
        metrics = run_dir / "metrics.jsonl"
        steps = [json.loads(x)["step"] for x in metrics.read_text().splitlines()] if metrics.exists() else []
        if (run_dir / "last.pt").exists() and any(step % 10 for step in steps if step > 10):
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait() == -signal.SIGKILL
    killed_at = max(json.loads(x)["step"] for x in (run_dir / "metrics.jsonl").read_text().splitlines())
    checkpoint_step = load_checkpoint(run_dir / "last.pt").step
    assert 10 <= checkpoint_step <= killed_at < STEPS and killed_at > 10

    resumed = _start(repo_root, prepared, run_dir, "--resume")
    assert resumed.wait(timeout=600) == 0, (tmp_path / "run.1.log").read_text()
    log = (run_dir / "train.log").read_text()
    assert f"resumed from {run_dir / 'last.pt'} at step {checkpoint_step}" in log

    straight_dir = _finished(straight)
    _assert_same_parameters(straight_dir / "last.pt", run_dir / "last.pt")
    # The records written after the checkpoint were dropped and written again, identically.
    assert _records(run_dir) == _records(straight_dir)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_disk_full_during_a_checkpoint_write(repo_root, prepared, straight, tmp_path, monkeypatch, capsys):
    """From the third checkpoint write on (the second evaluation), every write goes to /dev/full and
    fails with the kernel's ENOSPC. The job stops with a clear error; the checkpoint of step 10
    stays whole, no temporary file is left, and --resume finishes the run as if nothing happened."""
    run_dir = tmp_path / "run"
    real_mkstemp = tempfile.mkstemp
    writes = []

    def mkstemp(*args, **kwargs):
        fd, name = real_mkstemp(*args, **kwargs)
        if kwargs.get("suffix") == ".tmp":
            writes.append(name)
        if len(writes) > 2 and name == writes[-1]:
            os.close(fd)
            fd = os.open("/dev/full", os.O_WRONLY)
        return fd, name

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    argv = ["--config", str(repo_root / "configs/tiny.yaml")]
    for item in _overrides(prepared, run_dir):
        argv += ["--set", item]
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2
    assert "No space left on device" in err and "--resume" in err and "Traceback" not in err
    assert load_checkpoint(run_dir / "last.pt").step == 10
    assert sorted(p.name for p in run_dir.iterdir() if p.name.endswith(".tmp")) == []

    monkeypatch.undo()
    assert main([*argv, "--resume"]) == 0
    _assert_same_parameters(_finished(straight) / "last.pt", run_dir / "last.pt")


def test_full_disk_fails_at_the_start(repo_root, prepared, tmp_path, monkeypatch, capsys):
    run_dir = tmp_path / "run"
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage._replace(free=5 << 20))
    argv = ["--config", str(repo_root / "configs/tiny.yaml")]
    for item in _overrides(prepared, run_dir):
        argv += ["--set", item]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert f"error: {run_dir}: only 5 MiB free, checkpoints need about " in err
    # It stopped before the first step: not even config.yaml or metrics.jsonl was written.
    assert list(run_dir.iterdir()) == []


def test_read_only_run_directory_fails_at_the_start(repo_root, prepared):
    # Tests run as root, which chmod does not stop; sysfs refuses new files even to root.
    read_only = Path("/sys")
    try:
        (read_only / ".write-test").write_bytes(b"")
    except OSError:
        pass
    else:  # pragma: no cover
        (read_only / ".write-test").unlink()
        pytest.skip("/sys is writable here")
    cfg = _config(repo_root, prepared, read_only)
    with pytest.raises(TrainingError, match=r"^/sys: run directory is not writable \(.+\)$"):
        train(cfg, show_progress=False)


@pytest.fixture
def short_run(repo_root, prepared, tmp_path) -> tuple[Path, Path]:
    """A copy of the prepared data, and a run directory trained on it for 10 steps."""
    data = tmp_path / "prepared"
    shutil.copytree(prepared, data)
    run_dir = tmp_path / "run"
    cfg = apply_overrides(_config(repo_root, data, run_dir), ["training.max_steps=10"])
    train(cfg, show_progress=False)
    return data, run_dir


@pytest.mark.slow
def test_resume_refuses_a_different_tokenizer(repo_root, prepared, short_run, tmp_path):
    data, run_dir = short_run
    # Preparing again with a BPE tokenizer of the same size gives other ids for the same text.
    cfg = apply_overrides(
        load_config(repo_root / "configs/tiny.yaml"),
        [f"data.tsv={repo_root / 'tests/fixtures/bible-300.tsv'}", f"data.dir={tmp_path / 'bpe'}"],
    )
    prepare(apply_overrides(cfg, ["tokenizer.model_type=bpe"]))
    shutil.copy(tmp_path / "bpe" / "spm.model", data / "spm.model")
    with pytest.raises(TrainingError, match=rf"^{run_dir / 'last.pt'}: .*different tokenizer.*cannot resume"):
        train(_config(repo_root, data, run_dir), resume=True, show_progress=False)


@pytest.mark.slow
def test_resume_refuses_a_torn_checkpoint(repo_root, short_run, capsys):
    data, run_dir = short_run
    last = run_dir / "last.pt"
    last.write_bytes(last.read_bytes()[:-100])
    argv = ["--config", str(repo_root / "configs/tiny.yaml"), "--resume"]
    for item in _overrides(data, run_dir):
        argv += ["--set", item]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {last}: not a readable checkpoint") and "Traceback" not in err


@pytest.mark.parametrize("damage", ["truncated", "empty"])
def test_corrupt_tokenizer_file_is_named(repo_root, prepared, tmp_path, damage, capsys):
    data = tmp_path / "prepared"
    shutil.copytree(prepared, data)
    model = data / "spm.model"
    model.write_bytes(model.read_bytes()[: model.stat().st_size // 2] if damage == "truncated" else b"")
    argv = ["--config", str(repo_root / "configs/tiny.yaml")]
    for item in _overrides(data, tmp_path / "run"):
        argv += ["--set", item]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {model} (source): not a sentencepiece model")
    assert "python -m data.prepare --config" in err
    assert not (tmp_path / "run").exists()


# Malformed corpora through `python -m data.prepare --config`: exit 2 naming the file and the line.


def _prepare_cli(tmp_path: Path, data_section: dict, capsys) -> tuple[int, str]:
    config = tmp_path / "c.yaml"
    data_section = {"dir": str(tmp_path / "out"), "dev_every": 3, "test_every": 5, **data_section}
    config.write_text(
        yaml.safe_dump({"data": data_section, "tokenizer": {"vocab_size": 40}}), encoding="utf-8"
    )
    code = data.prepare.main(["--config", str(config)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def _lines(n: int, word: str) -> list[str]:
    return [f"{word} {i} " + " ".join(["abc", "def", "ghi"][: 1 + i % 3]) for i in range(n)]


def test_tsv_with_a_stray_tab(tmp_path, capsys):
    rows = [f"{s}\t{t}" for s, t in zip(_lines(20, "line"), _lines(20, "linea"), strict=True)]
    rows[13] += "\tstray"
    (tmp_path / "c.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, err = _prepare_cli(tmp_path, {"corpus": "tsv", "tsv": str(tmp_path / "c.tsv")}, capsys)
    assert code == 2
    assert f"{tmp_path / 'c.tsv'}:14: expected source<TAB>target (exactly one tab), found 2 tabs" in err
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_invalid_utf8_in_the_target_file(tmp_path, capsys, repo_root):
    (tmp_path / "c.en").write_text("\n".join(_lines(20, "line")) + "\n", encoding="utf-8")
    target = "\n".join(_lines(20, "linea")).encode().replace(b"linea 7 ", b"l\xednea 7 ")
    (tmp_path / "c.es").write_bytes(target + b"\n")
    files = {"corpus": "files", "src_file": str(tmp_path / "c.en"), "tgt_file": str(tmp_path / "c.es")}
    code, err = _prepare_cli(tmp_path, files, capsys)
    assert code == 2
    assert f"{tmp_path / 'c.es'}:8: invalid UTF-8 (byte 0xed at column 2)" in err
    # The same through the real entry point.
    proc = run_python("-m", "data.prepare", "--config", tmp_path / "c.yaml", cwd=repo_root)
    assert proc.returncode == 2
    assert f"{tmp_path / 'c.es'}:8: invalid UTF-8" in proc.stderr and "Traceback" not in proc.stderr


def test_misaligned_files(tmp_path, capsys):
    (tmp_path / "c.en").write_text("\n".join(_lines(20, "line")) + "\n", encoding="utf-8")
    (tmp_path / "c.es").write_text("\n".join(_lines(19, "linea")) + "\n", encoding="utf-8")
    files = {"corpus": "files", "src_file": str(tmp_path / "c.en"), "tgt_file": str(tmp_path / "c.es")}
    code, err = _prepare_cli(tmp_path, files, capsys)
    assert code == 2
    assert f"{tmp_path / 'c.en'} has 20 lines but {tmp_path / 'c.es'} has 19" in err


def test_empty_lines_and_odd_whitespace_never_shift_the_pairs(tmp_path, capsys):
    src, tgt = _lines(30, "line"), _lines(30, "linea")
    src[4], tgt[9], src[12], tgt[12] = "", "   ", "", ""  # empty on one side, blank, empty on both
    src[15] = "line 15\u2028continues"  # a line separator that str.splitlines() would break at
    tgt[17] = "linea 17\r\x85more"
    (tmp_path / "c.en").write_text("\r\n".join(src) + "\r\n", encoding="utf-8", newline="")
    (tmp_path / "c.es").write_text("\n".join(tgt) + "\n", encoding="utf-8", newline="")
    files = {"corpus": "files", "src_file": str(tmp_path / "c.en"), "tgt_file": str(tmp_path / "c.es")}
    code, err = _prepare_cli(tmp_path, files, capsys)
    assert code == 0, err
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["drops"]["empty"] == 3
    kept = 0
    for split in ("train", "dev", "test"):
        en = (tmp_path / "out" / f"{split}.en").read_text(encoding="utf-8").splitlines()
        es = (tmp_path / "out" / f"{split}.es").read_text(encoding="utf-8").splitlines()
        assert len(en) == len(es)
        for s, t in zip(en, es, strict=True):
            assert s.split()[1] == t.split()[1], (s, t)  # the verse number on both sides
        kept += len(en)
    assert kept == 27
