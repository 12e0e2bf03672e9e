"""Text normalisation and the pair filter: empty pairs and gross length mismatches are dropped."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from data.pairs import Pair

# Drop reasons, as counted in manifest.json.
EMPTY = "empty"
LENGTH_RATIO = "length_ratio"


def normalize(text: str) -> str:
    """NFC, pilcrows removed, every run of whitespace (line separators included) made one space."""
    # str.split() also splits on the characters str.splitlines() breaks lines at (U+2028, U+0085, ...),
    # so a normalised sentence always stays on one line of a split file.
    return " ".join(unicodedata.normalize("NFC", text).replace("¶", " ").split())


@dataclass
class Cleaned:
    pairs: list[Pair]
    drops: Counter[str] = field(default_factory=lambda: Counter({EMPTY: 0, LENGTH_RATIO: 0}))


def length_mismatch(src: str, tgt: str, max_ratio: float, min_tokens: int) -> bool:
    """Whether the word counts differ by more than `max_ratio` while the longer side has `min_tokens` words.

    Short pairs are exempt: "Jesus wept." / "Y lloró Jesús." is a ratio of 1.5 on two words.
    """
    shorter, longer = sorted((len(src.split()), len(tgt.split())))
    return longer >= min_tokens and longer > max_ratio * shorter


def clean_pairs(pairs: Iterable[Pair], max_length_ratio: float, min_ratio_tokens: int) -> Cleaned:
    """Normalised pairs without the empty ones and the length outliers; drops counted by reason."""
    result = Cleaned(pairs=[])
    for pair in pairs:
        src, tgt = normalize(pair.src), normalize(pair.tgt)
        if not src or not tgt:
            result.drops[EMPTY] += 1
        elif length_mismatch(src, tgt, max_length_ratio, min_ratio_tokens):
            result.drops[LENGTH_RATIO] += 1
        else:
            result.pairs.append(Pair(src, tgt, pair.key))
    return result
