import pytest
import torch

from translator.rnn import RNN, ReferenceRNN, reverse_padded

INPUT, HIDDEN = 5, 6
LENGTHS = [4, 7, 1, 5]


def _copy_weights(fused: torch.nn.RNNBase, ref: ReferenceRNN) -> None:
    """torch names weights `weight_ih_l{layer}{_reverse}`; ReferenceRNN keeps cells[layer * dirs + d]."""
    with torch.no_grad():
        for layer in range(fused.num_layers):
            for d in range(ref.directions):
                cell = ref.cells[layer * ref.directions + d]
                suffix = f"l{layer}" + ("_reverse" if d else "")
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    getattr(cell, name).copy_(getattr(fused, f"{name}_{suffix}"))


def _pair(kind, layers, bidirectional):
    torch.manual_seed(0)
    fused = RNN(kind, "fused", INPUT, HIDDEN, num_layers=layers, bidirectional=bidirectional, dropout=0.3)
    ref = RNN(kind, "reference", INPUT, HIDDEN, num_layers=layers, bidirectional=bidirectional, dropout=0.3)
    assert isinstance(ref.rnn, ReferenceRNN)
    _copy_weights(fused.rnn, ref.rnn)
    return fused.eval(), ref.eval()


def _padded_input():
    gen = torch.Generator().manual_seed(1)
    lengths = torch.tensor(LENGTHS)
    x = torch.randn(len(LENGTHS), max(LENGTHS), INPUT, generator=gen)
    mask = torch.arange(max(LENGTHS)).unsqueeze(0) < lengths.unsqueeze(1)
    # Garbage at padded steps: it must not leak into any result.
    x = torch.where(mask.unsqueeze(-1), x, torch.full_like(x, 1e3))
    return x, lengths, mask


def _states(final, kind):
    return [final] if kind == "gru" else list(final)


@pytest.mark.parametrize("kind", ["gru", "lstm"])
@pytest.mark.parametrize(("layers", "bidirectional"), [(2, True), (3, False), (1, True)])
def test_reference_matches_fused_on_padded_batch(kind, layers, bidirectional):
    fused, ref = _pair(kind, layers, bidirectional)
    x, lengths, mask = _padded_input()
    out_f, final_f = fused(x, lengths)
    out_r, final_r = ref(x, lengths)
    directions = 2 if bidirectional else 1
    assert out_r.shape == out_f.shape == (len(LENGTHS), max(LENGTHS), directions * HIDDEN)
    real = mask.unsqueeze(-1).expand_as(out_f)
    torch.testing.assert_close(out_r[real], out_f[real], atol=1e-5, rtol=0)
    # Padded steps are exactly zero in both backends.
    assert not out_r[~real].any() and not out_f[~real].any()
    for s_r, s_f in zip(_states(final_r, kind), _states(final_f, kind), strict=True):
        assert s_r.shape == (layers * directions, len(LENGTHS), HIDDEN)
        torch.testing.assert_close(s_r, s_f, atol=1e-5, rtol=0)


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_final_state_is_last_real_step(kind):
    """The forward direction's final state is its output at the last real step of each sequence."""
    _, ref = _pair(kind, 1, True)
    x, lengths, _ = _padded_input()
    out, final = ref(x, lengths)
    h = final if kind == "gru" else final[0]
    for b, n in enumerate(LENGTHS):
        torch.testing.assert_close(h[0, b], out[b, n - 1, :HIDDEN])
        torch.testing.assert_close(h[1, b], out[b, 0, HIDDEN:])  # backward direction ends at step 0


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_initial_state_and_no_lengths(kind):
    """Decoder usage: unpadded input, a given initial state."""
    fused, ref = _pair(kind, 2, False)
    gen = torch.Generator().manual_seed(2)
    x = torch.randn(3, 4, INPUT, generator=gen)
    h0 = torch.randn(2, 3, HIDDEN, generator=gen)
    state = h0 if kind == "gru" else (h0, torch.randn(2, 3, HIDDEN, generator=gen))
    out_f, final_f = fused(x, state=state)
    out_r, final_r = ref(x, state=state)
    torch.testing.assert_close(out_r, out_f, atol=1e-5, rtol=0)
    for s_r, s_f in zip(_states(final_r, kind), _states(final_f, kind), strict=True):
        torch.testing.assert_close(s_r, s_f, atol=1e-5, rtol=0)
    # The state matters: starting from zeros gives something else.
    assert not torch.allclose(ref(x)[0], out_r, atol=1e-3)


def test_dropout_only_between_layers_in_training():
    _, ref = _pair("gru", 2, True)
    x, lengths, _ = _padded_input()
    eval_out = ref(x, lengths)[0]
    torch.testing.assert_close(ref(x, lengths)[0], eval_out)  # eval: deterministic
    ref.train()
    torch.manual_seed(5)
    assert not torch.allclose(ref(x, lengths)[0], eval_out)


def test_reverse_padded_pinned():
    x = (torch.arange(4.0) + torch.tensor([[0.0], [10.0], [20.0]])).unsqueeze(-1)  # (3, 4, 1)
    out = reverse_padded(x, torch.tensor([3, 1, 4])).squeeze(-1)
    expected = torch.tensor([[2.0, 1.0, 0.0, 3.0], [10.0, 11.0, 12.0, 13.0], [23.0, 22.0, 21.0, 20.0]])
    assert torch.equal(out, expected)


def test_reverse_padded_is_an_involution_and_keeps_features():
    x, lengths, _ = _padded_input()
    once = reverse_padded(x, lengths)
    assert torch.equal(reverse_padded(once, lengths), x)
    for b, n in enumerate(LENGTHS):
        assert torch.equal(once[b, :n], x[b, :n].flip(0))
        assert torch.equal(once[b, n:], x[b, n:])
