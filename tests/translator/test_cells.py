import math

import pytest
import torch
from torch import nn
from torch.func import functional_call

from translator.cells import GRUCell, LSTMCell

INPUT, HIDDEN, BATCH = 5, 7, 4


def _paired(kind: str) -> tuple[nn.Module, nn.Module]:
    """A torch cell and a reference cell holding the same weights."""
    torch.manual_seed(0)
    fused = nn.GRUCell(INPUT, HIDDEN) if kind == "gru" else nn.LSTMCell(INPUT, HIDDEN)
    ours = GRUCell(INPUT, HIDDEN) if kind == "gru" else LSTMCell(INPUT, HIDDEN)
    ours.load_state_dict(fused.state_dict())
    return fused, ours


def test_gru_matches_torch():
    fused, ours = _paired("gru")
    gen = torch.Generator().manual_seed(1)
    h_fused = h_ours = torch.randn(BATCH, HIDDEN, generator=gen)
    for _ in range(6):  # several inputs, carrying the state along
        x = torch.randn(BATCH, INPUT, generator=gen) * 2
        h_fused, h_ours = fused(x, h_fused), ours(x, h_ours)
        torch.testing.assert_close(h_ours, h_fused, atol=1e-6, rtol=0)


def test_lstm_matches_torch():
    fused, ours = _paired("lstm")
    gen = torch.Generator().manual_seed(2)
    state = (torch.randn(BATCH, HIDDEN, generator=gen), torch.randn(BATCH, HIDDEN, generator=gen))
    s_fused = s_ours = state
    for _ in range(6):
        x = torch.randn(BATCH, INPUT, generator=gen) * 2
        s_fused, s_ours = fused(x, s_fused), ours(x, s_ours)
        torch.testing.assert_close(s_ours[0], s_fused[0], atol=1e-6, rtol=0)
        torch.testing.assert_close(s_ours[1], s_fused[1], atol=1e-6, rtol=0)


@pytest.mark.parametrize("cell", [GRUCell, LSTMCell])
def test_parameter_names_shapes_and_init(cell):
    c = cell(INPUT, HIDDEN)
    gates = 3 if cell is GRUCell else 4
    shapes = {name: tuple(p.shape) for name, p in c.named_parameters()}
    assert shapes == {
        "weight_ih": (gates * HIDDEN, INPUT),
        "weight_hh": (gates * HIDDEN, HIDDEN),
        "bias_ih": (gates * HIDDEN,),
        "bias_hh": (gates * HIDDEN,),
    }
    bound = 1 / math.sqrt(HIDDEN)
    for p in c.parameters():
        p = p.detach()
        assert float(p.abs().max()) <= bound
        assert float(p.std()) > bound / 4  # actually random, not constant


def test_zero_weights_pinned():
    """With all weights zero every gate is sigmoid(0) = 1/2 and every candidate tanh(0) = 0."""
    h = torch.tensor([[1.0, -2.0, 0.5]])
    c = torch.tensor([[0.4, 2.0, -1.0]])
    x = torch.randn(1, 2)
    gru, lstm = GRUCell(2, 3), LSTMCell(2, 3)
    for p in [*gru.parameters(), *lstm.parameters()]:
        nn.init.zeros_(p)
    torch.testing.assert_close(gru(x, h), 0.5 * h)
    h_next, c_next = lstm(x, (h, c))
    torch.testing.assert_close(c_next, 0.5 * c)
    torch.testing.assert_close(h_next, 0.5 * torch.tanh(0.5 * c))


@pytest.mark.parametrize("kind", ["gru", "lstm"])
def test_gradcheck(kind):
    torch.manual_seed(3)
    cell = (GRUCell if kind == "gru" else LSTMCell)(3, 2).double()
    names = [name for name, _ in cell.named_parameters()]
    params = [p.detach().clone().requires_grad_() for p in cell.parameters()]
    x = torch.randn(2, 3, dtype=torch.float64, requires_grad=True)
    h = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)
    c = torch.randn(2, 2, dtype=torch.float64, requires_grad=True)

    if kind == "gru":

        def f(x, h, *weights):
            return functional_call(cell, dict(zip(names, weights, strict=True)), (x, h))

        assert torch.autograd.gradcheck(f, (x, h, *params))
    else:

        def f(x, h, c, *weights):
            return functional_call(cell, dict(zip(names, weights, strict=True)), (x, (h, c)))

        assert torch.autograd.gradcheck(f, (x, h, c, *params))
