"""data.corpus: user corpora and their format errors, each with file and line."""

from __future__ import annotations

import pytest

from data.corpus import CorpusError, read_lines, read_parallel, read_tsv
from data.pairs import Pair


def test_tsv_pairs_are_keyed_by_line_index(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_bytes("\ufeffHello\tHola\r\n\nGood night\tBuenas noches".encode())
    assert read_tsv(path) == [
        Pair("Hello", "Hola", 0),
        Pair("", "", 1),
        Pair("Good night", "Buenas noches", 2),
    ]


def test_tsv_line_without_a_tab(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("a\tb\nno tab here\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.tsv:2: expected source<TAB>target .*found 0 tabs"):
        read_tsv(path)


def test_tsv_line_with_two_tabs(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_text("a\tb\nc\td\n\ne\tf\tg\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.tsv:4: .*found 2 tabs"):
        read_tsv(path)


def test_invalid_utf8_names_the_line(tmp_path):
    path = tmp_path / "c.tsv"
    path.write_bytes(b"a\tb\nc\td\ncaf\xe9\tcaf\xc3\xa9\n")
    with pytest.raises(CorpusError, match=r"c\.tsv:3: invalid UTF-8 \(byte 0xe9 at column 4\)"):
        read_tsv(path)


def test_parallel_files(tmp_path):
    src, tgt = tmp_path / "c.en", tmp_path / "c.es"
    src.write_text("one\n\nthree\n", encoding="utf-8")
    tgt.write_text("uno\ndos\ntres\n", encoding="utf-8")
    assert read_parallel(src, tgt) == [Pair("one", "uno", 0), Pair("", "dos", 1), Pair("three", "tres", 2)]


def test_parallel_files_with_different_line_counts(tmp_path):
    src, tgt = tmp_path / "c.en", tmp_path / "c.es"
    src.write_text("one\ntwo\nthree\n", encoding="utf-8")
    tgt.write_text("uno\ndos\n", encoding="utf-8")
    with pytest.raises(CorpusError, match=r"c\.en has 3 lines but .*c\.es has 2"):
        read_parallel(src, tgt)


def test_invalid_utf8_in_the_second_file(tmp_path):
    src, tgt = tmp_path / "c.en", tmp_path / "c.es"
    src.write_text("one\ntwo\n", encoding="utf-8")
    tgt.write_bytes(b"uno\n\xff\n")
    with pytest.raises(CorpusError, match=r"c\.es:2: invalid UTF-8"):
        read_parallel(src, tgt)


def test_missing_file(tmp_path):
    with pytest.raises(CorpusError, match="nope.tsv: no such file"):
        read_tsv(tmp_path / "nope.tsv")


def test_corpus_errors_are_value_errors():
    assert issubclass(CorpusError, ValueError)


def test_an_empty_file_has_no_lines(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert read_lines(path) == []
