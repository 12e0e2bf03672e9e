"""The translation memory (translator/memory.py): what decoding does with it, and the files it reads."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace

import faiss
import numpy as np
import pytest
import torch

from tests.domains import tagged_copy
from translator.facade import Translator
from translator.memory import (
    MEMORY_INDEX,
    MEMORY_SETTINGS,
    MemorySettings,
    TranslationMemory,
    TranslationMemoryError,
    weights_fingerprint,
)
from translator.search import beam_search, greedy
from translator.tokenizer import BOS_ID, EOS_ID

SOURCE = "kalo mine suta ripo"
TARGET = "dijo tierra que la"


def _teacher_forced(model, src_ids: list[int], tgt_ids: list[int]) -> np.ndarray:
    """The decoder's features at each target position, reading the target (as training.memory does)."""
    with torch.inference_mode():
        state = model.encode(torch.tensor([src_ids]), torch.tensor([len(src_ids)]))
        features, _, _ = model.decoder.features(torch.tensor([[BOS_ID, *tgt_ids]]), state)
    return features[0].float().numpy()


def _memory(model, pairs: list[tuple[list[int], list[int]]], **settings) -> TranslationMemory:
    keys = np.concatenate([_teacher_forced(model, s, t) for s, t in pairs])
    words = np.concatenate([np.array([*t, EOS_ID]) for _, t in pairs]).astype(np.int64)
    index = faiss.IndexIVFFlat(faiss.IndexFlatL2(keys.shape[1]), keys.shape[1], 1)
    index.train(keys)
    index.add_with_ids(keys, words)
    base = MemorySettings(
        neighbours=1,
        temperature=1e-3,
        weight=1.0,
        probes=1,
        entries=len(words),
        feature_size=model.cfg.emb_dim,
        vocab_size=model.cfg.tgt_vocab_size,
    )
    return TranslationMemory(index, replace(base, **settings))


@pytest.fixture
def pair(tokenizer) -> tuple[list[int], list[int]]:
    return tokenizer.encode_src([SOURCE])[0], tokenizer.encode_tgt([TARGET])[0]


def _greedy_ids(model, src_ids: list[int]) -> list[int]:
    [[hyp]] = greedy(model, torch.tensor([src_ids]), torch.tensor([len(src_ids)]), max_len_b=12)
    return hyp.tokens


def test_a_memory_at_full_weight_gives_back_the_translation_it_holds(make_model, pair):
    model = make_model(seed=3)
    own = _greedy_ids(model, pair[0])
    other = ([5, 6, 7, EOS_ID], [9, 10, 11, 12])
    model.translation_memory = _memory(model, [pair, other])
    assert _greedy_ids(model, pair[0]) == pair[1]
    assert own != pair[1]  # the random model does not write it by itself


def test_beam_search_consults_the_memory_too(make_model, pair):
    model = make_model(seed=3)
    # At full weight every word but the memory's has the same tiny probability, and EOS would end
    # k hypotheses within k steps; the model's share keeps the others apart.
    model.translation_memory = _memory(model, [pair], weight=0.9)
    src = torch.tensor([pair[0]])
    [hyps] = beam_search(model, src, torch.tensor([len(pair[0])]), beam_size=3, n_best=1, max_len_b=12)
    assert hyps[0].tokens == pair[1]


def test_weight_zero_decodes_as_without_a_memory(make_model, pair):
    model = make_model(seed=3)
    own = _greedy_ids(model, pair[0])
    model.translation_memory = _memory(model, [pair], weight=0.0)
    assert _greedy_ids(model, pair[0]) == own


class _FakeIndex:
    """A faiss-like index: row 0 finds nothing (ids -1), row 1 finds word 4 twice."""

    d = 2
    nprobe = 1

    def search(self, queries, k):
        ids = np.array([[-1, -1], [4, 4]], dtype=np.int64)[: len(queries), :k]
        return np.zeros(ids.shape, dtype=np.float32), ids


