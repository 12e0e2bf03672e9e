"""The KJV and Reina-Valera 1909 as verse pairs, without the places where their verse division differs.

Both modules file their text under KJV verse keys, but SpaRV keeps Reina-Valera's own verse division in
about fifteen places: a chapter that starts one verse earlier (Numbers 13, Jonah 2), verses split
differently (1 Kings 22), whole passages displaced (Job 38-41). Pairing by key pairs the wrong verses
there. A length-based alignment of each book (Gale & Church, 1993) finds them: wherever the cheapest
alignment of the verse lengths is not the pairing by key, the verses are dropped as misaligned.
"""

from __future__ import annotations

import bisect
import itertools
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from data.pairs import Pair
from data.sword import MODULES, SWORD_DIR, Verse, read_verses

# Cost of one verse aligned to two, in units of the typical deviation of a length ratio: a merge must
# explain the lengths several verses' worth better than the pairing by key to win.
MERGE_COST = 8.0
# How far (in verses) the alignment may stray from the pairing by key.
BAND = 3
# Key pairs between two misaligned verses this close are dropped too: verses of even length (Job's
# poetry) give the lengths nothing to go by, so a displaced stretch can look aligned in its middle.
NEIGHBOURHOOD = 10


@dataclass
class Alignment:
    pairs: list[tuple[Verse, Verse]]  # in canonical order; either text may be "" (cleaning drops those)
    misaligned: int  # verse keys dropped


@dataclass(frozen=True)
class LengthModel:
    """Typical log ratio of the second side's length to the first's, and its mean absolute deviation."""

    centre: float
    spread: float

    @classmethod
    def fit(cls, pairs: Iterable[tuple[Verse, Verse]]) -> LengthModel | None:
        """The model of the verse pairs where both sides have text; None if there are none."""
        ratios = [math.log(len(b.text) / len(a.text)) for a, b in pairs if a.text and b.text]
        if not ratios:
            return None
        centre = statistics.median(ratios)
        # Identical ratios everywhere leave no typical deviation; any positive unit ranks alignments alike.
        return cls(centre, statistics.fmean(abs(r - centre) for r in ratios) or 1.0)

    def cost(self, first: int, second: int) -> float:
        """How atypical the ratio of two lengths is, in typical deviations."""
        return abs(math.log(second / first) - self.centre) / self.spread


def align_verses(first: Sequence[Verse], second: Sequence[Verse]) -> Alignment:
    """The verse pairs of two modules with the same versification, less those whose keys disagree."""
    if [(v.book, v.chapter, v.verse) for v in first] != [(v.book, v.chapter, v.verse) for v in second]:
        raise ValueError("the two modules do not have the same verse keys")
    pairs = list(zip(first, second, strict=True))
    model = LengthModel.fit(pairs)
    if model is None:
        return Alignment(pairs, 0)
    misaligned: set[int] = set()
    start = 0
    while start < len(pairs):
        stop = start
        while stop < len(pairs) and pairs[stop][0].book == pairs[start][0].book:
            stop += 1
        book = pairs[start:stop]
        local = _book_mismatches([a.text for a, _ in book], [b.text for _, b in book], model)
        misaligned.update(start + slot for slot in local)
        start = stop
    return Alignment([pair for slot, pair in enumerate(pairs) if slot not in misaligned], len(misaligned))


def _book_mismatches(first: list[str], second: list[str], model: LengthModel) -> set[int]:
    """Slots (verse positions in the book) where the length alignment disagrees with the keys."""
    a = [(slot, len(text)) for slot, text in enumerate(first) if text]
    b = [(slot, len(text)) for slot, text in enumerate(second) if text]
    if not a or not b:
        return set()
    path = _align_lengths([n for _, n in a], [n for _, n in b], [s for s, _ in a], [s for s, _ in b], model)
    if path is None:
        return set(range(len(first)))
    flagged: set[int] = set()
    for (i0, i1), (j0, j1) in path:
        if not (i1 - i0 == j1 - j0 == 1 and a[i0][0] == b[j0][0]):
            flagged.update(slot for slot, _ in a[i0:i1])
            flagged.update(slot for slot, _ in b[j0:j1])
    ordered = sorted(flagged)
    for left, right in itertools.pairwise(ordered):
        if right - left <= NEIGHBOURHOOD:
            flagged.update(range(left, right))
    return flagged


def _align_lengths(
    a: list[int], b: list[int], a_slots: list[int], b_slots: list[int], model: LengthModel
) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """The cheapest alignment of two length sequences into 1-1, 2-1 and 1-2 beads, as index ranges.

    Only states within BAND of the pairing by key are explored; None if the end is out of reach.
    """
    beads = ((1, 1, 0.0), (2, 1, MERGE_COST), (1, 2, MERGE_COST))
    n, m = len(a), len(b)
    cost = {(0, 0): 0.0}
    back: dict[tuple[int, int], tuple[int, int]] = {}
    for i in range(n + 1):
        # Where the pairing by key would be: the second side's verses before the first side's i-th.
        expected = bisect.bisect_left(b_slots, a_slots[i]) if i < n else m
        for j in range(max(0, expected - BAND), min(m, expected + BAND) + 1):
            best = None
            for di, dj, penalty in beads:
                prev = (i - di, j - dj)
                if prev in cost:
                    c = cost[prev] + penalty + model.cost(sum(a[i - di : i]), sum(b[j - dj : j]))
                    if best is None or c < best[0]:
                        best = (c, prev)
            if best is not None:
                cost[(i, j)], back[(i, j)] = best
    if (n, m) not in back:
        return None
    path = []
    state = (n, m)
    while state != (0, 0):
        prev = back[state]
        path.append(((prev[0], state[0]), (prev[1], state[1])))
        state = prev
    return path[::-1]


def read_bible(sword_dir: Path = SWORD_DIR) -> Alignment:
    """English-Spanish verse pairs of the whole Bible (always aligned in this order, for both directions)."""
    return align_verses(read_verses(MODULES["en"], sword_dir), read_verses(MODULES["es"], sword_dir))


def to_pairs(verse_pairs: Iterable[tuple[Verse, Verse]], src_lang: str) -> list[Pair]:
    """English-Spanish verse pairs as source-target Pairs keyed by global chapter.

    Spanish is the source when src_lang is "es", English otherwise.
    """
    if src_lang == "es":
        return [Pair(es.text, en.text, en.global_chapter) for en, es in verse_pairs]
    return [Pair(en.text, es.text, en.global_chapter) for en, es in verse_pairs]
