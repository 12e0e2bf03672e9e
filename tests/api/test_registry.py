"""The model registry: one model per directory, keyed by the pair in each model's config."""

from __future__ import annotations

import shutil

import pytest

from api.registry import ModelRegistry, UnknownPair


def test_loads_every_model_directory_keyed_by_config_pair(models_dir):
    registry = ModelRegistry.load(models_dir, "cpu")
    assert registry.pairs() == [("en", "es"), ("es", "en")]
    assert [m.name for m in registry.models()] == ["en-es", "es-en"]
    assert registry.get("es", "en").src_lang == "es"
    assert registry.languages() == ["en", "es"]
    assert registry.targets_for("en") == ["es"] and registry.sources_for("en") == ["es"]


def test_pair_comes_from_the_config_not_the_directory_name(models_dir, tmp_path):
    shutil.copytree(models_dir / "en-es", tmp_path / "bible-v2")
    registry = ModelRegistry.load(tmp_path, "cpu")
    assert registry.pairs() == [("en", "es")]
    assert registry.models()[0].name == "bible-v2"


def test_broken_model_is_skipped_and_the_others_serve(models_dir, tmp_path, caplog):
    shutil.copytree(models_dir / "en-es", tmp_path / "en-es")
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "model.pt").write_bytes(b"not a checkpoint")
    (tmp_path / "notes").mkdir()  # no model.pt: not a model directory
    registry = ModelRegistry.load(tmp_path, "cpu")
    assert registry.pairs() == [("en", "es")]
    assert "skipping model broken" in caplog.text


def test_second_model_for_a_pair_is_skipped(models_dir, tmp_path, caplog):
    shutil.copytree(models_dir / "en-es", tmp_path / "a")
    shutil.copytree(models_dir / "en-es", tmp_path / "b")
    registry = ModelRegistry.load(tmp_path, "cpu")
    assert [m.name for m in registry.models()] == ["a"]
    assert "already served by a" in caplog.text


def test_missing_models_folder_gives_an_empty_registry(tmp_path):
    assert len(ModelRegistry.load(tmp_path / "nowhere", "cpu")) == 0


def test_unknown_pair_names_the_available_ones(models_dir):
    with pytest.raises(UnknownPair, match="available pairs: en-es, es-en"):
        ModelRegistry.load(models_dir, "cpu").get("en-es", "../es-en")
