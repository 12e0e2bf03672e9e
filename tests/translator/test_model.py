import pytest
import torch

from translator.model import DecoderState, EncoderDecoder
from translator.tokenizer import BOS_ID

VARIANTS = [(rnn, cell, "attentional") for rnn in ("gru", "lstm") for cell in ("fused", "reference")] + [
    ("gru", "fused", "deep"),
    ("lstm", "reference", "deep"),
]
HIDDEN, ATT, EMB, LAYERS = 24, 12, 16, 2  # conftest's small_model_config


@pytest.fixture(params=VARIANTS, ids=lambda v: "-".join(v))
def model(request, make_model) -> EncoderDecoder:
    rnn, cell, output_layer = request.param
    return make_model(seed=1, scale=2.0, rnn=rnn, cell=cell, output_layer=output_layer)


@pytest.fixture
def batch(pad_batch, random_sources):
    src, lengths = pad_batch(random_sources)
    gen = torch.Generator().manual_seed(11)
    tgt_in = torch.randint(4, 200, (len(random_sources), 7), generator=gen)
    tgt_in[:, 0] = BOS_ID
    return src, lengths, tgt_in


def test_shapes(model, batch):
    src, lengths, tgt_in = batch
    n, src_len = src.shape
    vocab = model.cfg.tgt_vocab_size
    assert model(src, lengths, tgt_in).shape == (n, tgt_in.size(1), vocab)
    state = model.encode(src, lengths)
    assert state.memory.shape == (n, src_len, HIDDEN)
    assert state.keys.shape == (n, src_len, ATT)
    assert torch.equal(state.src_mask, torch.arange(src_len).unsqueeze(0) < lengths.unsqueeze(1))
    assert state.hidden.shape == (LAYERS, n, HIDDEN)
    if model.cfg.rnn == "lstm":
        assert state.cell.shape == (LAYERS, n, HIDDEN)
    else:
        assert state.cell is None
    log_probs, new_state, weights = model.decode_step(tgt_in[:, 0], state)
    assert log_probs.shape == (n, vocab)
    torch.testing.assert_close(log_probs.exp().sum(-1), torch.ones(n))
    assert weights.shape == (n, src_len)
    assert new_state.hidden.shape == state.hidden.shape
    assert not torch.equal(new_state.hidden, state.hidden)


def test_padding_does_not_change_a_sentence(model, batch):
    src, lengths, tgt_in = batch
    with torch.no_grad():
        together = model(src, lengths, tgt_in)
        for b, n in enumerate(lengths.tolist()):
            alone = model(src[b : b + 1, :n], lengths[b : b + 1], tgt_in[b : b + 1])
            torch.testing.assert_close(together[b : b + 1], alone, atol=1e-5, rtol=1e-5)


def test_stepwise_decoding_equals_teacher_forcing(model, batch):
    """decode_step fed the teacher tokens one at a time gives the full-sequence logits."""
    src, lengths, tgt_in = batch
    with torch.no_grad():
        expected = torch.log_softmax(model(src, lengths, tgt_in), dim=-1)
        state = model.decoder.init_state(model.encoder(src, lengths))
        _, _, expected_att = model.decoder(tgt_in, state)
        state = model.encode(src, lengths)
        for t in range(tgt_in.size(1)):
            log_probs, state, weights = model.decode_step(tgt_in[:, t], state)
            torch.testing.assert_close(log_probs, expected[:, t], atol=1e-5, rtol=1e-5)
            torch.testing.assert_close(weights, expected_att[:, t], atol=1e-6, rtol=1e-5)


def test_stepwise_decoding_through_select(model, batch):
    """Reordering the state with `select` (as beam search does) reorders the next step's results."""
    src, lengths, tgt_in = batch
    with torch.no_grad():
        state = model.encode(src, lengths)
        log_probs, state, _ = model.decode_step(tgt_in[:, 0], state)
        order = torch.tensor([2, 0, 0, 3])
        picked, _, _ = model.decode_step(tgt_in[order, 1], state.select(order))
        full, _, _ = model.decode_step(tgt_in[:, 1], state)
    torch.testing.assert_close(picked, full[order])


def test_dropout_is_active_only_in_training(make_model, batch):
    src, lengths, tgt_in = batch
    model = make_model(dropout=0.5)
    with torch.no_grad():
        eval_logits = model(src, lengths, tgt_in)
        torch.testing.assert_close(model(src, lengths, tgt_in), eval_logits)
        model.train()
        assert not torch.allclose(model(src, lengths, tgt_in), eval_logits)


