"""python -m training.memory: a model's translation memory from its training pairs."""

from __future__ import annotations

import json
import random

import faiss
import numpy as np
import pytest

from training.memory import MIN_QUANTISED, build_index, main, read_pairs
from translator.checkpoint import load_checkpoint
from translator.facade import Translator
from translator.memory import MEMORY_SETTINGS, TranslationMemory, TranslationMemoryError, weights_fingerprint

WORDS = "ka lo mi ne su ta ri po el an de la que y en tierra dijo".split()


@pytest.fixture
def corpus(tmp_path):
    """A prepared corpus of 30 pairs: 20 gettext, 10 bible."""
    rng = random.Random(1)
    directory = tmp_path / "corpus"
    directory.mkdir()
    lines = {"origin": [], "en": [], "es": []}
    for i in range(30):
        kind = "bible" if i % 3 == 0 else "gettext"
        lines["origin"].append(f"{kind}:pkg:file{i}")
        lines["en"].append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))))
        lines["es"].append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 6))))
    for name, content in lines.items():
        (directory / f"train.{name}").write_text("\n".join(content) + "\n", encoding="utf-8")
    return directory


def _run(model_dir, corpus, out, *extra: str) -> int:
    args = ["--model", str(model_dir), "--data-dir", str(corpus), "--out", str(out), "--quiet"]
    return main([*args, "--precision", "fp32", "--keep-above", "0", *extra])


