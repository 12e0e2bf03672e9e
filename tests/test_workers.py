import threading

import pytest
import torch

from translator.config import replace
from translator.facade import Translator
from translator.workers import BatchPool, threads_per_worker


@pytest.mark.parametrize(("workers", "threads", "each"), [(2, 2, 1), (2, 8, 4), (3, 8, 2), (4, 2, 1)])
def test_threads_per_worker(workers, threads, each):
    assert threads_per_worker(workers, threads) == each


def test_map_keeps_input_order_and_runs_on_workers_with_their_thread_count():
    pool = BatchPool(2, threads=4)
    seen = []

    def work(item: int) -> tuple[int, str, int]:
        seen.append(threading.current_thread().name)
        return item * 10, threading.current_thread().name, torch.get_num_threads()

    try:
        results = pool.map(work, [3, 1, 2, 5], cost=float)
    finally:
        pool.close()
    assert [r[0] for r in results] == [30, 10, 20, 50]
    assert all(name.startswith("decode") for _, name, _ in results)
    assert {threads for *_, threads in results} == {2}
    assert threading.current_thread().name not in seen


def test_costliest_items_start_first():
    pool = BatchPool(2, threads=2)
    started, lock, release = [], threading.Lock(), threading.Event()

    def work(item: int) -> int:
        with lock:
            started.append(item)
        release.wait(timeout=10)
        return item

    try:
        release_later = threading.Timer(0.2, release.set)
        release_later.start()
        assert pool.map(work, [1, 9, 4, 7], cost=float) == [1, 9, 4, 7]
    finally:
        pool.close()
    assert set(started[:2]) == {9, 7}  # then 4 and 1, in whichever order the two threads log them


def test_an_exception_in_a_worker_reaches_the_caller():
    pool = BatchPool(2, threads=2)

    def work(item: int) -> int:
        if item == 2:
            raise RuntimeError("batch 2 failed")
        return item

    try:
        with pytest.raises(RuntimeError, match="batch 2 failed"):
            pool.map(work, [1, 2, 3], cost=float)
    finally:
        pool.close()


def test_a_pool_needs_two_workers():
    with pytest.raises(ValueError, match="at least 2"):
        BatchPool(1)


def test_translator_with_workers_translates_like_one(model_dir):
    texts = [
        "the lord and god",
        "ka lo",
        "in the beginning god said",
        "god",
        "",
        "the earth of the lord said",
    ]
    one = Translator.load(model_dir, device="cpu")
    two = Translator.load(model_dir, device="cpu", workers=2)
    assert one.pool is None and two.pool is not None and two.pool.workers == 2
    for t in (one, two):  # several length batches, so that the workers share them
        t.config = replace(t.config, "decoding", batch_tokens=10)
    for decode in ("greedy", "beam"):
        want, got = one.translate(texts, decode=decode), two.translate(texts, decode=decode)
        assert [g.text for g in got] == [w.text for w in want]
        assert [g.score for g in got] == pytest.approx([w.score for w in want], rel=1e-4)
    assert got[4].text == ""


def test_translator_refuses_zero_workers(model_dir):
    with pytest.raises(ValueError, match="workers must be at least 1"):
        Translator.load(model_dir, device="cpu", workers=0)


def test_warm_up_runs_on_the_calling_thread_and_on_a_worker(model_dir, monkeypatch):
    """Compiled code is made per intra-op thread count, and the workers have their own."""
    seen = []
    translate = Translator.translate

    def recording(translator, texts, **options):
        seen.append((threading.current_thread().name.split("_")[0], len(texts), torch.get_num_threads()))
        return translate(translator, texts, **options)

    monkeypatch.setattr(Translator, "translate", recording)
    translator = Translator.load(model_dir, device="cpu", workers=2)
    assert seen == []  # no compile, no warm-up
    translator.warm_up()
    each = translator.pool.threads
    main = torch.get_num_threads()
    assert seen == [
        ("MainThread", 1, main),
        ("MainThread", 2, main),
        ("decode", 1, each),
        ("decode", 2, each),
    ]
