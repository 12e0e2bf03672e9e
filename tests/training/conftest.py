"""Fixtures of the training tests.

Every test here starts with torch.compile's in-process state reset. Training compiles the attention's
scores (`translator.compiled`), and dynamo compiles a function again for each new input shape only up
to its recompile limit, after which it runs the eager function. Tests that train in this process and
compare the result with a run in a subprocess (torchrun, an uninterrupted `python -m training.train`)
or with another run of their own would otherwise compare compiled with eager arithmetic whenever the
tests before them had used up the limit, which depends on which tests ran first."""

from __future__ import annotations

import pytest
import torch._dynamo


@pytest.fixture(autouse=True)
def _fresh_compile_state() -> None:
    torch._dynamo.reset()
