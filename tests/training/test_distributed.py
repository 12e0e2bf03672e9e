"""torchrun with two CPU processes (gloo) against one process with the same global batch."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import torch

from data.prepare import prepare
from tests.processes import run_python
from training.distributed import CollectiveError, Context, collective
from training.train import train
from translator.checkpoint import load_checkpoint
from translator.config import apply_overrides, load_config

STEPS = 12


@pytest.fixture(scope="module")
def overrides(repo_root, tmp_path_factory) -> list[str]:
    work = tmp_path_factory.mktemp("ddp")
    base = [
        f"data.tsv={repo_root / 'tests/fixtures/bible-300.tsv'}",
        f"data.dir={work / 'prepared'}",
        f"training.max_steps={STEPS}",
        f"training.log_every={STEPS}",
        f"training.eval_every={STEPS}",
        "training.eval_sentences=4",
        "training.batch_tokens=500",
        "training.threads=1",
    ]
    prepare(apply_overrides(load_config(repo_root / "configs/tiny.yaml"), base))
    return base


def _losses(run_dir: Path) -> tuple[float, float]:
    """(train loss over the steps, dev loss after them)."""
    records = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    train_loss = next(r["train_loss"] for r in records if "train_loss" in r)
    return train_loss, next(r["dev_loss"] for r in records if "dev_loss" in r)


def _torchrun(repo_root: Path, overrides: list[str], run_dir: Path) -> subprocess.CompletedProcess:
    """Two CPU ranks of `python -m training.train` on the tiny config."""
    # --standalone: torchrun picks a free loopback port itself (no race with other tests' servers).
    args = [
        "-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2",
        "-m", "training.train", "--config", "configs/tiny.yaml", "--run-dir", run_dir,
    ]  # fmt: skip
    for item in overrides:
        args += ["--set", item]
    return run_python(*args, cwd=repo_root, timeout=300)


@pytest.mark.slow
def test_two_ranks_match_one_process_with_the_same_global_batch(repo_root, overrides, tmp_path):
    ddp_dir = tmp_path / "ddp"
    done = _torchrun(repo_root, overrides, ddp_dir)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "parameters identical on all 2 ranks" in (ddp_dir / "train.log").read_text()

    # Rank r takes batches r, r+2, ...: one process taking two batches per step sees the same data.
    single_cfg = apply_overrides(
        load_config(repo_root / "configs/tiny.yaml"),
        [*overrides, f"training.run_dir={tmp_path / 'single'}", "training.accumulate=2"],
    )
    single_dir = train(single_cfg, show_progress=False)

    # Same data and gradients; only the order of floating-point sums differs.
    assert _losses(ddp_dir) == pytest.approx(_losses(single_dir), rel=1e-5)
    ddp_state = load_checkpoint(ddp_dir / "last.pt").model_state
    single_state = load_checkpoint(single_dir / "last.pt").model_state
    for name, tensor in single_state.items():
        torch.testing.assert_close(ddp_state[name], tensor, rtol=1e-3, atol=1e-4, msg=name)


@pytest.mark.slow
def test_a_rank_failing_mid_run_ends_the_run_with_its_message(repo_root, overrides, tmp_path):
    """Rank 0 fails at its first evaluation, with the DistributedDataParallel wrapper alive: a
    directory stands where best.pt goes. Both ranks must exit (a rank that kept the wrapper past
    the process group could hang at exit) and rank 0 says what went wrong."""
    run_dir = tmp_path / "failing"
    (run_dir / "best.pt").mkdir(parents=True)
    (run_dir / "best.pt" / "in-the-way").write_text("")
    done = _torchrun(repo_root, [*overrides, f"training.eval_every={STEPS // 2}"], run_dir)
    assert done.returncode != 0
    assert "error:" in done.stderr and "best.pt" in done.stderr, done.stderr[-3000:]
    assert not (run_dir / "last.pt").exists()  # it failed before the first checkpoint


TWO_RANKS = Context(rank=1, world_size=2)


def test_a_collective_s_transport_error_names_the_rank_and_the_reason():
    with pytest.raises(CollectiveError, match=r"rank 1 of 2 lost contact .*\(Connection closed by peer\)"):
        with collective(TWO_RANKS):
            raise RuntimeError("Connection closed by peer\n[gloo/transport/tcp/pair.cc:598]")


@pytest.mark.parametrize(
    ("ctx", "syncs", "error"),
    [
        (TWO_RANKS, True, torch.OutOfMemoryError("CUDA out of memory")),  # this rank's own failure
        (TWO_RANKS, False, RuntimeError("shape mismatch")),  # a backward under no_sync talks to no one
        (Context(), True, RuntimeError("shape mismatch")),  # one process: there is no group to lose
    ],
)
def test_errors_that_are_not_the_group_s_pass_through_unchanged(ctx, syncs, error):
    with pytest.raises(type(error)) as raised:
        with collective(ctx, syncs=syncs):
            raise error
    assert raised.value is error
