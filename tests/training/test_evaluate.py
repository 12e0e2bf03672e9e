"""Batch evaluation with a small random model: the modes, the JSON report, the baseline and bad input."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import torch

from tests.domains import tagged_copy
from training.evaluate import evaluate, main, read_lines
from translator import apertium
from translator.checkpoint import save_checkpoint
from translator.config import config_from_dict
from translator.facade import Translator
from translator.lexicon import LEXICON_FILE, Lexicon
from translator.model import EncoderDecoder
from translator.tokenizer import Tokenizer

SRC = ["in the beginning god created the earth", "the lord said", "and there was light", "the house", "god"]
REF = ["en el principio creo dios la tierra", "dijo el senor", "y fue la luz", "la casa", "dios"]

needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    """Prepared-data layout: {dev,test}.{en,es}."""
    d = tmp_path_factory.mktemp("data")
    for split in ("dev", "test"):
        _write(d / f"{split}.en", SRC)
        _write(d / f"{split}.es", REF)
    return d


@pytest.fixture(scope="module")
def eval_model_dir(tmp_path_factory, spm_model, data_dir) -> Path:
    """A model directory holding a small random en->es model whose config points at `data_dir`."""
    tokenizer = Tokenizer.from_files(spm_model, spm_model)
    cfg = config_from_dict(
        {
            "data": {"dir": str(data_dir)},
            "model": {
                "emb_dim": 16,
                "hidden_size": 24,
                "encoder_layers": 1,
                "decoder_layers": 1,
                "attention_size": 12,
                "src_vocab_size": tokenizer.src_vocab_size,
                "tgt_vocab_size": tokenizer.tgt_vocab_size,
            },
            # Random weights rarely emit EOS: a short length cap keeps decoding fast.
            "decoding": {"beam_size": 2, "max_len_a": 0.5, "max_len_b": 3},
        }
    )
    torch.manual_seed(0)
    path = tmp_path_factory.mktemp("model") / "model.pt"
    save_checkpoint(
        path,
        model_state=EncoderDecoder(cfg.model).state_dict(),
        config=cfg,
        tokenizer=tokenizer,
        step=0,
        metrics={},
    )
    return path.parent


@pytest.fixture
def src_ref(tmp_path) -> tuple[Path, Path, Path]:
    """A source file and two reference files."""
    return (
        _write(tmp_path / "in.en", SRC),
        _write(tmp_path / "ref.es", REF),
        _write(tmp_path / "ref2.es", SRC),
    )


def _cli_args(model: Path, src: Path, ref: Path, output: Path) -> list[str]:
    return ["--model", str(model), "--src", str(src), "--ref", str(ref), "--output", str(output)]


def test_src_ref_mode_writes_and_scores(eval_model_dir, src_ref, tmp_path):
    src, ref, ref2 = src_ref
    out = tmp_path / "hyps.txt"
    result = evaluate(eval_model_dir, src=src, refs=[ref, ref2], decode="greedy", output=out, progress=False)
    assert result.sentences == len(SRC)
    assert len(out.read_text(encoding="utf-8").split("\n")) == len(SRC) + 1  # one line each, final newline
    assert 0.0 <= result.system.scores.bleu <= 100.0
    assert "nrefs:2" in result.system.scores.bleu_signature
    assert result.decode == "greedy" and result.beam_size is None
    assert result.baseline is None


def test_settings_left_out_are_the_model_settings(configured_model_dir, src_ref, tmp_path, capsys, searches):
    src, ref, _ = src_ref
    args = _cli_args(configured_model_dir, src, ref, tmp_path / "o.txt")
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["decode"], report["beam_size"], report["alpha"]) == ("beam", 3, 0.5)
    assert {(s["search"], s["beam_size"], s["alpha"]) for s in searches} == {("beam", 3, 0.5)}
    searches.clear()
    assert main([*args, "--json", "--decode", "greedy", "--alpha", "1.5"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["decode"], report["beam_size"], report["alpha"]) == ("greedy", None, 1.5)
    assert {(s["search"], s["alpha"]) for s in searches} == {("greedy", 1.5)}


def test_json_report_fields(eval_model_dir, src_ref, tmp_path, capsys):
    src, ref, _ = src_ref
    args = _cli_args(eval_model_dir, src, ref, tmp_path / "o.txt")
    assert main([*args, "--json", "--limit", "3", "--alpha", "0.5"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["sentences"] == 3
    assert (report["decode"], report["beam_size"], report["alpha"]) == ("beam", 2, 0.5)
    assert report["src_lang"] == "en" and report["tgt_lang"] == "es"
    assert report["output"] == str(tmp_path / "o.txt")
    system = report["system"]
    assert system["name"] == "model"
    assert system["seconds"] > 0 and system["sentences_per_second"] > 0
    assert set(system["scores"]) == {"bleu", "chrf", "bleu_signature", "chrf_signature"}
    assert "tok:13a" in system["scores"]["bleu_signature"]
    assert report["baseline"] is None


def test_split_from_config_and_data_dir(eval_model_dir, data_dir, tmp_path, capsys):
    result = evaluate(eval_model_dir, split="dev", decode="greedy", progress=False)
    assert result.source == str(data_dir / "dev.en") and result.references == [str(data_dir / "dev.es")]
    other = tmp_path / "other"
    other.mkdir()
    _write(other / "test.en", SRC[:2])
    _write(other / "test.es", REF[:2])
    assert main(["--model", str(eval_model_dir), "--split", "test", "--data-dir", str(other)]) == 0
    table = capsys.readouterr().out
    assert "(2 sentences)" in table and "BLEU signature" in table and "tok:13a" in table
    assert len((eval_model_dir / "hyps.test.beam.txt").read_text(encoding="utf-8").splitlines()) == 2


def test_test_web_split(eval_model_dir, tmp_path, capsys):
    """test-web, the test chapters with the WEB's English (data.extra_train), is read like test."""
    _write(tmp_path / "test-web.en", SRC[2:])
    _write(tmp_path / "test-web.es", REF[2:])
    args = ["--model", str(eval_model_dir), "--split", "test-web", "--data-dir", str(tmp_path), "--json"]
    assert main([*args, "--decode", "greedy"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["source"] == str(tmp_path / "test-web.en")
    assert report["references"] == [str(tmp_path / "test-web.es")] and report["sentences"] == 3
    assert report["output"] == str(eval_model_dir / "hyps.test-web.greedy.txt")
    # Data prepared without the WEB has no test-web split.
    assert main(["--model", str(eval_model_dir), "--split", "test-web"]) == 2
    assert "no test-web split here (splits: dev, test)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("mismatch", "line counts differ: .* has 5 lines but .* has 4"),
        ("missing source", "no such file"),
        ("missing model", "no such checkpoint file"),
        ("corrupt model", "not a readable checkpoint"),
    ],
)
def test_bad_input_exits_2_with_message(case, message, eval_model_dir, src_ref, tmp_path, capsys):
    src, ref, _ = src_ref
    model = eval_model_dir
    if case == "mismatch":
        _write(ref, REF[:4])
    elif case == "missing source":
        src = tmp_path / "absent.en"
    elif case == "missing model":
        model = tmp_path / "no-model"
    else:
        model = tmp_path / "model.pt"
        model.write_bytes(b"not a checkpoint")
    assert main(["--model", str(model), "--src", str(src), "--ref", str(ref)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert re.search(message, err)


def test_missing_apertium_exits_2(eval_model_dir, src_ref, tmp_path, capsys, monkeypatch):
    src, ref, _ = src_ref
    monkeypatch.setattr(apertium.shutil, "which", lambda _name: None)
    args = _cli_args(eval_model_dir, src, ref, tmp_path / "o")
    assert main([*args, "--decode", "greedy", "--baseline", "apertium"]) == 2
    assert "apt-get install apertium apertium-eng-spa" in capsys.readouterr().err


@needs_apertium
def test_apertium_baseline_is_scored_beside_the_model(eval_model_dir, src_ref, tmp_path, capsys):
    src, ref, _ = src_ref
    args = _cli_args(eval_model_dir, src, ref, tmp_path / "o")
    assert main([*args, "--decode", "greedy", "--baseline", "apertium", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["baseline"]["name"] == "apertium"
    assert report["baseline"]["scores"]["bleu"] > report["system"]["scores"]["bleu"]  # "la casa" matches
    assert main([*args, "--decode", "greedy", "--baseline", "apertium"]) == 0
    assert "\napertium " in capsys.readouterr().out


def test_missing_split_names_the_fix(eval_model_dir, tmp_path, capsys):
    assert main(["--model", str(eval_model_dir), "--split", "test", "--data-dir", str(tmp_path)]) == 2
    assert "no test split here" in capsys.readouterr().err


def test_a_loaded_translator_scores_as_its_path_does(eval_model_dir, src_ref, tmp_path):
    src, ref, _ = src_ref
    loaded = Translator.load(eval_model_dir)
    by_path = evaluate(
        eval_model_dir, src=src, refs=[ref], decode="beam", output=tmp_path / "a", progress=False
    )
    by_object = evaluate(loaded, src=src, refs=[ref], decode="beam", output=tmp_path / "b", progress=False)
    assert (tmp_path / "a").read_text() == (tmp_path / "b").read_text()
    assert by_object.system.scores == by_path.system.scores
    assert by_object.model == by_path.model and by_object.step == by_path.step
    # Left out, the output goes beside the loaded model, as for its path.
    evaluate(loaded, src=src, refs=[ref], decode="greedy", progress=False)
    assert (eval_model_dir / "hyps.custom.greedy.txt").is_file()


def test_lexicon_options_choose_the_lexicon_and_the_report_names_it(
    eval_model_dir, src_ref, tmp_path, capsys
):
    src, ref, _ = src_ref
    args = [*_cli_args(eval_model_dir, src, ref, tmp_path / "o.txt"), "--json", "--decode", "greedy"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] is None  # the model has no lexicon.tsv
    lexicon = tmp_path / "words.tsv"
    Lexicon({"coffee": "café"}).write(lexicon)
    assert main([*args, "--lexicon", str(lexicon)]) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] == str(lexicon)
    model = shutil.copytree(eval_model_dir, tmp_path / "model")
    (model / LEXICON_FILE).write_text("jail\tcárcel\n", encoding="utf-8")
    args = [*_cli_args(model, src, ref, tmp_path / "o.txt"), "--json", "--decode", "greedy"]
    assert main(args) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] == str(model / LEXICON_FILE)
    assert main([*args, "--no-lexicon"]) == 0
    assert json.loads(capsys.readouterr().out)["lexicon"] is None
    assert main([*args, "--lexicon", str(tmp_path / "absent.tsv")]) == 2
    assert "absent.tsv: no such file" in capsys.readouterr().err


def test_with_a_lexicon_one_search_is_scored_as_served_and_as_the_model_wrote_it(
    eval_model_dir, src_ref, tmp_path, monkeypatch
):
    """The lexicon is faked to turn every sentence into its reference, so the two scores must differ."""
    src, ref, _ = src_ref
    model = shutil.copytree(eval_model_dir, tmp_path / "model")
    Lexicon({"coffee": "café"}).write(model / LEXICON_FILE)
    sources, references = read_lines(src), read_lines(ref)
    table = dict(zip(sources, references, strict=True))
    monkeypatch.setattr(Lexicon, "apply_all", lambda self, source, texts: [table[source]] * len(texts))
    searches = []
    original = Translator.translate
    monkeypatch.setattr(Translator, "translate", lambda *a, **k: searches.append(1) or original(*a, **k))
    out = tmp_path / "o.txt"
    result = evaluate(model, src=src, refs=[ref], decode="greedy", output=out, progress=False)
    assert len(searches) == 1
    assert read_lines(out) == references and result.system.scores.bleu == pytest.approx(100.0)
    own = read_lines(tmp_path / "o.no-lexicon.txt")
    assert result.no_lexicon_output == str(tmp_path / "o.no-lexicon.txt") and own != references
    assert result.no_lexicon is not None and result.no_lexicon.scores.bleu < 100.0
    plain = evaluate(model, src=src, refs=[ref], decode="greedy", output=out, progress=False, lexicon=False)
    assert plain.no_lexicon is None and read_lines(out) == own


def test_a_domain_tags_every_line_and_the_report_names_it(eval_model_dir, data_dir, tmp_path, capsys):
    """Nothing is tagged unless --domain asks, whatever the split; --domain tags every line as the service."""
    model = tagged_copy(eval_model_dir, tmp_path / "tagged")
    source = read_lines(data_dir / "test.en")
    translator = Translator.load(model)
    for domain in (None, "bible"):
        out = tmp_path / f"{domain}.txt"
        args = [
            "--model",
            str(model),
            "--split",
            "test",
            "--decode",
            "greedy",
            "--output",
            str(out),
            "--json",
        ]
        assert main([*args, *(["--domain", domain] if domain else [])]) == 0
        assert json.loads(capsys.readouterr().out)["domain"] == domain
        expected = [t.text for t in translator.translate(source, decode="greedy", domain=domain)]
        assert read_lines(out) == expected
    assert main(["--model", str(model), "--split", "test", "--domain", "law"]) == 2
    assert "this model's domains are: bible" in capsys.readouterr().err


def test_lines_are_split_into_sentences_as_the_service_splits_them(eval_model_dir, tmp_path, capsys):
    """A line of two sentences reaches the model as two inputs, whose translations are joined by a space;
    --whole-lines sends the line as one input."""
    lines = ["the lord said. and there was light.", "the house"]
    src, ref = _write(tmp_path / "in.en", lines), _write(tmp_path / "ref.es", ["x y", "z"])
    translator = Translator.load(eval_model_dir)
    sentences = [
        t.text for t in translator.translate(["the lord said.", "and there was light.", "the house"])
    ]
    whole = [t.text for t in translator.translate(lines)]
    for flags, expected in (
        ([], [f"{sentences[0]} {sentences[1]}", sentences[2]]),
        (["--whole-lines"], whole),
    ):
        out = tmp_path / "o.txt"
        assert main([*_cli_args(eval_model_dir, src, ref, out), "--json", *flags]) == 0
        assert json.loads(capsys.readouterr().out)["by_sentence"] is not bool(flags)
        assert read_lines(out) == expected
