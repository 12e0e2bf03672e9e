"""GRU and LSTM cells written from the gate equations.

They use torch.nn.GRUCell / LSTMCell's parameter names and gate order, so weights move between
the two freely; tests check they agree to 1e-6. The fused torch modules stay the default for
speed; these make the equations explicit and can be selected with `model.cell: reference`.
"""

from __future__ import annotations

import math

import torch
from torch import Tensor, nn


class _ReferenceCell(nn.Module):
    gates: int

    def __init__(self, input_size: int, hidden_size: int) -> None:
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.weight_ih = nn.Parameter(torch.empty(self.gates * hidden_size, input_size))
        self.weight_hh = nn.Parameter(torch.empty(self.gates * hidden_size, hidden_size))
        self.bias_ih = nn.Parameter(torch.empty(self.gates * hidden_size))
        self.bias_hh = nn.Parameter(torch.empty(self.gates * hidden_size))
        # Same initialisation as torch's cells: U(-1/sqrt(H), 1/sqrt(H)).
        bound = 1.0 / math.sqrt(hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)


class GRUCell(_ReferenceCell):
    """One GRU step.

    r  = sigmoid(W_ir x + b_ir + W_hr h + b_hr)          reset gate
    z  = sigmoid(W_iz x + b_iz + W_hz h + b_hz)          update gate
    n  = tanh(W_in x + b_in + r * (W_hn h + b_hn))       candidate state
    h' = (1 - z) * n + z * h
    """

    gates = 3

    def forward(self, x: Tensor, h: Tensor) -> Tensor:
        """x: (batch, input_size), h: (batch, hidden_size) -> h': (batch, hidden_size)"""
        x_r, x_z, x_n = (x @ self.weight_ih.t() + self.bias_ih).chunk(3, dim=-1)
        h_r, h_z, h_n = (h @ self.weight_hh.t() + self.bias_hh).chunk(3, dim=-1)
        reset = torch.sigmoid(x_r + h_r)
        update = torch.sigmoid(x_z + h_z)
        candidate = torch.tanh(x_n + reset * h_n)
        return (1.0 - update) * candidate + update * h


class LSTMCell(_ReferenceCell):
    """One LSTM step.

    i  = sigmoid(W_ii x + b_ii + W_hi h + b_hi)          input gate
    f  = sigmoid(W_if x + b_if + W_hf h + b_hf)          forget gate
    g  = tanh(W_ig x + b_ig + W_hg h + b_hg)             candidate cell
    o  = sigmoid(W_io x + b_io + W_ho h + b_ho)          output gate
    c' = f * c + i * g
    h' = o * tanh(c')
    """

    gates = 4

    def forward(self, x: Tensor, state: tuple[Tensor, Tensor]) -> tuple[Tensor, Tensor]:
        """x: (batch, input_size), state: h, c each (batch, hidden_size) -> (h', c')"""
        h, c = state
        gates = x @ self.weight_ih.t() + self.bias_ih + h @ self.weight_hh.t() + self.bias_hh
        i, f, g, o = gates.chunk(4, dim=-1)
        c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        h_next = torch.sigmoid(o) * torch.tanh(c_next)
        return h_next, c_next
