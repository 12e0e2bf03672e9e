"""OpenNMT-py 3.5.1 (bench/.venv-onmt) on our prepared data, and its REST server for load tests.

Mapping of a Preset: `brnn` GRU encoder with `hidden_size` = hidden (OpenNMT splits it over the two
directions), `rnn` GRU decoder of the same size without input feeding (`input_feed 0`, as ours),
`mlp` (Bahdanau) attention whose size is the decoder's, `bridge` initialisation, shared vocabulary
and source/target embeddings (`share_embeddings`), and the output layer too
(`share_decoder_embeddings`) only when emb == hidden. Its defaults are overridden: dropout 0.3 and
attention dropout 0.1 become the preset's, `general` attention `mlp`, sgd Adam, clip 5 the preset's
clip, loss normalised by tokens, the step decay from step 50,000 off. Warm-up uses `noam` with a
learning rate scaled so that the curve is ours: linear to lr at warmup_steps, then lr * sqrt(warmup
/ step). Batches are sentences from a length-sorted bucket of one epoch, in random order. No
validation while training; the final model is used.

Decoding: `-length_penalty avg -alpha A` ranks by log P / L^A, exactly ours; output is cut at 1.5 x
the source length (ours: 1.5 x source + 10).
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench.peers import common
from bench.peers.common import DecodeSetup, PeerError, TrainSetup


class OpenNMT(common.Peer):
    name = "onmt"
    # "Step 10/100; acc: 5.2; ppl: 4012.3; xent: 8.3; lr: 0.00100; sents: 640; bsz: 34/32/64;
    #  2431/2298 tok/s; 9 sec;" -- source/target tokens per second.
    reported_tokens = re.compile(r"\d+/\s*(\d+) tok/s")
    length_penalty = "avg: log P / L^alpha (equal to ours)"

    def write_training(self, setup: TrainSetup) -> list[str]:
        p, data = setup.preset, setup.data
        pieces = setup.pieces_dir
        if p.warmup_steps:
            # noam: lr * hidden^-0.5 * min(step^-0.5, step * warmup^-1.5), peaking at warmup.
            schedule = {
                "decay_method": "noam",
                "warmup_steps": p.warmup_steps,
                "learning_rate": p.lr * math.sqrt(p.hidden * p.warmup_steps),
            }
        else:
            schedule = {"decay_method": "none", "learning_rate": p.lr, "start_decay_steps": 10**9}
        cfg = {
            "src_vocab": str(pieces / "vocab.src.txt"),
            "tgt_vocab": str(pieces / "vocab.tgt.txt"),
            "share_vocab": data.joint,
            "data": {
                "corpus_1": {
                    "path_src": str(pieces / f"train.{data.src_lang}"),
                    "path_tgt": str(pieces / f"train.{data.tgt_lang}"),
                    "transforms": ["filtertoolong"],
                },
            },
            # One bucket per epoch: its default (262,144 pairs) reads our corpus 9 times over before
            # the first batch, and batches would repeat pairs.
            "bucket_size": setup.train_pairs,
            "src_seq_length": p.max_len,
            "tgt_seq_length": p.max_len,
            "save_model": str(setup.work / "model" / "model"),
            "save_checkpoint_steps": 0,  # only the final model
            "train_steps": setup.max_steps,
            "report_every": setup.log_every,
            "seed": setup.seed,
            "num_workers": 0,
            "world_size": 1,
            "gpu_ranks": [],
            "model_dtype": "fp32",
            "encoder_type": "brnn",
            "decoder_type": "rnn",
            "rnn_type": "GRU",
            "word_vec_size": p.emb,
            "hidden_size": p.hidden,
            "enc_layers": p.enc_layers,
            "dec_layers": p.dec_layers,
            "global_attention": "mlp",
            "bridge": True,
            "input_feed": int(p.input_feed),
            "dropout": [p.dropout],
            "attention_dropout": [p.dropout],
            "share_embeddings": p.tie and data.joint,
            "share_decoder_embeddings": p.tie and p.emb == p.hidden,
            "optim": "adam",
            "adam_beta1": 0.9,
            "adam_beta2": 0.999,
            "max_grad_norm": p.clip,
            "label_smoothing": p.label_smoothing,
            "batch_size": setup.batch_sentences,
            "batch_type": "sents",
            "normalization": "tokens",
            "accum_count": [1],
            **schedule,
        }
        config = setup.work / "onmt.yaml"
        config.write_text(yaml.safe_dump(cfg, sort_keys=False), encoding="utf-8")
        return ["-config", str(config)]

    def final_checkpoint(self, work: Path) -> Path:
        saved = sorted((work / "model").glob("model_step_*.pt"), key=lambda p: int(p.stem.rsplit("_", 1)[1]))
        if not saved:
            raise PeerError(f"{work / 'model'}: OpenNMT-py left no checkpoint; see {work / 'train.log'}")
        return saved[-1]

    def write_decoding(self, setup: DecodeSetup) -> tuple[list[str], bool]:
        return [
            "-model", str(setup.checkpoint),
            "-src", str(setup.src),
            "-output", str(setup.out),
            "-gpu", "-1",
            "-batch_size", str(setup.batch_sentences),
            "-batch_type", "sents",
            "-beam_size", str(setup.beam_size),
            "-length_penalty", "avg" if setup.beam_size > 1 else "none",
            "-alpha", str(setup.alpha),
            "-max_length_ratio", "1.5",
            "-max_length", "250",
        ], False  # fmt: skip


PEER = OpenNMT()


MODEL_ID = 100
URL_ROOT = "/translator"


@dataclass
class Server:
    """A running `onmt_server`: translate with client_translate(server.url, text, server.model_id)."""

    process: subprocess.Popen
    url: str  # e.g. http://127.0.0.1:5000/translator
    model_id: int
    log: Path


def start_server(
    work: str | Path,
    *,
    port: int,
    beam_size: int = 5,
    alpha: float = 0.75,
    batch_sentences: int = 64,
    threads: int = 2,
    ready_timeout_s: float = 120,
) -> Server:
    """Serve the model trained in `work` on 127.0.0.1:port. The server takes raw text: it encodes
    with our sentencepiece model and decodes its output with it. Returns once a translation works."""
    work = Path(work).resolve()
    run = common.load_run(work)
    data = common.PreparedData(run["prepared"])
    if data.spm_model["src"] != data.spm_model["tgt"]:
        raise PeerError("onmt_server takes one sentencepiece model; this data has one per language")
    conf = {
        "models_root": str(work),
        "models": [
            {
                "id": MODEL_ID,
                "model": run["checkpoint"],
                "timeout": -1,
                "on_timeout": "unload",
                "load": True,
                "tokenizer": {"type": "sentencepiece", "model": str(data.spm_model["src"].resolve())},
                "opt": {
                    "gpu": -1,
                    "beam_size": beam_size,
                    "length_penalty": "avg" if beam_size > 1 else "none",
                    "alpha": alpha,
                    "max_length_ratio": 1.5,
                    "batch_size": batch_sentences,
                },
            }
        ],
    }
    conf_path = work / "server.json"
    conf_path.write_text(json.dumps(conf, indent=2), encoding="utf-8")
    log = work / f"server-{port}.log"
    command = [
        str(PEER.python), "-m", "onmt.bin.server",
        "--ip", "127.0.0.1", "--port", str(port), "--url_root", URL_ROOT, "--model_config", str(conf_path),
    ]  # fmt: skip
    with log.open("w", encoding="utf-8") as log_file:
        process = subprocess.Popen(
            command, stdout=log_file, stderr=subprocess.STDOUT, env=common.peer_env(threads), cwd=work
        )
    server = Server(process, f"http://127.0.0.1:{port}{URL_ROOT}", MODEL_ID, log)
    deadline = time.monotonic() + ready_timeout_s
    while True:
        if process.poll() is not None:
            raise PeerError(f"onmt_server exited {process.returncode}; see {log}")
        try:
            client_translate(server.url, "ready?", MODEL_ID, timeout=5)
            return server
        except (OSError, ValueError):
            if time.monotonic() > deadline:
                stop_server(server)
                raise PeerError(
                    f"onmt_server not answering after {ready_timeout_s:.0f} s; see {log}"
                ) from None
            time.sleep(0.5)


def stop_server(server: Server, timeout_s: float = 10) -> None:
    """Terminate the server (SIGTERM, then SIGKILL after timeout_s)."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


def client_translate(url: str, text: str, model_id: int = MODEL_ID, timeout: float = 60) -> dict:
    """One sentence through onmt_server's `POST {url}/translate`, body `[{"src": text, "id": model_id}]`.

    Returns its first answer, {"src", "tgt", "n_best", "pred_score"}; raises ValueError on an error
    answer and OSError (urllib) when the server is unreachable.
    """
    body = json.dumps([{"src": text, "id": model_id}]).encode("utf-8")
    request = urllib.request.Request(
        f"{url}/translate", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        answer = json.loads(response.read().decode("utf-8"))
    if isinstance(answer, dict):  # {"status": "error", "error": "..."}
        raise ValueError(f"onmt_server: {answer.get('error', answer)}")
    return answer[0][0]
