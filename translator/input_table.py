"""The decoder's first recurrent layer at decoding time, its input side looked up instead of multiplied.

Layer 1 reads the embedding of the previous target word, so its input-to-hidden product
W_ih e(y) + b_ih depends on the word alone: one (vocab, gates x hidden) table holds it for every
word, and a step gathers rows instead of multiplying (rows, emb) by (emb, gates x hidden): reading
a row costs far less than the product it replaces, one of the recurrent step's two matrix products
(bench/PROFILE.md, "The first layer's inputs from a table"). The table costs vocab x gates x hidden
numbers of memory.

It is built from the current weights when a model is loaded for translation
(`Decoder.tabulate`), is not saved in checkpoints, and is dropped when the model goes back to
training mode, so it never goes stale.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import torch
import torch.nn.functional as F
from torch import Tensor, nn


def gru_update(gates_in: Tensor, gates_hidden: Tensor, h: Tensor) -> Tensor:
    """One GRU step from its two gate products (`translator.cells.GRUCell` has the equations).

    gates_in, gates_hidden: (batch, 3 * hidden) = W_i x + b_i and W_h h + b_h; h: (batch, hidden)
    -> h' (batch, hidden)
    """
    in_r, in_z, in_n = gates_in.chunk(3, dim=-1)
    hid_r, hid_z, hid_n = gates_hidden.chunk(3, dim=-1)
    reset = torch.sigmoid(in_r + hid_r)
    update = torch.sigmoid(in_z + hid_z)
    candidate = torch.tanh(in_n + reset * hid_n)
    return (1.0 - update) * candidate + update * h


def lstm_update(gates_in: Tensor, gates_hidden: Tensor, c: Tensor) -> tuple[Tensor, Tensor]:
    """One LSTM step from its two gate products (`translator.cells.LSTMCell`).

    gates_in, gates_hidden: (batch, 4 * hidden); c: (batch, hidden) -> h', c' (batch, hidden) each
    """
    i, f, g, o = (gates_in + gates_hidden).chunk(4, dim=-1)
    c_next = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c_next), c_next


class InputTable(nn.Module):
    """W_ih e(y) + b_ih for every target word y, for a one-layer, one-direction nn.GRU or nn.LSTM.

    `update` computes the gates (`gru_update` / `lstm_update`, or their compiled form).
    """

    table: Tensor  # (vocab, gates * hidden): a buffer, registered in __init__

    def __init__(self, rnn: nn.GRU | nn.LSTM, embedding: nn.Embedding) -> None:
        super().__init__()
        if rnn.num_layers != 1 or rnn.bidirectional or rnn.proj_size:
            raise ValueError("an input table covers one layer of one direction without projection")
        self.kind = "gru" if isinstance(rnn, nn.GRU) else "lstm"
        with torch.no_grad():
            table = F.linear(embedding.weight, cast(Tensor, rnn.weight_ih_l0), cast(Tensor, rnn.bias_ih_l0))
        # Not persistent: checkpoints keep only the weights it is made from.
        self.register_buffer("table", table, persistent=False)
        self.update: Callable = gru_update if self.kind == "gru" else lstm_update

    def forward(self, prev: Tensor, rnn: nn.GRU | nn.LSTM, state: Tensor | tuple[Tensor, Tensor]):
        """prev: (batch,) previous target ids; rnn: the layer the table was made from; state: its
        (1, batch, hidden) state, a pair (h, c) for LSTM.

        Returns what `rnn` returns for one step: output (batch, 1, hidden) and the new state.
        """
        gates_in = self.table.index_select(0, prev)
        h = state[0] if self.kind == "lstm" else state
        gates_hidden = F.linear(h[0], cast(Tensor, rnn.weight_hh_l0), cast(Tensor, rnn.bias_hh_l0))
        if self.kind == "gru":
            h_next = self.update(gates_in, gates_hidden, h[0])
            return h_next.unsqueeze(1), h_next.unsqueeze(0)
        h_next, c_next = self.update(gates_in, gates_hidden, state[1][0])
        return h_next.unsqueeze(1), (h_next.unsqueeze(0), c_next.unsqueeze(0))
