"""Checkpoint averaging: element-wise means, tied weights kept tied, refusal to mix models."""

from __future__ import annotations

import dataclasses

import pytest
import torch

from training.average import average_checkpoints, averaged_from, last_kept, main
from translator.checkpoint import CheckpointError, build_model, load_checkpoint, save_checkpoint
from translator.config import Config, TrainingConfig


def _save(path, model, tokenizer, step):
    save_checkpoint(
        path,
        model_state=model.state_dict(),
        config=Config(model=model.cfg),
        tokenizer=tokenizer,
        step=step,
        metrics={},
    )
    return path


def test_mean_of_three_models(make_model, tokenizer, tmp_path):
    models = [make_model(seed=s) for s in (1, 2, 3)]
    paths = [
        _save(tmp_path / f"step-{s:07d}.pt", m, tokenizer, s)
        for s, m in zip((10, 30, 20), models, strict=True)
    ]
    out = load_checkpoint(average_checkpoints(paths, tmp_path / "avg.pt"))
    assert out.step == 20  # the last named
    assert [item["step"] for item in out.metrics["averaged_from"]] == [10, 30, 20]  # in the order named
    states = [m.state_dict() for m in models]
    for name, tensor in out.model_state.items():
        expected = sum(s[name].double() for s in states) / 3
        torch.testing.assert_close(tensor.double(), expected, msg=name)
    model = build_model(out)
    if model.cfg.tie_embeddings:
        assert model.decoder.output.weight.data_ptr() == model.decoder.embedding.weight.data_ptr()


def test_checkpoints_of_two_runs_keep_their_runs(make_model, tokenizer, tmp_path):
    """A fine-tuned model averaged with the model it started from: config and step are the last one's,
    and each checkpoint's run and step are recorded (their steps alone would not tell them apart)."""
    model = make_model(seed=1)
    saved = []
    for run, step, seed in (("runs/stage2", 1750, 5), ("runs/stage5", 500, 6)):
        path = tmp_path / f"{run.split('/')[1]}.pt"
        save_checkpoint(
            path,
            model_state=model.state_dict(),
            config=Config(
                model=model.cfg, training=dataclasses.replace(TrainingConfig(), run_dir=run, seed=seed)
            ),
            tokenizer=tokenizer,
            step=step,
            metrics={},
        )
        saved.append(path)
    out = load_checkpoint(average_checkpoints(saved, tmp_path / "avg.pt"))
    assert (out.step, out.config.training.run_dir, out.config.training.seed) == (500, "runs/stage5", 6)
    assert out.metrics["averaged_from"] == [
        {"run": "runs/stage2", "step": 1750},
        {"run": "runs/stage5", "step": 500},
    ]
    for name, tensor in out.model_state.items():
        torch.testing.assert_close(tensor, model.state_dict()[name], msg=name)  # the mean of equals


def test_a_mean_of_means_keeps_what_each_was_the_mean_of(make_model, tokenizer, tmp_path):
    model = make_model(seed=1)
    first = [_save(tmp_path / f"step-{s:07d}.pt", model, tokenizer, s) for s in (1, 2)]
    inner = average_checkpoints(first, tmp_path / "inner.pt")
    old = tmp_path / "old.pt"  # a mean written before the runs were recorded: steps only
    save_checkpoint(
        old,
        model_state=model.state_dict(),
        config=load_checkpoint(inner).config,
        tokenizer=tokenizer,
        step=9,
        metrics={"averaged_steps": [8, 9]},
    )
    out = load_checkpoint(average_checkpoints([inner, old, first[0]], tmp_path / "outer.pt"))
    run = out.config.training.run_dir
    assert averaged_from(out) == [
        {"run": run, "step": 2, "averaged_from": [{"run": run, "step": 1}, {"run": run, "step": 2}]},
        {"run": run, "step": 9, "averaged_from": [{"run": run, "step": 8}, {"run": run, "step": 9}]},
        {"run": run, "step": 1},
    ]
    assert averaged_from(load_checkpoint(first[0])) == []


def test_refuses_different_model_configs(make_model, tokenizer, tmp_path):
    a = _save(tmp_path / "a.pt", make_model(seed=1), tokenizer, 1)
    b = _save(tmp_path / "b.pt", make_model(seed=1, attention_size=8), tokenizer, 2)
    with pytest.raises(CheckpointError, match=r"model config differs .*model.attention_size: checkpoint"):
        average_checkpoints([a, b], tmp_path / "avg.pt")


def test_averages_checkpoints_trained_with_another_dropout(make_model, tokenizer, tmp_path):
    # Dropout shapes no weight: a run fine-tuned with less of it averages with the model it started from.
    a = _save(tmp_path / "a.pt", make_model(seed=1, dropout=0.2), tokenizer, 1)
    b = _save(tmp_path / "b.pt", make_model(seed=2, dropout=0.1), tokenizer, 2)
    out = load_checkpoint(average_checkpoints([a, b], tmp_path / "avg.pt"))
    assert out.config.model.dropout == 0.1  # the last checkpoint's config
    name = next(iter(out.model_state))
    want = (load_checkpoint(a).model_state[name] + load_checkpoint(b).model_state[name]) / 2
    torch.testing.assert_close(out.model_state[name], want)


def test_last_kept_takes_the_newest(make_model, tokenizer, tmp_path):
    model = make_model(seed=1)
    for step in (5, 15, 10):
        _save(tmp_path / f"step-{step:07d}.pt", model, tokenizer, step)
    assert [p.name for p in last_kept(tmp_path, 2)] == ["step-0000010.pt", "step-0000015.pt"]


def test_cli_without_kept_checkpoints_exits_2(tmp_path, capsys):
    assert main(["--run", str(tmp_path), "--out", str(tmp_path / "avg.pt")]) == 2
    err = capsys.readouterr().err
    assert "keep_checkpoints" in err and "Traceback" not in err
    assert not (tmp_path / "avg.pt").exists()


def test_cli_averages_files(make_model, tokenizer, tmp_path, capsys):
    paths = [str(_save(tmp_path / f"{s}.pt", make_model(seed=s), tokenizer, s)) for s in (1, 2)]
    assert main(["--out", str(tmp_path / "avg.pt"), *paths]) == 0
    assert [i["step"] for i in load_checkpoint(tmp_path / "avg.pt").metrics["averaged_from"]] == [1, 2]
