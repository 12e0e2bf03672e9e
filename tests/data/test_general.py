"""data.general: the package list, the document split, held-out dedup and the mixed dev set."""

from __future__ import annotations

import pytest

from data import general
from data.clean import DUPLICATE, Rules
from data.debian import Unpacked
from data.general import Example, GeneralCorpusError, document_split, load_sources
from data.sources import Origin
from data.sources.base import SourceError
from tests.data.listed import Listed, file_in


def test_document_split_is_by_document_and_stable():
    a, b = Origin("gettext", "gimp", "gimp20.mo"), Origin("gettext", "gimp", "gimp20-std-plug-ins.mo")
    assert document_split(a, "ui", 50) == document_split(Origin("qt", "gimp", "gimp20.mo"), "docs", 50)
    splits = {document_split(Origin("gettext", "p", f"f{i}"), "ui", 50) for i in range(400)}
    assert splits == {"train", "dev", "test"}
    assert document_split(a, "ui", 50) == "train" and document_split(b, "ui", 50) == "train"  # pinned buckets
    assert document_split(Origin("bible", "x", "40"), "bible", 50) == "test"  # chapter 40: the Bible's rule
    assert document_split(Origin("apertium-dict", "d", "f"), "dict", 3) == "train"  # never held out
    assert all(document_split(Origin("bt-en", "p", f"f{i}"), "synthetic", 3) == "train" for i in range(30))


def test_build_holds_out_whole_documents_and_drops_train_repeats_of_held_out_text(tmp_path):
    test_doc, train_doc = file_in("test"), file_in("train")
    source = Listed(
        [
            ("Open the file", "Abrir el archivo", test_doc),
            ("Close the window", "Cerrar la ventana", test_doc),
            ("Open the file", "Abrir el archivo", train_doc),  # repeats test text: dropped from train
            ("Save the file", "Guardar el archivo", train_doc),
            ("Save the file", "Guardar el archivo", train_doc),  # duplicate
            ("Where is the station?", "¿Dónde está la estación?", train_doc),  # a Tatoeba sentence
            ("Print the page", "Imprimir la página", train_doc),
        ]
    )
    tatoeba_dev = [Example("Where is the station?", "¿Dónde está la estación?", Origin("tatoeba", "t", "1"))]
    unpacked = {"pkg": Unpacked("pkg", "1.0", tmp_path)}
    corpus = general.build([source], unpacked, tmp_path, [], (tatoeba_dev, []), Rules(), 3)
    assert [(e.en, e.origin.file) for e in corpus.splits["test-ui"]] == [
        ("Open the file", test_doc),
        ("Close the window", test_doc),
    ]
    assert [e.en for e in corpus.splits["train"]] == ["Save the file", "Print the page"]
    assert corpus.drops["listed"][general.HELDOUT] == 2
    assert corpus.drops["listed"][DUPLICATE] == 1
    assert corpus.read["listed"] == 7
    # The raw pairs were cached: a second build reads them from data/cache/pairs without the source.
    source._pairs = []
    again = general.build([source], unpacked, tmp_path, [], (tatoeba_dev, []), Rules(), 3)
    assert again.splits["train"] == corpus.splits["train"]


def test_a_package_held_out_whole_goes_to_its_domains_held_out_split(tmp_path):
    docs = [file_in("train"), file_in("test"), file_in("dev")]
    pairs = [(f"Open file {n}", f"Abrir el archivo {n}", doc) for n, doc in enumerate(docs)]
    unpacked = {"pkg": Unpacked("pkg", "1.0", tmp_path)}
    corpus = general.build([Listed(pairs, heldout={"pkg": "dev"})], unpacked, tmp_path, [], None, Rules(), 3)
    assert [e.origin.file for e in corpus.splits["dev-ui"]] == docs  # whatever the document hash says
    assert "test-ui" not in corpus.splits and corpus.splits["train"] == []
    split = general.build([Listed(pairs)], unpacked, tmp_path / "2", [], None, Rules(), 3)
    assert [len(split.splits[n]) for n in ("train", "test-ui", "dev-ui")] == [1, 1, 1]


