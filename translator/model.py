"""The encoder-decoder: bidirectional recurrent encoder, attentional recurrent decoder.

Interface: `Encoder`, `Decoder` with `init_state(enc_outputs)` and step-wise
decoding, and `EncoderDecoder`, which adds `encode` / `decode_step` for the search functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

import torch
from torch import Tensor, nn

from translator.attention import AdditiveAttention
from translator.config import ModelConfig
from translator.input_table import InputTable
from translator.rnn import RNN, State
from translator.tokenizer import PAD_ID

if TYPE_CHECKING:
    from translator.memory import TranslationMemory


class EncoderOutput(NamedTuple):
    outputs: Tensor  # (batch, src_len, hidden): both directions concatenated
    final: State  # (layers * 2, batch, hidden / 2), a pair (h, c) for LSTM
    src_mask: Tensor  # (batch, src_len) True at real tokens


@dataclass
class DecoderState:
    """Everything a decoder step needs; `select` reorders or repeats it along the batch."""

    memory: Tensor  # (batch, src_len, hidden)
    keys: Tensor  # (batch, src_len, attention_size), projected once per sentence
    src_mask: Tensor  # (batch, src_len)
    hidden: Tensor  # (layers, batch, hidden)
    cell: Tensor | None  # (layers, batch, hidden) for LSTM

    def select(self, index: Tensor) -> DecoderState:
        """index: (new_batch,) positions in the current batch."""
        return DecoderState(
            memory=self.memory.index_select(0, index),
            keys=self.keys.index_select(0, index),
            src_mask=self.src_mask.index_select(0, index),
            hidden=self.hidden.index_select(1, index),
            cell=None if self.cell is None else self.cell.index_select(1, index),
        )

    def reorder(self, index: Tensor) -> DecoderState:
        """Like `select`, for an index that only moves rows among rows holding the same source
        (the beams of one sentence): the source-side tensors stay, which saves copying them."""
        return DecoderState(
            memory=self.memory,
            keys=self.keys,
            src_mask=self.src_mask,
            hidden=self.hidden.index_select(1, index),
            cell=None if self.cell is None else self.cell.index_select(1, index),
        )


def _embedding(vocab_size: int, dim: int) -> nn.Embedding:
    emb = nn.Embedding(vocab_size, dim, padding_idx=PAD_ID)
    # Scaled so that tied output logits start small.
    nn.init.normal_(emb.weight, std=dim**-0.5)
    with torch.no_grad():
        emb.weight[PAD_ID].zero_()
    return emb


class Encoder(nn.Module):
    def __init__(self, cfg: ModelConfig, embedding: nn.Embedding) -> None:
        super().__init__()
        if cfg.hidden_size % 2:
            raise ValueError(f"model.hidden_size must be even (two directions), got {cfg.hidden_size}")
        self.embedding = embedding
        self.dropout = nn.Dropout(cfg.dropout)
        self.rnn = RNN(
            cfg.rnn,
            cfg.cell,
            cfg.emb_dim,
            cfg.hidden_size // 2,
            num_layers=cfg.encoder_layers,
            bidirectional=True,
            dropout=cfg.dropout,
        )

    def forward(self, src: Tensor, src_lengths: Tensor) -> EncoderOutput:
        """src: (batch, src_len) ids, padded with PAD_ID; src_lengths: (batch,)"""
        embedded = self.dropout(self.embedding(src))
        outputs, final = self.rnn(embedded, src_lengths)
        return EncoderOutput(self.dropout(outputs), final, src != PAD_ID)


class Decoder(nn.Module):
    """Layer 1 reads the previous target word and gives the attention query; layers 2.. read
    [layer-1 state; context]; the output layer reads [top state; context] (and, for
    `output_layer: deep`, the previous word)."""

    def __init__(self, cfg: ModelConfig, embedding: nn.Embedding) -> None:
        super().__init__()
        self.kind = cfg.rnn
        self.layers = cfg.decoder_layers
        h = cfg.hidden_size
        self.embedding = embedding
        self.dropout = nn.Dropout(cfg.dropout)
        self.bridge = nn.Linear(h, h)
        self.rnn_query = RNN(cfg.rnn, cfg.cell, cfg.emb_dim, h)
        self.attention = AdditiveAttention(h, h, cfg.attention_size)
        self.rnn_context = (
            RNN(cfg.rnn, cfg.cell, 2 * h, h, num_layers=self.layers - 1, dropout=cfg.dropout)
            if self.layers > 1
            else None
        )
        self.deep_output = cfg.output_layer == "deep"
        self.pre_output = nn.Linear(2 * h + (cfg.emb_dim if self.deep_output else 0), cfg.emb_dim)
        self.output = nn.Linear(cfg.emb_dim, cfg.tgt_vocab_size, bias=False)
        if cfg.tie_embeddings:
            self.output.weight = embedding.weight
        self.input_table: InputTable | None = None

    def tabulate(self) -> bool:
        """Look up layer 1's input side from a table when decoding (`translator.input_table`), made
        from the current weights. False, and nothing changes, where that layer is not torch's
        nn.GRU / nn.LSTM (reference cells, int8 quantisation)."""
        rnn = self.rnn_query.rnn
        if not isinstance(rnn, (nn.GRU, nn.LSTM)):
            return False
        self.input_table = InputTable(rnn, self.embedding)
        return True

    def train(self, mode: bool = True) -> Decoder:
        if mode:
            self.input_table = None  # the weights will change
        return super().train(mode)

    def init_state(self, enc_outputs: EncoderOutput) -> DecoderState:
        """Start from the encoder's last-layer final states (both directions) through a bridge."""
        final = enc_outputs.final[0] if self.kind == "lstm" else enc_outputs.final
        last_fwd, last_bwd = final[-2], final[-1]  # (batch, hidden / 2) each
        start = torch.tanh(self.bridge(torch.cat([last_fwd, last_bwd], dim=-1)))
        hidden = start.unsqueeze(0).repeat(self.layers, 1, 1).contiguous()
        return DecoderState(
            memory=enc_outputs.outputs,
            keys=self.attention.project_keys(enc_outputs.outputs),
            src_mask=enc_outputs.src_mask,
            hidden=hidden,
            cell=torch.zeros_like(hidden) if self.kind == "lstm" else None,
        )

    def _rnn_state(self, state: DecoderState, layers: slice) -> State:
        h = state.hidden[layers].contiguous()
        return h if state.cell is None else (h, state.cell[layers].contiguous())

    def forward(self, tgt_in: Tensor, state: DecoderState) -> tuple[Tensor, DecoderState, Tensor]:
        """tgt_in: (batch, tgt_len) previous target ids (teacher forcing, or one step at a time).

        Returns logits (batch, tgt_len, vocab), the state after the last step, and the
        attention weights (batch, tgt_len, src_len).
        """
        features, new_state, weights = self.features(tgt_in, state)
        return self.output(self.dropout(features)), new_state, weights

    def features(self, tgt_in: Tensor, state: DecoderState) -> tuple[Tensor, DecoderState, Tensor]:
        """As `forward`, but what the output layer reads (batch, tgt_len, emb_dim) in place of the
        logits: the keys of a translation memory (`translator.memory`)."""
        embedded = self.dropout(self.embedding(tgt_in))
        if self.input_table is not None and tgt_in.size(1) == 1:
            query, final_1 = self.input_table(
                tgt_in[:, 0], self.rnn_query.rnn, self._rnn_state(state, slice(0, 1))
            )
        else:
            query, final_1 = self.rnn_query(embedded, state=self._rnn_state(state, slice(0, 1)))
        context, weights = self.attention(query, state.keys, state.memory, state.src_mask)
        finals = [final_1]
        top = query
        if self.rnn_context is not None:
            top, final_2 = self.rnn_context(
                self.dropout(torch.cat([query, context], dim=-1)),
                state=self._rnn_state(state, slice(1, self.layers)),
            )
            finals.append(final_2)
        if self.deep_output:
            features = torch.tanh(self.pre_output(torch.cat([top, context, embedded], dim=-1)))
        else:
            features = self.pre_output(torch.cat([top, context], dim=-1))
        if state.cell is None:
            hidden, cell = torch.cat(finals), None
        else:
            hidden, cell = torch.cat([f[0] for f in finals]), torch.cat([f[1] for f in finals])
        new_state = DecoderState(state.memory, state.keys, state.src_mask, hidden, cell)
        return features, new_state, weights


