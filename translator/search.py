"""Decoding as free functions over a model with `encode(src, lengths)` and `decode_step(prev, state)`.

Length: L is the number of generated target tokens, counting the final EOS and not the BOS
(a hypothesis "a b </s>" has L = 3). Hypotheses are ranked by log P(y|x) / L^alpha; alpha = 0
ranks by raw log-probability, a larger alpha favours longer outputs. An output that reaches the
length limit, max_len_a * source_length + max_len_b capped at max_len, has EOS forced as its last
token.

`abandoned`, when given, is called after every decoding step and returns the sentences (batch
rows) whose translation is no longer wanted (a service request that timed out or whose client went
away): they leave the active batch at once, get no hypotheses, and the search stops when none is left.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Any, Protocol

import torch
import torch.nn.functional as F
from torch import Tensor

from translator.config import DecodingConfig
from translator.tokenizer import BOS_ID, EOS_ID, PAD_ID

Abandoned = Callable[[], Collection[int]]

# A model's own settings reach the search through `translator.decoding`; these defaults serve direct calls.
DEFAULTS = DecodingConfig()


class Searchable(Protocol):
    """The state that `encode` returns has `select(index)` (any rows) and `reorder(index)` (rows moved
    only among the beams of one sentence, which share the source side)."""

    def encode(self, src: Tensor, src_lengths: Tensor) -> Any: ...

    def decode_step(self, prev: Tensor, state: Any) -> tuple[Tensor, Any, Tensor]: ...


@dataclass
class Hypothesis:
    tokens: list[int]  # generated ids, EOS excluded
    log_prob: float  # log P(y|x), EOS included
    score: float  # log_prob / L^alpha
    attention: Tensor | None  # (L, src_len): one row per generated token, EOS included


def length_penalty(length: Tensor | float, alpha: float) -> Tensor | float:
    """The denominator L^alpha of the ranking score."""
    return length**alpha


def max_lengths(src_lengths: Tensor, max_len_a: float, max_len_b: int, max_len: int | None = None) -> Tensor:
    """(batch,) -> (batch,) the longest output allowed for each source, EOS included; max_len caps it
    whatever the source length."""
    return (src_lengths.float() * max_len_a + max_len_b).long().clamp(min=1, max=max_len)


def _abandoned_rows(active: Tensor, abandoned: Abandoned | None) -> Tensor | None:
    """active: (rows,) sentence of each active row -> (rows,) True where that sentence is abandoned,
    or None when no active row is."""
    if abandoned is None:
        return None
    sentences = abandoned()
    if not sentences:
        return None
    gone = torch.isin(active, torch.tensor(list(sentences), device=active.device))
    return gone if bool(gone.any()) else None


def _force_eos(log_probs: Tensor, at_limit: Tensor) -> Tensor:
    """log_probs: (..., vocab); at_limit: (...) True where only EOS may follow."""
    if not bool(at_limit.any()):  # most steps: the mask would copy every log-prob for nothing
        return log_probs
    not_eos = torch.ones(log_probs.size(-1), dtype=torch.bool, device=log_probs.device)
    not_eos[EOS_ID] = False
    return log_probs.masked_fill(at_limit.unsqueeze(-1) & not_eos, float("-inf"))


def _hypothesis(tokens: Tensor, log_prob: float, alpha: float, attention: Tensor | None, src_len: int):
    """tokens: (max_len,) generated ids, EOS at the end (or padding after it)."""
    ids = tokens.tolist()
    length = ids.index(EOS_ID) + 1 if EOS_ID in ids else len(ids)
    att = None if attention is None else attention[:length, :src_len].cpu()
    return Hypothesis(ids[: length - 1], log_prob, float(log_prob / length_penalty(length, alpha)), att)


@torch.inference_mode()
def greedy(
    model: Searchable,
    src: Tensor,
    src_lengths: Tensor,
    *,
    alpha: float = DEFAULTS.alpha,
    max_len_a: float = DEFAULTS.max_len_a,
    max_len_b: int = DEFAULTS.max_len_b,
    max_len: int | None = None,
    return_attention: bool = False,
    abandoned: Abandoned | None = None,
) -> list[list[Hypothesis]]:
    """Pick the most probable token at each step. src: (batch, src_len) -> one hypothesis per sentence.

    A sentence leaves the active batch once it has emitted EOS, so later steps run on fewer rows.
    """
    batch = src.size(0)
    device = src.device
    state = model.encode(src, src_lengths)
    limit = max_lengths(src_lengths, max_len_a, max_len_b, max_len).to(device)
    steps = int(limit.max())
    active = torch.arange(batch, device=device)  # original sentence of each active row
    dropped: set[int] = set()  # abandoned sentences
    prev = torch.full((batch,), BOS_ID, dtype=torch.long, device=device)
    tokens = torch.full((batch, steps), PAD_ID, dtype=torch.long, device=device)
    log_prob = torch.zeros(batch, device=device)
    att = torch.zeros(batch, steps, src.size(1), device=device) if return_attention else None
    for t in range(steps):
        step_log_probs, state, weights = model.decode_step(prev, state)
        step_log_probs = _force_eos(step_log_probs, limit[active] == t + 1)
        best, prev = step_log_probs.max(dim=-1)
        log_prob[active] += best
        tokens[active, t] = prev
        if att is not None:
            att[active, t] = weights.float()
        live = prev != EOS_ID
        gone = _abandoned_rows(active, abandoned)
        if gone is not None:
            dropped.update(active[gone].tolist())
            live &= ~gone
        if not bool(live.any()):
            break
        if not bool(live.all()):
            keep = live.nonzero().squeeze(1)
            active, prev, state = active[keep], prev[keep], state.select(keep)
    return [
        []
        if b in dropped
        else [
            _hypothesis(
                tokens[b], float(log_prob[b]), alpha, None if att is None else att[b], int(src_lengths[b])
            )
        ]
        for b in range(batch)
    ]


def stopping_rule(early_stop: bool, beam_size: int) -> str:
    """How `beam_search` ends a sentence, in words."""
    if early_stop:
        return "stopping once a step's best continuation ends the sentence"
    return f"run until {beam_size} hypotheses have ended (early_stop: false)"


def describe_search(beam_size: int, alpha: float, early_stop: bool | None) -> str:
    """A beam's settings in words, for the tables and cards that report a model's: "beam 5, alpha 1.25,
    run until ...". `early_stop` None (a report written before it was recorded) leaves the rule out."""
    rule = "" if early_stop is None else f", {stopping_rule(early_stop, beam_size)}"
    return f"beam {beam_size}, alpha {alpha:g}{rule}"


