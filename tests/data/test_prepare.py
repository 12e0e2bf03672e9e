"""data.prepare end to end on the tiny fixture corpus and on the Bible with and without the World English
Bible, and its command-line errors."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import yaml

import data.prepare
from data.corpus import read_tsv
from data.prepare import main, prepare, report
from data.split import bible_split
from tests.processes import run_python
from training.corpus import load_tokenizer, read_split
from translator.config import Config, load_config, replace

ROOT = Path(__file__).parents[2]
TSV = ROOT / "tests" / "fixtures" / "bible-300.tsv"


@pytest.fixture
def tiny(tmp_path) -> Config:
    """configs/tiny.yaml preparing into a temporary directory."""
    return replace(
        load_config(ROOT / "configs" / "tiny.yaml"), "data", tsv=str(TSV), dir=str(tmp_path / "prep")
    )


@pytest.fixture(scope="module")
def bible_dirs(tmp_path_factory, bible_alignment, web_extra) -> dict[str, tuple[Path, dict]]:
    """The Bible prepared without ("kjv") and with ("web") data.extra_train: [web]: directory and manifest.

    The Bible is read once for the session (conftest); a character tokenizer trains in a second.
    """
    prepared = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(data.prepare, "read_bible", lambda _sword_dir: bible_alignment)
        mp.setattr(data.prepare, "read_extra", lambda _name, _bible, _sword_dir: web_extra)
        for name, extra in (("kjv", ()), ("web", ("web",))):
            out = tmp_path_factory.mktemp(name)
            cfg = replace(Config(), "data", dir=str(out), extra_train=extra)
            prepared[name] = out, prepare(replace(cfg, "tokenizer", model_type="char", vocab_size=200))
    return prepared


def _write_config(path: Path, raw: dict) -> str:
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return str(path)


def test_prepares_the_tiny_corpus(tiny):
    manifest = prepare(tiny)
    out = Path(tiny.data.dir)
    assert manifest["counts"] == {"read": 300, "kept": 300, "train": 240, "dev": 30, "test": 30}
    assert manifest["drops"] == {"empty": 0, "length_ratio": 0}
    assert manifest["languages"] == {"src": "en", "tgt": "es"}
    assert manifest["tokenizer"] == {"spm.model": 300}
    assert (
        manifest["config"]["data"]["dev_every"] == 10 and manifest["config"]["tokenizer"]["vocab_size"] == 300
    )
    assert manifest["source"] == {
        "corpus": "tsv",
        "sha256": {str(TSV): hashlib.sha256(TSV.read_bytes()).hexdigest()},
    }
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == manifest
    names = {f"{split}.{lang}" for split in ("train", "dev", "test") for lang in ("en", "es")} | {"spm.model"}
    assert set(manifest["sha256"]) == names
    for name, digest in manifest["sha256"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    # Line 10 of the corpus (index 9) is the first dev pair, line 9 the first test pair.
    pairs = read_tsv(TSV)
    assert (out / "dev.en").read_text(encoding="utf-8").splitlines()[0] == pairs[9].src
    assert (out / "test.es").read_text(encoding="utf-8").splitlines()[0] == pairs[8].tgt


def test_the_trainer_reads_what_prepare_writes(tiny):
    prepare(tiny)
    src, tgt = read_split(tiny, "train")
    assert len(src) == len(tgt) == 240
    assert src[0] == "In the beginning God created the heaven and the earth."
    assert load_tokenizer(tiny).src_vocab_size == 300


def test_preparing_twice_writes_the_same_files(tiny):
    first = prepare(tiny)["sha256"]
    assert prepare(tiny)["sha256"] == first


def test_both_directions_get_the_same_split(tmp_path):
    pairs = read_tsv(TSV)
    (tmp_path / "c.en").write_text("".join(p.src + "\n" for p in pairs), encoding="utf-8")
    (tmp_path / "c.es").write_text("".join(p.tgt + "\n" for p in pairs), encoding="utf-8")
    sides = {"en": str(tmp_path / "c.en"), "es": str(tmp_path / "c.es")}
    for src, tgt in (("en", "es"), ("es", "en")):
        raw = {
            "data": {"corpus": "files", "src_lang": src, "tgt_lang": tgt, "src_file": sides[src]},
            "tokenizer": {"vocab_size": 300},
        }
        raw["data"] |= {"tgt_file": sides[tgt], "dir": str(tmp_path / f"{src}-{tgt}"), "dev_every": 7}
        assert main(["--config", _write_config(tmp_path / f"{src}-{tgt}.yaml", raw)]) == 0
    for name in ("train.en", "train.es", "dev.en", "dev.es", "test.en", "test.es"):
        assert (tmp_path / "en-es" / name).read_bytes() == (tmp_path / "es-en" / name).read_bytes()


def test_web_pairs_go_to_train_and_test_web_only(bible_dirs, web_extra):
    (kjv, kjv_manifest), (web, manifest) = bible_dirs["kjv"], bible_dirs["web"]
    # Dev and test are the KJV's, byte for byte.
    for name in ("dev.en", "dev.es", "test.en", "test.es"):
        assert (web / name).read_bytes() == (kjv / name).read_bytes(), name
    by_split = {
        split: [(a.text, b.text) for a, b in web_extra.pairs if bible_split(a.global_chapter) == split]
        for split in ("train", "dev", "test")
    }
    # Train: the KJV's pairs, then the WEB's pairs of the train chapters, with their Spanish verses;
    # test-web: the WEB's pairs of the test chapters; the WEB's dev chapters (Revelation 13) go nowhere.
    for lang, side in (("en", 0), ("es", 1)):
        kjv_train = (kjv / f"train.{lang}").read_text(encoding="utf-8").splitlines()
        web_train = (web / f"train.{lang}").read_text(encoding="utf-8").splitlines()
        assert web_train == kjv_train + [pair[side] for pair in by_split["train"]]
        test_web = (web / f"test-web.{lang}").read_text(encoding="utf-8").splitlines()
        assert test_web == [pair[side] for pair in by_split["test"]]
    assert any(en.startswith("Then I stood on the sand of the sea.") for en, _ in by_split["dev"])
    assert not (kjv / "test-web.en").exists() and "extra_train" not in kjv_manifest["source"]

    c = manifest["counts"]
    assert c["train"] == kjv_manifest["counts"]["train"] + len(by_split["train"])
    assert c["test-web"] == len(by_split["test"]) == c["test"]  # the WEB has every verse of the test chapters
    assert "test-web" not in kjv_manifest["counts"] and manifest["drops"] == kjv_manifest["drops"]
    assert manifest["source"]["extra_train"] == {
        "web": {
            "module": web_extra.module,
            "pairs": {"train": len(by_split["train"]), "test-web": len(by_split["test"])},
            "drops": {**web_extra.drops, "length_ratio": 0},
        }
    }
    assert {"test-web.en", "test-web.es"} <= set(manifest["sha256"])
    assert "extra train web (engWEB2015eb " in report(manifest, 1.0)


def test_command_line_prints_a_report(tiny, tmp_path, capsys):
    raw = {
        "data": {"corpus": "tsv", "tsv": str(TSV), "dir": tiny.data.dir, "dev_every": 10, "test_every": 10}
    }
    raw["tokenizer"] = {"vocab_size": 300}
    assert main(["--config", _write_config(tmp_path / "c.yaml", raw)]) == 0
    out = capsys.readouterr().out
    assert "read 300 pairs, kept 300 (train 240, dev 30, test 30)" in out
    assert "dropped 0 empty" in out and "spm.model: unigram, 300 pieces" in out


def _fails(argv: list[str], capsys) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err + captured.out
    return code, captured.err


def test_bad_config_exits_2(tmp_path, capsys):
    code, err = _fails(["--config", _write_config(tmp_path / "c.yaml", {"data": {"corpus": "web"}})], capsys)
    assert code == 2
    assert err.startswith("error: ") and "data.corpus" in err


def test_missing_config_file_exits_2(tmp_path, capsys):
    code, err = _fails(["--config", str(tmp_path / "none.yaml")], capsys)
    assert code == 2 and "no such config file" in err


def test_bad_corpus_exits_2_naming_file_and_line(tmp_path, capsys):
    (tmp_path / "bad.tsv").write_text("a\tb\nc\td\nno tab\n", encoding="utf-8")
    raw = {"data": {"corpus": "tsv", "tsv": str(tmp_path / "bad.tsv"), "dir": str(tmp_path / "out")}}
    code, err = _fails(["--config", _write_config(tmp_path / "c.yaml", raw)], capsys)
    assert code == 2
    assert "bad.tsv:3: expected source<TAB>target" in err


def test_corpus_too_small_for_a_dev_split_exits_2(tmp_path, capsys):
    (tmp_path / "small.tsv").write_text("a\tb\nc\td\ne\tf\n", encoding="utf-8")
    raw = {"data": {"corpus": "tsv", "tsv": str(tmp_path / "small.tsv"), "dir": str(tmp_path / "out")}}
    code, err = _fails(["--config", _write_config(tmp_path / "c.yaml", raw)], capsys)
    assert code == 2 and "dev split is empty" in err


def test_bible_languages_are_checked_before_reading(tmp_path, capsys):
    raw = {"data": {"src_lang": "fr", "dir": str(tmp_path / "out")}}
    code, err = _fails(["--config", _write_config(tmp_path / "c.yaml", raw)], capsys)
    assert code == 2 and "English-Spanish" in err


def test_missing_bible_modules_give_the_install_command(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(data.prepare, "SWORD_DIR", tmp_path / "sword")
    code, err = _fails(
        ["--config", _write_config(tmp_path / "c.yaml", {"data": {"dir": str(tmp_path / "o")}})], capsys
    )
    assert code == 2 and "apt-get install sword-text-kjv sword-text-sparv sword-text-web" in err


@pytest.mark.slow
def test_module_entry_point(tmp_path):
    config = _write_config(tmp_path / "c.yaml", {"model": {"rnn": "transformer"}})
    proc = run_python("-m", "data.prepare", "--config", config, cwd=ROOT)
    assert proc.returncode == 2
    assert "model.rnn" in proc.stderr and "Traceback" not in proc.stderr


def test_general_fingerprint_follows_the_tokenizer_taken_from_a_model(monkeypatch):
    """A model's tokenizer decides the prepared corpus (so it is in the fingerprint); the direction
    and the folder do not (both directions share one general corpus)."""
    cfg = replace(
        load_config(ROOT / "configs" / "general-en-es-stage2.yaml"), "tokenizer", from_model="some/model"
    )
    described = [{"kind": "qt", "packages": {"qt6-translations-l10n": "6.4"}}]
    first = data.prepare.general_fingerprint(cfg, described, (b"en-es joint", b"en-es joint"))
    reverse = replace(cfg, "data", src_lang="es", tgt_lang="en", dir="elsewhere")
    assert data.prepare.general_fingerprint(reverse, described, (b"en-es joint", b"en-es joint")) == first
    assert data.prepare.general_fingerprint(cfg, described, (b"retrained", b"retrained")) != first
    assert data.prepare.general_fingerprint(cfg, [], (b"en-es joint", b"en-es joint")) != first
    monkeypatch.setattr(data.general, "BUILD_VERSION", data.general.BUILD_VERSION + 1)
    assert data.prepare.general_fingerprint(cfg, described, (b"en-es joint", b"en-es joint")) != first