def test_builds_a_memory_of_every_word_of_the_kinds_read(model_dir, corpus, tmp_path, tokenizer):
    out = tmp_path / "memory"
    assert _run(model_dir, corpus, out, "--keep-below", "1", "--weight", "0.4") == 0
    settings = json.loads((out / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    assert settings["kinds"] == {"gettext": 20}  # the Bible is left out by default
    targets = [
        t
        for o, t in zip(
            (corpus / "train.origin").read_text().splitlines(),
            (corpus / "train.es").read_text().splitlines(),
            strict=True,
        )
        if o.startswith("gettext")
    ]
    words = sum(len(ids) + 1 for ids in tokenizer.encode_tgt(targets))  # each pair's EOS too
    assert settings["entries"] == words
    assert settings["built"]["words_read"] == words
    assert settings["weight"] == 0.4
    assert settings["model_weights"] == weights_fingerprint(
        load_checkpoint(model_dir / "model.pt").model_state
    )
    memory = TranslationMemory.read(out)
    assert memory is not None and memory.index.ntotal == words
    translator = Translator.load(model_dir, device="cpu", memory=out)
    assert translator.model.translation_memory is not None
    [result] = translator.translate(["ka lo mi"], decode="greedy")
    assert isinstance(result.text, str)


def test_exclude_and_pruning_choose_the_entries(model_dir, corpus, tmp_path):
    out = tmp_path / "memory"
    assert _run(model_dir, corpus, out, "--keep-below", "1", "--exclude", "") == 0
    every = json.loads((out / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    assert every["kinds"] == {"gettext": 20, "bible": 10}
    # The random model gives every word about 1/200: a threshold there keeps some words, not all.
    assert _run(model_dir, corpus, out, "--keep-below", "0.005", "--exclude", "") == 0
    pruned = json.loads((out / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    assert 0 < pruned["entries"] < every["entries"]
    assert pruned["built"]["words_read"] == every["built"]["words_read"]
    # ... and the words under --keep-above are the others.
    assert _run(model_dir, corpus, out, "--keep-below", "1", "--keep-above", "0.005", "--exclude", "") == 0
    above = json.loads((out / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    assert above["entries"] + pruned["entries"] == every["entries"]


def test_the_keys_file_is_read_back_instead_of_the_corpus(model_dir, corpus, tmp_path):
    keys = tmp_path / "keys.npz"
    assert _run(model_dir, corpus, tmp_path / "a", "--keep-below", "1", "--keys", str(keys)) == 0
    assert keys.is_file()
    (corpus / "train.es").write_text("", encoding="utf-8")  # the corpus is no longer read for keys
    (corpus / "train.en").write_text("", encoding="utf-8")
    (corpus / "train.origin").write_text("", encoding="utf-8")
    assert _run(model_dir, corpus, tmp_path / "b", "--keys", str(keys), "--lists", "2") == 0
    a = json.loads((tmp_path / "a" / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "b" / MEMORY_SETTINGS).read_text(encoding="utf-8"))
    assert a["entries"] == b["entries"]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--keep-below", "0"], "--keep-above and --keep-below must make"),
        (["--keep-above", "0.6"], "--keep-above and --keep-below must make"),
        (["--keep-below", "1e-30"], "no entries to index"),
        (["--weight", "1.5"], "weight must be between 0 and 1"),
        (["--code-bytes", "5"], "make 5 sub-vectors, which must divide the key size 16"),
        (["--code-bytes", "5", "--code-bits", "4"], "make 10 sub-vectors, which must divide the key size 16"),
        (["--code-bytes", "4", "--code-bits", "4", "--rotate"], None),
    ],
)
def test_bad_options_exit_with_a_message(model_dir, corpus, tmp_path, capsys, extra, message):
    if message is None:  # the same, right: the control
        assert _run(model_dir, corpus, tmp_path / "m", *extra) == 0
        return
    assert _run(model_dir, corpus, tmp_path / "m", *extra) != 0
    assert message in capsys.readouterr().err


def test_a_missing_corpus_exits_with_a_message(model_dir, tmp_path, capsys):
    assert _run(model_dir, tmp_path / "nowhere", tmp_path / "m") != 0
    assert "train.en: no such file" in capsys.readouterr().err


def test_pairs_are_read_without_the_excluded_kinds_up_to_the_limit(corpus):
    sources, targets, kinds = read_pairs(corpus, "en", "es", ("bible",))
    assert len(sources) == len(targets) == 20 and set(kinds) == {"gettext"}
    assert sources[0] == (corpus / "train.en").read_text().splitlines()[1]  # line 0 is a bible pair
    assert read_pairs(corpus, "en", "es", (), limit=4)[2] == ["bible", "gettext", "gettext", "bible"]


def test_a_corpus_whose_files_differ_in_length_exits_with_a_message(model_dir, corpus, tmp_path, capsys):
    (corpus / "train.origin").write_text("gettext:pkg:file\n", encoding="utf-8")
    assert _run(model_dir, corpus, tmp_path / "m") != 0
    assert "differ in length (30, 30, 1)" in capsys.readouterr().err
    assert not (tmp_path / "m").exists()


def test_large_memories_are_product_quantised():
    rng = np.random.default_rng(0)
    keys = rng.normal(size=(MIN_QUANTISED, 16)).astype(np.float16)
    words = rng.integers(4, 200, size=MIN_QUANTISED).astype(np.int32)
    index = build_index(keys, words, lists=8, code_bytes=4, progress=False)
    assert type(index).__name__ == "IndexIVFPQ"
    assert index.ntotal == MIN_QUANTISED and index.pq.code_size == 4
    index.nprobe = 8
    _, ids = index.search(keys[:50].astype(np.float32), 1)
    assert (ids[:, 0] == words[:50]).mean() > 0.5  # a key finds its own word, most of the time
    small = build_index(keys[:100], words[:100], lists=8, code_bytes=4, progress=False)
    assert type(small).__name__ == "IndexIVFFlat"
    rotated = build_index(keys, words, lists=8, code_bytes=4, code_bits=4, rotate=True, progress=False)
    assert type(rotated).__name__ == "IndexPreTransform"
    ivf = faiss.downcast_index(faiss.extract_index_ivf(rotated))
    assert ivf.pq.M == 8 and ivf.pq.nbits == 4 and ivf.pq.code_size == 4
    ivf.nprobe = 8
    _, ids = rotated.search(keys[:50].astype(np.float32), 1)
    assert (ids[:, 0] == words[:50]).mean() > 0.3


def test_memory_settings_errors_are_translator_errors():
    assert issubclass(TranslationMemoryError, ValueError)


def test_the_memory_beside_a_model_is_used_and_reported_unless_turned_off(
    model_dir, corpus, tmp_path, monkeypatch, capsys
):
    import io
    import shutil

    from training.evaluate import evaluate
    from translator.__main__ import main as translate_main

    directory = tmp_path / "model"
    directory.mkdir()
    shutil.copy(model_dir / "model.pt", directory / "model.pt")
    assert (
        _run(directory, corpus, directory, "--keep-below", "1", "--weight", "1", "--temperature", "0.001")
        == 0
    )
    source = (corpus / "train.en").read_text(encoding="utf-8").splitlines()[1]  # a gettext pair
    (tmp_path / "src.txt").write_text(source + "\n", encoding="utf-8")
    (tmp_path / "ref.txt").write_text("x\n", encoding="utf-8")
    files = dict(src=tmp_path / "src.txt", refs=[tmp_path / "ref.txt"], decode="greedy", progress=False)
    with_memory = evaluate(directory, output=tmp_path / "a.txt", **files)
    without = evaluate(directory, output=tmp_path / "b.txt", memory=False, **files)
    assert with_memory.memory is not None and with_memory.memory["weight"] == 1
    assert without.memory is None
    outputs = {}
    for flag in ([], ["--no-memory"]):
        monkeypatch.setattr("sys.stdin", io.StringIO(source + "\n"))
        assert translate_main(["translate", "--model", str(directory), "--decode", "greedy", *flag]) == 0
        outputs[bool(flag)] = capsys.readouterr().out
    assert outputs[False] == (tmp_path / "a.txt").read_text(encoding="utf-8")
    assert outputs[True] == (tmp_path / "b.txt").read_text(encoding="utf-8")
    assert outputs[False] != outputs[True]
