"""prepare -> train configs/tiny.yaml -> evaluate -> CLI, on the shipped 300 verse pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.prepare import prepare
from tests.processes import run_python
from training.evaluate import main as evaluate_main
from training.train import train
from translator.config import apply_overrides, load_config
from translator.facade import Translator

pytestmark = pytest.mark.slow  # trains configs/tiny.yaml


@pytest.fixture(scope="module")
def tiny_run(repo_root, tmp_path_factory) -> tuple[Path, Path]:
    work = tmp_path_factory.mktemp("e2e")
    cfg = apply_overrides(
        load_config(repo_root / "configs/tiny.yaml"),
        [
            f"data.tsv={repo_root / 'tests/fixtures/bible-300.tsv'}",
            f"data.dir={work / 'prepared'}",
            f"training.run_dir={work / 'run'}",
        ],
    )
    prepare(cfg)
    return work / "prepared", train(cfg, show_progress=False)


def test_tiny_model_reproduces_training_sentences(tiny_run):
    prepared, run_dir = tiny_run
    src = (prepared / "train.en").read_text(encoding="utf-8").splitlines()
    ref = (prepared / "train.es").read_text(encoding="utf-8").splitlines()
    short = [i for i, line in enumerate(src) if len(line.split()) <= 12][:8]
    # last.pt: the memorised end of training; best.pt is chosen by dev BLEU.
    out = Translator.load(run_dir / "last.pt").translate([src[i] for i in short], decode="greedy")
    exact = [t.text for t, i in zip(out, short, strict=True) if t.text == ref[i]]
    assert len(exact) >= 4, [t.text for t in out]


def test_evaluate_scores_the_test_split(tiny_run, capsys):
    prepared, run_dir = tiny_run
    code = evaluate_main(["--model", str(run_dir), "--split", "test", "--data-dir", str(prepared), "--json"])
    assert code == 0
    result = json.loads(capsys.readouterr().out)
    assert result["sentences"] == len((prepared / "test.en").read_text(encoding="utf-8").splitlines())
    scores = result["system"]["scores"]
    assert 0.0 <= scores["bleu"] <= 100.0 and "tok:13a" in scores["bleu_signature"]


def test_cli_translates_stdin(tiny_run):
    _, run_dir = tiny_run
    text = "In the beginning God created the heaven and the earth.\nAnd God said, Let there be light.\n"
    done = run_python("-m", "translator", "translate", "--model", run_dir, "--decode", "greedy", input=text)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) == 2 and all(lines)
    assert lines[0] == Translator.load(run_dir).translate([text.splitlines()[0]], decode="greedy")[0].text
