"""Typed configuration: one YAML file -> frozen dataclasses, unknown keys and bad values rejected.

`configs/en-es.yaml` documents every key inline with its default.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args, get_origin, get_type_hints

import yaml

from translator.errors import TranslatorError

# The search: `greedy` takes the most probable token at each step, `beam` keeps beam_size hypotheses.
Decode = Literal["greedy", "beam"]


class ConfigError(TranslatorError, ValueError):
    """A configuration file or value is invalid; the message says where and why."""


@dataclass(frozen=True)
class DataConfig:
    corpus: Literal["bible", "tsv", "files", "general"] = "bible"
    src_lang: str = "en"
    tgt_lang: str = "es"
    # tsv: one file of `source<TAB>target` lines; files: two line-aligned files.
    tsv: str | None = None
    src_file: str | None = None
    tgt_file: str | None = None
    # For user corpora (no chapters): every Nth line goes to dev / test.
    dev_every: int = 50
    test_every: int = 50
    dir: str = "data/prepared/en-es"
    max_length_ratio: float = 3.0
    min_ratio_tokens: int = 8
    # Bible only: more English translations added to the training split on the English side: web (World
    # English Bible). Dev and test stay KJV; each one's test chapters are written as a split of its own
    # (test-web). English must be the source: the references of dev and test are the KJV's.
    extra_train: tuple[Literal["web"], ...] = ()
    # general: the package lists to read (data/sources.yaml, and a user's own list of TMX/Moses/TSV files),
    # the package cache, whether the Bible is a source, the Tatoeba file (its lines 1-2,000 become
    # dev-tatoeba, the rest test-tatoeba; null: none), the document split (a hash of package + file
    # modulo heldout_every: 0 test, 1 dev) and the longest side kept, in words.
    sources: tuple[str, ...] = ("data/sources.yaml",)
    cache: str = "data/cache"
    bible: bool = True
    tatoeba: str | None = "../shared/data/tatoeba-eng-spa/test.txt"
    heldout_every: int = 50
    max_words: int = 80
    # general: per train pair holding one person's first name on both sides, this many more pairs with the
    # name replaced by other first names (data/names.py); 0: none.
    name_swaps: int = 0


@dataclass(frozen=True)
class TokenizerConfig:
    model_type: Literal["unigram", "bpe", "char", "word"] = "unigram"
    vocab_size: int = 8000
    joint: bool = True
    character_coverage: float = 1.0
    # A trained model (directory or .pt) whose sentencepiece model(s) the prepared data takes instead of
    # training new ones: the data a run with training.init_from continues that model on must be
    # tokenized as the model was. The settings above are then not used.
    from_model: str = ""


@dataclass(frozen=True)
class ModelConfig:
    rnn: Literal["gru", "lstm"] = "gru"
    cell: Literal["fused", "reference"] = "fused"
    emb_dim: int = 256
    hidden_size: int = 512
    encoder_layers: int = 2
    decoder_layers: int = 2
    attention_size: int = 256
    dropout: float = 0.2
    tie_embeddings: bool = True
    # What the vocabulary projection reads. "attentional": W[top state; context] + b, as OpenNMT-py
    # computes it for additive attention. "deep": tanh(W[top state; context; previous subword]),
    # Bahdanau's deep output, which the shipped models use and learns slower per update.
    output_layer: Literal["attentional", "deep"] = "attentional"
    # Every parameter but the embeddings starts U(-init_range, init_range), as in OpenNMT-py;
    # 0 keeps torch's per-layer defaults, which learn slower at 256 dimensions and up
    # (bench/PROFILE.md, "Learning per update"). Embeddings start N(0, 1/emb_dim) either way.
    init_range: float = 0.1
    # Filled from the tokenizer at training time.
    src_vocab_size: int = 0
    tgt_vocab_size: int = 0


# Model settings that shape no weight: checkpoints that differ only in them hold interchangeable weights
# (a run may start from one, resume it, or average them).
WEIGHTLESS_MODEL_KEYS = frozenset({"dropout", "init_range"})


def model_differences(have: ModelConfig, want: ModelConfig) -> list[str]:
    """The settings of `want` that give its weights another meaning or shape than `have`'s, as
    "model.KEY: checkpoint HAVE, config WANT"; empty where the weights are interchangeable."""
    return [
        f"model.{f.name}: checkpoint {getattr(have, f.name)!r}, config {getattr(want, f.name)!r}"
        for f in dataclasses.fields(want)
        if f.name not in WEIGHTLESS_MODEL_KEYS and getattr(have, f.name) != getattr(want, f.name)
    ]


@dataclass(frozen=True)
class TrainingConfig:
    run_dir: str = "runs/en-es"
    seed: int = 1234
    batch_tokens: int = 4096
    accumulate: int = 1
    max_steps: int = 30000
    max_minutes: float = 0.0
    lr: float = 1e-3
    warmup_steps: int = 500
    schedule: Literal["constant", "inverse_sqrt", "cosine"] = "inverse_sqrt"
    min_lr: float = 1e-5
    clip_norm: float = 1.0
    label_smoothing: float = 0.1
    max_len: int = 120
    eval_every: int = 500
    eval_sentences: int = 500
    log_every: int = 50
    patience: int = 8
    # Also keep the weights of the last N validations as step-NNNNNNN.pt, for checkpoint averaging
    # (python -m training.average); 0 keeps only last.pt and best.pt.
    keep_checkpoints: int = 0
    # general corpus: sources are sampled with probability proportional to (pairs x weight)^(1/temperature)
    # each epoch, so a temperature above 1 flattens the mix towards small sources; a weight of 0 leaves a
    # source kind out. Kinds not named weigh 1.
    temperature: float = 1.0
    source_weights: dict[str, float] = field(default_factory=dict)
    # general corpus: a tag prepended to the source sentences of a source kind ({bible: "<bible>"}), so that
    # one model learns the Reina-Valera's 1909 spelling for tagged input and modern Spanish for the rest.
    # Evaluation tags a split's sentences by their origin the same way; the service never tags.
    source_tags: dict[str, str] = field(default_factory=dict)
    # general corpus: the pairs of these source kinds with at most title_case_max_words words, added again
    # with their source in Title Case ("Deep forest" -> "Deep Forest") as source kind "title-case", which
    # source_weights weighs (training.augment); none by default.
    title_case_kinds: tuple[str, ...] = ()
    title_case_max_words: int = 6
    # general corpus: this many synthetic pairs of centuries, dates, decades and millions in sentence
    # frames (training.numerals), added as source kind "numerals", which source_weights weighs; 0: none.
    numeral_pairs: int = 0
    # general corpus: this many synthetic pairs that name a country or region of the CLDR in a sentence
    # frame (training.places), added as source kind "places"; names that are whole dev or test lines are
    # left out.
    place_pairs: int = 0
    # general corpus: this many synthetic pairs that name a language of the CLDR, or the nationality
    # adjective English writes like it, in a sentence frame (training.languages), added as source kind
    # "languages"; names that are whole dev or test lines are left out.
    language_pairs: int = 0
    # general corpus: this many synthetic pairs of everyday verb forms (person, tense, statement, negation,
    # question) of common verbs (training.verbs), added as source kind "verbs"; a pair that is a whole dev
    # or test line is drawn again.
    verb_pairs: int = 0
    device: Literal["auto", "cpu", "cuda"] = "auto"
    precision: Literal["auto", "fp32", "bf16", "fp16"] = "auto"
    # Fuse the attention with torch.compile (translator.compiled); falls back to eager if it fails.
    compile: bool = True
    threads: int = 0
    # Start from a trained model's weights (directory or .pt) instead of random ones: continued training
    # or fine-tuning on other data. The model settings and the prepared data's tokenizer must be the
    # model's own (tokenizer.from_model makes it so); optimiser, schedule and step start afresh.
    # --resume from the run's own last.pt takes precedence.
    init_from: str = ""


@dataclass(frozen=True)
class DecodingConfig:
    """The model's decoding settings, saved in its checkpoint: the defaults of every request and command
    line that decodes with it (translator.decoding.DecodeOptions.resolve)."""

    decode: Decode = "beam"
    beam_size: int = 5
    alpha: float = 0.75
    # Output is cut at max_len_a * source_length + max_len_b tokens.
    max_len_a: float = 1.5
    max_len_b: int = 10
    batch_tokens: int = 4000
    # Beam: a sentence stops once a step's most probable continuation ends it (translator.search).
    early_stop: bool = True


@dataclass(frozen=True)
class Config:
    data: DataConfig = field(default_factory=DataConfig)
    tokenizer: TokenizerConfig = field(default_factory=TokenizerConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    training: TrainingConfig = field(default_factory=TrainingConfig)
    decoding: DecodingConfig = field(default_factory=DecodingConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _check_value(where: str, tp: Any, value: Any) -> Any:
    origin = get_origin(tp)
    if origin is dict:  # dict[str, X]: a YAML mapping
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: expected a mapping, got {value!r}")
        key_tp, value_tp = get_args(tp)
        return {
            _check_value(where, key_tp, k): _check_value(f"{where}.{k}", value_tp, v)
            for k, v in value.items()
        }
    if origin is tuple:  # tuple[X, ...]: a YAML list, kept as a tuple so that the config stays immutable
        if not isinstance(value, (list, tuple)):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        return tuple(_check_value(where, get_args(tp)[0], item) for item in value)
    if origin is Literal:
        if value not in get_args(tp):
            raise ConfigError(f"{where}: {value!r} is not one of {list(get_args(tp))}")
        return value
    args = get_args(tp)
    if args and type(None) in args:
        if value is None:
            return None
        (tp,) = [a for a in args if a is not type(None)]
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, tp) or (tp is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: expected {tp.__name__}, got {value!r}")
    return value


def _build(cls: type, raw: Any, where: str) -> Any:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: expected a mapping, got {type(raw).__name__}")
    hints = get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - names)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {unknown}; allowed: {sorted(names)}")
    kwargs = {}
    for name, value in raw.items():
        key = f"{where}.{name}" if where else name
        tp = hints[name]
        if isinstance(tp, type) and dataclasses.is_dataclass(tp):
            kwargs[name] = _build(tp, value, key)
        else:
            kwargs[name] = _check_value(key, tp, value)
    return cls(**kwargs)


def _validate(cfg: Config) -> None:
    positive: dict[str, float] = {
        "tokenizer.vocab_size": cfg.tokenizer.vocab_size,
        "model.emb_dim": cfg.model.emb_dim,
        "model.hidden_size": cfg.model.hidden_size,
        "model.encoder_layers": cfg.model.encoder_layers,
        "model.decoder_layers": cfg.model.decoder_layers,
        "model.attention_size": cfg.model.attention_size,
        "training.batch_tokens": cfg.training.batch_tokens,
        "training.accumulate": cfg.training.accumulate,
        "training.max_steps": cfg.training.max_steps,
        "training.eval_every": cfg.training.eval_every,
        "training.log_every": cfg.training.log_every,
        "training.max_len": cfg.training.max_len,
        "decoding.beam_size": cfg.decoding.beam_size,
        "decoding.batch_tokens": cfg.decoding.batch_tokens,
    }
    for key, value in positive.items():
        if value <= 0:
            raise ConfigError(f"{key}: must be > 0, got {value}")
    non_negative: dict[str, float] = {
        "decoding.alpha": cfg.decoding.alpha,
        "decoding.max_len_a": cfg.decoding.max_len_a,
        "decoding.max_len_b": cfg.decoding.max_len_b,
        "training.keep_checkpoints": cfg.training.keep_checkpoints,
    }
    for key, value in non_negative.items():
        if value < 0:
            raise ConfigError(f"{key}: must be >= 0, got {value}")
    if cfg.model.hidden_size % 2:
        raise ConfigError(
            f"model.hidden_size: must be even (the bidirectional encoder gives hidden_size/2 per direction), "
            f"got {cfg.model.hidden_size}"
        )
    if not 0.0 <= cfg.model.init_range <= 1.0:
        raise ConfigError(f"model.init_range: must be in [0, 1], got {cfg.model.init_range}")
    if not 0.0 <= cfg.model.dropout < 1.0:
        raise ConfigError(f"model.dropout: must be in [0, 1), got {cfg.model.dropout}")
    if not 0.0 <= cfg.training.label_smoothing < 1.0:
        raise ConfigError(f"training.label_smoothing: must be in [0, 1), got {cfg.training.label_smoothing}")
    if cfg.data.corpus == "tsv" and not cfg.data.tsv:
        raise ConfigError("data.tsv: required when data.corpus is 'tsv'")
    if cfg.data.corpus == "files" and not (cfg.data.src_file and cfg.data.tgt_file):
        raise ConfigError("data.src_file and data.tgt_file: required when data.corpus is 'files'")
    _validate_extra_train(cfg.data)
    if cfg.data.heldout_every < 3:
        raise ConfigError(f"data.heldout_every: must be >= 3, got {cfg.data.heldout_every}")
    if cfg.data.name_swaps < 0:
        raise ConfigError(f"data.name_swaps: must be >= 0, got {cfg.data.name_swaps}")
    if cfg.training.temperature <= 0:
        raise ConfigError(f"training.temperature: must be > 0, got {cfg.training.temperature}")
    for key in ("numeral_pairs", "place_pairs", "language_pairs", "verb_pairs"):
        count = getattr(cfg.training, key)
        if count < 0:
            raise ConfigError(f"training.{key}: must be >= 0, got {count}")
        if count and {cfg.data.src_lang, cfg.data.tgt_lang} != {"en", "es"}:
            raise ConfigError(
                f"training.{key}: the pairs are English-Spanish, got {cfg.data.src_lang}-{cfg.data.tgt_lang}"
            )
    if cfg.training.title_case_max_words < 1:
        raise ConfigError(
            f"training.title_case_max_words: must be >= 1, got {cfg.training.title_case_max_words}"
        )
    for kind, weight in cfg.training.source_weights.items():
        if weight < 0:
            raise ConfigError(f"training.source_weights.{kind}: must be >= 0, got {weight}")


def _validate_extra_train(data: DataConfig) -> None:
    extra = data.extra_train
    if not extra:
        return
    if len(set(extra)) != len(extra):
        raise ConfigError(f"data.extra_train: {list(extra)} names a translation twice")
    if data.corpus == "general":
        return  # the general corpus keeps them apart as source kind bible-web; training weights them
    if data.corpus != "bible":
        raise ConfigError(
            f"data.extra_train: only for the bible corpus (more translations of the same verses), "
            f"not for corpus {data.corpus!r}"
        )
    if data.src_lang != "en":
        raise ConfigError(
            f"data.extra_train: only where English is the source (src_lang: en), got src_lang "
            f"{data.src_lang!r}: the extra English would be training targets, while the dev and test "
            "references stay King James English"
        )


def config_from_dict(raw: Any, where: str = "") -> Config:
    cfg = _build(Config, raw, where)
    _validate(cfg)
    return cfg


def load_config(path: str | Path) -> Config:
    """Read a YAML config; raise ConfigError naming the file on any problem.

    A top-level `base: OTHER.yaml` (a path relative to this file) reads that file first and lays this
    one over it: sections and mappings (source_weights, ...) merge key by key, any other value replaces
    the base's. A base may have its own base; a loop is an error."""
    path = Path(path)
    raw = _read_with_bases(path, ())
    try:
        return config_from_dict(raw)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such config file") from None
    except OSError as exc:  # a directory, no permission, ...
        raise ConfigError(f"{path}: cannot read config file ({exc.strerror})") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None


