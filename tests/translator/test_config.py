import dataclasses

import pytest
import yaml

from translator.config import (
    Config,
    ConfigError,
    DecodingConfig,
    ModelConfig,
    TrainingConfig,
    apply_overrides,
    config_from_dict,
    load_config,
    replace,
)


def test_en_es_yaml_is_the_defaults_but_the_extra_english(repo_root):
    """Every key but data.extra_train, which adds the World English Bible, has its default value."""
    assert load_config(repo_root / "configs/en-es.yaml") == replace(Config(), "data", extra_train=("web",))
    assert Config().data.extra_train == ()
    (line,) = [
        line
        for line in (repo_root / "configs/en-es.yaml").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("extra_train:")
    ]
    assert "default []" in line


def test_en_es_yaml_lists_every_key(repo_root):
    """The file documents every key: equality with the defaults alone would pass with keys left out."""
    raw = yaml.safe_load((repo_root / "configs/en-es.yaml").read_text(encoding="utf-8"))
    assert set(raw) == {f.name for f in dataclasses.fields(Config)}
    for name, value in raw.items():
        assert set(value) == {f.name for f in dataclasses.fields(getattr(Config(), name))}, name


def test_es_en_overrides_only_direction_and_paths(repo_root):
    cfg = load_config(repo_root / "configs/es-en.yaml")
    assert (cfg.data.src_lang, cfg.data.tgt_lang) == ("es", "en")
    assert cfg.data.dir == "data/prepared/es-en"
    assert cfg.data.extra_train == ()
    assert cfg.training.run_dir == "runs/es-en"
    assert cfg.model == ModelConfig()
    assert cfg.tokenizer == Config().tokenizer
    assert cfg.decoding == DecodingConfig()


def test_tiny_loads(repo_root):
    cfg = load_config(repo_root / "configs/tiny.yaml")
    assert cfg.data.corpus == "tsv"
    assert cfg.data.tsv == "tests/fixtures/bible-300.tsv"
    # Small enough to train in seconds on a CPU.
    assert cfg.model.hidden_size <= 128 and cfg.tokenizer.vocab_size <= 300
    assert cfg.training.max_steps <= 500


def test_empty_sections_take_defaults():
    assert config_from_dict(None) == Config()
    assert config_from_dict({"model": None, "training": {}}) == Config()


def test_int_is_accepted_for_float_and_converted():
    cfg = config_from_dict({"training": {"max_minutes": 5}})
    assert cfg.training.max_minutes == 5.0
    assert isinstance(cfg.training.max_minutes, float)


def test_optional_field_accepts_none_and_str():
    assert config_from_dict({"data": {"src_file": None}}).data.src_file is None
    assert config_from_dict({"data": {"src_file": "a.txt"}}).data.src_file == "a.txt"


@pytest.mark.parametrize(
    ("raw", "named"),
    [
        ({"model": {"hiden_size": 3}}, "hiden_size"),
        ({"modle": {}}, "modle"),
    ],
)
def test_unknown_key_is_named(raw, named):
    with pytest.raises(ConfigError, match=named):
        config_from_dict(raw)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"model": {"hidden_size": "big"}}, "model.hidden_size"),
        ({"model": {"hidden_size": 512.0}}, "model.hidden_size"),
        ({"training": {"seed": True}}, "training.seed"),
        ({"training": {"lr": "0.001"}}, "training.lr"),
        ({"model": {"tie_embeddings": "yes"}}, "model.tie_embeddings"),
        ({"data": {"tsv": 3}}, "data.tsv"),
        ({"data": {"extra_train": "web"}}, "data.extra_train: expected a list"),
        ({"model": 3}, "model"),
        ([1, 2], "expected a mapping"),
    ],
)
def test_wrong_type(raw, where):
    with pytest.raises(ConfigError, match=where):
        config_from_dict(raw)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"model": {"rnn": "transformer"}}, "model.rnn"),
        ({"model": {"cell": "cudnn"}}, "model.cell"),
        ({"training": {"schedule": "linear"}}, "training.schedule"),
        ({"data": {"corpus": "web"}}, "data.corpus"),
        ({"data": {"extra_train": ["web", "nrsv"]}}, "data.extra_train: 'nrsv'"),
    ],
)
def test_bad_literal(raw, where):
    with pytest.raises(ConfigError, match=where) as info:
        config_from_dict(raw)
    assert "not one of" in str(info.value)


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"model": {"hidden_size": 0}}, "model.hidden_size"),
        ({"model": {"decoder_layers": -1}}, "model.decoder_layers"),
        ({"decoding": {"beam_size": 0}}, "decoding.beam_size"),
        ({"tokenizer": {"vocab_size": 0}}, "tokenizer.vocab_size"),
        ({"model": {"dropout": 1.0}}, "model.dropout"),
        ({"model": {"dropout": -0.1}}, "model.dropout"),
        ({"model": {"init_range": -0.1}}, "model.init_range"),
        ({"training": {"label_smoothing": 1.0}}, "training.label_smoothing"),
        ({"decoding": {"batch_tokens": 0}}, "decoding.batch_tokens"),
        ({"decoding": {"alpha": -0.5}}, "decoding.alpha"),
        ({"decoding": {"max_len_a": -1}}, "decoding.max_len_a"),
        ({"decoding": {"max_len_b": -1}}, "decoding.max_len_b"),
        ({"model": {"hidden_size": 25}}, "model.hidden_size: must be even"),
        ({"data": {"corpus": "tsv"}}, "data.tsv"),
        ({"data": {"name_swaps": -1}}, "data.name_swaps: must be >= 0"),
        ({"training": {"numeral_pairs": -1}}, "training.numeral_pairs: must be >= 0"),
        ({"training": {"place_pairs": -5}}, "training.place_pairs: must be >= 0"),
        ({"training": {"language_pairs": -2}}, "training.language_pairs: must be >= 0"),
        ({"training": {"verb_pairs": -1}}, "training.verb_pairs: must be >= 0"),
        (
            {"data": {"src_lang": "fr", "tgt_lang": "es"}, "training": {"place_pairs": 10}},
            "training.place_pairs: the pairs are English-Spanish, got fr-es",
        ),
        ({"data": {"corpus": "files", "src_file": "a"}}, "data.src_file"),
        ({"data": {"extra_train": ["web", "web"]}}, "data.extra_train: .* names a translation twice"),
        (
            {"data": {"corpus": "tsv", "tsv": "a", "extra_train": ["web"]}},
            "data.extra_train: only for the bible",
        ),
        (
            {"data": {"src_lang": "es", "tgt_lang": "en", "extra_train": ["web"]}},
            "data.extra_train: only where English is the source .* references stay King James English",
        ),
    ],
)
def test_out_of_range(raw, where):
    with pytest.raises(ConfigError, match=where):
        config_from_dict(raw)


