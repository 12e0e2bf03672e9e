import os

import pytest
import torch

from tests.checkpoint_payloads import RunsCode, raw_payload
from translator.checkpoint import (
    FORMAT_VERSION,
    CheckpointError,
    atomic_save,
    build_model,
    export_model,
    load_checkpoint,
    resolve_model_file,
    save_checkpoint,
)
from translator.config import Config, replace


@pytest.fixture(scope="module")
def model(make_model):
    return make_model(seed=4)


@pytest.fixture
def save(model, tokenizer):
    """save(path, **overrides) writes a checkpoint of `model`; overrides replace save_checkpoint arguments."""

    def write(path, **overrides):
        args = dict(
            model_state=model.state_dict(),
            config=Config(model=model.cfg),
            tokenizer=tokenizer,
            step=12,
            metrics={"bleu": 3.5, "dev_loss": 4.25},
        )
        args.update(overrides)
        save_checkpoint(path, **args)
        return path

    return write


def test_roundtrip(save, model, tokenizer, tmp_path, pad_batch, random_sources):
    path = save(tmp_path / "ck.pt", training={"optimizer": {"lr": 0.5}})
    ck = load_checkpoint(path)
    assert ck.path == path
    assert ck.step == 12
    assert ck.metrics == {"bleu": 3.5, "dev_loss": 4.25}
    assert ck.training == {"optimizer": {"lr": 0.5}}
    assert ck.config == Config(model=model.cfg)
    assert ck.tokenizer.joint
    assert ck.tokenizer.src_proto == tokenizer.src_proto
    assert ck.tokenizer.src_vocab_size == tokenizer.src_vocab_size
    assert ck.model_state.keys() == model.state_dict().keys()
    for name, t in model.state_dict().items():
        assert torch.equal(ck.model_state[name], t), name
    loaded = build_model(ck)
    assert not loaded.training
    src, lengths = pad_batch(random_sources)
    tgt = src[:, :3]
    with torch.no_grad():
        assert torch.equal(loaded(src, lengths, tgt), model(src, lengths, tgt))


def test_no_training_state_by_default(save, tmp_path):
    assert load_checkpoint(save(tmp_path / "ck.pt")).training is None


def test_atomic_save_leaves_only_the_file(save, tmp_path):
    save(tmp_path / "ck.pt")
    save(tmp_path / "ck.pt", step=13)
    assert os.listdir(tmp_path) == ["ck.pt"]
    assert load_checkpoint(tmp_path / "ck.pt").step == 13


def test_failure_mid_write_keeps_the_previous_file(save, tmp_path, monkeypatch):
    path = save(tmp_path / "ck.pt")

    def failing_save(obj, f, *args, **kwargs):
        f.write(b"PK\x03\x04 half a checkpoint")
        raise OSError("No space left on device")

    monkeypatch.setattr(torch, "save", failing_save)
    with pytest.raises(OSError, match="No space left"):
        save(path, step=99)
    monkeypatch.undo()
    assert os.listdir(tmp_path) == ["ck.pt"]
    assert load_checkpoint(path).step == 12


def test_atomic_save_creates_directories(tmp_path):
    atomic_save({"a": torch.ones(2)}, tmp_path / "x" / "y" / "f.pt")
    assert torch.equal(torch.load(tmp_path / "x" / "y" / "f.pt")["a"], torch.ones(2))


def test_truncated_file(save, tmp_path):
    path = save(tmp_path / "ck.pt")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(CheckpointError, match=r"ck\.pt: not a readable checkpoint"):
        load_checkpoint(path)


def test_random_bytes(tmp_path):
    path = tmp_path / "noise.pt"
    path.write_bytes(
        torch.randint(0, 256, (5000,), generator=torch.Generator().manual_seed(0)).byte().numpy().tobytes()
    )
    with pytest.raises(CheckpointError, match=r"noise\.pt"):
        load_checkpoint(path)


def test_missing_file(tmp_path):
    with pytest.raises(CheckpointError, match=r"absent\.pt: no such checkpoint file"):
        load_checkpoint(tmp_path / "absent.pt")


def test_not_a_translator_checkpoint(tmp_path):
    torch.save({"weights": torch.zeros(1)}, tmp_path / "other.pt")
    with pytest.raises(CheckpointError, match=r"other\.pt: not a translator checkpoint"):
        load_checkpoint(tmp_path / "other.pt")


def test_wrong_format_version(model, tokenizer, tmp_path):
    torch.save(raw_payload(model, tokenizer, format_version=FORMAT_VERSION + 1), tmp_path / "new.pt")
    with pytest.raises(CheckpointError, match=r"new\.pt: checkpoint format version 2"):
        load_checkpoint(tmp_path / "new.pt")


def test_vocab_size_mismatch(model, tokenizer, tmp_path):
    config = replace(Config(model=model.cfg), "model", tgt_vocab_size=150)
    torch.save(raw_payload(model, tokenizer, config=config.to_dict()), tmp_path / "ck.pt")
    with pytest.raises(
        CheckpointError, match=r"vocabulary sizes \(200, 200\) do not match the model's \(200, 150\)"
    ):
        load_checkpoint(tmp_path / "ck.pt")