def test_mix_keeps_the_model_where_the_memory_finds_nothing():
    settings = MemorySettings(neighbours=2, weight=0.5, feature_size=2, vocab_size=6)
    memory = TranslationMemory(_FakeIndex(), settings)
    log_probs = torch.log_softmax(torch.tensor([[0.1, 0.5, 2.0, 0.0, 1.0, 0.3]] * 2), dim=-1)
    mixed = memory.mix(log_probs, torch.zeros(2, 2)).exp()
    assert torch.allclose(mixed[0], log_probs[0].exp(), atol=1e-6)
    expected = 0.5 * log_probs[1].exp() + 0.5 * torch.nn.functional.one_hot(torch.tensor(4), 6)
    assert torch.allclose(mixed[1], expected, atol=1e-6)
    assert torch.allclose(mixed.sum(-1), torch.ones(2), atol=1e-5)


class _RecordingIndex:
    """A faiss-like index that finds word 1 for every query, and keeps the queries it was asked."""

    d = 2
    nprobe = 1

    def __init__(self):
        self.asked: list[np.ndarray] = []

    def search(self, queries, k):
        self.asked.append(queries.copy())
        return np.zeros((len(queries), k), dtype=np.float32), np.ones((len(queries), k), dtype=np.int64)


def test_rows_the_model_is_sure_of_skip_the_lookup():
    index = _RecordingIndex()
    memory = TranslationMemory(index, MemorySettings(neighbours=2, weight=0.3, feature_size=2, vocab_size=4))
    assert memory.settings.sure() == pytest.approx(1 / 1.4)
    probs = torch.tensor([[0.72, 0.1, 0.1, 0.08], [0.55, 0.35, 0.05, 0.05], [0.4, 0.3, 0.2, 0.1]])
    features = torch.tensor([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0]])
    mixed = memory.mix(probs.log(), features).exp()
    [asked] = index.asked
    assert asked.tolist() == [[1.0, 1.0], [2.0, 2.0]]  # row 0 is sure: 0.7 * 0.72 > 0.7 * 0.28 + 0.3
    assert torch.allclose(mixed[0], probs[0])
    expected = 0.7 * probs[1:] + 0.3 * torch.nn.functional.one_hot(torch.tensor([1, 1]), 4)
    assert torch.allclose(mixed[1:], expected, atol=1e-6)
    assert mixed[1].argmax() == 1  # under the bound the memory can, and here does, change the word
    # The bound is tight: just under it, the memory's word can still win.
    p = memory.settings.sure() - 0.005
    close = memory.mix(torch.tensor([[p, 1 - p, 0.0, 0.0]]).clamp_min(1e-9).log(), features[:1]).exp()
    assert close[0].argmax() == 1


class _RandomMemory(TranslationMemory):
    """A memory whose distribution for features (i, i) is row i of a random table, its mass on a few
    words."""

    def distribution(self, features, vocab_size):
        weights = torch.rand(400, vocab_size, generator=torch.Generator().manual_seed(1)) ** 8
        return (weights / weights.sum(dim=-1, keepdim=True))[features[:, 0].long()]


@pytest.mark.parametrize("weight", [0.1, 0.3, 0.45, 0.6])
def test_skipping_never_changes_the_most_likely_word(weight):
    settings = MemorySettings(neighbours=2, weight=weight, feature_size=2, vocab_size=50)
    memory = _RandomMemory(_RecordingIndex(), settings)
    generator = torch.Generator().manual_seed(0)
    log_probs = torch.log_softmax(torch.randn(400, 50, generator=generator) * 4, dim=-1)
    features = torch.arange(400.0).unsqueeze(1).expand(400, 2)
    mixed = memory.mix(log_probs, features)
    full = ((1 - weight) * log_probs.exp() + weight * memory.distribution(features, 50)).log()
    assert torch.equal(mixed.argmax(dim=-1), full.argmax(dim=-1))
    skipped = log_probs.exp().max(dim=-1).values >= memory.settings.sure()
    assert (0 < skipped.sum() < 400) == (weight < 0.5)  # some rows skipped, never at 0.5 or more