class EncoderDecoder(nn.Module):
    def __init__(self, cfg: ModelConfig) -> None:
        super().__init__()
        if cfg.src_vocab_size <= 0 or cfg.tgt_vocab_size <= 0:
            raise ValueError("model config needs src_vocab_size and tgt_vocab_size (set from the tokenizer)")
        self.cfg = cfg
        # Attached by `Translator.load` where the model directory has one; decoding only.
        self.translation_memory: TranslationMemory | None = None
        tgt_embedding = _embedding(cfg.tgt_vocab_size, cfg.emb_dim)
        shared = cfg.tie_embeddings and cfg.src_vocab_size == cfg.tgt_vocab_size
        src_embedding = tgt_embedding if shared else _embedding(cfg.src_vocab_size, cfg.emb_dim)
        self.encoder = Encoder(cfg, src_embedding)
        self.decoder = Decoder(cfg, tgt_embedding)
        if cfg.init_range > 0:
            embeddings = {id(src_embedding.weight), id(tgt_embedding.weight)}
            for param in self.parameters():
                if id(param) not in embeddings:
                    nn.init.uniform_(param, -cfg.init_range, cfg.init_range)

    def forward(self, src: Tensor, src_lengths: Tensor, tgt_in: Tensor) -> Tensor:
        """Teacher forcing. src: (batch, src_len), tgt_in: (batch, tgt_len) starting with BOS.

        Returns logits (batch, tgt_len, tgt_vocab).
        """
        state = self.decoder.init_state(self.encoder(src, src_lengths))
        logits, _, _ = self.decoder(tgt_in, state)
        return logits

    def encode(self, src: Tensor, src_lengths: Tensor) -> DecoderState:
        return self.decoder.init_state(self.encoder(src, src_lengths))

    def decode_step(
        self, prev: Tensor, state: DecoderState, memory: bool = True
    ) -> tuple[Tensor, DecoderState, Tensor]:
        """prev: (batch,) last ids -> log-probs (batch, vocab), new state, attention (batch, src_len).
        With a translation memory attached (`translation_memory`) and `memory`, the model's next-word
        distribution is mixed with the memory's (`translator.memory.TranslationMemory.mix`)."""
        features, state, weights = self.decoder.features(prev.unsqueeze(1), state)
        features = features.squeeze(1)
        log_probs = torch.log_softmax(self.decoder.output(self.decoder.dropout(features)).float(), dim=-1)
        if memory and self.translation_memory is not None:
            log_probs = self.translation_memory.mix(log_probs, features)
        return log_probs, state, weights.squeeze(1)

    def without_memory(self) -> ModelAlone:
        """The model as a search sees it, decoding without its translation memory."""
        return ModelAlone(self)


@dataclass(frozen=True)
class ModelAlone:
    """`encode` and `decode_step` of a model that leave its translation memory out (a search's view;
    the model itself is unchanged, so other threads may decode with the memory meanwhile)."""

    model: EncoderDecoder

    def encode(self, src: Tensor, src_lengths: Tensor) -> DecoderState:
        return self.model.encode(src, src_lengths)

    def decode_step(self, prev: Tensor, state: DecoderState) -> tuple[Tensor, DecoderState, Tensor]:
        return self.model.decode_step(prev, state, memory=False)
