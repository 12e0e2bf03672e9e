"""What the parallel-documentation kinds share: finding each page's translation, reading HTML into
blocks, pairing blocks only where both pages have the same structure, and splitting a paragraph pair
into sentence pairs only where the sentences line up one to one.

A translated manual is the same document twice, so its blocks (headings, paragraphs, list items) pair
in order. That holds only while both pages have the same blocks: one missing or extra paragraph on
one side would shift every later pair onto the wrong partner, so a page whose structure differs gives
no pairs at all rather than plausible-looking wrong ones.

A document set is named in data/sources.yaml as two file patterns, `package:glob` for each language,
e.g. `debian-reference-en:usr/share/debian-reference/*.en.html` and
`debian-reference-es:usr/share/debian-reference/*.es.html`; an English page pairs with the Spanish
page whose wildcards (`*`, `**/`) matched the same text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import lxml.etree
import lxml.html
from sentencex import segment

from data.sources.base import Origin, Source, SourceError, SourcePair

HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# The elements that hold one run of text: a block is one of these with none of them inside it, so
# `<li><p>text</p></li>` gives the paragraph and `<li>text</li>` the list item.
BLOCK_TAGS = frozenset((*HEADINGS, "p", "li", "dt", "td", "th", "caption", "pre"))
# Blocks that are program text, kept in the structure (they count for the match) but never paired.
CODE_TAGS = frozenset(("pre",))


class Block(NamedTuple):
    tag: str
    text: str


@dataclass(frozen=True)
class Side:
    """One language of a document set: the package and the pattern of its pages inside it."""

    package: str
    pattern: str  # glob relative to the package root; `*` within a name, `**/` any folders

    @classmethod
    def parse(cls, spec: Any, where: str) -> Side:
        if not isinstance(spec, str) or spec.count(":") != 1 or "*" not in spec:
            raise SourceError(f"{where}: expected 'package:path-glob' with a wildcard, got {spec!r}")
        package, pattern = spec.split(":")
        return cls(package, pattern)

    def key_pattern(self) -> re.Pattern[str]:
        """The pattern as a regular expression whose groups are what the wildcards matched."""
        parts = re.split(r"(\*\*/|\*)", self.pattern)
        wild = {"**/": "((?:[^/]+/)*)", "*": "([^/]*)"}
        return re.compile("".join(wild.get(part, re.escape(part)) for part in parts))


@dataclass(frozen=True)
class DocumentSet:
    """A manual (or help set) in both languages."""

    en: Side
    es: Side

    @classmethod
    def parse(cls, spec: Any, where: str) -> DocumentSet:
        if not isinstance(spec, Mapping) or set(spec) != {"en", "es"}:
            raise SourceError(f"{where}: expected a mapping with keys 'en' and 'es', got {spec!r}")
        en, es = Side.parse(spec["en"], f"{where}.en"), Side.parse(spec["es"], f"{where}.es")
        if en.key_pattern().groups != es.key_pattern().groups:
            raise SourceError(f"{where}: the en and es patterns must have the same wildcards")
        return cls(en, es)


def document_sets(options: Mapping[str, Any], packages: Sequence[str], kind: str) -> list[DocumentSet]:
    """The `documents` option of a kind's entry in data/sources.yaml, checked against its packages."""
    unknown = sorted(set(options) - {"documents"})
    if unknown:
        raise SourceError(f"data/sources.yaml: {kind} has unknown options {unknown} (it takes `documents`)")
    specs = options.get("documents")
    if not isinstance(specs, list) or not specs:
        raise SourceError(f"data/sources.yaml: {kind} needs a non-empty `documents` list")
    sets = [
        DocumentSet.parse(spec, f"data/sources.yaml: {kind} documents[{i}]") for i, spec in enumerate(specs)
    ]
    for doc in sets:
        for side in (doc.en, doc.es):
            if side.package not in packages:
                raise SourceError(
                    f"data/sources.yaml: {kind} documents name {side.package}, not in its packages"
                )
    return sets


def _files(roots: Mapping[str, Path], side: Side) -> dict[tuple[str, ...], str]:
    """Each page of one side, keyed by what the wildcards matched, as a path inside the package."""
    try:
        root = roots[side.package]
    except KeyError:
        raise SourceError(f"package {side.package} was not unpacked (no folder for it)") from None
    regex = side.key_pattern()
    found = {}
    for path in root.glob(side.pattern):
        rel = path.relative_to(root).as_posix()
        match = regex.fullmatch(rel)
        if match and path.is_file():
            found[match.groups()] = rel
    if not found:
        raise SourceError(f"package {side.package}: no file matches {side.pattern}")
    return found


def paired_files(roots: Mapping[str, Path], doc: DocumentSet) -> list[tuple[str, str]]:
    """(English path, Spanish path) inside their packages for every page both languages have, sorted."""
    en, es = _files(roots, doc.en), _files(roots, doc.es)
    return sorted((en[key], es[key]) for key in en.keys() & es.keys())


