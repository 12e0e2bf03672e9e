"""Additive (Bahdanau) attention with padded source positions masked out."""

from __future__ import annotations

import torch
from torch import Tensor, nn


class AdditiveAttention(nn.Module):
    """score(q, k) = v^T tanh(W_q q + W_k k); weights = softmax over the real source positions.

    The keys are projected once per sentence (`project_keys`), not at every decoder step.
    """

    def __init__(self, query_size: int, key_size: int, attention_size: int) -> None:
        super().__init__()
        self.key_proj = nn.Linear(key_size, attention_size, bias=False)
        self.query_proj = nn.Linear(query_size, attention_size, bias=True)
        self.energy = nn.Linear(attention_size, 1, bias=False)

    def project_keys(self, memory: Tensor) -> Tensor:
        """memory: (batch, src_len, key_size) -> (batch, src_len, attention_size)"""
        return self.key_proj(memory)

    def forward(self, query: Tensor, keys: Tensor, memory: Tensor, src_mask: Tensor) -> tuple[Tensor, Tensor]:
        """query: (batch, tgt_len, query_size), keys: (batch, src_len, attention_size),
        memory: (batch, src_len, key_size), src_mask: (batch, src_len) True at real tokens.

        Returns context (batch, tgt_len, key_size) and weights (batch, tgt_len, src_len).
        """
        q = self.query_proj(query).unsqueeze(2)  # (batch, tgt_len, 1, attention_size)
        scores = self.energy(torch.tanh(q + keys.unsqueeze(1))).squeeze(-1)  # (batch, tgt_len, src_len)
        scores = scores.masked_fill(~src_mask.unsqueeze(1), float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        return torch.bmm(weights, memory), weights
