"""The training job on a synthetic word-for-word corpus that a tiny model learns in seconds."""

from __future__ import annotations

import dataclasses
import io
import json
import random
import shutil
from pathlib import Path

import pytest
import sentencepiece as spm
import torch

from training.corpus import DataMissingError
from training.train import TrainingError, compiled_token_loss, main, token_loss, train
from translator.checkpoint import load_checkpoint, save_checkpoint
from translator.config import Config, config_from_dict, replace
from translator.facade import Translator
from translator.model import EncoderDecoder
from translator.tokenizer import PAD_ID, Tokenizer

LEXICON = dict(
    zip(
        "the house is red blue dog cat runs big small green tree water".split(),
        "la casa es roja azul perro gato corre grande pequeno verde arbol agua".split(),
        strict=True,
    )
)


def _write_corpus(d: Path) -> None:
    rng = random.Random(0)
    words = list(LEXICON)
    for split, n in (("train", 600), ("dev", 40), ("test", 40)):
        src = [" ".join(rng.choice(words) for _ in range(rng.randint(2, 6))) for _ in range(n)]
        (d / f"{split}.en").write_text("".join(s + "\n" for s in src), encoding="utf-8")
        tgt = [" ".join(LEXICON[w] for w in s.split()) for s in src]
        (d / f"{split}.es").write_text("".join(t + "\n" for t in tgt), encoding="utf-8")
    lines = (d / "train.en").read_text().splitlines() + (d / "train.es").read_text().splitlines()
    (d / "spm.model").write_bytes(_word_spm(lines))


def _word_spm(lines: list[str]) -> bytes:
    """A word-level sentencepiece model of `lines` with the project's special ids."""
    proto = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=proto,
        vocab_size=40,
        model_type="word",
        hard_vocab_limit=False,
        pad_id=0,
        unk_id=1,
        bos_id=2,
        eos_id=3,
        minloglevel=2,
    )
    return proto.getvalue()


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("prepared")
    _write_corpus(d)
    return d


def _config(corpus_dir: Path, run_dir: Path, **training) -> Config:
    raw = {
        "data": {"corpus": "tsv", "tsv": "unused.tsv", "dir": str(corpus_dir)},
        "tokenizer": {"vocab_size": 40, "model_type": "word"},
        "model": {
            "emb_dim": 24,
            "hidden_size": 48,
            "encoder_layers": 1,
            "decoder_layers": 1,
            "attention_size": 24,
            "dropout": 0.0,
        },
        "training": {
            "run_dir": str(run_dir),
            "batch_tokens": 300,
            "max_steps": 150,
            "lr": 0.01,
            "warmup_steps": 10,
            "schedule": "constant",
            "label_smoothing": 0.0,
            "eval_every": 75,
            "eval_sentences": 20,
            "log_every": 25,
            "patience": 0,
            "threads": 1,
            **training,
        },
        "decoding": {"max_len_b": 5},
    }
    return config_from_dict(raw)


@pytest.fixture(scope="module")
def trained(corpus_dir, tmp_path_factory) -> Path:
    run_dir = tmp_path_factory.mktemp("run")
    return train(_config(corpus_dir, run_dir), show_progress=False)


