"""Steady-state training throughput of a run: the median target tokens/s of its logged windows.

    python -m bench throughput runs/en-es [runs/es-en ...]

The first logged window (start-up, first allocations, cuDNN autotuning) is left out.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path


def steady_tokens_per_s(run_dir: str | Path) -> dict[str, float]:
    """{"median": ..., "windows": n} over the train-log lines of run_dir/metrics.jsonl but the first."""
    rows = [json.loads(line) for line in (Path(run_dir) / "metrics.jsonl").read_text().splitlines() if line]
    rates = [r["tokens_per_s"] for r in rows if "tokens_per_s" in r][1:]
    if not rates:
        raise ValueError(f"{run_dir}: fewer than two logged training windows")
    return {"median": statistics.median(rates), "windows": len(rates)}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench throughput", description=__doc__.splitlines()[0])
    p.add_argument("run_dirs", nargs="+", metavar="RUN_DIR", help="a run directory (its metrics.jsonl)")
    for run_dir in p.parse_args(argv).run_dirs:
        print(json.dumps({"run": run_dir, **steady_tokens_per_s(run_dir)}))
    return 0
