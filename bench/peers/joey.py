"""Joey NMT 2.3.0 (bench/.venv-joey) on our prepared data.

Mapping of a Preset: recurrent GRU encoder, bidirectional, `hidden_size` hidden/2 (Joey's is per
direction); recurrent GRU decoder of `hidden_size` hidden with Bahdanau attention (its size is the
decoder's: Joey has no separate attention size), bridge initialisation, no input feeding (as ours);
source/target embeddings tied (`tied_embeddings`), and the output layer too (`tied_softmax`) only
when emb == hidden, which is all Joey allows. Adam, clip_grad_norm, loss normalised by tokens as
ours; constant rate is `scheduling: exponential` with `decrease_factor: 1.0` (`plateau` crashes on
torch 2.13, none is "Invalid scheduler"), warm-up is `warmupinversesquareroot` (same curve as ours,
except its very first update runs at the peak rate). Joey samples sentences in random order
(more padding than our length buckets). No validation while training; the final model is used.

Embeddings start as ours do, N(0, 1/emb), not from Joey's default (Xavier-uniform over the 8,000 x
256 table, a standard deviation of 0.016): from that default, at Adam 1e-3 with the output layer
tied, the attention vector's tanh saturates within 20 updates, its gradient vanishes, and the loss
stays at the unigram level (6.2 nats) for good. OpenNMT-py's default, U(-0.1, 0.1), is close to ours.

Decoding: `beam_alpha` is Joey's GNMT length penalty, log P / ((5 + L) / 6)^alpha, which no alpha
makes equal to ours (log P / L^alpha); greedy has none. Output is cut at 1.5 x the longest source
of the batch (ours: 1.5 x each source + 10).
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from bench.peers import common
from bench.peers.common import DecodeSetup, PeerError, TrainSetup


class Joey(common.Peer):
    name = "joey"
    # "Epoch   1, Step:       10, Batch Loss: ..., Tokens per Sec:     5123, Lr: ..."
    reported_tokens = re.compile(r"Tokens per Sec:\s+(\d+)")
    length_penalty = "GNMT: log P / ((5 + L) / 6)^alpha (not equal to ours)"

    def write_training(self, setup: TrainSetup) -> list[str]:
        p, data = setup.preset, setup.data
        model_dir = setup.work / "model"
        rnn = {"rnn_type": "gru", "type": "recurrent"}
        side = {"level": "word", "lowercase": False, "normalize": False, "max_length": p.max_len}
        cfg = {
            "name": "peer-joey",
            "joeynmt_version": "2.3.0",
            "model_dir": str(model_dir),
            "use_cuda": False,
            "random_seed": setup.seed,
            "data": {
                "train": str(setup.pieces_dir / "train"),
                "dev": str(setup.pieces_dir / "dev"),
                "dataset_type": "plain",
                "src": {"lang": data.src_lang, "voc_file": str(setup.pieces_dir / "vocab.src.txt"), **side},
                "trg": {"lang": data.tgt_lang, "voc_file": str(setup.pieces_dir / "vocab.tgt.txt"), **side},
            },
            "testing": {
                "batch_size": 64,
                "batch_type": "sentence",
                "beam_size": 1,
                "eval_metrics": ["bleu"],
                "sacrebleu_cfg": {"tokenize": "13a"},
            },
            "training": {
                "optimizer": "adam",
                "adam_betas": [0.9, 0.999],
                "learning_rate": p.lr,
                "learning_rate_min": 1.0e-8,
                "clip_grad_norm": p.clip,
                "label_smoothing": p.label_smoothing,
                "normalization": "tokens",
                "batch_size": setup.batch_sentences,
                "batch_type": "sentence",
                "epochs": 10**6,
                "updates": setup.max_steps,
                "logging_freq": setup.log_every,
                # Never: validation would stop the clock of a speed run (must divide by logging_freq).
                "validation_freq": setup.log_every * 10**9,
                "early_stopping_metric": "bleu",
                "keep_best_ckpts": 1,
                "shuffle": True,
                "num_workers": 0,
                "overwrite": True,
                **(
                    {"scheduling": "warmupinversesquareroot", "learning_rate_warmup": p.warmup_steps}
                    if p.warmup_steps
                    else {"scheduling": "exponential", "decrease_factor": 1.0}
                ),
            },
            "model": {
                "embed_initializer": "normal",
                "embed_init_weight": p.emb**-0.5,
                "tied_embeddings": p.tie and data.joint,
                "tied_softmax": p.tie and p.emb == p.hidden,
                "encoder": {
                    **rnn,
                    "embeddings": {"embedding_dim": p.emb},
                    "hidden_size": p.hidden // 2,
                    "bidirectional": True,
                    "num_layers": p.enc_layers,
                    "dropout": p.dropout,
                },
                "decoder": {
                    **rnn,
                    "embeddings": {"embedding_dim": p.emb},
                    "hidden_size": p.hidden,
                    "num_layers": p.dec_layers,
                    "attention": "bahdanau",
                    "init_hidden": "bridge",
                    "input_feeding": p.input_feed,
                    "dropout": p.dropout,
                    "hidden_dropout": p.dropout,
                },
            },
        }
        config = setup.work / "joey.yaml"
        config.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        return [str(config), "--skip-test"]

    def final_checkpoint(self, work: Path) -> Path:
        latest = work / "model" / "latest.ckpt"
        if not latest.exists():
            raise PeerError(f"{latest}: Joey left no checkpoint; see {work / 'train.log'}")
        return latest.resolve()

    def write_decoding(self, setup: DecodeSetup) -> tuple[list[str], bool]:
        cfg = yaml.safe_load((setup.work / "joey.yaml").read_text(encoding="utf-8"))
        cfg["testing"].update(
            load_model=str(setup.checkpoint),
            batch_size=setup.batch_sentences,
            batch_type="sentence",
            beam_size=setup.beam_size,
            beam_alpha=setup.alpha if setup.beam_size > 1 else -1,
            max_output_length=-1,
        )
        config = setup.out.parent / "joey.yaml"
        config.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        # `translate -o FILE` crashes in 2.3.0: hypotheses are read from stdout instead.
        return [str(config)], True


PEER = Joey()
