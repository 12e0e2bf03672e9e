"""Train a peer on our prepared data, translate the test split, print a JSON summary.

    python -m bench peers --peer joey|onmt --prepared data/prepared/en-es --preset speed|quality \\
        (--minutes M | --steps N) --work bench/work/joey-speed [--limit 100] [--decode greedy beam]
"""

from __future__ import annotations

import argparse
import json
import sys

from bench.peers import PEERS, common


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench peers", description=__doc__.splitlines()[0])
    p.add_argument("--peer", choices=sorted(PEERS), required=True)
    p.add_argument("--prepared", required=True, help="prepared data directory, e.g. data/prepared/en-es")
    p.add_argument("--preset", choices=sorted(common.PRESETS), default="speed")
    budget = p.add_mutually_exclusive_group(required=True)
    budget.add_argument("--minutes", type=float, help="training time, counted from the first update")
    budget.add_argument("--steps", type=int, help="number of updates")
    p.add_argument("--work", required=True, help="work directory (e.g. under bench/work/, git-ignored)")
    p.add_argument("--threads", type=int, default=2, help="torch/OpenMP threads of the peer")
    p.add_argument("--seed", type=int, default=1234)
    p.add_argument("--log-every", type=int, default=10, help="updates per peer log line")
    p.add_argument("--split", default="test", help="split of the prepared data to translate")
    p.add_argument("--limit", type=int, default=None, help="translate only the first N sentences")
    p.add_argument("--decode", nargs="+", choices=["greedy", "beam"], default=["greedy", "beam"])
    p.add_argument("--beam-size", type=int, default=5)
    p.add_argument("--alpha", type=float, default=0.75, help="length penalty (see each peer's form)")
    p.add_argument("--batch", type=int, default=64, help="sentences per translation batch")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    peer = PEERS[args.peer]
    try:
        trained = common.train(
            peer,
            args.prepared,
            args.work,
            preset=args.preset,
            minutes=args.minutes,
            steps=args.steps,
            threads=args.threads,
            seed=args.seed,
            log_every=args.log_every,
        )
        data = common.PreparedData(args.prepared)
        source = data.lines(args.split, "src", args.limit)
        references = data.lines(args.split, "tgt", args.limit)
        translations = {}
        for decode in args.decode:
            result = common.translate(
                peer,
                args.work,
                source,
                references=references,
                beam_size=args.beam_size if decode == "beam" else 1,
                alpha=args.alpha,
                batch_sentences=args.batch,
                threads=args.threads,
            )
            del result["hypotheses"]  # in result["output"]
            translations[decode] = result
    except (common.PeerError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps({"train": trained, "split": args.split, "translate": translations}, indent=2))
    return 0