def test_write_and_read_keep_the_index_and_settings(tmp_path, make_model, pair):
    model = make_model(seed=3)
    memory = _memory(model, [pair], kinds={"gettext": 1}, corpus="data/prepared/x")
    memory.write(tmp_path)
    again = TranslationMemory.read(tmp_path)
    assert again is not None
    assert again.settings == memory.settings
    assert again.index.ntotal == memory.index.ntotal
    assert TranslationMemory.read(tmp_path / "nothing-here") is None


def test_translator_load_attaches_the_memory_beside_the_model(
    tmp_path, model_dir, make_model, pair, tokenizer
):
    shutil.copy(model_dir / "model.pt", tmp_path / "model.pt")
    without = Translator.load(tmp_path, device="cpu")
    assert without.model.translation_memory is None
    model = without.model
    _memory(model, [pair]).write(tmp_path)
    loaded = Translator.load(tmp_path, device="cpu")
    assert loaded.model.translation_memory is not None
    [own] = without.translate([SOURCE], decode="greedy", lexicon=False)
    [found] = loaded.translate([SOURCE], decode="greedy", lexicon=False)
    assert found.text == tokenizer.decode_tgt([pair[1]])[0]
    assert own.text != found.text
    off = Translator.load(tmp_path, device="cpu", memory=False)
    assert off.model.translation_memory is None


def _write_settings(directory, **changes) -> None:
    raw = json.loads(MemorySettings(entries=1, feature_size=16, vocab_size=200).to_json())
    raw.update(changes)
    (directory / MEMORY_SETTINGS).write_text(json.dumps(raw), encoding="utf-8")


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"weight": 2.0}, "weight must be between 0 and 1"),
        ({"temperature": 0}, "temperature must be above 0"),
        ({"neighbours": 0}, "neighbours and probes must be at least 1"),
        ({"colour": "blue"}, "unknown settings colour"),
        ({"format_version": 99}, "format_version 2"),
    ],
)
def test_bad_settings_are_refused_with_what_is_wrong(tmp_path, changes, message):
    (tmp_path / MEMORY_INDEX).write_bytes(b"")
    _write_settings(tmp_path, **changes)
    with pytest.raises(TranslationMemoryError, match=message):
        TranslationMemory.read(tmp_path)


def test_a_memory_missing_a_file_or_not_an_index_is_refused(tmp_path):
    _write_settings(tmp_path)
    with pytest.raises(TranslationMemoryError, match="memory.npz: missing"):
        TranslationMemory.read(tmp_path)
    (tmp_path / MEMORY_INDEX).write_bytes(b"not an index")
    with pytest.raises(TranslationMemoryError, match="not a translation memory's index"):
        TranslationMemory.read(tmp_path)
    np.savez(
        tmp_path / MEMORY_INDEX, shell=np.frombuffer(b"no faiss", np.uint8), sizes=[], codes=[], words=[]
    )
    with pytest.raises(TranslationMemoryError, match="not a faiss index"):
        TranslationMemory.read(tmp_path)
    (tmp_path / MEMORY_SETTINGS).write_text("{", encoding="utf-8")
    with pytest.raises(TranslationMemoryError, match="not JSON"):
        TranslationMemory.read(tmp_path)


def test_a_memory_for_another_model_is_refused(tmp_path, model_dir, make_model, pair):
    shutil.copy(model_dir / "model.pt", tmp_path / "model.pt")
    other = make_model(seed=3, emb_dim=8)
    memory = _memory(other, [(pair[0], pair[1])])
    memory.write(tmp_path)
    with pytest.raises(TranslationMemoryError, match="built for features of 8"):
        Translator.load(tmp_path, device="cpu")
    with pytest.raises(TranslationMemoryError, match="no translation memory there"):
        Translator.load(model_dir, device="cpu", memory=tmp_path / "empty")


