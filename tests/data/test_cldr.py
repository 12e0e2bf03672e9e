"""data.cldr: the CLDR's names of languages and territories as a dictionary file for the lexicon."""

from __future__ import annotations

from data.cldr import main, name_pairs
from training.lexicon import read_extra


def test_name_pairs_are_one_word_names_that_differ_other_than_in_case_and_accents():
    pairs = name_pairs()
    assert ("Lithuanian", "lituano", "language") in pairs
    assert ("Lithuania", "Lituania", "territory") in pairs
    assert ("Icelandic", "islandés", "language") in pairs
    english = {en for en, _, _ in pairs}
    assert "Tamil" not in english  # "tamil": the same word
    assert not any(" " in en or " " in es for en, es, _ in pairs)  # "Ancient Greek" -> "griego antiguo"
    assert "Zaza" not in english  # a minor language (zza), and a name in the Bible
    assert "World" not in english  # a region (001), not a country
    assert len(pairs) == len(set(pairs)) > 150


def test_command_writes_a_dictionary_file_with_its_licence(tmp_path):
    out = tmp_path / "pairs" / "cldr-names.tsv"
    assert main(["--out", str(out)]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# English and Spanish one-word names of ")
    assert lines[1].startswith("# cldr: Unicode CLDR ") and "licence Unicode-3.0" in lines[1]
    assert "Lithuanian\tlituano" in lines
    extra = read_extra([out], "es")
    assert ("lituano", "Lithuanian", "extra-dictionary:cldr-names.tsv") in extra.pairs
    assert extra.licences == [lines[1][1:].strip()]  # the lexicon's header and card name it
    assert main(["--out", str(tmp_path)]) == 2  # a folder: a message, no traceback
