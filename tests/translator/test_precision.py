import pytest
import torch
from torch import nn
from torch.ao.nn.quantized import dynamic

from translator.facade import Translator
from translator.precision import PrecisionError, apply_precision, resolve_precision

CPU, CUDA = torch.device("cpu"), torch.device("cuda")
TEXTS = ["the lord said", "and the earth of the lord said to god in the tierra", "god"]


@pytest.mark.parametrize(
    ("asked", "device", "expected"),
    [
        ("auto", CPU, "fp32"),
        ("auto", CUDA, "fp16"),
        ("bf16", CPU, "bf16"),
        ("int8", CPU, "int8"),
        ("fp16", CUDA, "fp16"),
    ],
)
def test_resolve(asked, device, expected):
    assert resolve_precision(asked, device) == expected


@pytest.mark.parametrize(
    ("asked", "device", "message"),
    [("int8", CUDA, "CPU only"), ("fp16", CPU, "needs a GPU"), ("fp8", CPU, "must be one of")],
)
def test_refused(asked, device, message):
    with pytest.raises(PrecisionError, match=message):
        resolve_precision(asked, device)


def test_bf16_converts_every_float_weight(make_model):
    model = apply_precision(make_model().eval(), "bf16")
    dtypes = {p.dtype for p in model.parameters() if p.is_floating_point()}
    assert dtypes == {torch.bfloat16}


def test_int8_quantises_linear_and_recurrent_layers(make_model):
    """All but the attention energies, whose weight vector the compiled attention reads."""
    model = apply_precision(make_model(decoder_layers=2).eval(), "int8")
    kinds = {type(m) for m in model.modules()}
    assert {dynamic.Linear, dynamic.GRU} <= kinds
    float_layers = [name for name, m in model.named_modules() if type(m) in (nn.Linear, nn.GRU)]
    assert float_layers == ["decoder.attention.energy"]


@pytest.mark.parametrize("precision", ["bf16", "int8"])
def test_translations_stay_close_to_fp32(model_dir, precision):
    """The fp32 translation's own score, recomputed by the reduced-precision model, is close to fp32's
    and to the best score the reduced model finds: the search still works and ranks alike."""
    exact = Translator.load(model_dir, precision="fp32")
    reduced = Translator.load(model_dir, precision=precision)
    assert reduced.precision == precision
    ref = exact.translate(TEXTS, decode="greedy")
    got = reduced.translate(TEXTS, decode="greedy")
    assert all(g.text for g in got)
    for r, g in zip(ref, got, strict=True):
        assert g.log_prob < 0
        assert g.log_prob == pytest.approx(r.log_prob, rel=0.15, abs=0.5)