def test_the_compact_file_keeps_every_entry_and_answers_as_the_index_did(tmp_path):
    """memory.npz holds the codes and 16-bit words apart from faiss's own file (whose ids take 8 bytes
    each): a rotated, 4-bit product-quantised index comes back with the same answers, and smaller."""
    rng = np.random.default_rng(0)
    keys = rng.normal(size=(4000, 16)).astype(np.float32)
    words = rng.integers(4, 200, size=4000)
    index = faiss.index_factory(16, "OPQ4,IVF8,PQ4x4")
    index.train(keys)
    index.add_with_ids(keys, words)
    settings = MemorySettings(neighbours=4, probes=8, entries=4000, feature_size=16, vocab_size=200)
    TranslationMemory(index, settings).write(tmp_path)
    again = TranslationMemory.read(tmp_path)
    assert again is not None and again.index.ntotal == 4000
    faiss.extract_index_ivf(index).nprobe = 8
    expected, found = index.search(keys[:100], 4), again.index.search(keys[:100], 4)
    assert np.array_equal(expected[1], found[1]) and np.allclose(expected[0], found[0])
    faiss.write_index(index, str(tmp_path / "faiss-own"))
    assert (tmp_path / MEMORY_INDEX).stat().st_size < 0.7 * (tmp_path / "faiss-own").stat().st_size


def test_an_index_file_cut_short_is_refused(tmp_path, make_model, pair):
    model = make_model(seed=3)
    _memory(model, [pair]).write(tmp_path)
    with np.load(tmp_path / MEMORY_INDEX) as saved:
        arrays = dict(saved)
    np.savez(tmp_path / MEMORY_INDEX, **{**arrays, "words": arrays["words"][:-1]})
    with pytest.raises(TranslationMemoryError, match="do not fit an index"):
        TranslationMemory.read(tmp_path)


def test_an_index_whose_size_disagrees_with_its_settings_is_refused(tmp_path, make_model, pair):
    model = make_model(seed=3)
    memory = _memory(model, [pair])
    memory.write(tmp_path)
    _write_settings(tmp_path, entries=999, feature_size=model.cfg.emb_dim)
    with pytest.raises(TranslationMemoryError, match="entries, its settings say 999"):
        TranslationMemory.read(tmp_path)


def test_text_of_a_domain_decodes_without_the_memory(tmp_path, model_dir, tokenizer, pair):
    """The memory holds general text: a request for a domain (the Bible) gets the model alone, even when
    it shares a call with general text."""
    directory = tagged_copy(model_dir, tmp_path / "tagged")
    alone = Translator.load(directory, device="cpu", memory=False)
    _memory(alone.model, [pair]).write(directory)
    with_memory = Translator.load(directory, device="cpu")
    both = with_memory.translate([SOURCE, SOURCE], decode="greedy", lexicon=False, domain=[None, "bible"])
    [tagged_alone] = alone.translate([SOURCE], decode="greedy", lexicon=False, domain="bible")
    assert both[0].text == tokenizer.decode_tgt([pair[1]])[0]
    assert both[1].text == tagged_alone.text != both[0].text
    beams = with_memory.translate([SOURCE, SOURCE], decode="beam", lexicon=False, domain=["bible", None])
    [beam_alone] = alone.translate([SOURCE], decode="beam", lexicon=False, domain="bible")
    assert beams[0].text == beam_alone.text


def test_a_memory_read_with_other_weights_is_refused(tmp_path, model_dir, make_model, pair):
    shutil.copy(model_dir / "model.pt", tmp_path / "model.pt")
    model = Translator.load(tmp_path, device="cpu", memory=False).model
    state = torch.load(tmp_path / "model.pt", weights_only=True)["model"]
    _memory(model, [pair], model_weights=weights_fingerprint(state)).write(tmp_path)
    assert Translator.load(tmp_path, device="cpu").model.translation_memory is not None
    _memory(model, [pair], model_weights="0123456789abcdef").write(tmp_path)
    with pytest.raises(TranslationMemoryError, match="read with other weights .fingerprint 0123456789abcdef"):
        Translator.load(tmp_path, device="cpu")
