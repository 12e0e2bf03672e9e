"""A source whose pairs are given, standing in for a Debian package in the corpus-building tests."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from data.general import document_split
from data.sources import Origin, Source, SourcePair


class Listed(Source):
    kind = "listed"
    domain = "ui"

    def __init__(self, pairs: list[tuple[str, str, str]], **options: object) -> None:
        super().__init__(["pkg"], **options)
        self._pairs = pairs

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for en, es, file in self._pairs:
            yield SourcePair(en, es, Origin(self.kind, "pkg", file))


def file_in(split: str) -> str:
    """A document name of Listed's package that document_split puts in `split` (heldout_every 3)."""
    return next(
        f"doc{i}" for i in range(100) if document_split(Origin("listed", "pkg", f"doc{i}"), "ui", 3) == split
    )
