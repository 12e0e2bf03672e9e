"""A user's TSV file of `English<TAB>Spanish` lines, as a source kind.

    - kind: tsv
      path: my-corpus.tsv

The file format is `data.corpus.read_tsv`'s: UTF-8, one pair a line, exactly one tab. A blank line is
an empty pair, which the cleaning step drops and counts. A malformed line stops the read with a
SourceError naming the file and line.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from data.corpus import CorpusError, read_tsv
from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.user_files import user_path


class Tsv(Source):
    kind = "tsv"
    domain = "user"
    licence = "the user's own"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.path = user_path(self.kind, options)

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        try:
            pairs = read_tsv(self.path)
        except CorpusError as exc:
            raise SourceError(str(exc)) from None
        origin = Origin(self.kind, self.path.name, "")
        for pair in pairs:
            yield SourcePair(pair.src, pair.tgt, origin)
