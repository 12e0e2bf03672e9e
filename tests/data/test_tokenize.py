"""data.tokenize: sentencepiece models with the project's special ids, trained deterministically."""

from __future__ import annotations

from pathlib import Path

import pytest
import sentencepiece as spm

from data.corpus import read_tsv
from data.tokenize import TokenizerTrainingError, make_tokenizers, train_spm
from tests.api.tiny_models import write_tiny_model
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
    models = make_tokenizers([p.src for p in pairs], [p.tgt for p in pairs], cfg, tmp_path, "en", "es")
    assert models == {tmp_path / "spm.model": 300}
    assert _ids(tmp_path / "spm.model") == (PAD_ID, UNK_ID, BOS_ID, EOS_ID)
    tokenizer = Tokenizer.from_files(tmp_path / "spm.model", tmp_path / "spm.model")
    assert tokenizer.decode_tgt(tokenizer.encode_tgt(["Y dijo Dios"])) == ["Y dijo Dios"]


def test_separate_models_per_language(pairs, tmp_path):
    cfg = TokenizerConfig(model_type="bpe", vocab_size=250, joint=False)
    models = make_tokenizers([p.src for p in pairs], [p.tgt for p in pairs], cfg, tmp_path, "en", "es")
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


def _model_with(tokenizer: Tokenizer, directory: Path, src: str, tgt: str) -> Path:
    """A random-weight src->tgt model holding `tokenizer`."""
    return write_tiny_model(directory, src, tgt, seed=0, metrics={}, tokenizer=tokenizer)


@pytest.fixture(scope="module")
def per_language(pairs, tmp_path_factory) -> Tokenizer:
    d = tmp_path_factory.mktemp("spm")
    cfg = TokenizerConfig(model_type="bpe", vocab_size=250, joint=False)
    make_tokenizers([p.src for p in pairs], [p.tgt for p in pairs], cfg, d, "en", "es")
    return Tokenizer.from_files(d / "spm.en.model", d / "spm.es.model")


def test_from_model_takes_a_joint_models_tokenizer(spm_model, tmp_path):
    model = _model_with(Tokenizer.from_files(spm_model, spm_model), tmp_path / "m", "en", "es")
    out = tmp_path / "prepared"
    out.mkdir()
    cfg = TokenizerConfig(vocab_size=999, from_model=str(model))
    models = make_tokenizers(["not", "used"], ["no", "usado"], cfg, out, "es", "en")
    assert list(models) == [out / "spm.model"]
    assert (out / "spm.model").read_bytes() == spm_model.read_bytes()


def test_from_model_maps_a_reverse_models_sides_by_language(per_language, tmp_path):
    model = _model_with(per_language, tmp_path / "m", "es", "en")  # its source is Spanish
    cfg = TokenizerConfig(joint=False, from_model=str(model))
    make_tokenizers([], [], cfg, tmp_path, "en", "es")
    assert (tmp_path / "spm.en.model").read_bytes() == per_language.tgt_proto
    assert (tmp_path / "spm.es.model").read_bytes() == per_language.src_proto


def test_from_model_refuses_other_languages_and_a_joint_mismatch(spm_model, per_language, tmp_path):
    joint = _model_with(Tokenizer.from_files(spm_model, spm_model), tmp_path / "j", "en", "es")
    with pytest.raises(TokenizerTrainingError, match="not between en and fr"):
        make_tokenizers([], [], TokenizerConfig(from_model=str(joint)), tmp_path, "en", "fr")
    with pytest.raises(TokenizerTrainingError, match="joint is False"):
        make_tokenizers([], [], TokenizerConfig(joint=False, from_model=str(joint)), tmp_path, "en", "es")
    separate = _model_with(per_language, tmp_path / "s", "en", "es")
    with pytest.raises(TokenizerTrainingError, match="one model per language"):
        make_tokenizers([], [], TokenizerConfig(from_model=str(separate)), tmp_path, "en", "es")
    with pytest.raises(TokenizerTrainingError, match="no such checkpoint"):
        make_tokenizers([], [], TokenizerConfig(from_model=str(tmp_path / "absent.pt")), tmp_path, "en", "es")
