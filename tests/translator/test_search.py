import math

import pytest
import torch

from translator.search import beam_search, greedy, length_penalty, max_lengths
from translator.tokenizer import BOS_ID, EOS_ID

VOCAB = 10


class ToyState:
    """The tokens fed so far (BOS included) and the source mask of every row."""

    def __init__(self, prefixes: list[tuple[int, ...]], src_mask: torch.Tensor) -> None:
        self.prefixes = prefixes
        self.src_mask = src_mask

    def select(self, index: torch.Tensor) -> "ToyState":
        return ToyState([self.prefixes[i] for i in index.tolist()], self.src_mask.index_select(0, index))

    def reorder(self, index: torch.Tensor) -> "ToyState":
        return ToyState([self.prefixes[i] for i in index.tolist()], self.src_mask)


class ToyModel:
    """Next-token probabilities looked up by the generated prefix (BOS excluded).

    A prefix not in the table gets `default` (EOS unless given); tokens not listed have probability 0.
    The source only sets the length limit; attention is uniform over the real source positions.
    """

    def __init__(
        self, table: dict[tuple[int, ...], dict[int, float]], default: dict[int, float] | None = None
    ):
        self.table = table
        self.default = default or {EOS_ID: 1.0}

    def distribution(self, prefix: tuple[int, ...]) -> dict[int, float]:
        return self.table.get(prefix, self.default)

    def log_prob(self, tokens: list[int]) -> float:
        """log P(tokens + EOS)."""
        path = [*tokens, EOS_ID]
        return sum(math.log(self.distribution(tuple(path[:i])).get(path[i], 0.0)) for i in range(len(path)))

    def encode(self, src: torch.Tensor, src_lengths: torch.Tensor) -> ToyState:
        mask = torch.arange(src.size(1)).unsqueeze(0) < src_lengths.unsqueeze(1)
        return ToyState([()] * src.size(0), mask)

    def decode_step(self, prev: torch.Tensor, state: ToyState):
        prefixes = [p + (int(t),) for p, t in zip(state.prefixes, prev, strict=True)]
        log_probs = torch.full((len(prefixes), VOCAB), float("-inf"))
        for row, prefix in enumerate(prefixes):
            assert prefix[0] == BOS_ID
            for token, p in self.distribution(prefix[1:]).items():
                log_probs[row, token] = math.log(p)
        weights = state.src_mask.float() / state.src_mask.sum(1, keepdim=True)
        return log_probs, ToyState(prefixes, state.src_mask), weights


# Greedy's first choice (4, p=0.6) leads only to unlikely continuations; 5 (p=0.4) ends well.
TRAP = ToyModel(
    {
        (): {4: 0.6, 5: 0.4},
        (4,): {6: 0.3, 7: 0.25, 8: 0.25, 9: 0.2},
        (5,): {EOS_ID: 0.9, 6: 0.1},
    }
)
# "4 </s>" has the higher probability (0.6), "5 6 7 </s>" (0.4) the better per-token score.
SHORT_OR_LONG = ToyModel({(): {4: 0.6, 5: 0.4}, (4,): {EOS_ID: 1.0}, (5,): {6: 1.0}, (5, 6): {7: 1.0}})
# EOS is always far less likely than the alternatives: every output runs into the length limit.
ENDLESS = ToyModel({}, default={4: 0.35, 5: 0.25, 6: 0.2, 7: 0.19, EOS_ID: 0.01})


def _src(pad_batch, lengths: list[int]):
    return pad_batch([[4] * (n - 1) + [EOS_ID] for n in lengths])


@pytest.fixture(scope="module")
def real_model(make_model):
    """A random model whose outputs differ in length, some ending before the limit (calibrated
    on torch's initialisation: under init_range 0.1, EOS never wins at these sizes)."""
    return make_model(seed=0, scale=3.0, init_range=0.0)


@pytest.fixture(scope="module")
def real_batch(pad_batch, random_sources):
    return pad_batch(random_sources)


def _same(a, b, rel=1e-5):
    """Two n-best lists of hypotheses agree: tokens equal, scores close."""
    assert [h.tokens for h in a] == [h.tokens for h in b]
    assert [h.score for h in a] == pytest.approx([h.score for h in b], rel=rel, abs=1e-6)
    assert [h.log_prob for h in a] == pytest.approx([h.log_prob for h in b], rel=rel, abs=1e-6)


def test_beam_one_is_greedy_on_toy(pad_batch):
    src, lengths = _src(pad_batch, [3, 5])
    for model in (TRAP, SHORT_OR_LONG, ENDLESS):
        g = greedy(model, src, lengths, alpha=0.6)
        b = beam_search(model, src, lengths, beam_size=1, alpha=0.6)
        for hg, hb in zip(g, b, strict=True):
            _same(hg, hb)