def test_bad_config_and_tokenizer(model, tokenizer, tmp_path):
    config = Config(model=model.cfg).to_dict()
    config["model"]["rnn"] = "transformer"
    torch.save(raw_payload(model, tokenizer, config=config), tmp_path / "a.pt")
    with pytest.raises(CheckpointError, match=r"a\.pt: model\.rnn"):
        load_checkpoint(tmp_path / "a.pt")
    broken = {"src": b"not a model", "tgt": b"x"}
    torch.save(raw_payload(model, tokenizer, tokenizer=broken), tmp_path / "b.pt")
    with pytest.raises(CheckpointError, match=r"b\.pt: .*not a sentencepiece model"):
        load_checkpoint(tmp_path / "b.pt")
    torch.save(raw_payload(model, tokenizer, tokenizer=[]), tmp_path / "c.pt")
    with pytest.raises(CheckpointError, match=r"c\.pt"):
        load_checkpoint(tmp_path / "c.pt")


def test_pickled_code_is_refused(model, tokenizer, tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pt"
    torch.save(raw_payload(model, tokenizer, metrics={"x": RunsCode(marker)}), path)
    with pytest.raises(CheckpointError, match=r"evil\.pt"):
        load_checkpoint(path)
    assert not marker.exists()
    # The payload is live: an unrestricted load would have run it.
    torch.load(path, weights_only=False)
    assert marker.is_dir()


def test_weights_not_matching_config(make_model, tokenizer, tmp_path):
    bigger = make_model(hidden_size=32)
    smaller_config = Config(model=make_model().cfg)
    save_checkpoint(
        tmp_path / "ck.pt",
        model_state=bigger.state_dict(),
        config=smaller_config,
        tokenizer=tokenizer,
        step=1,
        metrics={},
    )
    ck = load_checkpoint(tmp_path / "ck.pt")
    with pytest.raises(CheckpointError, match=r"ck\.pt: weights do not match the model config"):
        build_model(ck)


def test_weights_not_a_state_dict(model, tokenizer, tmp_path):
    torch.save(raw_payload(model, tokenizer, model=[torch.zeros(2)]), tmp_path / "ck.pt")
    with pytest.raises(CheckpointError, match=r"ck\.pt: weights do not match"):
        build_model(load_checkpoint(tmp_path / "ck.pt"))


def test_resolve_model_file_preference(tmp_path):
    for name in ("last.pt", "best.pt", "model.pt"):
        (tmp_path / name).write_bytes(b"")
    assert resolve_model_file(tmp_path) == tmp_path / "model.pt"
    (tmp_path / "model.pt").unlink()
    assert resolve_model_file(tmp_path) == tmp_path / "best.pt"
    (tmp_path / "best.pt").unlink()
    assert resolve_model_file(tmp_path) == tmp_path / "last.pt"
    assert resolve_model_file(tmp_path / "last.pt") == tmp_path / "last.pt"
    (tmp_path / "last.pt").unlink()
    with pytest.raises(CheckpointError, match="no model.pt, best.pt or last.pt"):
        resolve_model_file(tmp_path)


@pytest.mark.parametrize("half", [True, False])
def test_export(save, model, tmp_path, half):
    save(tmp_path / "run" / "best.pt", training={"optimizer": {"lr": 0.5}})
    out = export_model(tmp_path / "run", tmp_path / "model", half=half)
    assert out == tmp_path / "model" / "model.pt"
    ck = load_checkpoint(out)
    assert ck.training is None
    assert ck.step == 12
    dtype = torch.float16 if half else torch.float32
    assert ck.model_state["decoder.bridge.weight"].dtype == dtype
    # Tied weights stay one storage.
    assert (
        ck.model_state["decoder.output.weight"].data_ptr()
        == ck.model_state["decoder.embedding.weight"].data_ptr()
    )
    exported = build_model(ck)
    assert exported.decoder.output.weight is exported.decoder.embedding.weight
    for name, t in model.state_dict().items():
        torch.testing.assert_close(
            exported.state_dict()[name], t, atol=1e-3 if half else 0, rtol=1e-3 if half else 0
        )


def test_checkpoint_from_before_output_layer_is_refused_with_the_fix(
    make_model, tokenizer, tmp_path, pad_batch
):
    """Checkpoints written before `model.output_layer` existed hold a deep output layer; read with
    today's default their weights would not fit, so loading says what they are and how to fix them."""
    deep = make_model(seed=2, output_layer="deep")
    config = Config(model=deep.cfg).to_dict()
    del config["model"]["output_layer"]
    torch.save(raw_payload(deep, tokenizer, config=config), tmp_path / "old.pt")
    expected = r"old\.pt: an older checkpoint format .*model\.output_layer.*'deep'"
    with pytest.raises(CheckpointError, match=expected):
        load_checkpoint(tmp_path / "old.pt")
    config["model"]["output_layer"] = "deep"  # the fix the message gives
    torch.save(raw_payload(deep, tokenizer, config=config), tmp_path / "fixed.pt")
    loaded = build_model(load_checkpoint(tmp_path / "fixed.pt"))
    src, lengths = pad_batch([[5, 6, 7], [8, 9]])
    tgt_in = torch.tensor([[1, 5, 6], [1, 8, 9]])
    torch.testing.assert_close(loaded(src, lengths, tgt_in), deep(src, lengths, tgt_in))
