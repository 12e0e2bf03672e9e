"""Corpus mixing: how many pairs of each source kind an epoch draws.

Sources differ by orders of magnitude (hundreds of thousands of interface strings, tens of thousands of
Bible verses, a few thousand lines of dialogue). Each epoch draws as many pairs as the corpus holds, from
each kind k with probability

    p_k = (n_k * w_k) ** (1 / T) / sum_j (n_j * w_j) ** (1 / T)

(n_k pairs, weight w_k from training.source_weights, temperature T): T = 1 keeps the corpus' own
proportions, larger T moves towards uniform, w_k = 0 leaves a kind out. A kind drawn more often than it
has pairs is repeated (in a fresh order each time), one drawn less often gets a different sample every
epoch. The draw depends only on (seed, epoch), so a resumed run continues with the same epochs.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping, Sequence

from translator.config import ConfigError


def probabilities(
    counts: Mapping[str, int], weights: Mapping[str, float], temperature: float
) -> dict[str, float]:
    """Each kind's share of an epoch; kinds not in `weights` weigh 1. ConfigError if every weight is 0."""
    mass = {k: (n * weights.get(k, 1.0)) ** (1.0 / temperature) for k, n in counts.items() if n > 0}
    total = sum(mass.values())
    if total <= 0:
        raise ConfigError(
            f"training.source_weights: every source kind weighs 0 (kinds: {sorted(counts)}): "
            "nothing to train on"
        )
    return {k: m / total for k, m in mass.items()}


class Mixer:
    """The pair indices of each epoch, drawn by source kind."""

    def __init__(
        self, kinds: Sequence[str], weights: Mapping[str, float], temperature: float, seed: int
    ) -> None:
        self.by_kind: dict[str, list[int]] = defaultdict(list)
        for index, kind in enumerate(kinds):
            self.by_kind[kind].append(index)
        counts = {k: len(v) for k, v in self.by_kind.items()}
        self.shares = probabilities(counts, weights, temperature)
        kept = sum(n for k, n in counts.items() if self.shares.get(k, 0.0) > 0)
        self.draws = {k: round(p * kept) for k, p in self.shares.items()}
        self.seed = seed

    def epoch(self, epoch: int) -> list[int]:
        """The indices of one epoch's pairs, in kind order (batching shuffles them)."""
        rng = random.Random(self.seed * 1_000_003 + epoch)
        out: list[int] = []
        for kind in sorted(self.draws):
            pool, need = self.by_kind[kind], self.draws[kind]
            while need > 0:
                take = rng.sample(pool, min(need, len(pool)))
                out.extend(take)
                need -= len(take)
        return out

    def describe(self) -> dict[str, dict[str, float]]:
        """Per kind: pairs, share of an epoch and pairs drawn per epoch, for the log and model card."""
        return {
            k: {
                "pairs": len(self.by_kind[k]),
                "share": round(self.shares.get(k, 0.0), 4),
                "per_epoch": self.draws.get(k, 0),
            }
            for k in sorted(self.by_kind)
        }
