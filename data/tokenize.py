"""Sentencepiece training on the train split: one joint model for both languages, or one per language.

Models get the project's special ids (translator.tokenizer: pad 0, unk 1, bos 2, eos 3) and go where
`translator.tokenizer.spm_paths` looks for them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import sentencepiece as spm

from translator.checkpoint import CheckpointError, load_checkpoint, resolve_model_file
from translator.config import TokenizerConfig
from translator.errors import TranslatorError
from translator.tokenizer import BOS_ID, EOS_ID, PAD_ID, UNK_ID, spm_paths

SEED = 1234


class TokenizerTrainingError(TranslatorError, ValueError):
    """Sentencepiece could not train a model with these settings."""


def train_spm(lines: Sequence[str], cfg: TokenizerConfig, path: str | Path) -> int:
    """Train one model on `lines`, write it to `path`; returns its number of pieces.

    The vocabulary size is a soft limit, so a corpus too small for it gives a smaller model instead of
    an error. Training is deterministic: fixed seed, one thread (the result depends on the thread count).
    """
    model = io.BytesIO()
    spm.set_random_generator_seed(SEED)
    try:
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=model,
            model_type=cfg.model_type,
            vocab_size=cfg.vocab_size,
            character_coverage=cfg.character_coverage,
            hard_vocab_limit=False,
            pad_id=PAD_ID,
            unk_id=UNK_ID,
            bos_id=BOS_ID,
            eos_id=EOS_ID,
            num_threads=1,
            minloglevel=2,
        )
    except RuntimeError as exc:  # sentencepiece reports bad settings as RuntimeError
        raise TokenizerTrainingError(f"sentencepiece training failed for {path}: {exc}") from None
    path = Path(path)
    path.write_bytes(model.getvalue())
    return spm.SentencePieceProcessor(model_proto=model.getvalue()).get_piece_size()


def model_tokenizer(model: str | Path, src_lang: str, tgt_lang: str) -> tuple[bytes, bytes]:
    """The (src_lang, tgt_lang) sentencepiece protos of a trained model, whichever its direction."""
    try:
        ckpt = load_checkpoint(resolve_model_file(model))
    except CheckpointError as exc:
        raise TokenizerTrainingError(f"tokenizer.from_model: {exc}") from None
    d = ckpt.config.data
    protos = {d.src_lang: ckpt.tokenizer.src_proto, d.tgt_lang: ckpt.tokenizer.tgt_proto}
    if {src_lang, tgt_lang} != set(protos):
        raise TokenizerTrainingError(
            f"tokenizer.from_model: {model} translates {d.src_lang}->{d.tgt_lang}, "
            f"not between {src_lang} and {tgt_lang}"
        )
    return protos[src_lang], protos[tgt_lang]


def make_tokenizers(
    train_src: Sequence[str],
    train_tgt: Sequence[str],
    cfg: TokenizerConfig,
    out_dir: str | Path,
    src_lang: str,
    tgt_lang: str,
    model_protos: tuple[bytes, bytes] | None = None,
) -> dict[Path, int]:
    """The prepared directory's tokenizer: trained on its train split, or taken from
    `cfg.from_model` (`model_protos`: its model_tokenizer() where the caller has read it already);
    returns pieces per model file."""
    src_path, tgt_path = spm_paths(out_dir, src_lang, tgt_lang, cfg.joint)
    if not cfg.from_model:
        if cfg.joint:
            return {src_path: train_spm([*train_src, *train_tgt], cfg, src_path)}
        return {src_path: train_spm(train_src, cfg, src_path), tgt_path: train_spm(train_tgt, cfg, tgt_path)}
    src, tgt = model_protos or model_tokenizer(cfg.from_model, src_lang, tgt_lang)
    if cfg.joint != (src == tgt):
        raise TokenizerTrainingError(
            f"tokenizer.joint is {cfg.joint}, but {cfg.from_model}'s tokenizer is "
            f"{'joint' if src == tgt else 'one model per language'}"
        )
    written = {}
    for path, proto in ((src_path, src), (tgt_path, tgt)):
        path.write_bytes(proto)
        written[path] = spm.SentencePieceProcessor(model_proto=proto).get_piece_size()
    return written
