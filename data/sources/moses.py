"""A user's corpus as two line-aligned files (Moses style: `corpus.en`, `corpus.es`), as a source kind.

    - kind: moses
      en: corpus.en
      es: corpus.es

Both files are read by `data.corpus.read_parallel`: UTF-8, the n-th line of one translates the n-th
line of the other. Files of different lengths, or a line that is not UTF-8, give a SourceError naming
the file (and line).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from data.corpus import CorpusError, read_parallel
from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.user_files import user_path


class Moses(Source):
    kind = "moses"
    domain = "user"
    licence = "the user's own"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.en_path = user_path(self.kind, options, "en")
        self.es_path = user_path(self.kind, options, "es")

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        try:
            pairs = read_parallel(self.en_path, self.es_path)
        except CorpusError as exc:
            raise SourceError(str(exc)) from None
        # The English file names the corpus: the pair of files is one document.
        origin = Origin(self.kind, self.en_path.name, "")
        for pair in pairs:
            yield SourcePair(pair.src, pair.tgt, origin)