@pytest.mark.slow
def test_run_directory_holds_checkpoints_metrics_and_plot(trained):
    for name in ("best.pt", "last.pt", "config.yaml", "metrics.jsonl", "curves.png", "train.log"):
        assert (trained / name).is_file(), name
    records = [json.loads(line) for line in (trained / "metrics.jsonl").read_text().splitlines()]
    train_records = [r for r in records if "train_loss" in r]
    dev_records = [r for r in records if "dev_bleu" in r]
    assert [r["step"] for r in train_records] == [25, 50, 75, 100, 125, 150]
    assert [r["step"] for r in dev_records] == [75, 150]
    assert {"train_ppl", "lr", "tokens_per_s"} <= set(train_records[0])
    assert train_records[-1]["train_loss"] < train_records[0]["train_loss"] / 3
    assert (trained / "curves.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.slow
def test_trained_model_translates_word_for_word(trained):
    translator = Translator.load(trained)
    out = translator.translate(["the dog is red", "big green tree"], decode="greedy")
    assert [t.text for t in out] == ["la perro es roja", "grande verde arbol"]
    assert load_checkpoint(trained / "best.pt").metrics["dev_bleu"] > 80


@pytest.mark.slow
def test_resume_reaches_the_same_parameters(corpus_dir, tmp_path, trained):
    run_dir = tmp_path / "run"
    train(_config(corpus_dir, run_dir, max_steps=75), show_progress=False)
    train(_config(corpus_dir, run_dir), resume=True, show_progress=False)
    resumed = load_checkpoint(run_dir / "last.pt")
    straight = load_checkpoint(trained / "last.pt")
    assert resumed.step == straight.step == 150
    for name, tensor in straight.model_state.items():
        assert torch.equal(resumed.model_state[name], tensor), name
    steps = [json.loads(line)["step"] for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    assert steps == sorted(steps)


@pytest.mark.slow
def test_refuses_to_overwrite_a_run_without_resume(corpus_dir, trained):
    cfg = _config(corpus_dir, trained)
    with pytest.raises(TrainingError, match="--resume"):
        train(cfg, show_progress=False)


@pytest.mark.slow
def test_early_stopping_with_patience(corpus_dir, tmp_path):
    # A learning rate of 0 never improves dev BLEU after the first validation.
    cfg = _config(corpus_dir, tmp_path / "run", lr=1e-12, max_steps=1000, eval_every=10, patience=2)
    train(cfg, show_progress=False)
    assert load_checkpoint(tmp_path / "run" / "last.pt").step == 30


def test_missing_data_names_the_prepare_command(tmp_path):
    cfg = _config(tmp_path / "nowhere", tmp_path / "run")
    with pytest.raises(DataMissingError, match="data.prepare"):
        train(cfg, show_progress=False)


def test_unwritable_run_directory_fails_at_start(corpus_dir, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(TrainingError, match="not writable"):
        train(_config(corpus_dir, blocker / "run"), show_progress=False)


def test_cli_errors_exit_2_without_traceback(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("training:\n  max_stepz: 3\n")
    assert main(["--config", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "max_stepz" in err and "Traceback" not in err
    good = tmp_path / "good.yaml"
    good.write_text(f"data:\n  dir: {tmp_path / 'none'}\ntraining:\n  run_dir: {tmp_path / 'run'}\n")
    assert main(["--config", str(good), "--max-steps", "0"]) == 2
    assert "training.max_steps: must be > 0" in capsys.readouterr().err
    assert main(["--config", str(good), "--set", "training.lr=fast"]) == 2
    assert "training.lr: expected float" in capsys.readouterr().err
    assert main(["--config", str(good), "--set", "lr=0.1"]) == 2
    assert "SECTION.KEY=VALUE" in capsys.readouterr().err
    assert main(["--config", str(good)]) == 2
    assert "python -m data.prepare --config" in capsys.readouterr().err


@pytest.mark.slow
def test_failed_run_detaches_its_log_file(corpus_dir, trained):
    import logging

    from translator.config import replace

    before = list(logging.getLogger("training").handlers)
    other_model = replace(_config(corpus_dir, trained), "model", hidden_size=32)
    differ = r"different model config \(model.hidden_size: checkpoint 48, config 32\)"
    with pytest.raises(TrainingError, match=differ):
        train(other_model, resume=True, show_progress=False)
    assert logging.getLogger("training").handlers == before


@pytest.mark.slow  # torch.compile
def test_compiled_loss_matches_eager():
    torch.manual_seed(0)
    logits = torch.randn(12, 40, requires_grad=True)
    targets = torch.randint(0, 40, (12,))
    targets[:3] = PAD_ID  # padding is ignored by both
    want = token_loss(logits, targets, 0.1)
    (want_grad,) = torch.autograd.grad(want, logits)
    got = compiled_token_loss(logits, targets, 0.1)
    (got_grad,) = torch.autograd.grad(got, logits)
    torch.testing.assert_close(got, want)
    torch.testing.assert_close(got_grad, want_grad)


@pytest.mark.slow
def test_compiled_and_eager_training_agree(corpus_dir, tmp_path):
    """training.compile changes the speed, not the result. In float32: on a CPU with native bf16,
    `precision: auto` trains in bf16, whose rounding differs between fused and eager kernels, and 20
    steps at lr 0.01 carry that difference past any useful tolerance."""
    params = {}
    for compile in (True, False):
        config = _config(corpus_dir, tmp_path / str(compile), max_steps=20, compile=compile, precision="fp32")
        run = train(config, show_progress=False)
        params[compile] = load_checkpoint(run / "last.pt").model_state
    for name, value in params[True].items():
        torch.testing.assert_close(value, params[False][name], rtol=1e-3, atol=1e-4, msg=name)


@pytest.mark.slow
def test_kept_checkpoints_rotate_and_average_to_a_working_model(corpus_dir, tmp_path):
    from training.average import average_checkpoints, last_kept

    run_dir = tmp_path / "run"
    train(_config(corpus_dir, run_dir, eval_every=25, keep_checkpoints=2), show_progress=False)
    kept = sorted(p.name for p in run_dir.glob("step-*.pt"))
    assert kept == ["step-0000125.pt", "step-0000150.pt"]
    out = average_checkpoints(last_kept(run_dir, 2), tmp_path / "averaged.pt")
    averaged = load_checkpoint(out)
    a, b = (load_checkpoint(run_dir / name).model_state for name in kept)
    for name, tensor in averaged.model_state.items():
        torch.testing.assert_close(tensor, (a[name] + b[name]) / 2, msg=name)
    translator = Translator.load(out)
    assert translator.translate(["the dog is red"], decode="greedy")[0].text == "la perro es roja"


def test_the_log_names_the_hardware_for_the_model_card(corpus_dir, tmp_path):
    run_dir = tmp_path / "run"
    cfg = _config(corpus_dir, run_dir, max_steps=2, eval_every=2, compile=False, precision="fp32")
    train(cfg, show_progress=False)
    lines = [line for line in (run_dir / "train.log").read_text().splitlines() if " hardware: " in line]
    assert len(lines) == 1
    assert f"thread, torch {torch.__version__}, fp32" in lines[0] and " hardware: CPU " in lines[0]


@pytest.mark.slow
def test_init_from_starts_with_the_models_weights(corpus_dir, tmp_path, trained):
    # A learning rate of 0 leaves the weights as they start: exactly the trained run's best.pt. The
    # continued run's dropout differs from the trained one's: a setting that shapes no weight.
    run_dir = tmp_path / "continued"
    cfg = _config(corpus_dir, run_dir, init_from=str(trained), lr=0.0, max_steps=10, eval_every=10)
    cfg = replace(cfg, "model", dropout=0.1)
    train(cfg, show_progress=False)
    start = load_checkpoint(trained / "best.pt")
    continued = load_checkpoint(run_dir / "last.pt")
    assert continued.step == 10  # the step count and schedule start afresh
    for name, tensor in start.model_state.items():
        assert torch.equal(continued.model_state[name], tensor), name
    assert continued.metrics["dev_bleu"] > 80  # a random model scores near 0
    assert "starting from the weights of" in (run_dir / "train.log").read_text()


@pytest.mark.slow
def test_init_from_gives_way_to_the_runs_own_last_checkpoint(corpus_dir, tmp_path, trained):
    # Stopped at step 10 and resumed, a continued run ends where an uninterrupted one does: resuming
    # takes last.pt, not init_from's weights again.
    def cfg(run: str, steps: int) -> Config:
        return _config(corpus_dir, tmp_path / run, init_from=str(trained), max_steps=steps, eval_every=10)

    train(cfg("straight", 20), show_progress=False)
    train(cfg("stopped", 10), show_progress=False)
    train(cfg("stopped", 20), resume=True, show_progress=False)
    straight = load_checkpoint(tmp_path / "straight" / "last.pt")
    resumed = load_checkpoint(tmp_path / "stopped" / "last.pt")
    assert resumed.step == straight.step == 20
    for name, tensor in straight.model_state.items():
        assert torch.equal(resumed.model_state[name], tensor), name


@pytest.mark.slow
def test_init_from_refuses_another_model_shape_or_tokenizer(corpus_dir, tmp_path, trained):
    # A model of another size, saved with this corpus' tokenizer.
    other = _config(corpus_dir, tmp_path / "other")
    tok = Tokenizer.from_files(corpus_dir / "spm.model", corpus_dir / "spm.model")
    model_cfg = dataclasses.replace(
        other.model, hidden_size=40, src_vocab_size=tok.src_vocab_size, tgt_vocab_size=tok.tgt_vocab_size
    )
    config = dataclasses.replace(other, model=model_cfg)
    save_checkpoint(
        tmp_path / "wide.pt",
        model_state=EncoderDecoder(model_cfg).state_dict(),
        config=config,
        tokenizer=tok,
        step=5,
        metrics={},
    )
    cfg = _config(corpus_dir, tmp_path / "a", init_from=str(tmp_path / "wide.pt"), max_steps=1)
    with pytest.raises(
        TrainingError, match=r"model.hidden_size: checkpoint 40, config 48.*cannot start from it"
    ):
        train(cfg, show_progress=False)
    # The same shape, another tokenizer: the corpus with one trained on its upper-cased lines (as many
    # pieces, other ones).
    upper = tmp_path / "upper"
    shutil.copytree(corpus_dir, upper)
    lines = [
        line.upper()
        for name in ("train.en", "train.es")
        for line in (corpus_dir / name).read_text().splitlines()
    ]
    (upper / "spm.model").write_bytes(_word_spm(lines))
    cfg = _config(upper, tmp_path / "b", init_from=str(trained), max_steps=1)
    with pytest.raises(TrainingError, match="tokenizer.from_model"):
        train(cfg, show_progress=False)


def _gettext_corpus(corpus_dir: Path, tmp_path: Path) -> Path:
    """A copy of the corpus whose every pair has an origin: source kind gettext."""
    data = tmp_path / "prepared"
    shutil.copytree(corpus_dir, data)
    for split in ("train", "dev"):
        n = len((data / f"{split}.en").read_text().splitlines())
        (data / f"{split}.origin").write_text("gettext:pkg:file.mo\n" * n)
    return data


def test_title_case_copies_join_the_mix_as_a_kind_of_their_own(corpus_dir, tmp_path):
    data = _gettext_corpus(corpus_dir, tmp_path)
    cfg = _config(data, tmp_path / "run", max_steps=4, eval_every=4, title_case_kinds=["gettext"])
    cfg = dataclasses.replace(
        cfg, training=dataclasses.replace(cfg.training, source_weights={"title-case": 1})
    )
    train(cfg, show_progress=False)
    log = (tmp_path / "run" / "train.log").read_text()
    assert "title-case copies: 600 pairs of gettext added as kind title-case" in log
    assert "source title-case: 600 pairs, 50.0% of an epoch" in log


def test_synthetic_pairs_join_the_mix_as_kinds_of_their_own(corpus_dir, tmp_path):
    data = _gettext_corpus(corpus_dir, tmp_path)
    counts = dict(numeral_pairs=600, place_pairs=600, language_pairs=600, verb_pairs=600)
    cfg = _config(data, tmp_path / "run", max_steps=2, eval_every=2, **counts)
    weights = {"numerals": 1, "places": 1, "languages": 1, "verbs": 1}
    cfg = dataclasses.replace(cfg, training=dataclasses.replace(cfg.training, source_weights=weights))
    train(cfg, show_progress=False)
    log = (tmp_path / "run" / "train.log").read_text()
    assert "numeral pairs: 600 synthetic pairs added as kind numerals" in log
    assert "place pairs: 600 synthetic pairs added as kind places" in log
    assert "language pairs: 600 synthetic pairs added as kind languages" in log
    assert "verb pairs: 600 synthetic pairs added as kind verbs" in log
    for kind in ("numerals", "places", "languages", "verbs"):
        assert f"source {kind}: 600 pairs, 20.0% of an epoch" in log
    # the corpus's own pairs are drawn beside them
    assert "source gettext: 600 pairs" in log


def test_synthetic_pairs_that_leave_test_lines_out_need_the_test_splits(corpus_dir, tmp_path):
    """A corpus brought without its test splits (a packed corpus on a GPU machine) cannot tell which
    lines to leave out: the kinds that leave them out refuse, the numerals (which need none) do not."""
    data = _gettext_corpus(corpus_dir, tmp_path)
    for path in data.glob("test*.*"):
        path.unlink()
    for key in ("place_pairs", "language_pairs", "verb_pairs"):
        cfg = _config(data, tmp_path / key, max_steps=2, eval_every=2, **{key: 10})
        with pytest.raises(TrainingError, match=f"training.{key}: .* has no test split"):
            train(cfg, show_progress=False)
    train(
        _config(data, tmp_path / "numerals", max_steps=2, eval_every=2, numeral_pairs=10), show_progress=False
    )


def test_synthetic_pairs_need_the_source_kinds(corpus_dir, tmp_path):
    for key in ("numeral_pairs", "place_pairs", "language_pairs", "verb_pairs"):
        cfg = _config(corpus_dir, tmp_path / "run", **{key: 10})
        with pytest.raises(TrainingError, match=f"{key}: .* no train.origin"):
            train(cfg, show_progress=False)


def test_title_case_copies_need_the_source_kinds(corpus_dir, tmp_path):
    cfg = _config(corpus_dir, tmp_path / "run", title_case_kinds=["gettext"])
    with pytest.raises(TrainingError, match="title_case_kinds: .* no train.origin"):
        train(cfg, show_progress=False)
