"""training.steps.rng_state / set_rng_state: a resumed run draws the random numbers it would have drawn,
whichever device torch.load put the saved states on (last.pt is loaded with map_location=the run's device)."""

from __future__ import annotations

import random

import torch

from training.steps import rng_state, set_rng_state


class _LoadedOntoGPU:
    """Stands in for a saved CPU byte tensor that torch.load(map_location="cuda") moved to a GPU, which
    torch.set_rng_state refuses ("RNG state must be a torch.ByteTensor"): only its .cpu() is one."""

    def __init__(self, tensor: torch.Tensor) -> None:
        self.tensor = tensor

    def cpu(self) -> torch.Tensor:
        return self.tensor


def test_a_restored_state_repeats_the_draws():
    state = rng_state()
    expected = (torch.rand(4), random.random())
    torch.rand(7), random.random()
    set_rng_state(state)
    assert torch.equal(torch.rand(4), expected[0])
    assert random.random() == expected[1]


def test_a_state_loaded_onto_another_device_is_restored():
    state = rng_state()
    expected = torch.rand(4)
    set_rng_state(dict(state, torch=_LoadedOntoGPU(state["torch"])))
    assert torch.equal(torch.rand(4), expected)
