"""Shared fixtures: the small sentencepiece model, small random models, padded batches, a model directory,
and the Bible as data.sword, data.align and data.extra read it from the Debian packages.

Layout: tests/<package>/test_<module>.py, where <package> is the project package a test is about
(translator, api, training, data, bench) and <module> the module under test, named by its path below
the package with dots as underscores (data.sources.qt: tests/data/test_sources_qt.py; a package's
__main__: test_main.py); the service's tests are named by endpoint or concern (tests/api/test_reload.py).
A second file on one module takes a descriptive suffix (tests/translator/test_checkpoint_reliability.py).
Only tests of the project as a whole stay directly in tests/: the documentation's links (test_docs.py),
the containers (test_containers*.py) and the run through several packages (test_end_to_end.py).
Fixture files live in tests/fixtures/. Every test folder is a package (__init__.py; test modules are
tests.<package>.test_<module>, so equal file names in two folders do not collide), and shared helpers
are imported by that name: tests.processes, tests.checkpoint_payloads, tests.api.serving,
tests.api.tiny_models. Never put tests/ itself on sys.path: tests/data would shadow the data package."""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from pathlib import Path

import pytest
import sentencepiece as spm
import torch

from data.align import Alignment, align_verses
from data.extra import TRANSLATIONS, Extra, read_extra
from data.sword import INSTALL_COMMAND, MODULES, SWORD_DIR, Verse, read_verses
from translator import facade
from translator.checkpoint import save_checkpoint
from translator.config import Config, ModelConfig, replace
from translator.model import EncoderDecoder
from translator.tokenizer import PAD_ID, Tokenizer

FIXTURES = Path(__file__).parent / "fixtures"
SPM_FIXTURE = FIXTURES / "spm-200.model"


def _train_spm(path: Path) -> None:
    """A 200-piece unigram model on generated lines, with the project's special ids."""
    rng = random.Random(0)
    syllables = "ka lo mi ne su ta ri po el an de la que y en the and of to in god lord dijo tierra".split()
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 3))) for _ in range(300)]
    lines = [" ".join(rng.choice(words) for _ in range(rng.randint(3, 12))) for _ in range(400)]
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=proto,
        vocab_size=200,
        model_type="unigram",
        pad_id=0,
        unk_id=1,
        bos_id=2,
        eos_id=3,
        character_coverage=1.0,
        minloglevel=2,
    )
    path.write_bytes(proto.getvalue())


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).parents[1]


@pytest.fixture(scope="session")
def spm_model(tmp_path_factory) -> Path:
    """tests/fixtures/spm-200.model; trained into a temporary directory when the fixture is absent."""
    if SPM_FIXTURE.is_file():
        return SPM_FIXTURE
    path = tmp_path_factory.mktemp("spm") / "spm-200.model"
    _train_spm(path)
    return path


@pytest.fixture(scope="session")
def tokenizer(spm_model) -> Tokenizer:
    return Tokenizer.from_files(spm_model, spm_model)


@pytest.fixture(scope="session")
def small_model_config(tokenizer) -> Callable[..., ModelConfig]:
    """ModelConfig of a small model over the fixture vocabulary; keyword arguments override keys."""

    def make(**changes) -> ModelConfig:
        base = ModelConfig(
            emb_dim=16,
            hidden_size=24,
            encoder_layers=2,
            decoder_layers=2,
            attention_size=12,
            dropout=0.0,
            src_vocab_size=tokenizer.src_vocab_size,
            tgt_vocab_size=tokenizer.tgt_vocab_size,
        )
        return replace(Config(model=base), "model", **changes).model

    return make


@pytest.fixture(scope="session")
def make_model(small_model_config) -> Callable[..., EncoderDecoder]:
    """A seeded random EncoderDecoder in eval mode, weights times `scale`; keyword arguments override
    ModelConfig keys."""

    def make(seed: int = 0, scale: float = 1.0, **changes) -> EncoderDecoder:
        torch.manual_seed(seed)
        model = EncoderDecoder(small_model_config(**changes)).eval()
        # Freshly initialised output distributions are nearly uniform; scaling every weight makes
        # them peaked enough that EOS sometimes wins before the length limit.
        with torch.no_grad():
            for p in model.parameters():
                p.mul_(scale)
        return model

    return make


