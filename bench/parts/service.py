"""Part 3: the service under load: requests/s and p50/p95/p99 latency at each concurrency level.

Every request is one sentence, beam 5 (bench.load's default body), sent by `concurrency`
keep-alive connections of wrk (bench.wrk) for `level_seconds` per level, on loopback. Three
servers, each with `threads` threads, run one after the other:

- ours with dynamic batching (`python -m api` with its default MT_MAX_WAIT_MS / MT_MAX_BATCH_TOKENS),
- ours with batching off: MT_MAX_WAIT_MS=0 and MT_MAX_BATCH_TOKENS=1, so that the worker never waits
  and every batch closes after its first sentence (a sentence longer than the budget runs alone):
  one request per model call. The mean sentences per model call, read from /metrics, shows it;
- OpenNMT-py's `onmt_server` (bench.peers.onmt), which serves one request at a time.

Ours serves part 2's model exported as `python -m translator export` does (float16 on disk, run in
float32), alone in its models folder; onmt_server its own part-2 model. The load generator shares
the machine's cores with the server, alike for all three; wrk, written in C, takes about 1 % of a
core where a Python client took a quarter.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from bench import wrk
from bench.load import TEXT, single_body
from bench.parts.context import Options, Results
from bench.parts.decoding import target_tokens
from bench.parts.training import ROOT, work_dir
from bench.peers import common, onmt
from translator.checkpoint import export_model, load_checkpoint

log = logging.getLogger("bench.service")

WARMUP_REQUESTS = 5
BATCHING_OFF = {"MT_MAX_WAIT_MS": "0", "MT_MAX_BATCH_TOKENS": "1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def api_server(models: Path, settings: dict[str, str], threads: int, log_path: Path) -> Iterator[str]:
    """`python -m api` on a free loopback port with these MT_* settings; yields its URL once ready."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MT_")}
    env |= {"OMP_NUM_THREADS": str(threads), "MT_THREADS": str(threads), "MT_DEVICE": "cpu", **settings}
    command = [sys.executable, "-m", "api", "--port", str(port), "--models", str(models)]
    url = f"http://127.0.0.1:{port}"
    with log_path.open("w", encoding="utf-8") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while not ready(url):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"python -m api did not get ready; see {log_path}")
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()  # graceful shutdown
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def ready(url: str) -> bool:
    try:
        return httpx.get(f"{url}/ready", timeout=2).status_code == 200
    except httpx.TransportError:
        return False


def batch_sentences_total(url: str) -> tuple[float, float]:
    """(sentences, model calls) so far, from the service's mt_batch_sentences histogram."""
    values = {}
    for line in httpx.get(f"{url}/metrics", timeout=10).text.splitlines():
        name, _, value = line.partition(" ")
        if name in ("mt_batch_sentences_sum", "mt_batch_sentences_count"):
            values[name] = float(value)
    return values.get("mt_batch_sentences_sum", 0.0), values.get("mt_batch_sentences_count", 0.0)


def load_levels(
    opts: Options, url: str, body: Any, path: str, bar: tqdm, ours: bool = True
) -> list[dict[str, Any]]:
    """Warm-up requests, then one wrk level per concurrency; for `ours`, also the mean sentences per
    model call of each level."""
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(WARMUP_REQUESTS):
            client.post(path, json=body).raise_for_status()
        levels = []
        for concurrency in opts.concurrency:
            before = batch_sentences_total(url) if ours else None
            level = wrk.run_level(url + path, body, concurrency, opts.level_seconds)
            if before is not None:
                sentences, calls = batch_sentences_total(url)
                level["sentences_per_call"] = (sentences - before[0]) / max(1.0, calls - before[1])
            # wrk leaves up to `concurrency` requests in flight; this one queues behind them, so the
            # next level starts on a server that has (nearly) caught up.
            client.post(path, json=body).raise_for_status()
            levels.append(level)
            bar.update(1)
    return levels


def export_ours(opts: Options) -> Path:
    """A models folder holding only part 2's model, exported as `python -m translator export` does."""
    models = opts.work / "service-models"
    export_model(work_dir(opts, "ours"), models / "en-es")
    return models


def run(opts: Options, results: Results) -> None:
    models = export_ours(opts)
    tokenizer = load_checkpoint(models / "en-es" / "model.pt").tokenizer
    body = {**single_body(TEXT, "en", "es"), "beam_size": opts.beam_size}
    configs = {"ours-batching": {}, "ours-no-batching": BATCHING_OFF}
    systems: dict[str, dict[str, Any]] = {}
    with tqdm(total=len(opts.concurrency) * 3, desc="part 3: service", unit="level") as bar:
        for name, settings in configs.items():
            bar.set_postfix(system=name)
            log_path = opts.work / f"{name}.log"
            with api_server(models, {"MT_PRECISION": "fp32", **settings}, opts.threads, log_path) as url:
                reply = httpx.post(f"{url}/v1/translate", json=body, timeout=60).raise_for_status().json()
                levels = load_levels(opts, url, body, "/v1/translate", bar)
            systems[name] = {
                "settings": settings,
                "answer": reply["results"][0]["translation"],
                "levels": levels,
            }
        bar.set_postfix(system="onmt_server")
        try:
            systems["onmt_server"] = load_onmt(opts, bar)
        except common.PeerError as exc:
            log.error("part 3: onmt_server failed: %s", exc)
            systems["onmt_server"] = {"error": str(exc)}
    for figures in systems.values():
        if "answer" in figures:
            # Briefly trained models: the answer's length sets the work per request.
            figures["answer_tokens"] = target_tokens(tokenizer, [figures["answer"]])
    results.save_part("service", {"text": TEXT, "beam_size": opts.beam_size, "systems": systems}, opts)


def load_onmt(opts: Options, bar: tqdm) -> dict[str, Any]:
    server = onmt.start_server(
        work_dir(opts, "onmt"),
        port=free_port(),
        beam_size=opts.beam_size,
        alpha=opts.alpha,
        batch_sentences=opts.batch_sentences,
        threads=opts.threads,
    )
    try:
        answer = onmt.client_translate(server.url, TEXT, server.model_id)  # raises on an error answer
        body = [{"src": TEXT, "id": server.model_id}]
        levels = load_levels(opts, server.url, body, "/translate", bar, ours=False)
        return {"answer": answer["tgt"], "levels": levels}
    finally:
        onmt.stop_server(server)
