"""The core library: model, decoding, tokenisation, checkpoints and the Translator facade."""

from translator.facade import Alternative, Attention, Translation, Translator

__all__ = ["Alternative", "Attention", "Translation", "Translator"]
