"""training.mixing: per-kind shares with temperature and weights, reproducible epochs."""

from __future__ import annotations

from collections import Counter

import pytest

from training.mixing import Mixer, probabilities


def test_probabilities_temperature_and_weights():
    counts = {"ui": 900, "bible": 100}
    assert probabilities(counts, {}, 1.0) == pytest.approx({"ui": 0.9, "bible": 0.1})
    # T = 2: square roots, 30 : 10.
    assert probabilities(counts, {}, 2.0) == pytest.approx({"ui": 0.75, "bible": 0.25})
    assert probabilities(counts, {"bible": 0}, 1.0) == pytest.approx({"ui": 1.0, "bible": 0.0})
    with pytest.raises(ValueError, match="every source kind weighs 0"):
        probabilities(counts, {"ui": 0, "bible": 0}, 1.0)


def test_epochs_draw_the_shares_and_repeat_with_the_seed():
    kinds = ["ui"] * 90 + ["bible"] * 10
    mixer = Mixer(kinds, {}, 2.0, seed=1)
    epoch = mixer.epoch(0)
    drawn = Counter(kinds[i] for i in epoch)
    assert drawn == {"ui": 75, "bible": 25}  # the small kind is repeated, the large one sampled
    assert len(set(i for i in epoch if kinds[i] == "bible")) == 10
    assert mixer.epoch(0) == epoch
    assert Mixer(kinds, {}, 2.0, seed=1).epoch(1) != epoch
    left_out = Mixer(kinds, {"bible": 0}, 1.0, seed=1).epoch(0)
    assert all(kinds[i] == "ui" for i in left_out) and len(left_out) == 90
