"""One request's decoding choices, resolved against the model's own settings.

The model's `decoding` section (translator.config.DecodingConfig, saved in its checkpoint and shown by
GET /v1/models) is the one home of the defaults: a choice left out (None) takes the model's value. The
service, the command lines and `Translator.translate` all go through `DecodeOptions.resolve`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from translator.config import Decode, DecodingConfig
from translator.errors import TranslatorError


class DecodingError(TranslatorError, ValueError):
    """The decoding choices contradict each other (more n-best hypotheses than the search keeps)."""


@dataclass(frozen=True)
class ResolvedOptions:
    """Every choice set: what the search runs with."""

    decode: Decode
    beam_size: int
    alpha: float
    n_best: int = 1
    return_attention: bool = False
    lexicon: bool = True  # the lexicon fallback (translator.lexicon), where the model has a lexicon
    domain: str | None = None  # a domain tag put before each source sentence (Translator.domains)

    def canonical(self) -> ResolvedOptions:
        """The options that decide how sentences are searched, for grouping them into batches: greedy
        search ignores the beam size; the lexicon fallback runs on each sentence after the search and
        the domain tag goes before each sentence, so requests that choose them differently share
        batches (the batch passes each sentence's own choices)."""
        options = replace(self, lexicon=True, domain=None)
        return replace(options, beam_size=1) if self.decode == "greedy" else options


@dataclass(frozen=True)
class DecodeOptions:
    """What a request or a command line asks for. None leaves a choice to the model (DecodingConfig);
    n_best, return_attention, lexicon and domain ask for output, not for a kind of search, so the model has
    no say."""

    decode: Decode | None = None
    beam_size: int | None = None
    alpha: float | None = None
    n_best: int = 1
    return_attention: bool = False
    lexicon: bool = True
    domain: str | None = None

    def resolve(self, config: DecodingConfig) -> ResolvedOptions:
        """Every choice left out set to the model's; DecodingError when n_best does not fit the search."""
        resolved = ResolvedOptions(
            decode=config.decode if self.decode is None else self.decode,
            beam_size=config.beam_size if self.beam_size is None else self.beam_size,
            alpha=config.alpha if self.alpha is None else self.alpha,
            n_best=self.n_best,
            return_attention=self.return_attention,
            lexicon=self.lexicon,
            domain=self.domain,
        )
        check_n_best(resolved.decode, resolved.beam_size, resolved.n_best)
        return resolved


def check_n_best(decode: Decode | None, beam_size: int | None, n_best: int) -> None:
    """DecodingError when the search cannot give n_best hypotheses: greedy gives one, beam search
    beam_size. A choice still None (left to the model) is not checked; `DecodeOptions.resolve` checks
    again once it is known."""
    if decode == "greedy" and n_best != 1:
        raise DecodingError(f"n_best must be 1 with greedy decoding, got {n_best}")
    if beam_size is not None and n_best > beam_size:
        raise DecodingError(f"n_best must be between 1 and beam_size ({beam_size}), got {n_best}")
