"""Token-budget batches with length bucketing, reproducible and resumable.

Every epoch the pairs are shuffled with (seed, epoch), cut into buckets of similar length, packed
into batches of at most `batch_tokens` padded target tokens, and the batches are shuffled. The
position (epoch, batch) is all that is needed to resume exactly where training stopped. With
several ranks, each rank takes every world-th batch of the same sequence, so ranks never see the
same pair in one epoch.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import torch
from torch import Tensor

from translator.tokenizer import BOS_ID, EOS_ID, PAD_ID

# Sorting only within windows of this many batches keeps batches full of similar lengths while
# still mixing long and short sentences across the epoch.
BUCKET_BATCHES = 100


@dataclass
class Batch:
    src: Tensor  # (batch, src_len) source ids ending in EOS, PAD-padded
    src_lengths: Tensor  # (batch,)
    tgt_in: Tensor  # (batch, tgt_len) BOS + target ids
    tgt_out: Tensor  # (batch, tgt_len) target ids + EOS, PAD-padded
    n_tokens: int  # real target tokens (EOS included)

    def to(self, device: torch.device) -> Batch:
        """On CUDA the copies go from pinned memory without blocking the host."""
        if device.type != "cuda":
            return self
        src, tgt_in, tgt_out = (
            t.pin_memory().to(device, non_blocking=True) for t in (self.src, self.tgt_in, self.tgt_out)
        )
        return Batch(src, self.src_lengths, tgt_in, tgt_out, self.n_tokens)


def collate(pairs: list[tuple[list[int], list[int]]]) -> Batch:
    """pairs: (source ids with EOS, target ids without BOS/EOS)."""
    src_len = max(len(s) for s, _ in pairs)
    tgt_len = max(len(t) for _, t in pairs) + 1
    src = torch.full((len(pairs), src_len), PAD_ID, dtype=torch.long)
    tgt_in = torch.full((len(pairs), tgt_len), PAD_ID, dtype=torch.long)
    tgt_out = torch.full((len(pairs), tgt_len), PAD_ID, dtype=torch.long)
    for row, (s, t) in enumerate(pairs):
        src[row, : len(s)] = torch.tensor(s)
        tgt_in[row, : len(t) + 1] = torch.tensor([BOS_ID, *t])
        tgt_out[row, : len(t) + 1] = torch.tensor([*t, EOS_ID])
    src_lengths = torch.tensor([len(s) for s, _ in pairs])
    return Batch(src, src_lengths, tgt_in, tgt_out, sum(len(t) + 1 for _, t in pairs))


def epoch_batches(lengths: list[int], batch_tokens: int, seed: int, epoch: int) -> list[list[int]]:
    """All batches of one epoch, as lists of pair indices. lengths: padded cost of each pair."""
    rng = random.Random(seed * 100_003 + epoch)
    order = list(range(len(lengths)))
    rng.shuffle(order)
    avg = max(1, sum(lengths) // max(1, len(lengths)))
    window = max(1, BUCKET_BATCHES * batch_tokens // avg)
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        bucket = sorted(order[start : start + window], key=lambda i: lengths[i])
        current: list[int] = []
        longest = 0
        for i in bucket:
            longest_if_added = max(longest, lengths[i])
            if current and longest_if_added * (len(current) + 1) > batch_tokens:
                batches.append(current)
                current, longest_if_added = [], lengths[i]
            current.append(i)
            longest = longest_if_added
        if current:
            batches.append(current)
    rng.shuffle(batches)
    return batches


class BatchStream:
    """An endless stream of batches for one rank, starting at a saved (epoch, batch) position."""

    def __init__(
        self,
        pairs: list[tuple[list[int], list[int]]],
        batch_tokens: int,
        seed: int,
        rank: int = 0,
        world_size: int = 1,
        sampler: Callable[[int], list[int]] | None = None,
    ) -> None:
        """sampler: the pair indices of an epoch (training.mixing.Mixer.epoch); None takes every pair once."""
        if not pairs:
            raise ValueError("no training pairs")
        self.pairs = pairs
        self.lengths = [max(len(s), len(t) + 1) for s, t in pairs]
        self.batch_tokens = batch_tokens
        self.seed = seed
        self.rank = rank
        self.world_size = world_size
        self.sampler = sampler
        self.epoch = 0
        self.position = 0  # batches of this rank already consumed in this epoch

    def state_dict(self) -> dict[str, int]:
        return {"epoch": self.epoch, "position": self.position}

    def load_state_dict(self, state: dict[str, int]) -> None:
        self.epoch, self.position = state["epoch"], state["position"]

    def _rank_batches(self) -> list[list[int]]:
        if self.sampler is None:
            batches = epoch_batches(self.lengths, self.batch_tokens, self.seed, self.epoch)
        else:
            indices = self.sampler(self.epoch)
            lengths = [self.lengths[i] for i in indices]
            batches = [
                [indices[j] for j in batch]
                for batch in epoch_batches(lengths, self.batch_tokens, self.seed, self.epoch)
            ]
        # Every rank gets the same number of batches so that collective ops stay in step.
        usable = len(batches) - len(batches) % self.world_size
        return batches[self.rank : usable : self.world_size]

    def __iter__(self) -> Iterator[Batch]:
        while True:
            batches = self._rank_batches()
            while self.position < len(batches):
                indices = batches[self.position]
                self.position += 1
                yield collate([self.pairs[i] for i in indices])
            self.epoch += 1
            self.position = 0