def test_beam_one_is_greedy_on_random_model(real_model, real_batch):
    g = greedy(real_model, *real_batch)
    b = beam_search(real_model, *real_batch, beam_size=1)
    for hg, hb in zip(g, b, strict=True):
        _same(hg, hb, rel=1e-6)
    assert len({len(h[0].tokens) for h in g}) > 1


def test_beam_escapes_greedy_trap(pad_batch):
    src, lengths = _src(pad_batch, [4])
    (g,) = greedy(TRAP, src, lengths, alpha=0.0)[0]
    best, second = beam_search(TRAP, src, lengths, beam_size=2, n_best=2, alpha=0.0)[0]
    assert g.tokens == [4, 6]
    assert g.log_prob == pytest.approx(math.log(0.6 * 0.3))
    assert best.tokens == [5]
    assert best.log_prob == pytest.approx(math.log(0.4 * 0.9))
    assert best.log_prob > g.log_prob
    assert second.tokens == [4, 6]


def test_alpha_favours_longer_hypotheses(pad_batch):
    src, lengths = _src(pad_batch, [4])
    short = beam_search(SHORT_OR_LONG, src, lengths, beam_size=2, n_best=2, alpha=0.0)[0]
    long = beam_search(SHORT_OR_LONG, src, lengths, beam_size=2, n_best=2, alpha=1.0)[0]
    assert [h.tokens for h in short] == [[4], [5, 6, 7]]
    assert [h.tokens for h in long] == [[5, 6, 7], [4]]
    # log P is the same whatever alpha; only the ranking score changes.
    assert [h.log_prob for h in long] == pytest.approx([math.log(0.4), math.log(0.6)])
    assert [h.score for h in long] == pytest.approx([math.log(0.4) / 4, math.log(0.6) / 2])


def test_early_stop_ends_at_the_first_best_eos(pad_batch):
    """With alpha 1, "5 6 7" outscores "4"; early stop ends when "4 </s>" is the best continuation."""
    src, lengths = _src(pad_batch, [4])
    full = beam_search(SHORT_OR_LONG, src, lengths, beam_size=2, alpha=1.0, early_stop=False)[0]
    early = beam_search(SHORT_OR_LONG, src, lengths, beam_size=2, alpha=1.0, early_stop=True)[0]
    assert [h.tokens for h in full] == [[5, 6, 7]]
    assert [h.tokens for h in early] == [[4]]
    # n_best hypotheses are still waited for.
    two = beam_search(SHORT_OR_LONG, src, lengths, beam_size=2, n_best=2, alpha=1.0, early_stop=True)[0]
    assert [h.tokens for h in two] == [[5, 6, 7], [4]]


def test_length_penalty():
    assert length_penalty(3, 0.0) == 1.0
    assert length_penalty(4, 0.5) == pytest.approx(2.0)
    assert length_penalty(8, 1.0) == 8
    torch.testing.assert_close(length_penalty(torch.tensor([1.0, 9.0]), 0.5), torch.tensor([1.0, 3.0]))


@pytest.mark.parametrize("alpha", [0.0, 0.75, 1.3])
def test_score_is_log_prob_over_length_counting_eos(pad_batch, alpha):
    src, lengths = _src(pad_batch, [4])
    (g,) = greedy(TRAP, src, lengths, alpha=alpha)[0]
    hyps = beam_search(TRAP, src, lengths, beam_size=3, n_best=3, alpha=alpha)[0]
    for h in [g, *hyps]:
        assert h.log_prob == pytest.approx(TRAP.log_prob(h.tokens), rel=1e-6)
        assert h.score == pytest.approx(h.log_prob / (len(h.tokens) + 1) ** alpha, rel=1e-6)


def test_batch_equals_one_sentence_at_a_time(real_model, real_batch):
    src, lengths = real_batch
    together = beam_search(real_model, src, lengths, beam_size=5, n_best=3)
    for b, n in enumerate(lengths.tolist()):
        alone = beam_search(real_model, src[b : b + 1, :n], lengths[b : b + 1], beam_size=5, n_best=3)
        assert len(alone[0]) == 3
        _same(together[b], alone[0])
    greedy_together = greedy(real_model, src, lengths)
    for b, n in enumerate(lengths.tolist()):
        _same(greedy_together[b], greedy(real_model, src[b : b + 1, :n], lengths[b : b + 1])[0])


def test_n_best_sorted_and_distinct(real_model, real_batch):
    for hyps in beam_search(real_model, *real_batch, beam_size=6, n_best=6, alpha=0.5):
        assert len(hyps) == 6
        scores = [h.score for h in hyps]
        assert scores == sorted(scores, reverse=True)
        assert len({tuple(h.tokens) for h in hyps}) == 6
        assert EOS_ID not in [t for h in hyps for t in h.tokens]