def read_html(path: Path) -> lxml.html.HtmlElement:
    """A page parsed as UTF-8 HTML (every page of these packages is), with line breaks made spaces
    and scripts and styles removed, so an element's text is what a reader sees."""
    try:
        data = path.read_bytes()
        data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read it as UTF-8 ({exc})") from None
    try:
        page = lxml.html.document_fromstring(data, parser=lxml.html.HTMLParser(encoding="utf-8"))
    except (lxml.etree.ParserError, ValueError) as exc:
        raise SourceError(f"{path}: not HTML ({exc})") from None
    if not page.xpath("//body"):
        raise SourceError(f"{path}: an HTML page without a body")
    for br in page.iter("br"):
        br.tail = " " + (br.tail or "")
    for element in page.xpath("//script | //style"):
        element.drop_tree()
    return page


def text_of(element: lxml.html.HtmlElement) -> str:
    """The element's text with wrapped lines joined."""
    return " ".join(element.text_content().split())


def blocks(root: lxml.html.HtmlElement, skip: Iterable[str] = ()) -> list[Block]:
    """The text blocks under `root`, in document order.

    Left out (and removed from the tree): elements whose class or id is in `skip` (navigation bars,
    permalink marks and the like, which repeat on every page), and `header`/`nav`/`footer` elements
    for the same reason; left out too, blocks with no text (an empty paragraph one side has and the
    other lacks is no difference of content)."""
    skipped = frozenset(skip)
    for element in list(root.iter(lxml.etree.Element)):
        if element.tag in ("header", "nav", "footer") or skipped & {*element.classes, element.get("id")}:
            element.drop_tree()
    found: list[Block] = []

    def walk(element: lxml.html.HtmlElement) -> bool:
        """Appends the blocks of `element`; True where it holds a block-level element."""
        holds = False
        for child in element.iterchildren(lxml.etree.Element):
            inner = walk(child)
            if child.tag in BLOCK_TAGS and not inner and (text := text_of(child)):
                found.append(Block(child.tag, text))
            holds = holds or inner or child.tag in BLOCK_TAGS
        return holds

    walk(root)
    return found


# A section or figure number at the start of a heading or caption, with the label before it where
# there is one ("2.1. ", "Figure 14.120. ", "Tabla 3.4. ", "A.1. "): DocBook and Sphinx print them.
_NUMBER = re.compile(r"(?:\w+\s)?((?:[0-9]+|[A-Z](?=\.[0-9]))(?:\.[0-9]+)*)\.\s+(?=\S)")


def _without_number(en: str, es: str) -> tuple[str, str]:
    """Both texts without the number (and its label) they start with, where it is the same number."""
    en_match, es_match = _NUMBER.match(en), _NUMBER.match(es)
    if en_match and es_match and en_match.group(1) == es_match.group(1):
        return en[en_match.end() :], es[es_match.end() :]
    return en, es


def blocks_by_structure(
    en_blocks: Sequence[Block], es_blocks: Sequence[Block]
) -> list[tuple[str, str]] | None:
    """The blocks paired in order where both documents have the same blocks (count and tags), else None.

    Program text (`pre`) and blocks that read the same in both languages (names, numbers, commands)
    count for the match but give no pair; a section number both sides start with is dropped."""
    if [b.tag for b in en_blocks] != [b.tag for b in es_blocks]:
        return None
    found = []
    for en, es in zip(en_blocks, es_blocks, strict=True):
        if en.tag in CODE_TAGS:
            continue
        en_text, es_text = _without_number(en.text, es.text)
        if en_text != es_text:
            found.append((en_text, es_text))
    return found


def _sentences(language: str, text: str) -> list[str]:
    return [s for s in (part.strip() for part in segment(language, text)) if s]


def sentence_pairs(en_block: str, es_block: str) -> list[tuple[str, str]]:
    """A paragraph pair as sentence pairs where both sides split into the same number of sentences;
    otherwise the paragraph pair whole (a translator may join or split sentences, and guessing which
    goes with which would make wrong pairs)."""
    en, es = _sentences("en", en_block), _sentences("es", es_block)
    if len(en) > 1 and len(en) == len(es):
        return list(zip(en, es, strict=True))
    return [(en_block, es_block)]


class BlockOrderSource(Source):
    """A source of HTML manuals paired block by block: the `documents` option names each manual's two
    languages, and every page pair whose structure matches gives its blocks, split into sentence pairs
    where they line up. Subclasses set `kind`, `domain`, `licence` and the classes/ids to leave out."""

    skip: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.documents = document_sets(options, self.packages, self.kind)
        # The pages whose two languages differ in structure, filled by `pairs` (for the report).
        self.mismatched: list[Origin] = []

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        self.mismatched = []
        for doc in self.documents:
            for en_file, es_file in paired_files(roots, doc):
                origin = Origin(self.kind, doc.es.package, es_file)
                en_page = read_html(roots[doc.en.package] / en_file)
                es_page = read_html(roots[doc.es.package] / es_file)
                paired = blocks_by_structure(blocks(en_page.body, self.skip), blocks(es_page.body, self.skip))
                if paired is None:
                    self.mismatched.append(origin)
                    continue
                for en_block, es_block in paired:
                    for en, es in sentence_pairs(en_block, es_block):
                        yield SourcePair(en, es, origin)
