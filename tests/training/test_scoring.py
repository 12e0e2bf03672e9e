"""Corpus BLEU and chrF: agreement with sacrebleu, several references, signatures and misuse."""

from __future__ import annotations

import pytest
import sacrebleu

from training.scoring import score

HYPS = ["the cat sat on the mat", "a dog barked loudly at night", "it is raining"]
REFS = ["the cat sat on a mat", "the dog barked loudly in the night", "it rains"]
REFS_2 = ["a cat was sitting on the mat", "a dog barked at night", "it is raining"]


def test_identical_hypotheses_score_100():
    scores = score(REFS, [REFS])
    assert scores.bleu == pytest.approx(100.0)
    assert scores.chrf == pytest.approx(100.0)


def test_matches_sacrebleu_computed_directly():
    scores = score(HYPS, [REFS])
    assert scores.bleu == pytest.approx(sacrebleu.corpus_bleu(HYPS, [REFS]).score)
    assert scores.chrf == pytest.approx(sacrebleu.corpus_chrf(HYPS, [REFS]).score)
    assert 0.0 < scores.bleu < 100.0


def test_several_reference_streams():
    one, two = score(HYPS, [REFS]), score(HYPS, [REFS, REFS_2])
    assert two.bleu == pytest.approx(sacrebleu.corpus_bleu(HYPS, [REFS, REFS_2]).score)
    assert two.bleu > one.bleu  # the second stream matches the last two hypotheses better
    assert "nrefs:1" in one.bleu_signature and "nrefs:2" in two.bleu_signature
    assert "nrefs:2" in two.chrf_signature


def test_signatures_name_the_defaults():
    scores = score(HYPS, [REFS])
    assert "tok:13a" in scores.bleu_signature
    assert "case:mixed" in scores.bleu_signature
    assert f"version:{sacrebleu.__version__}" in scores.chrf_signature
    assert set(scores.to_dict()) == {"bleu", "chrf", "bleu_signature", "chrf_signature"}


def test_length_mismatch_names_both_counts():
    with pytest.raises(ValueError, match=r"3 hypotheses but reference stream 2 has 2"):
        score(HYPS, [REFS, REFS_2[:2]])


@pytest.mark.parametrize(("hyps", "refs"), [(HYPS, []), ([], [[]])])
def test_nothing_to_score(hyps, refs):
    with pytest.raises(ValueError):
        score(hyps, refs)
