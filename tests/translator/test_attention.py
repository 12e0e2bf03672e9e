import torch

from translator.attention import AdditiveAttention

QUERY, KEY, ATT = 6, 8, 5
LENGTHS = [5, 2, 4]


def _inputs():
    torch.manual_seed(0)
    attention = AdditiveAttention(QUERY, KEY, ATT)
    query = torch.randn(len(LENGTHS), 3, QUERY)
    memory = torch.randn(len(LENGTHS), max(LENGTHS), KEY)
    mask = torch.arange(max(LENGTHS)).unsqueeze(0) < torch.tensor(LENGTHS).unsqueeze(1)
    return attention, query, memory, mask


def test_weights_are_a_distribution_over_real_positions():
    attention, query, memory, mask = _inputs()
    context, weights = attention(query, attention.project_keys(memory), memory, mask)
    assert weights.shape == (len(LENGTHS), 3, max(LENGTHS))
    assert context.shape == (len(LENGTHS), 3, KEY)
    torch.testing.assert_close(weights.sum(-1), torch.ones(len(LENGTHS), 3))
    assert not weights.masked_select(~mask.unsqueeze(1)).any()
    assert bool((weights.masked_select(mask.unsqueeze(1)) > 0).all())


def test_context_is_weights_times_memory():
    attention, query, memory, mask = _inputs()
    context, weights = attention(query, attention.project_keys(memory), memory, mask)
    torch.testing.assert_close(context, torch.einsum("bts,bsk->btk", weights, memory))


def test_scores_follow_the_additive_formula():
    """weights[b, t] = softmax over real s of v^T tanh(W_q q + b_q + W_k k_s), computed one by one."""
    attention, query, memory, mask = _inputs()
    _, weights = attention(query, attention.project_keys(memory), memory, mask)
    w_q, b_q = attention.query_proj.weight, attention.query_proj.bias
    w_k, v = attention.key_proj.weight, attention.energy.weight.squeeze(0)
    for b, n in enumerate(LENGTHS):
        for t in range(query.size(1)):
            scores = torch.stack(
                [v @ torch.tanh(w_q @ query[b, t] + b_q + w_k @ memory[b, s]) for s in range(n)]
            )
            torch.testing.assert_close(weights[b, t, :n], torch.softmax(scores, 0))


def test_padded_memory_does_not_matter():
    attention, query, memory, mask = _inputs()
    garbage = torch.where(mask.unsqueeze(-1), memory, torch.full_like(memory, 50.0))
    expected = attention(query, attention.project_keys(memory), memory, mask)
    got = attention(query, attention.project_keys(garbage), garbage, mask)
    torch.testing.assert_close(got[0], expected[0])
    torch.testing.assert_close(got[1], expected[1])
