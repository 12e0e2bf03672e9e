import pytest
import torch

from translator.compiled import compile_model, compiled_updates
from translator.input_table import InputTable, gru_update, lstm_update
from translator.precision import apply_precision


def _greedy_steps(model, src, lengths, steps: int = 4):
    """Log-probs, attention and hidden state of `steps` greedy decoder steps."""
    state = model.encode(src, lengths)
    prev = torch.full((src.size(0),), 1)
    out = []
    for _ in range(steps):
        log_probs, state, weights = model.decode_step(prev, state)
        out.append((log_probs, weights, state.hidden, state.cell))
        prev = log_probs.argmax(dim=-1)
    return out


@pytest.mark.parametrize("rnn", ["gru", "lstm"])
@pytest.mark.parametrize("layers", [1, 2])
def test_decoding_from_the_table_matches_the_recurrent_layer(
    make_model, pad_batch, random_sources, rnn, layers
):
    model = make_model(seed=2, scale=3.0, rnn=rnn, decoder_layers=layers)
    src, lengths = pad_batch(random_sources)
    with torch.inference_mode():
        expected = _greedy_steps(model, src, lengths)
        assert model.decoder.tabulate()
        assert isinstance(model.decoder.input_table, InputTable)
        got = _greedy_steps(model, src, lengths)
    for (lp, w, h, c), (lp_e, w_e, h_e, c_e) in zip(got, expected, strict=True):
        torch.testing.assert_close(lp, lp_e, rtol=1e-5, atol=1e-5)
        torch.testing.assert_close(w, w_e, rtol=1e-5, atol=1e-6)
        torch.testing.assert_close(h, h_e, rtol=1e-5, atol=1e-6)
        if rnn == "lstm":
            torch.testing.assert_close(c, c_e, rtol=1e-5, atol=1e-6)
        else:
            assert c is None
    with torch.inference_mode():
        model.decoder.input_table.table.fill_(float("nan"))  # the steps above did read the table
        assert torch.isnan(_greedy_steps(model, src, lengths, steps=1)[0][0]).all()


def test_table_rows_are_the_input_products_of_each_word(make_model):
    model = make_model(seed=4)
    rnn, embedding = model.decoder.rnn_query.rnn, model.decoder.embedding
    table = InputTable(rnn, embedding).table
    assert table.shape == (embedding.num_embeddings, 3 * rnn.hidden_size)
    word = 7
    expected = rnn.weight_ih_l0 @ embedding.weight[word] + rnn.bias_ih_l0
    torch.testing.assert_close(table[word], expected.detach(), rtol=1e-5, atol=1e-6)


def test_training_mode_drops_the_table_and_checkpoints_never_hold_it(make_model):
    model = make_model(seed=1)
    keys = set(model.state_dict())
    assert model.decoder.tabulate()
    assert set(model.state_dict()) == keys
    model.eval()
    assert model.decoder.input_table is not None
    model.train()
    assert model.decoder.input_table is None


def test_teacher_forcing_does_not_use_the_table(make_model, pad_batch, random_sources):
    model = make_model(seed=5, scale=2.0)
    src, lengths = pad_batch(random_sources)
    tgt_in = torch.randint(3, model.cfg.tgt_vocab_size, (src.size(0), 5))
    with torch.inference_mode():
        expected = model(src, lengths, tgt_in)
        model.decoder.tabulate()
        model.decoder.input_table.table.fill_(float("nan"))  # would poison any output that read it
        torch.testing.assert_close(model(src, lengths, tgt_in), expected)


@pytest.mark.parametrize("changes", [{"cell": "reference"}, {}])
def test_no_table_without_torchs_fused_layer(make_model, changes):
    model = make_model(seed=1, **changes)
    if not changes:  # int8: the layer becomes a dynamically quantised GRU
        model = apply_precision(model, "int8")
    assert not model.decoder.tabulate()
    assert model.decoder.input_table is None


@pytest.mark.slow  # torch.compile
def test_compile_model_switches_the_tables_to_compiled_updates(make_model, pad_batch, random_sources):
    model = make_model(seed=6, scale=3.0, rnn="lstm")
    src, lengths = pad_batch(random_sources)
    model.decoder.tabulate()
    assert model.decoder.input_table.update is lstm_update
    with torch.inference_mode():
        expected = _greedy_steps(model, src, lengths, steps=2)
        compile_model(model)
        assert model.decoder.input_table.update is compiled_updates["lstm"]
        got = _greedy_steps(model, src, lengths, steps=2)
    for (lp, *_), (lp_e, *_) in zip(got, expected, strict=True):
        torch.testing.assert_close(lp, lp_e, rtol=1e-5, atol=1e-5)


def test_gru_update_follows_the_gate_equations():
    torch.manual_seed(0)
    gates_in, gates_hidden, h = torch.randn(2, 6), torch.randn(2, 6), torch.randn(2, 2)
    in_r, in_z, in_n = gates_in.chunk(3, -1)
    hid_r, hid_z, hid_n = gates_hidden.chunk(3, -1)
    z = torch.sigmoid(in_z + hid_z)
    n = torch.tanh(in_n + torch.sigmoid(in_r + hid_r) * hid_n)
    torch.testing.assert_close(gru_update(gates_in, gates_hidden, h), (1 - z) * n + z * h)


def test_a_multi_layer_or_bidirectional_layer_is_refused():
    embedding = torch.nn.Embedding(10, 4)
    for rnn in (torch.nn.GRU(4, 3, num_layers=2), torch.nn.GRU(4, 3, bidirectional=True)):
        with pytest.raises(ValueError, match="one layer of one direction"):
            InputTable(rnn, embedding)
