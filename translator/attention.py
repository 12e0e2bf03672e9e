"""Additive (Bahdanau) attention with padded source positions masked out."""

from __future__ import annotations

from collections.abc import Callable

import torch
from torch import Tensor, nn


def additive_scores(query: Tensor, keys: Tensor, energy: Tensor) -> Tensor:
    """v^T tanh(q + k) for every query and key.

    query: (batch, tgt_len, attention_size) projected queries, keys: (batch, src_len,
    attention_size), energy: (attention_size, 1) the vector v -> scores (batch, tgt_len, src_len).
    Eagerly this builds the (batch, tgt_len, src_len, attention_size) sum in memory three times
    over; `translator.compiled` fuses it into one pass.
    """
    return (torch.tanh(query.unsqueeze(2) + keys.unsqueeze(1)) @ energy).squeeze(-1)


class AdditiveAttention(nn.Module):
    """score(q, k) = v^T tanh(W_q q + W_k k); weights = softmax over the real source positions.

    The keys are projected once per sentence (`project_keys`), not at every decoder step.
    `scores` computes v^T tanh(.) (`additive_scores`, or its compiled form).
    """

    def __init__(self, query_size: int, key_size: int, attention_size: int) -> None:
        super().__init__()
        self.key_proj = nn.Linear(key_size, attention_size, bias=False)
        self.query_proj = nn.Linear(query_size, attention_size, bias=True)
        self.energy = nn.Linear(attention_size, 1, bias=False)
        self.scores: Callable[[Tensor, Tensor, Tensor], Tensor] = additive_scores

    def project_keys(self, memory: Tensor) -> Tensor:
        """memory: (batch, src_len, key_size) -> (batch, src_len, attention_size)"""
        return self.key_proj(memory)

    def forward(self, query: Tensor, keys: Tensor, memory: Tensor, src_mask: Tensor) -> tuple[Tensor, Tensor]:
        """query: (batch, tgt_len, query_size), keys: (batch, src_len, attention_size),
        memory: (batch, src_len, key_size), src_mask: (batch, src_len) True at real tokens.

        Returns context (batch, tgt_len, key_size) and weights (batch, tgt_len, src_len).
        """
        scores = self.scores(self.query_proj(query), keys, self.energy.weight.t())
        scores = scores.masked_fill(~src_mask.unsqueeze(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        return torch.bmm(weights, memory), weights
