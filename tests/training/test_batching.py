import random

import pytest
import torch

from training.batching import BatchStream, collate, epoch_batches
from translator.tokenizer import BOS_ID, EOS_ID, PAD_ID


def _pairs(n: int, seed: int = 0) -> list[tuple[list[int], list[int]]]:
    rng = random.Random(seed)
    return [
        (
            [rng.randrange(4, 50) for _ in range(rng.randint(1, 30))] + [EOS_ID],
            [rng.randrange(4, 50) for _ in range(rng.randint(1, 30))],
        )
        for _ in range(n)
    ]


def test_collate_adds_bos_eos_and_pads():
    batch = collate([([5, 6, EOS_ID], [7, 8, 9]), ([5, EOS_ID], [7])])
    assert batch.src.tolist() == [[5, 6, EOS_ID], [5, EOS_ID, PAD_ID]]
    assert batch.src_lengths.tolist() == [3, 2]
    assert batch.tgt_in.tolist() == [[BOS_ID, 7, 8, 9], [BOS_ID, 7, PAD_ID, PAD_ID]]
    assert batch.tgt_out.tolist() == [[7, 8, 9, EOS_ID], [7, EOS_ID, PAD_ID, PAD_ID]]
    assert batch.n_tokens == 6


def test_epoch_covers_every_pair_once_within_budget():
    pairs = _pairs(500)
    lengths = [max(len(s), len(t) + 1) for s, t in pairs]
    batches = epoch_batches(lengths, batch_tokens=200, seed=1, epoch=0)
    flat = sorted(i for b in batches for i in b)
    assert flat == list(range(500))
    for b in batches:
        assert len(b) == 1 or max(lengths[i] for i in b) * len(b) <= 200


def test_bucketing_reduces_padding_against_random_batches():
    pairs = _pairs(2000)
    lengths = [max(len(s), len(t) + 1) for s, t in pairs]
    batches = epoch_batches(lengths, batch_tokens=300, seed=1, epoch=0)
    padded = sum(max(lengths[i] for i in b) * len(b) for b in batches)
    assert sum(lengths) / padded > 0.85


def test_epochs_differ_but_are_reproducible():
    lengths = [max(len(s), len(t) + 1) for s, t in _pairs(300)]
    assert epoch_batches(lengths, 200, seed=3, epoch=0) == epoch_batches(lengths, 200, seed=3, epoch=0)
    assert epoch_batches(lengths, 200, seed=3, epoch=0) != epoch_batches(lengths, 200, seed=3, epoch=1)


def _take(stream: BatchStream, n: int) -> list[torch.Tensor]:
    it = iter(stream)
    return [next(it).src for _ in range(n)]


def test_stream_resumes_at_saved_position_across_epochs():
    pairs = _pairs(200)
    whole = _take(BatchStream(pairs, 300, seed=5), 60)
    first = BatchStream(pairs, 300, seed=5)
    head = _take(first, 25)
    resumed = BatchStream(pairs, 300, seed=5)
    resumed.load_state_dict(first.state_dict())
    tail = _take(resumed, 35)
    assert len(whole) == len(head + tail)
    for a, b in zip(whole, head + tail, strict=True):
        assert torch.equal(a, b)


def test_ranks_split_an_epoch_without_overlap():
    pairs = [([i + 4, EOS_ID], [i + 4]) for i in range(100)]
    lengths = [2] * 100
    total = len(epoch_batches(lengths, 10, seed=0, epoch=0))
    seen = []
    for rank in range(2):
        stream = BatchStream(pairs, 10, seed=0, rank=rank, world_size=2)
        for src in _take(stream, total // 2):
            seen.extend(src[:, 0].tolist())
    assert len(seen) == len(set(seen))
    assert len(seen) >= 100 - 10


def test_empty_stream_is_an_error():
    with pytest.raises(ValueError, match="no training pairs"):
        BatchStream([], 100, seed=0)
