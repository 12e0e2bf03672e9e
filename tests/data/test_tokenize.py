"""data.tokenize: sentencepiece models with the project's special ids, trained deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest
import sentencepiece as spm

from data.corpus import read_tsv
from data.tokenize import TokenizerTrainingError, train_spm, train_tokenizers
from translator.config import TokenizerConfig
from translator.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID, Tokenizer

FIXTURES = Path(__file__).parents[1] / "fixtures"


@pytest.fixture(scope="module")
def pairs():
    return read_tsv(FIXTURES / "bible-300.tsv")


def _ids(path: Path) -> tuple[int, int, int, int]:
    sp = spm.SentencePieceProcessor(model_file=str(path))
    return sp.pad_id(), sp.unk_id(), sp.bos_id(), sp.eos_id()


def test_joint_model_has_the_special_ids(pairs, tmp_path):
    cfg = TokenizerConfig(vocab_size=300, joint=True)
    models = train_tokenizers([p.src for p in pairs], [p.tgt for p in pairs], cfg, tmp_path, "en", "es")
    assert models == {tmp_path / "spm.model": 300}
    assert _ids(tmp_path / "spm.model") == (PAD_ID, UNK_ID, BOS_ID, EOS_ID)
    tokenizer = Tokenizer.from_files(tmp_path / "spm.model", tmp_path / "spm.model")
    assert tokenizer.decode_tgt(tokenizer.encode_tgt(["Y dijo Dios"])) == ["Y dijo Dios"]


def test_separate_models_per_language(pairs, tmp_path):
    cfg = TokenizerConfig(model_type="bpe", vocab_size=250, joint=False)
    models = train_tokenizers([p.src for p in pairs], [p.tgt for p in pairs], cfg, tmp_path, "en", "es")
    assert set(models) == {tmp_path / "spm.en.model", tmp_path / "spm.es.model"}
    en = spm.SentencePieceProcessor(model_file=str(tmp_path / "spm.en.model"))
    assert en.piece_to_id("á") == UNK_ID  # Spanish letters never reached the English model


def test_training_is_deterministic(pairs, tmp_path):
    cfg = TokenizerConfig(vocab_size=300)
    lines = [p.src for p in pairs] + [p.tgt for p in pairs]
    train_spm(lines, cfg, tmp_path / "a.model")
    train_spm(lines, cfg, tmp_path / "b.model")
    assert (tmp_path / "a.model").read_bytes() == (tmp_path / "b.model").read_bytes()


def test_vocabulary_larger_than_the_data_allows_gives_a_smaller_model(pairs, tmp_path):
    pieces = train_spm([p.src for p in pairs[:20]], TokenizerConfig(vocab_size=8000), tmp_path / "m.model")
    assert 4 < pieces < 8000


def test_vocabulary_smaller_than_the_alphabet_is_an_error(pairs, tmp_path):
    with pytest.raises(TokenizerTrainingError, match="Vocabulary size is smaller"):
        train_spm([p.tgt for p in pairs], TokenizerConfig(vocab_size=10), tmp_path / "m.model")


def test_the_fixture_model_has_200_pieces_and_the_special_ids():
    path = FIXTURES / "spm-200.model"
    assert spm.SentencePieceProcessor(model_file=str(path)).get_piece_size() == 200
    assert _ids(path) == (PAD_ID, UNK_ID, BOS_ID, EOS_ID)
