"""Bodies of the native API: POST /v1/translate and GET /v1/models."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from api.schemas.common import MAX_BEAM, TextFormat, Texts, as_list, ranged
from translator.cli_types import MAX_ALPHA
from translator.decoding import DecodeOptions, DecodingError, check_n_best

BeamSize = Annotated[int, *ranged(1, MAX_BEAM)]
Alpha = Annotated[float, *ranged(0.0, MAX_ALPHA)]
NBest = Annotated[
    int, *ranged(1, MAX_BEAM, "Alternatives returned per sentence, best first; at most beam_size.")
]

TRANSLATE_EXAMPLES = {
    "one text": {
        "summary": "One text, the model's decoding settings",
        "value": {
            "text": "In the beginning God created the heaven and the earth.",
            "source": "en",
            "target": "es",
        },
    },
    "n-best and attention": {
        "summary": "Several texts, 3 alternatives each, attention matrices",
        "value": {
            "text": ["And God said, Let there be light.", "And there was light."],
            "source": "en",
            "target": "es",
            "decode": "beam",
            "beam_size": 5,
            "alpha": 0.75,
            "n_best": 3,
            "return_attention": True,
        },
    },
    "greedy": {
        "summary": "Greedy search (fastest)",
        "value": {"text": "Y dijo Dios: Sea la luz.", "source": "es", "target": "en", "decode": "greedy"},
    },
}


class TranslateRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: Texts = Field(description="A text or a list of texts; a text may hold several sentences and lines.")
    source: str = Field(min_length=1, max_length=32, description="Source language code, e.g. `en`.")
    target: str = Field(min_length=1, max_length=32, description="Target language code, e.g. `es`.")
    format: TextFormat = Field(
        "text",
        description="`text`, or `html`: each text is HTML whose text is translated and whose markup is kept; "
        "its translation and alternatives are HTML, and `sentences` are those of the text taken out of the "
        "markup.",
    )
    # Left out or null: the model's setting (`decoding` in GET /v1/models), as DecodeOptions.resolve says.
    decode: Literal["greedy", "beam"] | None = Field(
        None, description="Search: `greedy` or `beam`; default: the model's."
    )
    beam_size: BeamSize | None = Field(
        None, description="Hypotheses kept per step (beam only); default: the model's."
    )
    alpha: Alpha | None = Field(
        None,
        description="Length normalisation: hypotheses rank by log P / length^alpha; default: the model's.",
    )
    n_best: NBest = 1
    return_attention: bool = Field(False, description="Include each sentence's attention matrix.")
    lexicon: bool = Field(
        True,
        description="Replace the source words the model copied untranslated, and the words it invented, "
        "from the model's lexicon, where it has one (`lexicon_entries` in GET /v1/models); false: the "
        "model's own output.",
    )
    domain: str | None = Field(
        None,
        min_length=1,
        max_length=32,
        description="Translate as text of this domain, one of the model's `domains` (GET /v1/models), "
        "e.g. `bible` for Bible verses in the style of the Reina-Valera / King James references; "
        "default: none, general text.",
    )

    @model_validator(mode="after")
    def _n_best_fits(self) -> TranslateRequest:
        # What the request alone shows; with a choice left to the model, the model's settings show the rest.
        try:
            check_n_best(self.decode, self.beam_size, self.n_best)
        except DecodingError as exc:
            raise PydanticCustomError("n_best", str(exc)) from None
        return self

    @property
    def texts(self) -> list[str]:
        return as_list(self.text)

    @property
    def options(self) -> DecodeOptions:
        return DecodeOptions(
            self.decode,
            self.beam_size,
            self.alpha,
            self.n_best,
            self.return_attention,
            self.lexicon,
            self.domain,
        )


class AlternativeOut(BaseModel):
    text: str
    score: float = Field(description="log P(text | source) / length^alpha; higher is better.")
    log_prob: float = Field(description="log P(text | source), end of sentence included.")


class AttentionOut(BaseModel):
    source_tokens: list[str] = Field(
        description="Source subwords, then `</s>`; for a sentence cut into pieces "
        "(MT_MAX_SENTENCE_SUBWORDS), each piece's in turn."
    )
    target_tokens: list[str] = Field(
        description="Target subwords of the best translation, then `</s>`; each piece's in turn."
    )
    weights: list[list[float]] = Field(
        description="One row per target token, one column per source token; a piece's target tokens "
        "attend to its own source tokens only."
    )


class SentenceOut(BaseModel):
    source: str
    translation: str
    score: float
    log_prob: float
    alternatives: list[AlternativeOut] = Field(description="n_best hypotheses, best first.")
    attention: AttentionOut | None = Field(None, description="Only with `return_attention`.")


class TextOut(BaseModel):
    translation: str
    score: float = Field(description="Mean of the sentence scores.")
    log_prob: float = Field(description="Sum of the sentence log-probabilities.")
    alternatives: list[AlternativeOut] = Field(
        description="Whole-text alternatives: the k-th joins every sentence's k-th hypothesis."
    )
    sentences: list[SentenceOut] = Field(description="The text's sentences as they were translated.")


class TranslateResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "source": "en",
                    "target": "es",
                    "results": [
                        {
                            "translation": "Y dijo Dios: Sea la luz.",
                            "score": -0.41,
                            "log_prob": -3.69,
                            "alternatives": [
                                {"text": "Y dijo Dios: Sea la luz.", "score": -0.41, "log_prob": -3.69},
                                {"text": "Y Dios dijo: Sea la luz.", "score": -0.63, "log_prob": -5.67},
                            ],
                            "sentences": [
                                {
                                    "source": "And God said, Let there be light.",
                                    "translation": "Y dijo Dios: Sea la luz.",
                                    "score": -0.41,
                                    "log_prob": -3.69,
                                    "alternatives": [
                                        {
                                            "text": "Y dijo Dios: Sea la luz.",
                                            "score": -0.41,
                                            "log_prob": -3.69,
                                        },
                                        {
                                            "text": "Y Dios dijo: Sea la luz.",
                                            "score": -0.63,
                                            "log_prob": -5.67,
                                        },
                                    ],
                                    "attention": None,
                                }
                            ],
                        }
                    ],
                }
            ]
        }
    )

    source: str
    target: str
    results: list[TextOut] = Field(description="One result per input text, in order.")


class ModelOut(BaseModel):
    source: str
    target: str
    name: str = Field(description="The model directory's name.")
    architecture: dict[str, Any] = Field(description="The model section of the training config.")
    data: dict[str, Any] = Field(description="The data section of the training config.")
    decoding: dict[str, Any] = Field(description="Default decoding settings of the model.")
    step: int = Field(description="Training step of the checkpoint.")
    device: str = Field(description="Where the model runs: `cpu` or `cuda:N`.")
    precision: str = Field(description="The number format it computes in: fp32, fp16, bf16 or int8.")
    metrics: dict[str, Any] = Field(description="Metrics stored in the checkpoint (dev BLEU, loss, ...).")
    test_bleu: float | None = Field(None, description="Test-set BLEU when the checkpoint records one.")
    lexicon_entries: int = Field(
        0, description="Words in the model's lexicon (the `lexicon` option of POST /v1/translate); 0: none."
    )
    known_words: int = Field(
        0,
        description="Target-language words beside the lexicon (target_words.txt), which tell a word the "
        "model invented from a real one; 0: invented words are left as they are.",
    )
    associated_pairs: int = Field(
        0,
        description="Source and target word pairs beside the lexicon (associations.bloom), which tell a "
        "known word that nothing in the source stands for; 0: such words are left as they are.",
    )
    spellings: int = Field(
        0,
        description="Entries of the model's spellings.tsv, by which source words typed without their accents "
        "or apostrophes are read as written (translator.typed); 0: none.",
    )
    domains: list[str] = Field(
        default_factory=list, description="What the `domain` option of POST /v1/translate may name."
    )


class ModelsResponse(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "models": [
                        {
                            "source": "en",
                            "target": "es",
                            "name": "en-es",
                            "architecture": {"rnn": "gru", "emb_dim": 256, "hidden_size": 512},
                            "data": {"corpus": "bible", "src_lang": "en", "tgt_lang": "es"},
                            "decoding": {"beam_size": 5, "alpha": 0.75},
                            "step": 30000,
                            "device": "cpu",
                            "precision": "fp32",
                            "metrics": {"dev_bleu": 21.4, "test_bleu": 20.9},
                            "test_bleu": 20.9,
                            "lexicon_entries": 15210,
                            "known_words": 80413,
                            "associated_pairs": 2706290,
                            "spellings": 0,
                        }
                    ]
                }
            ]
        }
    )

    models: list[ModelOut]
