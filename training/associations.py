"""Count which source and target words come together in a corpus's train split: the table with which the
service finds the words of a translation that no word of its source accounts for
(`translator.associations`).

    python -m training.associations --data-dir data/prepared/general-names --src es --tgt en \\
        --out models/es-en/associations.bloom

Reads the train split only (`train.SRC`, `train.TGT`), never a dev or test set; `python -m
training.lexicon` writes the same file beside the lexicon. Each line's words (`translator.lexicon.WORD`,
lower case) count once per line. A pair is kept where found in `--min-count` lines or more and `--lift`
times as often as chance; a target word in more than `--common-share` of the lines is common. For the
552k pairs of data/prepared/general-names: about a minute and 3 GB, some 2.7 million pairs.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import torch
from tqdm import tqdm

from translator.associations import COMMON_SHARE, LIFT, MIN_COUNT, Associations
from translator.cli_types import positive_float, positive_int
from translator.errors import TranslatorError, cli_error
from translator.lexicon import WORD

log = logging.getLogger(__name__)
CHUNK = 20_000  # lines whose word pairs are counted at once
# `corpus_translations`: lines a word and its translation are found together in, and their Dice
# coefficient, at least.
TRANSLATION_MIN_COUNT = 3
TRANSLATION_MIN_DICE = 0.3


class AssociationsBuildError(TranslatorError, ValueError):
    """Train files that cannot be read or do not line up."""


def _ids(line: str, vocab: dict[str, int]) -> list[int]:
    """The ids of the line's distinct words, numbered as first met: in the order of the text, never a
    set's (which changes with each process's string hashes, and with it which of two equal matches
    `corpus_translations` keeps)."""
    return [vocab.setdefault(w, len(vocab)) for w in dict.fromkeys(m.lower() for m in WORD.findall(line))]


def _unique_counts(
    codes: torch.Tensor, counts: torch.Tensor | None = None
) -> tuple[torch.Tensor, torch.Tensor]:
    """The distinct codes and how many of each (summing `counts` where given)."""
    unique, inverse = torch.unique(codes, return_inverse=True)
    totals = torch.zeros(len(unique), dtype=torch.long)
    totals.scatter_add_(0, inverse, torch.ones_like(codes) if counts is None else counts)
    return unique, totals


@dataclass(frozen=True)
class Thresholds:
    min_count: int = MIN_COUNT  # lines a pair is found in, at least
    lift: float = LIFT  # times as often as chance, at least
    common_share: float = COMMON_SHARE  # a target word in more lines than this share is common


@dataclass(frozen=True)
class Cooccurrence:
    """How often the (lower-case) words of a corpus's line pairs are found, and found together: each pair
    of a source word in `min_count` lines or more and a target word that is not common."""

    src_words: list[str]  # by id
    tgt_words: list[str]
    src_lines: torch.Tensor  # lines each source word is in, by id
    tgt_lines: torch.Tensor
    lines: int
    src_ids: torch.Tensor  # one entry per pair found together: the source word, the target word, the lines
    tgt_ids: torch.Tensor
    together: torch.Tensor
    common: frozenset[str]
    thresholds: Thresholds  # those counted with, and those `associated_pairs` keeps pairs by


def count_cooccurrence(
    sources: Sequence[str],
    targets: Sequence[str],
    thresholds: Thresholds = Thresholds(),
    progress: bool = False,
) -> Cooccurrence:
    """The counts of these line pairs, each line's words counted once."""
    if len(sources) != len(targets):
        raise AssociationsBuildError(f"{len(sources)} source lines but {len(targets)} target lines")
    src_vocab: dict[str, int] = {}
    tgt_vocab: dict[str, int] = {}
    rows = [
        (_ids(s, src_vocab), _ids(t, tgt_vocab))
        for s, t in tqdm(
            zip(sources, targets, strict=True), total=len(sources), disable=not progress, desc="words"
        )
    ]
    lines = len(rows)
    src_lines = torch.bincount(
        torch.tensor([i for s, _ in rows for i in s], dtype=torch.long), minlength=len(src_vocab)
    )
    tgt_lines = torch.bincount(
        torch.tensor([i for _, t in rows for i in t], dtype=torch.long), minlength=len(tgt_vocab)
    )
    is_common = tgt_lines > thresholds.common_share * lines
    frequent_enough = src_lines >= thresholds.min_count
    width = max(len(tgt_vocab), 1)
    parts: list[tuple[torch.Tensor, torch.Tensor]] = []
    pending: list[torch.Tensor] = []
    for index, (s, t) in enumerate(tqdm(rows, disable=not progress, desc="pairs")):
        src = torch.tensor(s, dtype=torch.long)
        tgt = torch.tensor(t, dtype=torch.long)
        src, tgt = src[frequent_enough[src]], tgt[~is_common[tgt]]
        if len(src) and len(tgt):
            pending.append((src[:, None] * width + tgt[None, :]).flatten())
        if pending and (len(pending) >= CHUNK or index == lines - 1):
            parts.append(_unique_counts(torch.cat(pending)))
            pending = []
    codes, together = (
        _unique_counts(torch.cat([p[0] for p in parts]), torch.cat([p[1] for p in parts]))
        if parts
        else (torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long))
    )
    return Cooccurrence(
        list(src_vocab),  # dicts keep their order: by id
        list(tgt_vocab),
        src_lines,
        tgt_lines,
        lines,
        codes // width,
        codes % width,
        together,
        frozenset(w for w, i in tgt_vocab.items() if is_common[i]),
        thresholds,
    )


