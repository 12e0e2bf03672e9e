"""data.sources.parallel_docs: sentence pairs, block extraction and pairing by structure, page lookup."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from data.sources import SourceError
from data.sources.parallel_docs import (
    Block,
    DocumentSet,
    blocks,
    blocks_by_structure,
    document_sets,
    paired_files,
    read_html,
    sentence_pairs,
)


def test_sentence_pairs_split_only_where_the_counts_match() -> None:
    en = "Click OK. Then choose File - Save. Done?"
    es = "Pulse Aceptar. Luego elija Archivo - Guardar. ¿Listo?"
    assert sentence_pairs(en, es) == [
        ("Click OK.", "Pulse Aceptar."),
        ("Then choose File - Save.", "Luego elija Archivo - Guardar."),
        ("Done?", "¿Listo?"),
    ]


def test_sentence_pairs_keep_the_paragraph_whole_where_the_counts_differ() -> None:
    en = "Open the file. Then save it."
    es = "Abra el archivo y luego guárdelo."
    assert sentence_pairs(en, es) == [(en, es)]
    assert sentence_pairs("One sentence.", "Una frase.") == [("One sentence.", "Una frase.")]


def test_blocks_by_structure_pairs_in_order_skipping_code_and_untranslated_text() -> None:
    en = [Block("h2", "2.1. Writing"), Block("p", "Use Kate."), Block("pre", "make"), Block("td", "GIMP")]
    es = [
        Block("h2", "2.1. Escribir"),
        Block("p", "Use Kate, el editor."),
        Block("pre", "make"),
        Block("td", "GIMP"),
    ]
    assert blocks_by_structure(en, es) == [("Writing", "Escribir"), ("Use Kate.", "Use Kate, el editor.")]


def test_blocks_by_structure_strips_a_shared_number_and_its_label_only() -> None:
    en = [Block("p", "Figure 14.120. The Align tool"), Block("p", "Step 1. Open"), Block("p", "10 files")]
    es = [Block("p", "Figura 14.120. La herramienta"), Block("p", "Paso 2. Abra"), Block("p", "10 archivos")]
    assert blocks_by_structure(en, es) == [
        ("The Align tool", "La herramienta"),
        ("Step 1. Open", "Paso 2. Abra"),  # not the same number: kept as it is
        ("10 files", "10 archivos"),  # a number without its dot is text
    ]


def test_blocks_by_structure_refuses_a_mismatched_document() -> None:
    en = [Block("h1", "Title"), Block("p", "One."), Block("p", "Two.")]
    assert blocks_by_structure(en, [Block("h1", "Título"), Block("p", "Uno.")]) is None  # a block missing
    assert blocks_by_structure(en, [Block("h1", "Título"), Block("p", "Uno."), Block("li", "Dos.")]) is None
    assert blocks_by_structure([], []) == []


def test_blocks_take_innermost_text_elements_and_leave_out_navigation() -> None:
    page = lxml.html.document_fromstring(
        """<html><body>
        <div class="navheader"><p>Prev</p></div>
        <h1>Title<a class="headerlink">¶</a></h1>
        <ul><li><p>In a paragraph</p></li><li>Bare item</li></ul>
        <p>  wrapped
           line<br/>after a break</p>
        <p> </p>
        <table><tr><td>cell</td></tr></table>
        <footer><p>Copyright</p></footer>
        </body></html>"""
    )
    for br in page.iter("br"):  # as read_html does
        br.tail = " " + (br.tail or "")
    assert blocks(page.body, {"navheader", "headerlink"}) == [
        Block("h1", "Title"),
        Block("p", "In a paragraph"),
        Block("li", "Bare item"),
        Block("p", "wrapped line after a break"),
        Block("td", "cell"),
    ]


def _page(root: Path, path: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text("<html><body><p>x</p></body></html>", encoding="utf-8")


def test_paired_files_match_what_the_wildcards_matched(tmp_path: Path) -> None:
    for path in ("a/doc/text/one.en.html", "a/doc/text/sub/two.en.html", "a/doc/text/only-en.en.html"):
        _page(tmp_path, path)
    for path in ("b/doc/text/one.es.html", "b/doc/text/sub/two.es.html", "b/doc/text/sub/three.es.html"):
        _page(tmp_path, path)
    doc = DocumentSet.parse({"en": "a:doc/text/**/*.en.html", "es": "b:doc/text/**/*.es.html"}, "test")
    roots = {"a": tmp_path / "a", "b": tmp_path / "b"}
    assert paired_files(roots, doc) == [
        ("doc/text/one.en.html", "doc/text/one.es.html"),
        ("doc/text/sub/two.en.html", "doc/text/sub/two.es.html"),
    ]


def test_a_pattern_matching_nothing_is_an_error(tmp_path: Path) -> None:
    _page(tmp_path, "a/doc/one.html")
    doc = DocumentSet.parse({"en": "a:doc/*.html", "es": "a:doc/es/*.html"}, "test")
    with pytest.raises(SourceError, match=r"package a: no file matches doc/es/\*.html"):
        paired_files({"a": tmp_path / "a"}, doc)


def test_document_sets_reject_bad_options() -> None:
    good = {"en": "a:x/*.html", "es": "b:y/*.html"}
    assert document_sets({"documents": [good]}, ["a", "b"], "k")[0].es.package == "b"
    with pytest.raises(SourceError, match="unknown options"):
        document_sets({"documents": [good], "lang": "es"}, ["a", "b"], "k")
    with pytest.raises(SourceError, match="not in its packages"):
        document_sets({"documents": [good]}, ["a"], "k")
    with pytest.raises(SourceError, match="package:path-glob"):
        document_sets({"documents": [{"en": "a:x/one.html", "es": "b:y/*.html"}]}, ["a", "b"], "k")
    with pytest.raises(SourceError, match="same wildcards"):
        document_sets({"documents": [{"en": "a:**/*.html", "es": "b:y/*.html"}]}, ["a", "b"], "k")
    with pytest.raises(SourceError, match="non-empty `documents`"):
        document_sets({}, ["a"], "k")


def test_read_html_names_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    page = tmp_path / "latin1.html"
    page.write_bytes("<html><body><p>año</p></body></html>".encode("latin-1"))
    with pytest.raises(SourceError, match="latin1.html: cannot read it as UTF-8"):
        read_html(page)
