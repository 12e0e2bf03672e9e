"""The project's entry points in a child process, as a user runs them: `python ARGS` with the
interpreter that runs the tests, the repository importable from any working directory, the folder of
that interpreter first on PATH (a virtual environment's tools, e.g. hadolint or torchrun, are found as
if it were activated), one OpenMP thread a process (the tests share two cores with their children) and
none of the developer's MT_* settings (they would change what the service does)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def child_env(**changes: str | None) -> dict[str, str]:
    """os.environ for a child process as above; `changes` set variables, None removes one."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MT_")}
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", os.defpath)])
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env["OMP_NUM_THREADS"] = "1"
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def which(tool: str) -> str | None:
    """The path of `tool` as a child process started with child_env() finds it."""
    return shutil.which(tool, path=child_env()["PATH"])


def run_python(
    *args: object,
    input: str | None = None,
    cwd: Path = ROOT,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """`python ARGS` to its end, e.g. run_python("-m", "translator", "translate", "--model", path);
    its output is captured as text."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        input=input,
        cwd=cwd,
        env=child_env() if env is None else env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_python(
    *args: object, cwd: Path = ROOT, env: dict[str, str] | None = None, **popen: Any
) -> subprocess.Popen:
    """`python ARGS` in the background; `popen` goes to subprocess.Popen (stdout=..., text=...)."""
    return subprocess.Popen(
        [sys.executable, *map(str, args)], cwd=cwd, env=child_env() if env is None else env, **popen
    )
