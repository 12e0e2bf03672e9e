"""Dynamic batching: coalescing, grouping by decode options, the token budget, the bounded queue."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
import torch

from api.app import create_app
from api.batching import BatchingWorker, DecodeOptions, QueueFull
from api.metrics import Metrics
from tests.api.serving import serve
from tests.api.test_lexicon import Marking
from tests.domains import tagged_copy
from translator.facade import Translator

SENTENCES = [
    "the lord",
    "ka lo mi ne su ta",
    "dijo",
    "god and the tierra of the lord",
    "el an de la",
    "que y en",
]


class Recorder:
    """A Translator that records the texts and options of every model call."""

    def __init__(self, translator: Translator) -> None:
        self.translator = translator
        self.tokenizer = translator.tokenizer
        self.check_domain = translator.check_domain
        self.config = translator.config
        self.calls: list[tuple[list[str], dict]] = []
        self.lexicons: list[list[bool]] = []  # each call's per-text lexicon choices
        self.threads: set[str] = set()

    def translate(self, texts: list[str], **options):
        decode_options = {k: v for k, v in options.items() if k in DecodeOptions.__dataclass_fields__}
        self.lexicons.append(list(decode_options.pop("lexicon")))
        decode_options.pop("domain")
        self.calls.append((list(texts), {**decode_options, "lexicon": True, "domain": None}))
        self.threads.add(threading.current_thread().name)
        return self.translator.translate(texts, **options)


@pytest.fixture(scope="module")
def translator(models_dir) -> Translator:
    return Translator.load(models_dir / "en-es", device="cpu")


def run_worker(coroutine_factory, **limits):
    """Run `coroutine_factory(worker)` against a started worker (a long wait so requests coalesce)."""
    settings = {"max_batch_tokens": 4096, "max_wait_ms": 200.0, "max_queue": 1000, **limits}
    worker = BatchingWorker(metrics=Metrics(), **settings)
    worker.start()
    try:
        return asyncio.run(coroutine_factory(worker))
    finally:
        worker.stop()


async def concurrently(worker, requests):
    """requests: (translator, sentences, options) triples, all submitted at once."""
    return await asyncio.gather(*(worker.translate(t, s, o) for t, s, o in requests))


def assert_same(batched, alone):
    assert batched.text == alone.text
    assert batched.score == pytest.approx(alone.score, abs=1e-5)
    assert [a.text for a in batched.n_best] == [a.text for a in alone.n_best]


@pytest.mark.parametrize(
    "options",
    [
        DecodeOptions(),
        DecodeOptions(decode="greedy"),
        DecodeOptions(beam_size=4, n_best=3, return_attention=True),
    ],
    ids=["beam", "greedy", "n-best+attention"],
)
def test_translation_is_the_same_batched_with_others_or_alone(translator, options):
    recorder = Recorder(translator)
    # A one-second window: on a loaded machine the six submissions can straddle a 200 ms one.
    requests = [(recorder, [s], options) for s in SENTENCES]
    batched = run_worker(lambda w: concurrently(w, requests), max_wait_ms=1000.0)
    assert len(recorder.calls) == 1, "six concurrent requests should share one model call"
    assert recorder.threads == {"inference-worker"}, "the model runs on the worker thread, not the event loop"
    for sentence, (translation,) in zip(SENTENCES, batched, strict=True):
        (alone,) = translator.translate([sentence], **vars(options))
        assert_same(translation, alone)
        if options.return_attention:
            assert translation.attention.source_tokens == alone.attention.source_tokens
            torch.testing.assert_close(
                torch.tensor(translation.attention.weights),
                torch.tensor(alone.attention.weights),
                atol=1e-5,
                rtol=0,
            )


def test_different_decode_options_never_share_a_call(translator):
    recorder = Recorder(translator)
    groups = [
        DecodeOptions(),
        DecodeOptions(decode="greedy"),
        DecodeOptions(beam_size=3),
        DecodeOptions(alpha=0.0),
        DecodeOptions(n_best=2),
        DecodeOptions(return_attention=True),
    ]
    requests = [(recorder, [s], groups[i % len(groups)]) for i, s in enumerate(SENTENCES * 2)]
    results = run_worker(lambda w: concurrently(w, requests))
    assert len(recorder.calls) == len(groups)
    for texts, options in recorder.calls:
        (group,) = {
            o for _, _, o in requests if vars(o.resolve(translator.config.decoding).canonical()) == options
        }
        assert sorted(texts) == sorted(s for _, (s,), o in requests if o == group)
    for (_, (sentence,), options), (translation,) in zip(requests, results, strict=True):
        assert_same(translation, translator.translate([sentence], **vars(options))[0])


def test_greedy_requests_with_different_beam_sizes_share_a_call(translator):
    recorder = Recorder(translator)
    requests = [
        (recorder, [s], DecodeOptions(decode="greedy", beam_size=b)) for b, s in enumerate(SENTENCES, start=1)
    ]
    run_worker(lambda w: concurrently(w, requests))
    assert len(recorder.calls) == 1


def test_requests_with_and_without_the_lexicon_share_a_call_and_get_their_own_output(models_dir):
    translator = Translator.load(models_dir / "en-es", device="cpu")
    translator.lexicon = Marking({"jail": "cárcel"})
    recorder = Recorder(translator)
    requests = [(recorder, [s], DecodeOptions(lexicon=i % 2 == 0)) for i, s in enumerate(SENTENCES)]
    results = run_worker(lambda w: concurrently(w, requests), max_wait_ms=1000.0)
    assert len(recorder.calls) == 1, "the lexicon runs after the search: no separate batch for it"
    (texts, _), (choices,) = recorder.calls[0], recorder.lexicons
    assert dict(zip(texts, choices, strict=True)) == {s: i % 2 == 0 for i, s in enumerate(SENTENCES)}
    for i, (sentence, (translation,)) in enumerate(zip(SENTENCES, results, strict=True)):
        (raw,) = translator.translate([sentence], lexicon=False)
        assert translation.text == (f"[{raw.text}]" if i % 2 == 0 else raw.text)


def test_requests_with_and_without_a_domain_share_a_call(models_dir, tmp_path):
    translator = Translator.load(tagged_copy(models_dir / "en-es", tmp_path / "tagged"), device="cpu")
    recorder = Recorder(translator)
    requests = [
        (recorder, [s], DecodeOptions(domain="bible" if i % 2 else None)) for i, s in enumerate(SENTENCES)
    ]
    results = run_worker(lambda w: concurrently(w, requests), max_wait_ms=1000.0)
    assert len(recorder.calls) == 1, "the domain tag goes before each sentence: no separate batch for it"
    for (_, (sentence,), options), (translation,) in zip(requests, results, strict=True):
        assert translation.text == translator.translate([sentence], domain=options.domain)[0].text


def test_batches_stay_within_the_token_budget(translator):
    recorder = Recorder(translator)
    budget = 24
    lengths = {
        s: len(ids) for s, ids in zip(SENTENCES, translator.tokenizer.encode_src(SENTENCES), strict=True)
    }
    run_worker(
        lambda w: concurrently(w, [(recorder, [s], DecodeOptions()) for s in SENTENCES]),
        max_batch_tokens=budget,
    )
    assert sorted(t for texts, _ in recorder.calls for t in texts) == sorted(SENTENCES)
    for texts, _ in recorder.calls:
        assert len(texts) == 1 or len(texts) * max(lengths[t] for t in texts) <= budget
    assert len(recorder.calls) > 1


def test_sentences_of_one_request_come_back_in_order(translator):
    (result,) = run_worker(lambda w: concurrently(w, [(translator, SENTENCES, DecodeOptions())]))
    expected = translator.translate(SENTENCES)
    assert [t.text for t in result] == [t.text for t in expected]


class Gate:
    """Holds every model call until opened; `entered` is set once the first call is waiting."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.opened = threading.Event()

    def wrap(self, translate):
        def held(translator, *args, **kwargs):
            self.entered.set()
            self.opened.wait(timeout=30)
            return translate(translator, *args, **kwargs)

        return held