def test_a_train_only_package_stays_out_of_every_held_out_split(tmp_path):
    docs = [file_in("train"), file_in("test"), file_in("dev")]
    pairs = [(f"Open file {n}", f"Abrir el archivo {n}", doc) for n, doc in enumerate(docs)]
    unpacked = {"pkg": Unpacked("pkg", "1.0", tmp_path)}
    corpus = general.build([Listed(pairs, train_only=["pkg"])], unpacked, tmp_path, [], None, Rules(), 3)
    assert [e.origin.file for e in corpus.splits["train"]] == docs  # whatever the document hash says
    assert not any(name.endswith("-ui") for name in corpus.splits)


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ("pkg", "must be a list of package names"),
        (["pkg", "other"], "names packages not listed: other"),
    ],
)
def test_a_bad_train_only_option_is_refused_with_what_is_wrong(option, message):
    with pytest.raises(SourceError, match=message):
        Listed([], train_only=option)


def test_a_package_cannot_be_both_held_out_and_train_only():
    with pytest.raises(SourceError, match="both name pkg"):
        Listed([], heldout={"pkg": "dev"}, train_only=["pkg"])


def test_train_repeats_of_held_out_text_are_found_whatever_their_case_spacing_and_punctuation(tmp_path):
    test_doc, train_doc = file_in("test"), file_in("train")
    source = Listed(
        [
            ("Aragonese", "Aragonés", test_doc),
            ("Name:", "Nombre:", test_doc),
            ("aragonese", "aragonés", train_doc),  # case only
            ("name", "el nombre", train_doc),  # English side differs only by case and punctuation
            ("Name field", "NOMBRE .", train_doc),  # Spanish side differs by case, spacing and punctuation
            ("Names", "Nombres", train_doc),  # another word: kept
        ]
    )
    unpacked = {"pkg": Unpacked("pkg", "1.0", tmp_path)}
    corpus = general.build([source], unpacked, tmp_path, [], None, Rules(), 3)
    assert [e.en for e in corpus.splits["train"]] == ["Names"]
    assert corpus.drops["listed"][general.HELDOUT] == 3


def test_heldout_key_folds_case_space_and_punctuation_but_keeps_words_apart():
    key = general.heldout_key
    assert key("Open  the file…") == key("open the FILE") == key("Open the file.")
    assert key("Straße") == key("STRASSE")
    assert key("Open the file") != key("Open the files") != key("Openthe file")
    assert key("%s") == "s" and key("...") == "..." and key("…") != key("...")


def test_mixed_dev_interleaves_domains():
    a = [Example(f"a{i}", f"a{i}", Origin("x", "p", "f")) for i in range(3)]
    b = [Example("b0", "b0", Origin("y", "p", "f"))]
    assert [e.en for e in general._interleave([a, b])] == ["a0", "b0", "a1", "a2"]


def test_capped_keeps_whole_documents_in_corpus_order():
    examples = [Example(f"s{i}", f"s{i}", Origin("k", "p", f"doc{i // 2}")) for i in range(10)]
    capped = general._capped(examples, 4)
    assert len(capped) == 4
    assert capped == sorted(capped, key=examples.index)
    assert all(sum(e.origin.file == c.origin.file for e in capped) == 2 for c in capped)


def test_load_sources_names_the_entry_that_is_wrong(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - kind: no-such-kind\n    packages: [x]\n")
    with pytest.raises(GeneralCorpusError, match=r"sources\[1\].*unknown source kind 'no-such-kind'"):
        load_sources([path])
    path.write_text("packages: [x]\n")
    with pytest.raises(GeneralCorpusError, match="top-level `sources:` list"):
        load_sources([path])


def test_an_entry_switched_off_is_not_read(tmp_path):
    path = tmp_path / "sources.yaml"
    path.write_text(
        "sources:\n  - kind: freedict\n    enabled: false\n    packages: [x]\n"
        "  - kind: freedict\n    packages: [y]\n"
    )
    assert [s.packages for s in load_sources([path])] == [("y",)]
    path.write_text("sources:\n  - kind: freedict\n    enabled: no-thanks\n")
    with pytest.raises(GeneralCorpusError, match=r"sources\[1\]: `enabled` must be true or false"):
        load_sources([path])
