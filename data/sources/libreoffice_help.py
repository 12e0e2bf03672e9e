"""LibreOffice's help (libreoffice-help-en-us, libreoffice-help-es): HTML pages paired by element id.

The help is built from one XML source per page in which every heading and paragraph carries an id
that its translation keeps, so an English paragraph pairs with the Spanish one of the same id however
the two pages differ elsewhere. Paragraphs embedded from other pages carry no id and are left to the
page they come from."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import lxml.html

from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.parallel_docs import HEADINGS, document_sets, paired_files, read_html, text_of

TEXT_TAGS = frozenset(("p", *HEADINGS))
# Paragraph classes of program text: Basic/Python code, formula syntax, SQL examples.
CODE_CLASSES = frozenset(("code", "codeintable", "smathcode", "example", "bascode", "pycode"))


def _resolve_switches(area: lxml.html.HtmlElement) -> None:
    """Keeps one variant of each inline switch.

    A phrase that differs by system or module ("LibreOffice - Preferences" on macOS, "Tools - Options"
    elsewhere) holds every variant, and the page's script shows one; the default variant is the one
    kept, so a paragraph reads as one sentence rather than the variants run together."""
    for switch in area.xpath(".//span[@class='switchinline']"):
        variants = [child for child in switch if isinstance(child.tag, str)]
        default = [child for child in variants if (child.get("id") or "").startswith("default")]
        keep = (default or variants[:1])[:1]
        for variant in variants:
            if variant not in keep:
                variant.drop_tree()


def _bare_formula(text: str) -> bool:
    """A spreadsheet formula on its own ("=ROUND(A1;1)"): program text, though its function names are
    translated. A formula inside a sentence ("=FACT(3) returns 6.") is kept."""
    return text.startswith("=") and " " not in text


def texts_by_id(path: Path) -> dict[str, str]:
    """The text of every heading and paragraph of a help page that carries an id, in page order; the
    first one where an id repeats. Program text is left out."""
    page = read_html(path)
    areas = page.xpath("//div[@id='DisplayArea']")
    if not areas:
        raise SourceError(f"{path}: no DisplayArea (is this a LibreOffice help page?)")
    _resolve_switches(areas[0])
    found: dict[str, str] = {}
    for element in areas[0].iter(*TEXT_TAGS):
        key = element.get("id")
        if not key or key in found or CODE_CLASSES & set(element.classes) or element.xpath("ancestor::pre"):
            continue
        found[key] = text_of(element)
    return found


class LibreOfficeHelp(Source):
    kind = "libreoffice-help"
    domain = "docs"
    licence = "MPL-2.0"  # the `Files: *` licence of the packages' copyright file

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.documents = document_sets(options, self.packages, self.kind)

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for doc in self.documents:
            for en_file, es_file in paired_files(roots, doc):
                origin = Origin(self.kind, doc.es.package, es_file)
                en_texts = texts_by_id(roots[doc.en.package] / en_file)
                es_texts = texts_by_id(roots[doc.es.package] / es_file)
                for key, en in en_texts.items():
                    es = es_texts.get(key, "")
                    if en and es and en != es and not _bare_formula(en):
                        yield SourcePair(en, es, origin)
