"""bench.peers.joey: the Joey NMT training config the benchmark writes (Joey itself is not needed)."""

from __future__ import annotations

from types import SimpleNamespace

import torch
import yaml

from bench.peers import joey
from bench.peers.common import PRESETS, TrainSetup
from translator.config import ModelConfig
from translator.model import EncoderDecoder


def write_config(tmp_path, preset: str) -> dict:
    data = SimpleNamespace(src_lang="en", tgt_lang="es", joint=True)
    setup = TrainSetup(
        data=data,
        preset=PRESETS[preset],
        work=tmp_path,
        pieces_dir=tmp_path / "data",
        train_pairs=100,
        batch_sentences=64,
        max_steps=10,
        seed=1,
        log_every=5,
    )
    args = joey.PEER.write_training(setup)
    assert args[1:] == ["--skip-test"]
    return yaml.safe_load(open(args[0], encoding="utf-8"))


def test_embeddings_start_as_ours(tmp_path):
    # Joey's default embedding init leaves the tied model stuck at the unigram loss (joey.py).
    cfg = write_config(tmp_path, "speed")["model"]
    torch.manual_seed(0)
    ours = EncoderDecoder(ModelConfig(emb_dim=256, src_vocab_size=8000, tgt_vocab_size=8000))
    with torch.no_grad():
        std = float(ours.encoder.embedding.weight[1:].std())
    assert cfg["embed_initializer"] == "normal"
    assert abs(cfg["embed_init_weight"] - std) < 0.002


def test_like_for_like_model(tmp_path):
    cfg = write_config(tmp_path, "speed")
    model = cfg["model"]
    assert model["encoder"]["hidden_size"] * 2 == model["decoder"]["hidden_size"] == 256
    assert model["encoder"]["bidirectional"] and model["decoder"]["attention"] == "bahdanau"
    assert model["tied_embeddings"] and model["tied_softmax"]
    assert cfg["training"]["batch_size"] == 64 and cfg["training"]["updates"] == 10
    # The quality preset's decoder (512) is wider than its embeddings: Joey cannot tie the softmax.
    quality = write_config(tmp_path, "quality")["model"]
    assert quality["tied_embeddings"] and not quality["tied_softmax"]


def test_every_caller_finds_the_peers_in_one_registry():
    from bench.peers import PEERS, onmt

    assert PEERS == {"joey": joey.PEER, "onmt": onmt.PEER}
