"""Game dialogue: the gettext catalogs of games that hold conversation and story.

The corpus is otherwise interface and manual text, and these lines ("This place doesn't look like a
prison.") are the nearest it has to everyday speech, so they form their own domain. A game's menus
and unit names are interface strings that would dilute it, so only the catalogs the `include`
option names per package (globs on the catalog's file name) are read. Reading and pairing is
gettext's (`data.sources.gettext`): same format, same rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from data.sources.base import SourceError
from data.sources.gettext import GettextSource, named_catalogs


class GameDialogueSource(GettextSource):
    """Conversation and story lines of the packages' Spanish game catalogs: gettext's reading, pairing
    and licences, over the catalogs `include` names instead of every catalog."""

    kind = "game-dialogue"
    domain = "dialogue"
    licence = "per package: see its copyright file"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.include: dict[str, list[str]] = dict(options.get("include") or {})
        lacking = [p for p in self.packages if not self.include.get(p)]
        if lacking:
            raise SourceError(
                f"{self.kind}: option `include` must list the dialogue catalogs of every package; "
                f"none for {', '.join(lacking)}"
            )

    def catalogs(self, package: str, root: Path) -> list[str]:
        """The package's Spanish catalogs whose file name an include glob matches."""
        globs = self.include[package]
        found = named_catalogs(root, globs)
        if not found:
            raise SourceError(f"package {package}: no Spanish catalog matches {globs} in {root}")
        return found
