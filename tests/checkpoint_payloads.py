"""Checkpoint payloads written with torch.save directly, bypassing save_checkpoint, to build
broken or hostile files for the checkpoint tests."""

from __future__ import annotations

import os

from translator.checkpoint import FORMAT_VERSION
from translator.config import Config


def raw_payload(net, tok, **changes) -> dict:
    """A valid checkpoint dictionary for model `net` and tokenizer `tok`, with `changes` applied."""
    payload = {
        "format_version": FORMAT_VERSION,
        "model": net.state_dict(),
        "config": Config(model=net.cfg).to_dict(),
        "tokenizer": {"src": tok.src_proto, "tgt": tok.tgt_proto},
        "step": 1,
        "metrics": {},
    }
    payload.update(changes)
    return payload


class RunsCode:
    """Unpickling this calls os.mkdir(marker): a stand-in for arbitrary code."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))