def test_load_config_error_names_the_file(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("model:\n  rnn: transformer\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"bad\.yaml: model\.rnn"):
        load_config(path)


def test_missing_file(tmp_path):
    with pytest.raises(ConfigError, match=r"nope\.yaml: no such config file"):
        load_config(tmp_path / "nope.yaml")


def test_unreadable_path(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_config(tmp_path)


def test_invalid_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("model: [unclosed\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml: not valid YAML"):
        load_config(path)


def test_extra_train_is_a_tuple_from_a_yaml_list():
    cfg = config_from_dict({"data": {"extra_train": ["web"]}})
    assert cfg.data.extra_train == ("web",)
    assert config_from_dict(yaml.safe_load(yaml.safe_dump(cfg.to_dict()))) == cfg
    assert apply_overrides(Config(), ["data.extra_train=[web]"]) == cfg


def test_to_dict_roundtrip():
    cfg = replace(Config(), "training", seed=7, schedule="cosine")
    assert cfg.training == dataclasses.replace(TrainingConfig(), seed=7, schedule="cosine")
    assert config_from_dict(cfg.to_dict()) == cfg
    assert Config().model == ModelConfig()


def test_overrides_are_parsed_and_validated():
    cfg = apply_overrides(Config(), ["training.max_minutes=30", "model.rnn=lstm", "data.tsv=null"])
    assert cfg.training.max_minutes == 30.0 and cfg.model.rnn == "lstm" and cfg.data.tsv is None
    with pytest.raises(ConfigError, match="model.rnn"):
        apply_overrides(Config(), ["model.rnn=transformer"])
    with pytest.raises(ConfigError, match="unknown key"):
        apply_overrides(Config(), ["model.depth=3"])
    with pytest.raises(ConfigError, match="SECTION.KEY=VALUE"):
        apply_overrides(Config(), ["nothing"])


def _write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_base_is_read_first_and_overlaid(tmp_path):
    _write(
        tmp_path / "base.yaml",
        "model:\n  rnn: lstm\n  hidden_size: 96\n"
        "training:\n  seed: 5\n  lr: 0.002\n  source_weights: {bible: 2, ddtp: 0.5}\n",
    )
    child = _write(
        tmp_path / "child.yaml",
        "base: base.yaml\nmodel:\n  hidden_size: 64\ntraining:\n  source_weights: {names: 16, ddtp: 1}\n",
    )
    cfg = load_config(child)
    assert (cfg.model.rnn, cfg.model.hidden_size) == ("lstm", 64)  # a key kept, a key replaced
    assert (cfg.training.seed, cfg.training.lr) == (5, 0.002)  # a section the child leaves out
    assert cfg.training.source_weights == {"bible": 2.0, "ddtp": 1.0, "names": 16.0}  # mappings merge


def test_base_path_is_relative_to_the_file_and_bases_chain(tmp_path):
    _write(tmp_path / "root.yaml", "training:\n  seed: 1\n  lr: 0.003\n  max_steps: 10\n")
    _write(tmp_path / "mid" / "mid.yaml", "base: ../root.yaml\ntraining:\n  seed: 2\n  lr: 0.004\n")
    leaf = _write(tmp_path / "mid" / "leaf" / "leaf.yaml", "base: ../mid.yaml\ntraining:\n  seed: 3\n")
    t = load_config(leaf).training
    assert (t.seed, t.lr, t.max_steps) == (3, 0.004, 10)


def test_an_empty_section_over_a_base_changes_nothing(tmp_path):
    _write(tmp_path / "base.yaml", "training:\n  seed: 9\n")
    child = _write(tmp_path / "child.yaml", "base: base.yaml\ntraining:\n")
    assert load_config(child).training.seed == 9


def test_base_loop_is_an_error(tmp_path):
    _write(tmp_path / "a.yaml", "base: b.yaml\n")
    _write(tmp_path / "b.yaml", "base: a.yaml\n")
    loop = r"base files form a loop \(\S*a\.yaml -> \S*b\.yaml -> \S*a\.yaml\)"
    with pytest.raises(ConfigError, match=loop):
        load_config(tmp_path / "a.yaml")
    _write(tmp_path / "self.yaml", "base: self.yaml\n")
    with pytest.raises(ConfigError, match="loop"):
        load_config(tmp_path / "self.yaml")


@pytest.mark.parametrize(
    ("base_text", "child_base", "message"),
    [
        (None, "missing.yaml", r"missing\.yaml: no such config file"),
        ("- a list\n", "base.yaml", r"base\.yaml: expected a mapping of sections"),
        ("model: {rnn: transformer}\n", "base.yaml", r"child\.yaml: model\.rnn"),
        (None, "[1, 2]", "base: expected the path of another config file"),
    ],
)
def test_bad_base_is_named(tmp_path, base_text, child_base, message):
    if base_text is not None:
        _write(tmp_path / "base.yaml", base_text)
    child = _write(tmp_path / "child.yaml", f"base: {child_base}\n")
    with pytest.raises(ConfigError, match=message):
        load_config(child)


@pytest.mark.parametrize("direction", ["en-es", "es-en"])
def test_stage_configs_build_on_stage_2(repo_root, direction):
    """Stages 3-5 set only what differs from stage 2: stage 5 keeps stage 2's mix and adds the names."""
    stage2 = load_config(repo_root / f"configs/general-{direction}-stage2.yaml")
    stage5 = load_config(repo_root / f"configs/general-{direction}-stage5.yaml")
    assert stage5.model == stage2.model and stage5.tokenizer == stage2.tokenizer
    assert stage5.data == dataclasses.replace(stage2.data, dir="data/prepared/general-names", name_swaps=4)
    assert stage5.training.init_from == f"runs/general-{direction}-stage2"
    assert stage5.training.run_dir == f"runs/general-{direction}-stage5"
    assert stage5.training.source_weights == {**stage2.training.source_weights, "names": 16, "names-bible": 2}
    assert stage5.training.source_tags == {**stage2.training.source_tags, "names-bible": "<bible>"}


@pytest.mark.parametrize("direction", ["en-es", "es-en"])
def test_stage_6_is_stage_5_from_the_shipped_model(repo_root, direction):
    """Stage 6 needs no earlier run: it starts from models/xx-yy and takes that model's tokenizer."""
    stage5 = load_config(repo_root / f"configs/general-{direction}-stage5.yaml")
    stage6 = load_config(repo_root / f"configs/general-{direction}-stage6.yaml")
    assert stage6.model == stage5.model and stage6.data == stage5.data
    assert stage6.tokenizer == dataclasses.replace(stage5.tokenizer, from_model=f"models/{direction}")
    assert stage6.training.init_from == f"models/{direction}"
    assert stage6.training.run_dir == f"runs/general-{direction}-stage6"
    same = ("source_weights", "source_tags", "lr", "schedule", "warmup_steps", "keep_checkpoints")
    assert all(getattr(stage6.training, key) == getattr(stage5.training, key) for key in same)
    assert (repo_root / stage6.training.init_from / "model.pt").is_file()


@pytest.mark.parametrize("direction", ["en-es", "es-en"])
def test_stages_7_and_8_are_stage_6_on_a_gpu(repo_root, direction):
    """Stage 7 changes only what a GPU lease needs (batch, rate, device, time); stage 8 only its run, seed
    and time. Both start from the shipped model, on stage 6's corpus and tokenizer."""
    stage6, stage7, stage8 = (
        load_config(repo_root / f"configs/general-{direction}-stage{n}.yaml") for n in (6, 7, 8)
    )
    for stage in (stage7, stage8):
        assert stage.model == stage6.model and stage.data == stage6.data
        assert stage.tokenizer == stage6.tokenizer
        assert stage.training.init_from == f"models/{direction}"
        assert stage.training.source_weights == stage6.training.source_weights
        assert stage.training.source_tags == stage6.training.source_tags
    t6, t7, t8 = stage6.training, stage7.training, stage8.training
    assert (t7.batch_tokens, t7.lr, t7.device) == (4 * t6.batch_tokens, 2 * t6.lr, "cuda")
    assert t7.max_minutes > 0 and t8.max_minutes > 0
    assert dataclasses.replace(t8, run_dir=t7.run_dir, seed=t7.seed, max_minutes=t7.max_minutes) == t7
    assert len({t6.run_dir, t7.run_dir, t8.run_dir}) == 3 and len({t6.seed, t7.seed, t8.seed}) == 3
