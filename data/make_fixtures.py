"""Writes the small real test fixtures with the project's own code:

    python -m data.make_fixtures

tests/fixtures/bible-300.tsv: 300 aligned, cleaned verse pairs (English<TAB>Spanish) from narrative and
gospel chapters; tests/fixtures/spm-200.model: a joint 200-piece unigram model trained on them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from data.align import read_bible, to_pairs
from data.clean import clean_pairs
from data.tokenize import train_spm
from translator.config import DataConfig, TokenizerConfig
from translator.errors import TranslatorError, cli_error

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"
# (book, chapter): short, plain verses from both testaments.
CHAPTERS = (
    [("Gen", c) for c in range(1, 5)]
    + [("Ruth", c) for c in range(1, 5)]
    + [("John", c) for c in range(1, 4)]
)
N_PAIRS = 300
# The tests use ids up to 199 as ordinary pieces, so the model must have exactly this many.
VOCAB_SIZE = 200


def main() -> int:
    try:
        return write_fixtures()
    except TranslatorError as exc:  # no Bible modules, a tokenizer that cannot be trained
        return cli_error(exc)


def write_fixtures() -> int:
    wanted = set(CHAPTERS)
    verses = [(en, es) for en, es in read_bible().pairs if (en.book_name, en.chapter) in wanted]
    defaults = DataConfig()
    cleaned = clean_pairs(to_pairs(verses, "en"), defaults.max_length_ratio, defaults.min_ratio_tokens)
    pairs = cleaned.pairs[:N_PAIRS]
    if len(pairs) != N_PAIRS:
        raise SystemExit(f"only {len(pairs)} pairs in {CHAPTERS}; add chapters")
    FIXTURES.mkdir(parents=True, exist_ok=True)
    tsv = FIXTURES / f"bible-{N_PAIRS}.tsv"
    tsv.write_text("".join(f"{p.src}\t{p.tgt}\n" for p in pairs), encoding="utf-8")
    model = FIXTURES / f"spm-{VOCAB_SIZE}.model"
    cfg = TokenizerConfig(model_type="unigram", vocab_size=VOCAB_SIZE, joint=True)
    pieces = train_spm([p.src for p in pairs] + [p.tgt for p in pairs], cfg, model)
    if pieces != VOCAB_SIZE:
        raise SystemExit(f"{model}: {pieces} pieces, expected {VOCAB_SIZE}")
    print(f"wrote {tsv} ({len(pairs)} pairs) and {model} ({pieces} pieces)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
