"""Steady-state training throughput of a run: the median target tokens/s of its logged windows.

    python -m bench.throughput runs/en-es [runs/es-en ...]

The first logged window (start-up, first allocations, cuDNN autotuning) is left out.
"""

from __future__ import annotations

import json
import statistics
import sys
from pathlib import Path


def steady_tokens_per_s(run_dir: str | Path) -> dict[str, float]:
    """{"median": ..., "windows": n} over the train-log lines of run_dir/metrics.jsonl but the first."""
    rows = [json.loads(line) for line in (Path(run_dir) / "metrics.jsonl").read_text().splitlines() if line]
    rates = [r["tokens_per_s"] for r in rows if "tokens_per_s" in r][1:]
    if not rates:
        raise ValueError(f"{run_dir}: fewer than two logged training windows")
    return {"median": statistics.median(rates), "windows": len(rates)}


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    for run_dir in argv:
        print(json.dumps({"run": run_dir, **steady_tokens_per_s(run_dir)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
