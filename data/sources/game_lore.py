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

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.sources.base import SourceError
from data.sources.gettext import GettextSource, extra_catalogs, named_catalogs
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

    def catalogs(self, package: str, root: Path) -> list[str]:
        """The package's Spanish catalogs whose file name an include glob matches, and its extra ones."""
        globs = self.include.get(package, [])
        named = named_catalogs(root, globs)
        if globs and not named:
            raise SourceError(f"package {package}: no Spanish catalog matches {globs} in {root}")
        return named + extra_catalogs(root, self.extra.get(package, []))

    def message_pairs(self, en: str, es: str) -> list[tuple[str, str]]:
        """A long entry as sentence pairs where both sides have as many sentences, else whole."""
        return sentence_pairs(en.strip(), es.strip())