@torch.inference_mode()
def beam_search(
    model: Searchable,
    src: Tensor,
    src_lengths: Tensor,
    *,
    beam_size: int = DEFAULTS.beam_size,
    alpha: float = DEFAULTS.alpha,
    n_best: int = 1,
    max_len_a: float = DEFAULTS.max_len_a,
    max_len_b: int = DEFAULTS.max_len_b,
    max_len: int | None = None,
    return_attention: bool = False,
    early_stop: bool = DEFAULTS.early_stop,
    abandoned: Abandoned | None = None,
) -> list[list[Hypothesis]]:
    """Beam search over the whole batch x beam at once; returns the n_best hypotheses per sentence,
    best first.

    Each step takes the top 2k continuations of the k live hypotheses of every sentence. A
    continuation ending in EOS that ranks within the top k is finished: it moves to the sentence's
    finished set (best n_best kept, ranked by log P / L^alpha). The best k continuations not
    ending in EOS stay live. A sentence is done once k hypotheses have finished, and leaves the
    active batch, so the remaining steps run on fewer rows. With k = 1 this is exactly greedy.

    early_stop: a sentence is also done once the most probable continuation of a step ends it
    (and n_best hypotheses have finished), as in OpenNMT-py and Joey NMT: every live hypothesis is
    then less probable than a finished one. With alpha > 0 a longer one could still score
    higher, so this is a heuristic; it stops far sooner (a sentence's beam otherwise runs until
    k hypotheses have ended, often to the length limit). Its speed and BLEU against the exhaustive
    search: bench/PROFILE.md, "Beam search stops at the first best EOS".
    """
    if not 1 <= n_best <= beam_size:
        raise ValueError(f"n_best must be in [1, beam_size={beam_size}], got {n_best}")
    k = beam_size
    batch = src.size(0)
    device = src.device
    limit = max_lengths(src_lengths, max_len_a, max_len_b, max_len).to(device)  # (batch,)
    steps = int(limit.max())
    src_len = src.size(1)
    top_ended = torch.zeros(batch, dtype=torch.bool, device=device)  # a step's best continuation was EOS

    # The first step runs on one row per sentence: its k beams would all be the same BOS hypothesis.
    # `width` is the number of beams per sentence that a step starts from: 1, then k.
    state = model.encode(src, src_lengths)
    width = 1
    active = torch.arange(batch, device=device)  # original sentence of each active row
    dropped: set[int] = set()  # abandoned sentences
    live_scores = torch.zeros(batch, width, device=device)
    live_tokens = torch.full((batch, steps), PAD_ID, dtype=torch.long, device=device)
    live_att = torch.zeros(batch, steps, src_len, device=device) if return_attention else None
    prev = torch.full((batch,), BOS_ID, dtype=torch.long, device=device)
    beam_offset = torch.arange(k, device=device)

    fin_tokens = torch.full((batch, n_best, steps), PAD_ID, dtype=torch.long, device=device)
    fin_scores = torch.full((batch, n_best), float("-inf"), device=device)
    fin_log_probs = torch.full((batch, n_best), float("-inf"), device=device)
    fin_att = torch.zeros(batch, n_best, steps, src_len, device=device) if return_attention else None
    fin_count = torch.zeros(batch, dtype=torch.long, device=device)

    for t in range(steps):
        rows = active.numel()
        log_probs, state, weights = model.decode_step(prev, state)  # (rows * width, vocab)
        vocab = log_probs.size(-1)
        log_probs = _force_eos(log_probs.view(rows, width, vocab), (limit[active] == t + 1).unsqueeze(1))
        candidates = (live_scores.unsqueeze(-1) + log_probs).view(rows, -1)  # (rows, width * vocab)
        top_scores, top_index = candidates.topk(min(2 * k, candidates.size(1)), dim=-1)  # (rows, 2k)
        if top_scores.size(1) < 2 * k:  # a vocabulary smaller than 2k, on the first step
            missing = 2 * k - top_scores.size(1)  # -inf continuations of beam 0: dead, as any -inf beam
            top_scores = F.pad(top_scores, (0, missing), value=float("-inf"))
            top_index = F.pad(top_index, (0, missing))
        top_beam = top_index // vocab
        top_token = top_index % vocab
        row_offset = (torch.arange(rows, device=device) * width).unsqueeze(1)  # (rows, 1)
        if live_att is not None:
            live_att[:, t] = weights

        is_eos = top_token == EOS_ID
        finishing = is_eos[:, :k] & torch.isfinite(top_scores[:, :k])  # (rows, k)
        if bool(finishing.any()):
            src_rows = (row_offset + top_beam[:, :k]).view(-1)
            new_tokens = live_tokens.index_select(0, src_rows).view(rows, k, steps).clone()
            new_tokens[:, :, t] = EOS_ID
            new_log_probs = top_scores[:, :k].masked_fill(~finishing, float("-inf"))
            new_scores = new_log_probs / length_penalty(t + 1, alpha)
            merged_scores = torch.cat([fin_scores[active], new_scores], dim=1)  # (rows, n_best + k)
            best_scores, pick = merged_scores.topk(n_best, dim=1)
            merged_log_probs = torch.cat([fin_log_probs[active], new_log_probs], dim=1)
            merged_tokens = torch.cat([fin_tokens[active], new_tokens], dim=1)
            fin_scores[active] = best_scores
            fin_log_probs[active] = merged_log_probs.gather(1, pick)
            fin_tokens[active] = merged_tokens.gather(1, pick.unsqueeze(-1).expand(-1, -1, steps))
            if live_att is not None and fin_att is not None:
                new_att = live_att.index_select(0, src_rows).view(rows, k, steps, src_len)
                merged_att = torch.cat([fin_att[active], new_att], dim=1)
                fin_att[active] = merged_att[torch.arange(rows, device=device).unsqueeze(1), pick]
            fin_count[active] += finishing.sum(dim=1)
            top_ended[active] |= finishing[:, 0]

        # The k best continuations that do not end the sentence stay live.
        live_scores, pick = top_scores.masked_fill(is_eos, float("-inf")).topk(k, dim=1)  # (rows, k)
        src_rows = (row_offset + top_beam.gather(1, pick)).view(-1)
        prev = top_token.gather(1, pick).view(-1)
        live_tokens = live_tokens.index_select(0, src_rows)
        live_tokens[:, t] = prev
        if live_att is not None:
            live_att = live_att.index_select(0, src_rows)
        # src_rows stay within each sentence's rows; after the first step the source side is repeated.
        state = state.reorder(src_rows) if width == k else state.select(src_rows)
        width = k

        # Drop finished sentences (and the rows of their beams) from the active batch.
        done = fin_count[active] >= k
        if early_stop:
            done |= top_ended[active] & (fin_count[active] >= n_best)
        gone = _abandoned_rows(active, abandoned)
        if gone is not None:
            dropped.update(active[gone].tolist())
            done |= gone
        keep = ~done & torch.isfinite(live_scores[:, 0])
        if not bool(keep.any()):
            break
        if not bool(keep.all()):
            keep_rows = (keep.nonzero() * k + beam_offset).view(-1)
            live_scores = live_scores[keep]
            live_tokens = live_tokens.index_select(0, keep_rows)
            prev = prev.index_select(0, keep_rows)
            if live_att is not None:
                live_att = live_att.index_select(0, keep_rows)
            active = active[keep]
            state = state.select(keep_rows)

    return [
        [
            _hypothesis(
                fin_tokens[b, n],
                float(fin_log_probs[b, n]),
                alpha,
                None if fin_att is None else fin_att[b, n],
                int(src_lengths[b]),
            )
            for n in range(n_best)
            if torch.isfinite(fin_scores[b, n]) and b not in dropped
        ]
        for b in range(batch)
    ]