def associated_pairs(counts: Cooccurrence) -> tuple[list[tuple[str, str]], frozenset[str]]:
    """The associated (source word, target word) pairs of counted line pairs, by the thresholds they were
    counted with, and the common target words."""
    co, thresholds = counts, counts.thresholds
    kept = (co.together >= thresholds.min_count) & (
        co.together.double() * co.lines
        >= thresholds.lift * co.src_lines[co.src_ids].double() * co.tgt_lines[co.tgt_ids].double()
    )
    pairs = [
        (co.src_words[s], co.tgt_words[t])
        for s, t in zip(co.src_ids[kept].tolist(), co.tgt_ids[kept].tolist(), strict=True)
    ]
    return pairs, co.common


def _written(lines: Sequence[str], words: set[str]) -> dict[str, str]:
    """Each of these lower-case words as `lines` write it most often ("prague": "Prague")."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for line in lines:
        for word in WORD.findall(line):
            if word.lower() in words:
                forms[word.lower()][word] += 1
    return {word: counter.most_common(1)[0][0] for word, counter in forms.items()}


def corpus_translations(
    sources: Sequence[str],
    targets: Sequence[str],
    counts: Cooccurrence,
    leave_out: set[str],
    min_count: int = TRANSLATION_MIN_COUNT,
    min_dice: float = TRANSLATION_MIN_DICE,
) -> list[tuple[str, str]]:
    """Word translations the line pairs themselves give: a source word and a target word, each the
    other's best match by the Dice coefficient (2 x lines together / (lines of one + lines of the
    other)), found together in `min_count` lines or more with a coefficient of `min_dice` or more; both
    alphabetic and different, the source word not in `leave_out` (lower case). Each as the lines write
    it most often ("Prague", "Praga"; "taza", "cup"), in the order of the source words' first lines."""
    co = counts
    dice = 2 * co.together.double() / (co.src_lines[co.src_ids] + co.tgt_lines[co.tgt_ids]).double()
    dice = torch.where(co.together >= min_count, dice, torch.zeros_like(dice))
    best_of_src = torch.zeros(len(co.src_words), dtype=torch.double).scatter_reduce(
        0, co.src_ids, dice, "amax"
    )
    best_of_tgt = torch.zeros(len(co.tgt_words), dtype=torch.double).scatter_reduce(
        0, co.tgt_ids, dice, "amax"
    )
    mutual = (dice >= min_dice) & (dice == best_of_src[co.src_ids]) & (dice == best_of_tgt[co.tgt_ids])
    found: dict[str, str] = {}
    for s, t in zip(co.src_ids[mutual].tolist(), co.tgt_ids[mutual].tolist(), strict=True):
        source, target = co.src_words[s], co.tgt_words[t]
        if source not in found and source not in leave_out and source != target:
            if source.isalpha() and target.isalpha():
                found[source] = target
    src_forms, tgt_forms = _written(sources, set(found)), _written(targets, set(found.values()))
    return [(src_forms.get(s, s), tgt_forms.get(t, t)) for s, t in found.items()]


def build_associations(data_dir: Path, src: str, tgt: str, counts: Cooccurrence) -> Associations:
    """The table of the counted train split of `data_dir`, its header naming what it came from."""
    pairs, common = associated_pairs(counts)
    info: dict[str, object] = {
        **dataclasses.asdict(counts.thresholds),
        "built_from": f"the {counts.lines:,} line pairs of {data_dir}/train.{src} and train.{tgt}",
    }
    return Associations.build(pairs, len(pairs), common, info)


def _read(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise AssociationsBuildError(
            f"{path}: no such file (prepare the corpus: python -m data.prepare)"
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AssociationsBuildError(f"{path}: cannot read it: {exc}") from None


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.associations", description=__doc__.split("\n\n")[0])
    p.add_argument("--data-dir", required=True, help="prepared corpus folder (train.SRC, train.TGT)")
    p.add_argument("--src", required=True, help="source language code, e.g. es")
    p.add_argument("--tgt", required=True, help="target language code, e.g. en")
    p.add_argument("--out", required=True, help="file to write, e.g. models/es-en/associations.bloom")
    p.add_argument(
        "--min-count",
        type=positive_int,
        default=MIN_COUNT,
        help="lines a pair is found in (default %(default)s)",
    )
    p.add_argument(
        "--lift",
        type=positive_float,
        default=LIFT,
        help="times as often as chance, at least (default %(default)s)",
    )
    p.add_argument(
        "--common-share",
        type=positive_float,
        default=COMMON_SHARE,
        help="a target word in more than this share of the lines is common (default %(default)s)",
    )
    p.add_argument("--limit", type=positive_int, help="count only the first N line pairs (a quick look)")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parser().parse_args(argv)
    data_dir = Path(args.data_dir)
    try:
        sources, targets = (_read(data_dir / f"train.{lang}")[: args.limit] for lang in (args.src, args.tgt))
        thresholds = Thresholds(args.min_count, args.lift, args.common_share)
        counts = count_cooccurrence(sources, targets, thresholds, progress=True)
        table = build_associations(data_dir, args.src, args.tgt, counts)
    except TranslatorError as exc:
        return cli_error(exc)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.write(out)
    log.info("wrote %s: %d pairs, %d common words", out, table.info["pairs"], len(table.common))
    return 0


if __name__ == "__main__":
    sys.exit(main())
