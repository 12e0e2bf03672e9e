"""Sentencepiece subword tokenizers for the source and target side.

The serialized sentencepiece models travel inside each checkpoint, so a model directory needs
no other file to translate.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sentencepiece as spm

from translator.errors import TranslatorError

# Every sentencepiece model of this project is trained with these ids (data/tokenize.py).
PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3


# sentencepiece encodes or decodes a list on threads it starts for each call. Starting them costs
# more than encoding a service request's one or two sentences, so shorter lists go one text at a
# time; the threads pay off from about this many texts (bench/PROFILE.md, "Tokenizer threads").
THREADED_FROM = 256


def _batched(fn: Callable[[Any], Any], items: list) -> list:
    """`fn(items)` for a long list (sentencepiece's threads), item by item for a short one."""
    return fn(items) if len(items) >= THREADED_FROM else [fn(item) for item in items]


class TokenizerError(TranslatorError, ValueError):
    """A tokenizer file is missing or unreadable."""


MANIFEST = "manifest.json"  # what data preparation wrote into a prepared directory, and from what


def spm_paths(prepared_dir: str | Path, src_lang: str, tgt_lang: str, joint: bool) -> tuple[Path, Path]:
    """Where data preparation writes the source and target sentencepiece models."""
    d = Path(prepared_dir)
    if joint:
        return d / "spm.model", d / "spm.model"
    return d / f"spm.{src_lang}.model", d / f"spm.{tgt_lang}.model"


def _load(proto: bytes, name: str) -> spm.SentencePieceProcessor:
    sp = spm.SentencePieceProcessor()
    try:
        sp.LoadFromSerializedProto(proto)
    except Exception as exc:  # sentencepiece raises bare RuntimeError/OSError
        raise TokenizerError(f"{name}: not a sentencepiece model ({exc})") from None
    if (sp.pad_id(), sp.unk_id(), sp.bos_id(), sp.eos_id()) != (PAD_ID, UNK_ID, BOS_ID, EOS_ID):
        raise TokenizerError(
            f"{name}: special ids (pad, unk, bos, eos) must be "
            f"{(PAD_ID, UNK_ID, BOS_ID, EOS_ID)}, got "
            f"{(sp.pad_id(), sp.unk_id(), sp.bos_id(), sp.eos_id())}"
        )
    return sp


class Tokenizer:
    """Source and target sentencepiece models (the same one when the vocabulary is joint)."""

    def __init__(self, src_proto: bytes, tgt_proto: bytes, name: str = "tokenizer") -> None:
        self.src_proto = src_proto
        self.tgt_proto = tgt_proto
        self.src = _load(src_proto, f"{name} (source)")
        self.tgt = self.src if tgt_proto == src_proto else _load(tgt_proto, f"{name} (target)")

    @classmethod
    def from_files(cls, src_model: str | Path, tgt_model: str | Path) -> Tokenizer:
        try:
            src = Path(src_model).read_bytes()
            tgt = Path(tgt_model).read_bytes()
        except OSError as exc:
            raise TokenizerError(f"{exc.filename}: cannot read tokenizer model ({exc.strerror})") from None
        return cls(src, tgt, name=str(src_model))

    @property
    def joint(self) -> bool:
        return self.src is self.tgt

    @property
    def src_vocab_size(self) -> int:
        return self.src.get_piece_size()

    @property
    def tgt_vocab_size(self) -> int:
        return self.tgt.get_piece_size()

    def encode_src(self, texts: list[str]) -> list[list[int]]:
        """Source ids with EOS appended (the encoder sees where the sentence ends)."""
        return [ids + [EOS_ID] for ids in _batched(self.src.encode, texts)]

    def encode_tgt(self, texts: list[str]) -> list[list[int]]:
        """Target ids without BOS/EOS; the trainer adds them."""
        return _batched(self.tgt.encode, texts)

    def decode_tgt(self, ids: list[list[int]]) -> list[str]:
        return _batched(self.tgt.decode, ids)

    def src_pieces(self, ids: list[int]) -> list[str]:
        return [self.src.id_to_piece(i) if i != EOS_ID else "</s>" for i in ids]

    def tgt_pieces(self, ids: list[int]) -> list[str]:
        return [self.tgt.id_to_piece(i) if i != EOS_ID else "</s>" for i in ids]