@pytest.fixture(scope="session")
def pad_batch() -> Callable[[list[list[int]]], tuple[torch.Tensor, torch.Tensor]]:
    """Id lists -> (batch, longest) tensor padded with PAD_ID, and the lengths."""

    def pad(seqs: list[list[int]]) -> tuple[torch.Tensor, torch.Tensor]:
        lengths = torch.tensor([len(s) for s in seqs])
        batch = torch.full((len(seqs), int(lengths.max())), PAD_ID, dtype=torch.long)
        for row, s in enumerate(seqs):
            batch[row, : len(s)] = torch.tensor(s)
        return batch, lengths

    return pad


@pytest.fixture(scope="session")
def random_sources() -> list[list[int]]:
    """Source id lists of different lengths, each ending in EOS (ids 4..199 are ordinary pieces)."""
    gen = torch.Generator().manual_seed(7)
    return [torch.randint(4, 200, (n,), generator=gen).tolist() + [3] for n in (6, 2, 9, 4)]


def _model_dir(tmp_path_factory, make_model, tokenizer, **decoding) -> Path:
    model = make_model(seed=3)
    config = replace(Config(model=model.cfg), "decoding", max_len_b=6, **decoding)
    path = tmp_path_factory.mktemp("model") / "model.pt"
    save_checkpoint(
        path,
        model_state=model.state_dict(),
        config=config,
        tokenizer=tokenizer,
        step=7,
        metrics={"bleu": 1.5},
    )
    return path.parent


@pytest.fixture(scope="session")
def model_dir(tmp_path_factory, make_model, tokenizer) -> Path:
    """A model directory (model.pt) holding a small random model and the fixture tokenizer."""
    return _model_dir(tmp_path_factory, make_model, tokenizer, beam_size=4)


@pytest.fixture(scope="session")
def configured_model_dir(tmp_path_factory, make_model, tokenizer) -> Path:
    """model_dir's model with decoding settings other than the defaults (beam 3, alpha 0.5), which a
    command line that leaves them out must decode with."""
    return _model_dir(tmp_path_factory, make_model, tokenizer, beam_size=3, alpha=0.5)


@pytest.fixture
def searches(monkeypatch) -> list[dict]:
    """Every search that a Translator runs in this test, as {"search": "beam" or "greedy", **its keyword
    arguments}: the settings a command line or request was resolved to."""
    calls: list[dict] = []

    def recording(name: str, search: Callable) -> Callable:
        def run(model, src, src_lengths, **settings):
            calls.append({"search": name, **settings})
            return search(model, src, src_lengths, **settings)

        return run

    monkeypatch.setattr(facade, "beam_search", recording("beam", facade.beam_search))
    monkeypatch.setattr(facade, "greedy", recording("greedy", facade.greedy))
    return calls


def _skip_unless_installed(*modules: str) -> None:
    missing = [m for m in modules if not (SWORD_DIR / "mods.d" / f"{m}.conf").is_file()]
    if missing:
        pytest.skip(f"SWORD Bible modules {missing} missing: {INSTALL_COMMAND}")


@pytest.fixture(scope="session")
def bible_verses() -> dict[str, list[Verse]]:
    """Every verse of the KJV ("en") and the Reina-Valera 1909 ("es"); read once, a few seconds."""
    _skip_unless_installed(*MODULES.values())
    return {lang: read_verses(module) for lang, module in MODULES.items()}


@pytest.fixture(scope="session")
def bible_alignment(bible_verses) -> Alignment:
    """The English-Spanish verse pairs, as data.align.read_bible gives them."""
    return align_verses(bible_verses["en"], bible_verses["es"])


@pytest.fixture(scope="session")
def web_extra(bible_alignment) -> Extra:
    """The World English Bible paired with the Reina-Valera, as data.extra.read_extra gives it."""
    _skip_unless_installed(TRANSLATIONS["web"])
    return read_extra("web", bible_alignment)


BIBLE_FIXTURES = {"bible_verses", "bible_alignment", "web_extra"}


@pytest.hookimpl(tryfirst=True)  # before `-m "not slow"` deselects
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A test on the installed Bibles is slow: the fixtures above read whole Bible modules, which would
    otherwise be a third of `make test-fast`."""
    for item in items:
        if BIBLE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
