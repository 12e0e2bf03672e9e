"""The Markdown documentation: every relative link and image resolves, and the settings table has one home."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = sorted(
    [ROOT / "README.md", ROOT / "api" / "SETTINGS.md", *ROOT.glob("docs/*.md"), *ROOT.glob("bench/*.md")]
    + [*ROOT.glob("bench/recipes/*.md"), *ROOT.glob("models/*/README.md")]
)
# [text](target) and ![alt](target); the target ends at whitespace or the closing parenthesis.
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    headings = re.findall(r"^#+\s+(.+?)\s*$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def links(path: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc):
    broken = []
    for target in links(doc):
        if re.match(r"[a-z]+:", target):  # http:, https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        dest = (doc.parent / file).resolve() if file else doc
        if not dest.exists():
            broken.append(f"{target}: no such file")
        elif anchor and dest.suffix == ".md" and anchor not in anchors(dest):
            broken.append(f"{target}: no such heading")
    assert not broken, broken


def test_readme_links_every_document():
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in links(ROOT / "README.md")}
    missing = [p.relative_to(ROOT) for p in [*ROOT.glob("docs/*.md"), ROOT / "bench" / "README.md"]]
    assert [p for p in missing if (ROOT / p).resolve() not in linked] == []


def test_settings_table_lives_only_in_api_settings_md():
    """api/SETTINGS.md is the one table of MT_* settings (tests/api/test_settings.py keeps it equal
    to the code); the other documents link it instead of holding a copy that can go stale."""
    header = "| variable | default | meaning |"
    copies = [p.relative_to(ROOT) for p in DOCS if header in p.read_text(encoding="utf-8")]
    assert copies == [Path("api/SETTINGS.md")]
