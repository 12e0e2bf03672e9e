"""Debian's manuals in English and Spanish (the Debian Reference, the Installation Guide, aptitude's
manual, the New Maintainers' Guide, the Ubuntu Packaging Guide), paired block by block.

They are DocBook or Sphinx HTML; which pages pair is named in data/sources.yaml (`documents`). The
manuals carry different licences, so `licences` reads each package's copyright file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from data.sources.parallel_docs import BlockOrderSource

# The first `License:` of a machine-readable copyright file is that of its `Files: *` paragraph.
_LICENSE = re.compile(r"^License:[ \t]*(\S.*)$", re.MULTILINE)


class DebianManuals(BlockOrderSource):
    kind = "debian-manuals"
    domain = "docs"
    licence = "per package: see its copyright file"
    skip = frozenset(
        (
            "navheader",  # DocBook: "Prev / Up / Next" bars
            "navfooter",
            "header-navigation",  # Sphinx (Ubuntu theme): site menu, "next / previous" links
            "header-navigation-secondary",
            "sidebar",  # Sphinx: the table of contents beside every page (an id)
            "headerlink",  # Sphinx: the "¶" after every heading
        )
    )

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each package's main licence, from usr/share/doc/<package>/copyright."""
        found = {}
        for package in self.packages:
            path = roots[package] / "usr" / "share" / "doc" / package / "copyright"
            text = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else ""
            match = _LICENSE.search(text)
            found[package] = match.group(1).strip() if match else f"see {path.relative_to(roots[package])}"
        return found