@pytest.mark.parametrize(("a", "b"), [(1.5, 2), (0.0, 1), (2.0, 0)])
def test_output_stops_at_the_length_limit(pad_batch, a, b):
    src, lengths = _src(pad_batch, [1, 3, 4])
    limits = [int(n * a + b) for n in (1, 3, 4)]
    assert max_lengths(lengths, a, b).tolist() == limits
    for result in (
        greedy(ENDLESS, src, lengths, max_len_a=a, max_len_b=b),
        beam_search(ENDLESS, src, lengths, beam_size=2, n_best=2, max_len_a=a, max_len_b=b),
    ):
        for hyps, limit in zip(result, limits, strict=True):
            for h in hyps:
                # EOS was forced as the last allowed token (it is never chosen freely here).
                assert len(h.tokens) + 1 == limit
                assert set(h.tokens) <= {4, 5}
                assert h.log_prob == pytest.approx(ENDLESS.log_prob(h.tokens), rel=1e-5)


class RowCounting(ToyModel):
    """ENDLESS, recording how many rows each decoder step runs on."""

    def __init__(self) -> None:
        super().__init__(ENDLESS.table, ENDLESS.default)
        self.rows: list[int] = []

    def decode_step(self, prev: torch.Tensor, state: ToyState):
        self.rows.append(prev.numel())
        return super().decode_step(prev, state)


@pytest.mark.parametrize("search", ["greedy", "beam"])
def test_finished_sentences_leave_the_batch(pad_batch, search):
    """Limits 3 and 9 (a=1, b=1): the short sentence's rows stop after its 3rd step. The first step
    runs one row per sentence, as a sentence's beams all start from the same BOS hypothesis."""
    model = RowCounting()
    src, lengths = _src(pad_batch, [2, 8])
    if search == "greedy":
        result, k = greedy(model, src, lengths, max_len_a=1.0, max_len_b=1), 1
    else:
        result, k = beam_search(model, src, lengths, beam_size=2, max_len_a=1.0, max_len_b=1), 2
    assert [len(hyps[0].tokens) + 1 for hyps in result] == [3, 9]
    assert model.rows == [2] + [2 * k] * 2 + [k] * 6


@pytest.mark.parametrize("search", ["greedy", "beam"])
def test_max_len_caps_the_output_whatever_the_source(pad_batch, search):
    """Sources of 3 and 40 tokens would allow 14 and 70 (1.5 x + 10); max_len=6 allows 6 to both."""
    src, lengths = _src(pad_batch, [3, 40])
    assert max_lengths(lengths, 1.5, 10, max_len=6).tolist() == [6, 6]
    model = RowCounting()
    if search == "greedy":
        result = greedy(model, src, lengths, max_len=6)
    else:
        result = beam_search(model, src, lengths, beam_size=2, max_len=6)
    assert [len(hyps[0].tokens) + 1 for hyps in result] == [6, 6]
    assert len(model.rows) == 6


class Abandoning:
    """An `abandoned` callback that gives up on `sentences` from its `after`-th call on."""

    def __init__(self, sentences: list[int], after: int) -> None:
        self.sentences = sentences
        self.after = after
        self.calls = 0

    def __call__(self) -> list[int]:
        self.calls += 1
        return self.sentences if self.calls >= self.after else []


@pytest.mark.parametrize("search", ["greedy", "beam"])
def test_abandoned_sentences_leave_the_batch_between_steps(pad_batch, search):
    """Sentence 1 of 3 (limits 9 each) is abandoned after step 2: from step 3 on its rows are gone,
    it gets no hypothesis, and the others decode exactly as without it."""
    model = RowCounting()
    src, lengths = _src(pad_batch, [8, 8, 8])
    common = dict(max_len_a=1.0, max_len_b=1)
    if search == "greedy":
        k, run = 1, lambda **kw: greedy(model, src, lengths, **common, **kw)
    else:
        k, run = 2, lambda **kw: beam_search(model, src, lengths, beam_size=2, **common, **kw)
    whole = run()
    model.rows.clear()
    result = run(abandoned=Abandoning([1], after=2))
    assert result[1] == []
    _same(result[0], whole[0])
    _same(result[2], whole[2])
    assert model.rows == [3] + [3 * k] + [2 * k] * 7


@pytest.mark.parametrize("search", ["greedy", "beam"])
def test_search_stops_when_every_sentence_is_abandoned(pad_batch, search):
    model = RowCounting()
    src, lengths = _src(pad_batch, [30, 30])
    abandoned = Abandoning([0, 1], after=3)
    if search == "greedy":
        result = greedy(model, src, lengths, abandoned=abandoned)
    else:
        result = beam_search(model, src, lengths, beam_size=2, abandoned=abandoned)
    assert result == [[], []]
    assert len(model.rows) == 3  # of the 55 steps the length limit allows


