"""Learning-rate schedules: linear warm-up, then constant, inverse square root or cosine decay."""

from __future__ import annotations

import math

import torch

from translator.config import TrainingConfig


def lr_factor(step: int, cfg: TrainingConfig) -> float:
    """Multiplier of cfg.lr for the update that follows `step` updates (step counts from 0)."""
    step += 1
    warmup = max(1, cfg.warmup_steps)
    if step < warmup:
        return step / warmup
    floor = cfg.min_lr / cfg.lr if cfg.lr > 0 else 0.0  # lr 0 (weights frozen) has no decay to floor
    if cfg.schedule == "inverse_sqrt":
        return max(floor, math.sqrt(warmup / step))
    if cfg.schedule == "cosine":
        progress = min(1.0, (step - warmup) / max(1, cfg.max_steps - warmup))
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))
    return 1.0


def make_scheduler(
    optimizer: torch.optim.Optimizer, cfg: TrainingConfig
) -> torch.optim.lr_scheduler.LambdaLR:
    return torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: lr_factor(step, cfg))
