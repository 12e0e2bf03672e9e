"""A Translator whose tokenizer records the sources the model reads and whose search output reads as a
fixed text: for tests of what happens around the model."""

from __future__ import annotations

import pytest

from translator.facade import Translator


def read_sources(translator: Translator, monkeypatch: pytest.MonkeyPatch, output: str) -> list[str]:
    """The list the sources the model reads go into; every search output decodes to `output`."""
    seen: list[str] = []
    encode = translator.tokenizer.encode_src

    def spy(texts: list[str]) -> list[list[int]]:
        seen.extend(texts)
        return encode(texts)

    monkeypatch.setattr(translator.tokenizer, "encode_src", spy)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: [output for _ in rows])
    return seen
