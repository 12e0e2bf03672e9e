"""The models being served: every model directory under the models folder, keyed by language pair.

Requests name a pair, never a directory: only keys loaded here reach a model, so no request text
is ever joined into a filesystem path.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from translator.checkpoint import CheckpointError
from translator.errors import TranslatorError
from translator.facade import Translator
from translator.lexicon import LexiconError
from translator.memory import TranslationMemoryError
from translator.typed import SpellingsError

log = logging.getLogger(__name__)

MODEL_FILE = "model.pt"

Pair = tuple[str, str]


class UnknownPair(TranslatorError, LookupError):
    """No loaded model translates `source` into `target`."""

    def __init__(self, source: str, target: str, available: list[Pair]) -> None:
        self.source = source
        self.target = target
        self.available = available
        pairs = ", ".join(f"{s}-{t}" for s, t in available) or "none"
        super().__init__(f"no model translates {source!r} into {target!r}; available pairs: {pairs}")


@dataclass(frozen=True)
class LoadedModel:
    name: str  # the model directory's name, e.g. "en-es"
    translator: Translator

    @property
    def pair(self) -> Pair:
        return self.translator.src_lang, self.translator.tgt_lang


class ModelRegistry:
    def __init__(self, models: list[LoadedModel], failures: dict[str, str] | None = None) -> None:
        """failures: model directory name -> why it did not load (a message naming the file)."""
        self._models: dict[Pair, LoadedModel] = {}
        self.failures = dict(failures or {})
        for model in models:
            if model.pair in self._models:
                log.warning(
                    "%s: %s-%s is already served by %s; skipped",
                    model.name,
                    *model.pair,
                    self._models[model.pair].name,
                )
                continue
            self._models[model.pair] = model

    @classmethod
    def load(
        cls,
        models_dir: Path,
        device: str | None = None,
        precision: str = "auto",
        compile: bool = False,
        memory: bool = True,
    ) -> ModelRegistry:
        """Load every `models_dir/*/model.pt`. A broken model is logged (the message names the file, no
        traceback), recorded in `failures` and skipped, so the others serve. With `compile`, the
        models are compiled on the thread that translates (`warm_up`), not here. `memory`: each
        model's translation memory, where it has one (`Translator.load`)."""
        if not models_dir.is_dir():
            log.warning("models folder %s does not exist: no models loaded", models_dir)
            return cls([])
        models = []
        failures = {}
        for directory in sorted(p for p in models_dir.iterdir() if (p / MODEL_FILE).is_file()):
            try:
                translator = Translator.load(
                    directory / MODEL_FILE,
                    device=device,
                    precision=precision,
                    compile=compile,
                    warm_up=False,
                    memory=memory,
                )
            except (CheckpointError, LexiconError, SpellingsError, TranslationMemoryError) as exc:
                log.error("skipping model %s: %s", directory.name, exc)
                failures[directory.name] = str(exc)
                continue
            models.append(LoadedModel(directory.name, translator))
            log.info("loaded %s (%s-%s)", directory.name, translator.src_lang, translator.tgt_lang)
        return cls(models, failures)

    def warm_up(self) -> None:
        """Compile every compiled model's code for the calling thread (`Translator.warm_up`)."""
        for model in self._models.values():
            model.translator.warm_up()

    def __len__(self) -> int:
        return len(self._models)

    def models(self) -> list[LoadedModel]:
        return [self._models[pair] for pair in self.pairs()]

    def pairs(self) -> list[Pair]:
        return sorted(self._models)

    def get(self, source: str, target: str) -> Translator:
        model = self._models.get((source, target))
        if model is None:
            raise UnknownPair(source, target, self.pairs())
        return model.translator

    def languages(self) -> list[str]:
        """Every language that is a source or a target of some model."""
        return sorted({lang for pair in self._models for lang in pair})

    def sources_for(self, target: str) -> list[str]:
        return sorted(source for source, tgt in self._models if tgt == target)

    def targets_for(self, source: str) -> list[str]:
        return sorted(target for src, target in self._models if src == source)
