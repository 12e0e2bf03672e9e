"""translator.tokenizer: the same ids and texts whether a list is short (one at a time) or long."""

from __future__ import annotations

from pathlib import Path

import pytest
import sentencepiece as spm

from data.corpus import read_tsv
from translator.tokenizer import EOS_ID, THREADED_FROM, Tokenizer

MODEL = Path(__file__).parents[1] / "fixtures" / "spm-200.model"


@pytest.fixture(scope="module")
def sentences() -> list[str]:
    pairs = read_tsv(Path(__file__).parents[1] / "fixtures" / "bible-300.tsv")
    # Longer than THREADED_FROM, with an empty text among them.
    return [p.src for p in pairs] + [""]


@pytest.fixture(scope="module")
def tokenizer() -> Tokenizer:
    return Tokenizer.from_files(MODEL, MODEL)


@pytest.mark.parametrize("count", [1, 2, THREADED_FROM - 1, THREADED_FROM, THREADED_FROM + 1])
def test_encode_and_decode_match_sentencepiece_for_every_list_length(tokenizer, sentences, count):
    texts = sentences[-count:]
    reference = spm.SentencePieceProcessor(model_file=str(MODEL))
    expected = reference.encode(texts)
    assert tokenizer.encode_tgt(texts) == expected
    assert tokenizer.encode_src(texts) == [ids + [EOS_ID] for ids in expected]
    assert tokenizer.decode_tgt(expected) == reference.decode(expected)


def test_an_empty_hypothesis_decodes_to_an_empty_text(tokenizer):
    assert tokenizer.decode_tgt([[], tokenizer.encode_tgt(["God"])[0]]) == ["", "God"]