def _read_with_bases(path: Path, seen: tuple[Path, ...]) -> Any:
    """The file's mapping laid over its base's (recursively); `seen` holds the files that named it."""
    raw = _read_yaml(path)
    if not isinstance(raw, dict) or "base" not in raw:
        return raw
    raw = dict(raw)
    base = raw.pop("base")
    if not isinstance(base, str) or not base:
        raise ConfigError(f"{path}: base: expected the path of another config file, got {base!r}")
    base_path = path.parent / base
    here = path.resolve()
    if base_path.resolve() in (*seen, here):
        chain = " -> ".join(str(p) for p in (*seen, here, base_path.resolve()))
        raise ConfigError(f"{path}: base files form a loop ({chain})")
    parent = _read_with_bases(base_path, (*seen, here))
    if parent is not None and not isinstance(parent, dict):
        raise ConfigError(f"{base_path}: expected a mapping of sections, got {type(parent).__name__}")
    return _merged(parent or {}, raw)


def _merged(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(out.get(key), dict) and (value is None or isinstance(value, dict)):
            # `training:` with nothing under it changes nothing, as in a file without a base
            out[key] = _merged(out[key], value or {})
        else:
            out[key] = value
    return out


def replace(cfg: Config, section: str, **changes: Any) -> Config:
    """A copy of `cfg` with some keys of one section changed."""
    return dataclasses.replace(cfg, **{section: dataclasses.replace(getattr(cfg, section), **changes)})


def apply_overrides(cfg: Config, overrides: list[str]) -> Config:
    """`section.key=value` strings (values parsed as YAML) applied and validated like a config file."""
    raw = cfg.to_dict()
    for item in overrides:
        key, sep, value = item.partition("=")
        section, dot, name = key.strip().partition(".")
        if not sep or not dot or section not in raw:
            raise ConfigError(f"override {item!r}: expected SECTION.KEY=VALUE with SECTION in {list(raw)}")
        try:
            raw[section][name] = yaml.safe_load(value)
        except yaml.YAMLError as exc:
            raise ConfigError(f"override {item!r}: value is not valid YAML: {exc}") from None
    return config_from_dict(raw)
