"""GNOME help: Mallard `.page` files under `usr/share/help/C/<doc>/` against their Spanish translations
under `usr/share/help/es/<doc>/` in the same package.

The Spanish pages are made from the English ones with itstool, which keeps every element and only
replaces text, so a page's blocks (titles, paragraphs, table cells, the page description) pair in
document order. Where the translation was made from an older English page the blocks differ, and
`blocks_by_structure` then gives no pairs for that page.

What is not prose stays out of the pairs: program text (`code`, `screen`) counts for the structure but
is never paired; media, editorial comments and the page's `info` (credits, revisions; only its
`desc` is read) are skipped. A block whose displayed text is not all in the file gives no pair either:
an empty `<link xref>` shows the title of the page it points to, and inline `<media>` an image.
Key and menu sequences are joined the way they are usually written (`Ctrl+Z`, `Edit → Preferences`).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

import lxml.etree

from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.parallel_docs import (
    Block,
    DocumentSet,
    Side,
    blocks_by_structure,
    paired_files,
    sentence_pairs,
)

MALLARD = "http://projectmallard.org/1.0/"
ENGLISH_PAGES = "usr/share/help/C/*/*.page"
SPANISH_PAGES = "usr/share/help/es/*/*.page"

# Elements holding one run of text. `item` is one only where it holds text itself (tree lists);
# in other lists it holds paragraphs.
TEXT_TAGS = frozenset(("title", "subtitle", "desc", "p", "item", "cite"))
CODE_TAGS = frozenset(("code", "screen"))
# Containers whose content is not prose: images and video, editors' notes, page metadata.
SKIPPED_TAGS = frozenset(("media", "comment", "info"))
# How the parts of a sequence are joined. Keys as the help viewer shows them; menu paths with an
# arrow rather than the viewer's triangle, which the sentence splitter takes for a bullet and splits at.
SEQUENCE_JOINS = {"keyseq": "+", "guiseq": " \u2192 "}


class GnomeHelp(Source):
    kind = "gnome-help"
    domain = "docs"
    licence = "per package: see its copyright file (CC-BY-SA-3.0 or GPL)"

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            if package not in roots:
                raise SourceError(f"package {package} was not unpacked (no folder for it)")
            pages = DocumentSet(Side(package, ENGLISH_PAGES), Side(package, SPANISH_PAGES))
            for en_path, es_path in paired_files(roots, pages):
                en = page_blocks(roots[package] / en_path)
                es = page_blocks(roots[package] / es_path)
                origin = Origin(self.kind, package, en_path)
                for en_text, es_text in blocks_by_structure(en, es) or ():
                    for en_sentence, es_sentence in sentence_pairs(en_text, es_text):
                        yield SourcePair(en_sentence, es_sentence, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each package's licences: as the `licences` option states them, else its copyright file's."""
        return self.package_licences(roots)


def page_blocks(path: Path) -> list[Block]:
    """The blocks of a Mallard page in document order: `Block("p", text)` for text, `Block("pre", ...)`
    for program text, and text "" where the file does not hold all of what the viewer shows."""
    try:
        page = lxml.etree.parse(str(path), lxml.etree.XMLParser(resolve_entities=False, no_network=True))
    except (OSError, lxml.etree.XMLSyntaxError) as exc:
        raise SourceError(f"{path}: not a readable Mallard page ({exc})") from None
    root = page.getroot()
    if root.tag != f"{{{MALLARD}}}page":
        raise SourceError(f"{path}: not a Mallard page (root element {root.tag})")
    found: list[Block] = []
    info = root.find(f"{{{MALLARD}}}info")
    if info is not None:
        found += [Block("desc", _text(desc)) for desc in info.findall(f"{{{MALLARD}}}desc")]
    _walk(root, found)
    return found


def _name(element: lxml.etree._Element) -> str | None:
    """The local name of a Mallard element (or of the `if:` conditionals); None for anything else."""
    if not isinstance(element.tag, str):
        return None
    name = lxml.etree.QName(element)
    return name.localname if name.namespace and "projectmallard.org" in name.namespace else None


def _walk(element: lxml.etree._Element, found: list[Block]) -> None:
    for child in element:
        name = _name(child)
        if name is None or name in SKIPPED_TAGS:
            continue
        if name in CODE_TAGS:
            found.append(Block("pre", " ".join("".join(child.itertext()).split())))
        elif name in TEXT_TAGS and not any(
            _name(c) in TEXT_TAGS | CODE_TAGS for c in child.iterdescendants()
        ):
            found.append(Block(name, _text(child)))
        else:
            _walk(child, found)


def _text(element: lxml.etree._Element) -> str:
    """The text the viewer shows for an element, wrapped lines joined; "" if some of it is not here."""
    text = _inline(element)
    return " ".join(text.split()) if text is not None else ""


def _inline(element: lxml.etree._Element) -> str | None:
    parts = [element.text or ""]
    for child in element:
        name = _name(child) if isinstance(child.tag, str) else "#comment"
        if name in SEQUENCE_JOINS:
            keys = [_inline(part) for part in child if isinstance(part.tag, str)]
            if None in keys:
                return None
            parts.append(child.get("join", SEQUENCE_JOINS[name]).join(k.strip() for k in keys if k))
        elif name == "link" and len(child) == 0 and not (child.text or "").strip():
            if not child.get("href"):
                return None  # shows the linked page's title, which is in another file
            parts.append(child.get("href"))
        elif name == "media":
            return None
        elif name != "#comment":
            inner = _inline(child)
            if inner is None:
                return None
            parts.append(inner)
        parts.append(child.tail or "")
    return "".join(parts)
