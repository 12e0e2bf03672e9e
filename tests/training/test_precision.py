"""training.precision: which autocast dtype a run gets, by device and by what the CPU computes natively."""

from __future__ import annotations

import logging

import pytest
import torch

from training import steps
from training.steps import TrainingError, autocast_dtype

CPU, CUDA = torch.device("cpu"), torch.device("cuda")


@pytest.mark.parametrize("native", [True, False])
def test_auto_is_bf16_only_where_the_hardware_computes_it(native, monkeypatch):
    monkeypatch.setattr(steps, "cpu_has_bf16", lambda: native)
    assert autocast_dtype("auto", CPU) == (torch.bfloat16 if native else None)
    assert autocast_dtype("auto", CUDA) == torch.bfloat16
    assert autocast_dtype("fp32", CPU) is None


def test_bf16_on_a_cpu_without_it_warns_and_keeps_what_was_asked(monkeypatch, caplog):
    monkeypatch.setattr(steps, "cpu_has_bf16", lambda: False)
    with caplog.at_level(logging.WARNING, logger="training"):
        assert autocast_dtype("bf16", CPU) == torch.bfloat16
    assert "no native bf16" in caplog.text and "precision auto" in caplog.text
    monkeypatch.setattr(steps, "cpu_has_bf16", lambda: True)
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="training"):
        assert autocast_dtype("bf16", CPU) == torch.bfloat16
    assert caplog.text == ""


def test_fp16_needs_cuda():
    with pytest.raises(TrainingError, match="needs a CUDA device"):
        autocast_dtype("fp16", CPU)


def test_the_probe_answers_on_this_machine():
    assert isinstance(steps.cpu_has_bf16(), bool)