def test_full_queue_raises_queue_full(translator, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(Translator, "translate", gate.wrap(Translator.translate))

    async def scenario(worker):
        running = asyncio.ensure_future(worker.translate(translator, ["the lord"], DecodeOptions()))
        await asyncio.to_thread(gate.entered.wait, 10)
        waiting = asyncio.ensure_future(worker.translate(translator, ["ka", "lo"], DecodeOptions()))
        await asyncio.sleep(0)
        with pytest.raises(QueueFull):
            await worker.translate(translator, ["mi"], DecodeOptions())
        gate.opened.set()
        return await running, await waiting

    running, waiting = run_worker(scenario, max_queue=2, max_wait_ms=0.0)
    assert len(running) == 1 and len(waiting) == 2


def test_sentences_that_queued_behind_a_batch_run_together(translator, monkeypatch):
    """Once a batch ends, its wait deadline is long past: the worker must still take every
    waiting sentence, not one per call."""
    gate = Gate()
    monkeypatch.setattr(Translator, "translate", gate.wrap(Translator.translate))
    recorder = Recorder(translator)

    async def scenario(worker):
        first = asyncio.ensure_future(worker.translate(recorder, ["the lord"], DecodeOptions()))
        await asyncio.to_thread(gate.entered.wait, 10)
        rest = [asyncio.ensure_future(worker.translate(recorder, [s], DecodeOptions())) for s in SENTENCES]
        await asyncio.sleep(0.05)
        gate.opened.set()
        await first
        await asyncio.gather(*rest)

    run_worker(scenario, max_wait_ms=1.0)
    assert [len(texts) for texts, _ in recorder.calls] == [1, len(SENTENCES)]


def test_full_queue_answers_503_with_retry_after(make_settings, monkeypatch):
    gate = Gate()
    monkeypatch.setattr(Translator, "translate", gate.wrap(Translator.translate))
    app = create_app(make_settings(max_queue=2, max_wait_ms=0.0))
    body = {"source": "en", "target": "es", "decode": "greedy"}
    with serve(app) as url, ThreadPoolExecutor(2) as pool:
        running = pool.submit(
            httpx.post, f"{url}/v1/translate", json={**body, "text": "the lord"}, timeout=30
        )
        assert gate.entered.wait(10)
        waiting = pool.submit(
            httpx.post, f"{url}/v1/translate", json={**body, "text": ["ka", "lo"]}, timeout=30
        )
        deadline = time.monotonic() + 10
        while app.state.services.worker.queued < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        rejected = httpx.post(f"{url}/v1/translate", json={**body, "text": "mi"}, timeout=30)
        gate.opened.set()
        assert rejected.status_code == 503
        assert rejected.headers["Retry-After"] == "1"
        assert "retry" in rejected.json()["error"]
        assert running.result().status_code == 200
        assert waiting.result().status_code == 200


def test_concurrent_http_requests_match_single_requests(live_server):
    async def post_all(client, texts):
        return await asyncio.gather(
            *(client.post("/v1/translate", json={"text": t, "source": "en", "target": "es"}) for t in texts)
        )

    async def scenario():
        async with httpx.AsyncClient(base_url=live_server, timeout=30) as client:
            together = await post_all(client, SENTENCES)
            alone = [(await post_all(client, [t]))[0] for t in SENTENCES]
        return together, alone

    together, alone = asyncio.run(scenario())
    for batched, single in zip(together, alone, strict=True):
        (b,), (a,) = batched.json()["results"], single.json()["results"]
        # Same text; the score may differ in the last float digits with the batch's padding.
        assert b["translation"] == a["translation"]
        assert b["score"] == pytest.approx(a["score"], abs=1e-5)


def test_worker_warms_up_on_its_thread_and_serves_when_warm_up_fails(translator, caplog):
    calls = []

    def broken_warm_up():
        calls.append(threading.current_thread().name)
        raise RuntimeError("no C++ compiler")

    async def one(worker):
        return await worker.translate(translator, ["the lord"], DecodeOptions(decode="greedy"))

    with caplog.at_level(logging.ERROR, logger="api.batching"):
        settings = {"max_batch_tokens": 4096, "max_wait_ms": 0.0, "max_queue": 10}
        worker = BatchingWorker(metrics=Metrics(), warm_up=broken_warm_up, **settings)
        worker.start()
        try:
            (result,) = asyncio.run(one(worker))
        finally:
            worker.stop()
    assert calls == ["inference-worker"]
    assert result.text == translator.translate(["the lord"], decode="greedy")[0].text
    assert "warm-up failed" in caplog.text
