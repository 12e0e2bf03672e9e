"""DecodeOptions.resolve: the model's decoding settings are the defaults of every request and command line."""

from __future__ import annotations

import pytest

from translator.config import DecodingConfig
from translator.decoding import DecodeOptions, DecodingError, ResolvedOptions
from translator.errors import TranslatorError
from translator.facade import Translator

MODEL = DecodingConfig(beam_size=3, alpha=0.5)


def test_choices_left_out_take_the_model_settings():
    assert DecodeOptions().resolve(MODEL) == ResolvedOptions(decode="beam", beam_size=3, alpha=0.5)
    assert DecodeOptions().resolve(DecodingConfig(decode="greedy")).decode == "greedy"


def test_choices_given_override_the_model_settings():
    # alpha 0 is a choice (rank by raw log-probability), not one left out.
    options = DecodeOptions(decode="beam", beam_size=7, alpha=0.0, n_best=2, return_attention=True)
    assert options.resolve(MODEL) == ResolvedOptions("beam", 7, 0.0, 2, True)
    assert DecodeOptions(decode="greedy").resolve(MODEL).decode == "greedy"


def test_greedy_options_share_one_group_whatever_the_beam():
    greedy = DecodingConfig(decode="greedy", beam_size=4)
    assert (
        DecodeOptions().resolve(greedy).canonical() == DecodeOptions(beam_size=9).resolve(greedy).canonical()
    )


def test_the_lexicon_choice_does_not_split_groups():
    """The fallback runs on each sentence after the search: both choices search alike."""
    for model in (MODEL, DecodingConfig(decode="greedy")):
        on, off = DecodeOptions(lexicon=True).resolve(model), DecodeOptions(lexicon=False).resolve(model)
        assert on != off
        assert on.canonical() == off.canonical()


@pytest.mark.parametrize(
    ("options", "model", "message"),
    [
        (DecodeOptions(n_best=4), MODEL, r"n_best must be between 1 and beam_size \(3\), got 4"),
        (
            DecodeOptions(n_best=2),
            DecodingConfig(decode="greedy"),
            "n_best must be 1 with greedy decoding, got 2",
        ),
        (DecodeOptions(decode="greedy", n_best=2), MODEL, "n_best must be 1 with greedy decoding, got 2"),
    ],
)
def test_n_best_is_checked_against_the_resolved_search(options, model, message):
    with pytest.raises(DecodingError, match=message) as info:
        options.resolve(model)
    assert isinstance(info.value, TranslatorError) and isinstance(info.value, ValueError)


def test_translator_decodes_with_its_model_settings(configured_model_dir, searches):
    translator = Translator.load(configured_model_dir)
    translator.translate(["the lord said"])
    translator.translate(["the lord said"], beam_size=2, alpha=0.0)
    translator.translate(["the lord said"], decode="greedy")
    settings = [(s["search"], s.get("beam_size"), s["alpha"]) for s in searches]
    assert settings == [("beam", 3, 0.5), ("beam", 2, 0.0), ("greedy", None, 0.5)]