def test_tied_embeddings_share_one_parameter(make_model):
    model = make_model(tie_embeddings=True)
    assert model.decoder.output.weight is model.decoder.embedding.weight
    assert model.encoder.embedding is model.decoder.embedding
    names = {name for name, _ in model.named_parameters()}
    assert "decoder.output.weight" not in names  # counted once


def test_tied_target_only_when_vocabularies_differ(make_model):
    model = make_model(tie_embeddings=True, src_vocab_size=150)
    assert model.decoder.output.weight is model.decoder.embedding.weight
    assert model.encoder.embedding is not model.decoder.embedding
    assert model.encoder.embedding.weight.shape == (150, EMB)


def test_untied(make_model):
    model = make_model(tie_embeddings=False)
    weights = [model.encoder.embedding.weight, model.decoder.embedding.weight, model.decoder.output.weight]
    assert len({id(w) for w in weights}) == 3


def test_pad_embedding_is_zero(make_model):
    model = make_model(tie_embeddings=False)
    assert not model.encoder.embedding.weight[0].any()
    assert not model.decoder.embedding.weight[0].any()


def test_bad_configs(make_model):
    with pytest.raises(ValueError, match="even"):
        make_model(hidden_size=25)
    with pytest.raises(ValueError, match="vocab"):
        make_model(tgt_vocab_size=0)


def test_decoder_state_select():
    state = DecoderState(
        memory=torch.arange(3.0).view(3, 1, 1),
        keys=torch.arange(3.0).view(3, 1, 1),
        src_mask=torch.tensor([[True], [False], [True]]),
        hidden=torch.arange(6.0).view(2, 3, 1),
        cell=torch.arange(6.0).view(2, 3, 1) + 10,
    )
    picked = state.select(torch.tensor([2, 2, 0]))
    assert picked.memory.flatten().tolist() == [2.0, 2.0, 0.0]
    assert picked.src_mask.flatten().tolist() == [True, True, True]
    assert picked.hidden.squeeze(-1).tolist() == [[2.0, 2.0, 0.0], [5.0, 5.0, 3.0]]
    assert picked.cell.squeeze(-1).tolist() == [[12.0, 12.0, 10.0], [15.0, 15.0, 13.0]]


def test_reorder_moves_only_the_decoder_state(make_model, pad_batch):
    model = make_model().eval()
    src, lengths = pad_batch([[5, 6, 7], [8, 9]])
    state = model.encode(src, lengths).select(torch.tensor([0, 0, 1, 1]))  # 2 beams per sentence
    index = torch.tensor([1, 0, 3, 3])  # rows move only within their sentence's beams
    reordered, selected = state.reorder(index), state.select(index)
    assert torch.equal(reordered.hidden, selected.hidden)
    assert torch.equal(reordered.memory, selected.memory)
    assert reordered.memory is state.memory


def test_output_layers_read_what_they_say(make_model, batch):
    """Only the deep output layer sees the previous subword directly."""
    src, lengths, tgt_in = batch
    changed = tgt_in.clone()
    changed[:, -1] = (changed[:, -1] + 1) % 200 + 4  # the last input word only
    for output_layer, differs in (("attentional", False), ("deep", True)):
        model = make_model(seed=3, output_layer=output_layer)
        # With the query RNN's input weights at zero, the last word reaches the logits only
        # through the output layer.
        with torch.no_grad():
            for name, param in model.decoder.rnn_query.named_parameters():
                if "ih" in name:
                    param.zero_()
        last = model(src, lengths, tgt_in)[:, -1]
        assert (not torch.allclose(last, model(src, lengths, changed)[:, -1])) == differs, output_layer


def test_parameters_start_uniform_within_init_range(make_model):
    """Every parameter but the embeddings, which keep N(0, 1/emb_dim) so that tied output logits
    start at the same scale for any embedding size."""
    model = make_model(init_range=0.05)
    embedding = model.decoder.embedding.weight
    for name, param in model.named_parameters():
        if param is embedding:
            continue
        assert param.abs().max() <= 0.05, name
        if param.numel() >= 100:  # large enough to reach near the bound
            assert param.abs().max() > 0.04, name
    assert embedding.abs().max() > 0.1
    assert not embedding[0].any()  # PAD


def test_zero_init_range_keeps_torchs_initialisation(make_model):
    bridge = make_model(init_range=0.0).decoder.bridge
    assert bridge.weight.abs().max() <= bridge.in_features**-0.5
    assert bridge.weight.abs().max() > 0.1  # outside U(-0.1, 0.1)
