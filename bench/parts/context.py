"""What every part shares: the run's options (full or --quick sizes), results.json updated part by part,
a description of the machine, and the median of repeated timings."""

from __future__ import annotations

import datetime
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

RESULTS_FILE = "results.json"


@dataclass(frozen=True)
class Options:
    """Sizes of one benchmark run; `quick()` shrinks them to a smoke test of a few minutes."""

    work: Path = Path("bench/work/bench")
    out: Path = Path("bench")
    prepared: Path = Path("data/prepared/en-es")
    base_config: Path = Path("configs/en-es.yaml")
    shipped: Path = Path("models/en-es")
    threads: int = 2
    train_steps: int = 150
    repeats: int = 3
    train_systems: tuple[str, ...] = ("ours", "ours-bf16", "joey", "onmt")  # part 1
    # Updates of the models that parts 2 and 3 decode with: by 1,000 both our and OpenNMT-py's write
    # outputs about as long as the references (bench/PROFILE.md, "How long to train the decoding models").
    decode_steps: int = 1000
    limit: int | None = None  # test lines translated (None: all 719)
    batch_sentences: int = 64
    beam_size: int = 5
    alpha: float = 0.75
    # Part 3: concurrent clients per level, and each level's length (whole seconds: wrk's unit).
    concurrency: tuple[int, ...] = (1, 8, 32, 64)
    level_seconds: float = 30.0
    # Part 5: square matrices of this size, timed this many times.
    matmul_size: int = 2048
    matmul_runs: int = 7
    # Part 6.
    scaling_batches: tuple[int, ...] = (1, 2, 4, 8, 16, 32, 64, 128)
    scaling_beams: tuple[int, ...] = tuple(range(1, 11))
    scaling_beam_batch: int = 32  # sentences per call in the beam-size sweep
    scaling_per_bin: int = 24  # sentences timed one at a time per length bin
    quick: bool = False

    def quicker(self) -> Options:
        """Tiny sizes: every code path runs, no figure means anything."""
        return replace(
            self,
            train_steps=min(self.train_steps, 12),
            decode_steps=min(self.decode_steps, 12),
            repeats=1,
            limit=min(self.limit or 50, 50),
            level_seconds=2.0,
            matmul_size=768,
            matmul_runs=3,
            scaling_batches=(1, 4, 16),
            scaling_beams=(1, 2, 5),
            scaling_beam_batch=8,
            scaling_per_bin=2,
            quick=True,
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in asdict(self).items()}


def machine() -> dict[str, Any]:
    """CPU model (/proc/cpuinfo), logical CPUs, torch and Python versions."""
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "logical_cpus": os.cpu_count(),
        "torch": torch.__version__,
        "python": platform.python_version(),
    }


def now() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


@dataclass
class Results:
    """results.json: {"machine", "options", "parts": {name: figures}}. Each part is written as soon as it
    finishes (atomically), so a crash later keeps it; parts not run this time keep their old figures."""

    path: Path
    data: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def open(cls, out: Path) -> Results:
        path = out / RESULTS_FILE
        data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
        data.setdefault("parts", {})
        return cls(path, data)

    def part(self, name: str) -> dict[str, Any] | None:
        return self.data["parts"].get(name)

    def save_part(self, name: str, figures: dict[str, Any], opts: Options) -> None:
        """Store a part's figures with the date and the load average (1, 5, 15 minutes) as it ends: a
        quiet machine shows about `threads` (the benchmark's own load), a busy one more."""
        self.data["machine"] = {**machine(), "threads": opts.threads}
        self.data["parts"][name] = {
            "date": now(),
            "quick": opts.quick,
            "load_average": [round(x, 2) for x in os.getloadavg()],
            **figures,
        }
        self.data.setdefault("options", {})[name] = opts.to_dict()
        self.write()

    def write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(json.dumps(self.data, indent=2) + "\n", encoding="utf-8")
        os.replace(tmp, self.path)


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def median(values: list[float | None]) -> float | None:
    """The median of the values given (None: not measured in that run), or None if there is none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def median_of(runs: list[dict[str, Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """The median of each key over repeated runs, with the individual values kept beside it."""
    return {
        **{key: median([run[key] for run in runs]) for key in keys},
        "runs": [{key: run[key] for key in keys} for run in runs],
    }
