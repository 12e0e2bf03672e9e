"""Corpus-level BLEU and chrF with sacrebleu's defaults (13a tokenisation, cased), and their signatures.

Used for the dev BLEU of the training loop and by `training.evaluate`; the signatures make scores
comparable with published ones.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sacrebleu.metrics import BLEU, CHRF


@dataclass(frozen=True)
class Scores:
    bleu: float
    chrf: float
    bleu_signature: str  # e.g. nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0
    chrf_signature: str

    def to_dict(self) -> dict[str, float | str]:
        return asdict(self)


def score(hypotheses: list[str], references: list[list[str]]) -> Scores:
    """Score one hypothesis per sentence against one or more reference streams.

    `references` holds streams, not sentences: `references[k][i]` is the k-th reference of
    sentence i, so a single reference set is `[refs]`.
    """
    if not references:
        raise ValueError("no reference stream given")
    for k, stream in enumerate(references):
        if len(stream) != len(hypotheses):
            raise ValueError(
                f"{len(hypotheses)} hypotheses but reference stream {k + 1} has {len(stream)} sentences"
            )
    if not hypotheses:
        raise ValueError("nothing to score: no hypotheses")  # sacrebleu fails obscurely on an empty corpus
    bleu, chrf = BLEU(), CHRF()
    bleu_score = bleu.corpus_score(hypotheses, references)
    chrf_score = chrf.corpus_score(hypotheses, references)
    # Signatures are read after scoring: the reference count (nrefs) is only known then.
    return Scores(
        bleu=bleu_score.score,
        chrf=chrf_score.score,
        bleu_signature=str(bleu.get_signature()),
        chrf_signature=str(chrf.get_signature()),
    )
