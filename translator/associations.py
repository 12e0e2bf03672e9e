"""Which words of a translation its source accounts for: word pairs found together in the training corpus.

A small model sometimes writes a real word of the target language that nothing in the source stands
for: "Quisiera una taza de café" came out "I wanted a baby baf" ("taza" is a cup; "baf" is a word of
the corpus, a file name). The invented-word fallback (`translator.lexicon`) cannot see such words: they
are known words. `python -m training.associations` (and `python -m training.lexicon`) counts, over the
train split's sentence pairs, which source and target words come together: a pair (source word, target
word) is *associated* where it is found in `MIN_COUNT` pairs or more and `LIFT` times as often as
chance would put it there (count x lines >= LIFT x the source word's lines x the target word's lines).
A target word in more than `COMMON_SHARE` of the lines ("the", "de", "is") goes with anything: it is
*common*, and every source accounts for it.

A word of a translation that is not common, not in the source, and associated with no word of the
source is unaccounted for (`Associations.accounts_for`), and the lexicon fallback treats it as it
treats an invented word: the decoder's attention while it wrote the word points at the source word it
stands for, and where the lexicon holds that word its entry takes the word's place ("Tom era muy
tímido." → "Tom was very tissue." → "Tom was very shy."; "baby" for "taza" → "cup").

The pairs are kept in a Bloom filter (`rbloom`): some 2.7 million pairs in about 5 MB, at the price of
1 in 1,000 pairs that were never counted reading as associated (`ERROR_RATE`). A word is looked up with
every word of its source, so over a sentence of a dozen words about 1 in 80 unaccounted words reads as
accounted for (at 1 in 100 it was 1 in 9, which cost a tenth of the gain). Such an error only keeps a
word as the model wrote it. Every word is compared in lower case.

File format (`associations.bloom` beside a model's lexicon): one line of JSON (UTF-8) with `format`
(1), `common` (the common words), `pairs` (how many were added), `min_count`, `lift`, `common_share`
and `built_from` (what the counts were made from), then the filter's bytes as `rbloom` saves them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rbloom import Bloom

from translator.errors import TranslatorError

ASSOCIATIONS_FILE = "associations.bloom"  # beside lexicon.tsv
FORMAT = 1
MIN_COUNT = 2  # sentence pairs a pair of words is found in, at least
LIFT = 5.0  # how many times as often as chance, at least
COMMON_SHARE = 0.01  # a target word in more than this share of the lines goes with anything
MAX_HASHES = 64  # a filter that asks for more hash functions per item than this is no filter of ours
ERROR_RATE = 0.001  # of the Bloom filter: pairs never added that read as added (per pair looked up)


class AssociationsError(TranslatorError, ValueError):
    """An associations file that cannot be read."""


def _hash(item: str) -> int:
    """A hash that is the same in every process (Python's own `hash` of a str is salted)."""
    return int.from_bytes(hashlib.blake2b(item.encode("utf-8"), digest_size=16).digest(), "big", signed=True)


def _pair(source_word: str, target_word: str) -> str:
    return f"{source_word}\t{target_word}"


@dataclass(frozen=True)
class Associations:
    pairs: Bloom  # of _pair(source word, target word), both lower case
    common: frozenset[str]  # lower-case target words every source accounts for
    info: dict[str, Any] = field(default_factory=dict)  # the file's header: counts and what it was built from

    @classmethod
    def build(
        cls, pairs: Iterable[tuple[str, str]], count: int, common: Iterable[str], info: dict[str, Any]
    ) -> Associations:
        """A table of `pairs` ((source word, target word), lower case; `count` of them, for the filter's
        size) and the `common` target words."""
        bloom = Bloom(max(count, 1), ERROR_RATE, _hash)
        bloom.update(_pair(s, t) for s, t in pairs)
        return cls(bloom, frozenset(common), {**info, "pairs": count})

    def accounts_for(self, source_words: Iterable[str], word: str) -> bool:
        """Whether a source of these (lower-case) words accounts for the target word `word`: it is common,
        or associated with one of them."""
        word = word.lower()
        return word in self.common or any(_pair(s, word) in self.pairs for s in source_words)

    def write(self, path: str | Path) -> None:
        header = {"format": FORMAT, **self.info, "common": sorted(self.common)}
        with Path(path).open("wb") as f:
            f.write(json.dumps(header, ensure_ascii=False).encode("utf-8") + b"\n")
            f.write(self.pairs.save_bytes())

    @classmethod
    def read(cls, path: str | Path) -> Associations:
        """AssociationsError, naming the file, when `path` is not an associations file."""
        path = Path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise AssociationsError(f"associations {path}: cannot read it: {exc}") from None
        first, _, rest = data.partition(b"\n")
        try:
            header = json.loads(first.decode("utf-8"))
            if not isinstance(header, dict) or header.get("format") != FORMAT:
                raise ValueError(f"not format {FORMAT}")
            common = header.pop("common")
            if not isinstance(common, list) or not all(isinstance(w, str) for w in common):
                raise ValueError("'common' is not a list of words")
            # rbloom's bytes: the number of hash functions (8 bytes, little-endian), then the bits; it
            # panics on fewer than 8 bytes, so they are checked here.
            hashes = int.from_bytes(rest[:8], "little")
            if len(rest) <= 8 or not 1 <= hashes <= MAX_HASHES:
                raise ValueError(f"no Bloom filter after the header ({len(rest)} bytes, {hashes} hashes)")
            bloom = Bloom.load_bytes(rest, _hash)
        except (UnicodeDecodeError, ValueError, KeyError) as exc:
            raise AssociationsError(
                f"associations {path}: not an associations file (a JSON header line, then a Bloom "
                f"filter): {exc}"
            ) from None
        return cls(bloom, frozenset(common), header)
