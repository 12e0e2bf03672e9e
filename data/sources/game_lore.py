"""Game lore: the descriptive prose of games' catalogs (who a people are, what a unit or a map is).

The corpus is otherwise interface strings, manuals and dialogue. Encyclopedic prose ("The Macedonians
were an ancient Greek people who lived in the north of the peninsula.") is a kind of text users bring
too, and the interface-string test set holds some (freeciv's nation descriptions), so it forms a domain
of its own, `prose`, with its own dev set: a package the `heldout` option names is held out whole.

Which catalogs hold lore is per package: `include` lists globs on the names of a package's Spanish
`.mo` catalogs (as data.sources.game_dialogue does), `extra_catalogs` path globs for catalogs stored
elsewhere, `ARCHIVE.zip!MEMBER-GLOB` inside a zip (0 A.D. keeps its `.po` files in public.zip). Long
entries are split into sentence pairs where both sides have as many sentences (the manuals' rule,
data.sources.parallel_docs.sentence_pairs); otherwise the entry stays whole.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from data.sources.base import Origin, SourceError, SourcePair
from data.sources.copyright import copyright_licences
from data.sources.gettext import GettextSource, catalog_pairs, extra_catalogs, read_catalog, spanish_catalogs
from data.sources.parallel_docs import sentence_pairs


class GameLoreSource(GettextSource):
    """Descriptive prose of the packages' game catalogs: gettext's reading and licences, over the
    catalogs `include` and `extra_catalogs` name, split into sentence pairs where they line up."""

    kind = "game-lore"
    domain = "prose"
    licence = "per package: see its copyright file"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.include: dict[str, list[str]] = dict(options.get("include") or {})
        lacking = [p for p in self.packages if not self.include.get(p) and not self.extra.get(p)]
        if lacking:
            raise SourceError(
                f"{self.kind}: options `include` or `extra_catalogs` must name the lore catalogs of every "
                f"package; none for {', '.join(lacking)}"
            )
        # package -> licence of its text, where the `License:` fields of its copyright file do not say
        self.stated: dict[str, str] = dict(options.get("licences") or {})
        if set(self.stated) - set(self.packages):
            raise SourceError(f"{self.kind}: option `licences` names packages not listed")

    def catalogs(self, package: str, root: Path) -> list[str]:
        """The package's Spanish catalogs whose file name an include glob matches, and its extra ones."""
        globs = self.include.get(package, [])
        named = [
            c for c in spanish_catalogs(root) if any(fnmatch.fnmatchcase(Path(c).name, g) for g in globs)
        ]
        if globs and not named:
            raise SourceError(f"package {package}: no Spanish catalog matches {globs} in {root}")
        return named + extra_catalogs(root, self.extra.get(package, []))

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            if package not in roots:
                raise SourceError(f"package {package} was not fetched")
            for inside in self.catalogs(package, roots[package]):
                origin = Origin(self.kind, package, inside)
                for en_entry, es_entry in catalog_pairs(read_catalog(roots[package], inside), inside):
                    for en, es in sentence_pairs(en_entry.strip(), es_entry.strip()):
                        yield SourcePair(en, es, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each package's licences, as `licences` states them or from its copyright file."""
        return {p: self.stated.get(p) or copyright_licences(roots[p], p) for p in self.packages if p in roots}
