"""A multi-layer, optionally bidirectional GRU/LSTM over padded batches, fused or reference.

Both backends take and return torch's layout: outputs (batch, time, directions * hidden) with
zeros at padded steps, and a final state (layers * directions, batch, hidden) -- a pair (h, c) for
LSTM -- holding each sequence's state at its last real step.
"""

from __future__ import annotations

from typing import Literal

import torch
from torch import Tensor, nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from translator.cells import GRUCell, LSTMCell

State = Tensor | tuple[Tensor, Tensor]


def reverse_padded(x: Tensor, lengths: Tensor) -> Tensor:
    """Reverse each sequence within its own length; padded steps stay where they are.

    x: (batch, time, features), lengths: (batch,)
    """
    steps = torch.arange(x.size(1), device=x.device).unsqueeze(0)  # (1, time)
    lengths = lengths.to(x.device).unsqueeze(1)
    index = torch.where(steps < lengths, lengths - 1 - steps, steps)  # (batch, time)
    return x.gather(1, index.unsqueeze(-1).expand_as(x))


class ReferenceRNN(nn.Module):
    """The recurrence unrolled step by step over `translator.cells` (slow, explicit)."""

    def __init__(
        self,
        kind: str,
        input_size: int,
        hidden_size: int,
        num_layers: int,
        bidirectional: bool,
        dropout: float,
    ) -> None:
        super().__init__()
        self.kind = kind
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.directions = 2 if bidirectional else 1
        cell = GRUCell if kind == "gru" else LSTMCell
        self.cells = nn.ModuleList(
            cell(input_size if layer == 0 else hidden_size * self.directions, hidden_size)
            for layer in range(num_layers)
            for _ in range(self.directions)
        )
        self.dropout = nn.Dropout(dropout)

    def _run(self, cell: nn.Module, x: Tensor, mask: Tensor, h: Tensor, c: Tensor | None):
        """One direction of one layer. x: (batch, time, in), mask: (batch, time) -> (batch, time, hidden)"""
        outputs = []
        for t in range(x.size(1)):
            keep = mask[:, t].unsqueeze(1)
            if c is None:
                h = torch.where(keep, cell(x[:, t], h), h)
            else:
                h_new, c_new = cell(x[:, t], (h, c))
                h, c = torch.where(keep, h_new, h), torch.where(keep, c_new, c)
            outputs.append(h * keep)
        return torch.stack(outputs, dim=1), h, c

    def forward(self, x: Tensor, lengths: Tensor | None = None, state: State | None = None):
        batch, time, _ = x.shape
        if lengths is None:
            lengths = torch.full((batch,), time, dtype=torch.long)
        lengths = lengths.to(x.device)
        mask = torch.arange(time, device=x.device).unsqueeze(0) < lengths.unsqueeze(1)
        n = self.num_layers * self.directions
        zeros = x.new_zeros(n, batch, self.hidden_size)
        if self.kind == "gru":
            h0, c0 = (zeros if state is None else state), None
        else:
            h0, c0 = (zeros, zeros) if state is None else state
        final_h, final_c = [], []
        layer_input = x
        for layer in range(self.num_layers):
            if layer > 0:
                layer_input = self.dropout(layer_input)
            outs = []
            for d in range(self.directions):
                i = layer * self.directions + d
                seq = layer_input if d == 0 else reverse_padded(layer_input, lengths)
                out, h, c = self._run(self.cells[i], seq, mask, h0[i], None if c0 is None else c0[i])
                outs.append(out if d == 0 else reverse_padded(out, lengths))
                final_h.append(h)
                final_c.append(c)
            layer_input = torch.cat(outs, dim=-1)
        h_n = torch.stack(final_h)
        return layer_input, (h_n if self.kind == "gru" else (h_n, torch.stack(final_c)))


class RNN(nn.Module):
    """`cell="fused"` wraps torch.nn.GRU/LSTM with packed sequences; `"reference"` uses ReferenceRNN."""

    def __init__(
        self,
        kind: Literal["gru", "lstm"],
        cell: Literal["fused", "reference"],
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bidirectional: bool = False,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        self.fused = cell == "fused"
        self.rnn: nn.GRU | nn.LSTM | ReferenceRNN
        if self.fused:
            module = nn.GRU if kind == "gru" else nn.LSTM
            self.rnn = module(
                input_size,
                hidden_size,
                num_layers=num_layers,
                bidirectional=bidirectional,
                dropout=dropout if num_layers > 1 else 0.0,
                batch_first=True,
            )
        else:
            self.rnn = ReferenceRNN(kind, input_size, hidden_size, num_layers, bidirectional, dropout)

    def forward(self, x: Tensor, lengths: Tensor | None = None, state: State | None = None):
        """x: (batch, time, input), lengths: (batch,) or None when no step is padding.

        Returns outputs (batch, time, directions * hidden) and the final state.
        """
        if not self.fused:
            return self.rnn(x, lengths, state)
        if lengths is None:
            return self.rnn(x, state)
        packed = pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, final = self.rnn(packed, state)
        out, _ = pad_packed_sequence(out, batch_first=True, total_length=x.size(1))
        return out, final
