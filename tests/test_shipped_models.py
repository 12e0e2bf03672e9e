"""The default models in models/ (what `make run` serves): general-domain, compact, and they carry the
placeholders, numbers, URLs and addresses of held-out interface and documentation strings over."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from translator.checkpoint import load_checkpoint
from translator.facade import Translator
from translator.protect import KINDS, preservation

ROOT = Path(__file__).resolve().parents[1]
DIRECTIONS = ["en-es", "es-en"]
MAX_BYTES = 40 * 2**20
# Held-out pairs (test-ui, test-docs) whose two sides carry the same spans; a "# " line heads the file.
SPANS = Path(__file__).parent / "fixtures" / "held-out-spans.tsv"
MIN_KEPT = 0.9  # of all spans, per direction


def held_out_pairs() -> list[tuple[str, str]]:
    lines = SPANS.read_text(encoding="utf-8").splitlines()
    return [(en, es) for en, es, _origin in (line.split("\t") for line in lines if not line.startswith("# "))]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_shipped_model_is_the_compact_general_model(direction):
    path = ROOT / "models" / direction / "model.pt"
    assert path.stat().st_size < MAX_BYTES
    checkpoint = load_checkpoint(path)
    src, tgt = direction.split("-")
    assert (checkpoint.config.data.src_lang, checkpoint.config.data.tgt_lang) == (src, tgt)
    assert checkpoint.config.data.corpus == "general"
    floats = [t for t in checkpoint.model_state.values() if t.is_floating_point()]
    assert floats and all(t.dtype == torch.float16 for t in floats)
    assert (ROOT / "models" / direction / "README.md").is_file()


def test_held_out_fixture_has_every_kind_of_span():
    pairs = held_out_pairs()
    assert len(pairs) >= 250
    counts = preservation([en for en, _ in pairs], [es for _, es in pairs])
    assert set(counts.total) == set(KINDS)
    assert counts.rate() == 1.0  # the references carry every span over: the fixture's selection rule


@pytest.mark.slow
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_shipped_model_carries_spans_over(direction):
    pairs = held_out_pairs()
    sources = [en if direction == "en-es" else es for en, es in pairs]
    translator = Translator.load(ROOT / "models" / direction)
    translations = [r.text for r in translator.translate(sources)]  # the model's default decoding
    counts = preservation(sources, translations)
    per_kind = {kind: f"{counts.kept[kind]}/{counts.total[kind]}" for kind in counts.total}
    assert counts.rate() >= MIN_KEPT, per_kind


# Everyday words the corpus's sentences lack, each in a sentence the shipped model is asked to translate.
EVERYDAY = {
    "en-es": [("I lost my umbrella.", "umbrella"), ("The climate here is very mild.", "climate")],
    "es-en": [("Mi bicicleta es roja.", "bicicleta"), ("Me gusta la sopa de tomate.", "tomate")],
}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_shipped_model_has_a_lexicon_and_leaves_no_everyday_word_untranslated(direction):
    translator = Translator.load(ROOT / "models" / direction)
    assert translator.lexicon is not None and len(translator.lexicon) > 10_000
    sources = [source for source, _ in EVERYDAY[direction]]
    for (source, word), result in zip(EVERYDAY[direction], translator.translate(sources), strict=True):
        assert word.lower() not in result.text.lower(), (source, result.text)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_shipped_model_offers_the_bible_domain_and_nothing_synthetic(direction):
    """Bible verses trained with a `<bible>` tag: the `domain: bible` option of the service."""
    assert Translator.load(ROOT / "models" / direction, lexicon=False).domains == {"bible": "<bible>"}


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_shipped_model_card_names_every_packages_licence(direction):
    card = (ROOT / "models" / direction / "README.md").read_text(encoding="utf-8")
    assert "| licence" in card or "licence |" in card
    assert "unknown (no" not in card
