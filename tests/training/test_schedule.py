import math

import pytest
import torch

from training.schedule import lr_factor, make_scheduler
from translator.config import TrainingConfig


def test_linear_warmup_then_inverse_sqrt():
    cfg = TrainingConfig(warmup_steps=100, schedule="inverse_sqrt", lr=1e-3, min_lr=0.0)
    assert lr_factor(0, cfg) == pytest.approx(0.01)
    assert lr_factor(49, cfg) == pytest.approx(0.5)
    assert lr_factor(99, cfg) == pytest.approx(1.0)
    assert lr_factor(399, cfg) == pytest.approx(math.sqrt(100 / 400))


def test_cosine_reaches_min_lr_at_max_steps():
    cfg = TrainingConfig(warmup_steps=10, schedule="cosine", lr=1e-3, min_lr=1e-5, max_steps=110)
    assert lr_factor(59, cfg) == pytest.approx(0.01 + 0.99 * 0.5)
    assert lr_factor(109, cfg) == pytest.approx(0.01)


def test_constant_and_floor():
    assert lr_factor(10_000, TrainingConfig(schedule="constant", warmup_steps=10)) == 1.0
    cfg = TrainingConfig(schedule="inverse_sqrt", warmup_steps=1, lr=1e-3, min_lr=1e-4)
    assert lr_factor(10**8, cfg) == pytest.approx(0.1)


def test_scheduler_drives_optimizer():
    param = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.Adam([param], lr=1e-3)
    sched = make_scheduler(opt, TrainingConfig(warmup_steps=4, schedule="constant"))
    rates = []
    for _ in range(5):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    assert rates == pytest.approx([2.5e-4, 5e-4, 7.5e-4, 1e-3, 1e-3])