def test_real_outputs_never_exceed_the_limit(real_model, real_batch):
    src, lengths = real_batch
    limits = (lengths * 0.5 + 3).long().tolist()
    seen = []
    for result in (
        beam_search(real_model, src, lengths, beam_size=3, n_best=3, max_len_a=0.5, max_len_b=3),
        greedy(real_model, src, lengths, max_len_a=0.5, max_len_b=3),
    ):
        for hyps, limit in zip(result, limits, strict=True):
            seen += [len(h.tokens) + 1 for h in hyps]
            assert all(len(h.tokens) + 1 <= limit for h in hyps)
    assert max(seen) == max(limits)


def test_return_attention(real_model, real_batch):
    src, lengths = real_batch
    for result in (
        greedy(real_model, src, lengths, return_attention=True),
        beam_search(real_model, src, lengths, beam_size=4, n_best=3, return_attention=True),
    ):
        for hyps, n in zip(result, lengths.tolist(), strict=True):
            for h in hyps:
                assert h.attention.shape == (len(h.tokens) + 1, n)
                torch.testing.assert_close(h.attention.sum(-1), torch.ones(len(h.tokens) + 1))
    assert greedy(real_model, src, lengths)[0][0].attention is None


@pytest.mark.parametrize("search", ["beam", "greedy"])
def test_hypotheses_agree_with_teacher_forced_rescoring(real_model, real_batch, search):
    """Each hypothesis' log_prob and attention are those of the model run over its own tokens: the
    search's bookkeeping (reordering beams, finishing, dropping sentences) keeps rows together."""
    src, lengths = real_batch
    if search == "beam":
        results = beam_search(
            real_model, src, lengths, beam_size=4, n_best=4, alpha=0.3, return_attention=True
        )
    else:
        results = greedy(real_model, src, lengths, return_attention=True)
    limits = max_lengths(lengths, 1.5, 10).tolist()
    assert any(len(h.tokens) + 1 < limit for hyps, limit in zip(results, limits, strict=True) for h in hyps)
    with torch.no_grad():
        for b, (hyps, n) in enumerate(zip(results, lengths.tolist(), strict=True)):
            state = real_model.encode(src[b : b + 1, :n], lengths[b : b + 1])
            for h in hyps:
                logits, _, weights = real_model.decoder(torch.tensor([[BOS_ID, *h.tokens]]), state)
                log_probs = torch.log_softmax(logits[0], dim=-1)
                expected = log_probs.gather(1, torch.tensor([*h.tokens, EOS_ID]).unsqueeze(1)).sum()
                assert h.log_prob == pytest.approx(float(expected), rel=1e-5)
                torch.testing.assert_close(h.attention, weights[0], atol=1e-5, rtol=1e-5)


def test_attention_rows_follow_the_hypothesis(pad_batch):
    """Toy attention is uniform over the real source, so each row is 1/source_length."""
    src, lengths = _src(pad_batch, [2, 5])
    for hyps, n in zip(
        beam_search(TRAP, src, lengths, beam_size=2, return_attention=True), (2, 5), strict=True
    ):
        torch.testing.assert_close(hyps[0].attention, torch.full((2, n), 1 / n))


@pytest.mark.parametrize("n_best", [0, 4])
def test_n_best_out_of_range(real_model, real_batch, n_best):
    with pytest.raises(ValueError, match="n_best"):
        beam_search(real_model, *real_batch, beam_size=3, n_best=n_best)


def test_beam_wider_than_half_the_vocabulary(pad_batch):
    """2k candidates exceed the first step's vocabulary (one row per sentence): the missing ones
    are -inf, so they never finish a hypothesis, and every sentence still gets its best ones."""
    src, lengths = _src(pad_batch, [4, 4])
    k = VOCAB // 2 + 1
    for hyps in beam_search(TRAP, src, lengths, beam_size=k, n_best=2, alpha=0.0):
        assert [h.tokens for h in hyps] == [[5], [4, 6]]
        assert hyps[0].log_prob == pytest.approx(math.log(0.4 * 0.9))


class GradRecording(ToyModel):
    """A ToyModel that records whether autograd was off at each decoding step."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.modes: list[bool] = []

    def decode_step(self, prev, state):
        self.modes.append(torch.is_inference_mode_enabled())
        return super().decode_step(prev, state)


@pytest.mark.parametrize("search", [greedy, beam_search])
def test_searches_run_without_autograd(pad_batch, search):
    """Both searches run in inference mode whatever the caller's: no graph is kept for the steps."""
    model = GradRecording({(): {4: 1.0}, (4,): {EOS_ID: 1.0}})
    with torch.enable_grad():
        search(model, *_src(pad_batch, [3, 2]))
    assert model.modes and all(model.modes)
