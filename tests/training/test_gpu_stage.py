"""training/gpu_stage.sh refuses what it cannot run before it trains anything (the training itself is what
training.train's tests cover; the script was run on a GPU lease, bench/recipes/general.md try 8)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "training" / "gpu_stage.sh"


def _run(repo_root: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(SCRIPT), *args],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable, "HOME": str(tmp_path)},
    )


def test_without_an_output_folder_it_prints_its_usage(repo_root, tmp_path):
    result = _run(repo_root, tmp_path)
    assert result.returncode != 0
    assert "usage: training/gpu_stage.sh OUT_DIR" in result.stderr


def test_a_stage_without_configs_exits_2_before_training(repo_root, tmp_path):
    out = tmp_path / "out"
    result = _run(repo_root, tmp_path, str(out), "99")
    assert result.returncode == 2
    assert "no configs/general-en-es-stage99.yaml" in result.stdout
    assert not list(out.iterdir())


def test_a_timeout_that_is_not_seconds_exits_2(repo_root, tmp_path):
    result = _run(repo_root, tmp_path, str(tmp_path / "out"), "7", "--resume")
    assert result.returncode == 2
    assert "TRAIN_TIMEOUT_S must be a whole number of seconds, got '--resume'" in result.stdout


def test_training_arguments_follow_the_separator(repo_root, tmp_path):
    """STAGE and TRAIN_TIMEOUT_S may be left out before `--`; what follows is not read as either."""
    result = _run(repo_root, tmp_path, str(tmp_path / "out"), "99", "--", "--resume")
    assert result.returncode == 2
    assert "no configs/general-en-es-stage99.yaml" in result.stdout
    result = _run(repo_root, tmp_path, str(tmp_path / "out"), "7", "60", "extra")
    assert result.returncode == 2
    assert "unexpected argument extra" in result.stdout
