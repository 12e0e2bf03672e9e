"""Tiny random-weight models (en-es and es-en) for the API tests and the load benchmark.

Random weights translate into nonsense, but deterministically, which is all the API tests need.
`python tests/api/tiny_models.py OUT_DIR` writes OUT_DIR/en-es and OUT_DIR/es-en.
"""

from __future__ import annotations

import sys
from pathlib import Path

import torch

from translator.checkpoint import save_checkpoint
from translator.config import config_from_dict
from translator.model import EncoderDecoder
from translator.tokenizer import Tokenizer

SPM = Path(__file__).resolve().parents[1] / "fixtures" / "spm-200.model"

# (source, target, seed, metrics stored in the checkpoint)
PAIRS = [("en", "es", 1, {"dev_bleu": 0.5, "test_bleu": 0.4}), ("es", "en", 2, {})]


def write_tiny_model(
    directory: Path,
    src: str,
    tgt: str,
    seed: int,
    metrics: dict,
    spm: Path = SPM,
    decoding: dict | None = None,
    tokenizer: Tokenizer | None = None,
) -> Path:
    """decoding: the config's decoding section (default: every key's default); tokenizer: the model's
    (default: the joint `spm` model)."""
    tokenizer = tokenizer or Tokenizer.from_files(spm, spm)
    config = config_from_dict(
        {
            "data": {"src_lang": src, "tgt_lang": tgt},
            "model": {
                "emb_dim": 16,
                "hidden_size": 32,
                "encoder_layers": 1,
                "decoder_layers": 1,
                "attention_size": 16,
                "dropout": 0.0,
                "src_vocab_size": tokenizer.src_vocab_size,
                "tgt_vocab_size": tokenizer.tgt_vocab_size,
            },
            "decoding": decoding,
        }
    )
    torch.manual_seed(seed)
    path = directory / "model.pt"
    save_checkpoint(
        path,
        model_state=EncoderDecoder(config.model).state_dict(),
        config=config,
        tokenizer=tokenizer,
        step=0,
        metrics=metrics,
    )
    return path


def write_tiny_models(root: Path, spm: Path = SPM) -> Path:
    """root/en-es and root/es-en; returns root."""
    for src, tgt, seed, metrics in PAIRS:
        write_tiny_model(root / f"{src}-{tgt}", src, tgt, seed, metrics, spm)
    return root


if __name__ == "__main__":
    print(write_tiny_models(Path(sys.argv[1])))
