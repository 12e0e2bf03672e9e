"""training.associations: the word pairs a train split puts together more often than chance."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.associations import (
    Thresholds,
    _ids,
    associated_pairs,
    corpus_translations,
    count_cooccurrence,
    main,
)
from translator.associations import Associations

# "taza" is found with "cup" three times; "de" and "of" are everywhere; "baby" comes once beside "taza".
SOURCES = [
    "una taza de café",
    "la taza de té",
    "mi taza roja",
    "el bebé de Ana",
    "el bebé duerme",
    "una casa de piedra",
    "la casa de Ana",
    "una taza para el bebé",
]
TARGETS = [
    "a cup of coffee",
    "the cup of tea",
    "my red cup",
    "Ana's baby",
    "the baby sleeps",
    "a stone house",
    "Ana's house",
    "a baby cup",
]


def test_pairs_found_together_often_enough_and_more_than_chance_are_associated():
    pairs, common = associated_pairs(count_cooccurrence(SOURCES, TARGETS, Thresholds(2, 1.5, 0.55)))
    assert ("taza", "cup") in pairs and ("bebé", "baby") in pairs and ("casa", "house") in pairs
    assert ("taza", "baby") not in pairs  # once only
    assert ("de", "cup") not in pairs  # twice, but "de" is in 5 lines of 8 and "cup" in 4: chance
    assert common == frozenset()
    # "cup" is in half the lines: common, it goes with anything and is in no pair.
    pairs, common = associated_pairs(count_cooccurrence(SOURCES, TARGETS, Thresholds(2, 1.5, 0.45)))
    assert common == {"cup"} and not any(target == "cup" for _, target in pairs)


def test_min_count_and_lift_leave_pairs_out():
    assert ("taza", "cup") not in associated_pairs(count_cooccurrence(SOURCES, TARGETS, Thresholds(5, 1.5)))[
        0
    ]
    assert associated_pairs(count_cooccurrence(SOURCES, TARGETS, Thresholds(2, 100.0)))[0] == []
    assert associated_pairs(count_cooccurrence([], [])) == ([], frozenset())


def test_the_command_writes_a_table_the_lexicon_reads(tmp_path: Path):
    data = tmp_path / "prepared"
    data.mkdir()
    (data / "train.es").write_text("\n".join(SOURCES) + "\n", encoding="utf-8")
    (data / "train.en").write_text("\n".join(TARGETS) + "\n", encoding="utf-8")
    out = tmp_path / "model" / "associations.bloom"
    args = [
        "--data-dir",
        str(data),
        "--src",
        "es",
        "--tgt",
        "en",
        "--out",
        str(out),
        "--common-share",
        "0.55",
    ]
    assert main([*args, "--lift", "1.5"]) == 0
    table = Associations.read(out)
    assert table.info["built_from"] == f"the 8 line pairs of {data}/train.es and train.en"
    assert table.accounts_for({"una", "taza"}, "cup") and not table.accounts_for({"una", "taza"}, "stone")
    assert table.info["lift"] == 1.5 and table.info["min_count"] == 2 and table.info["common_share"] == 0.55
    with pytest.raises(SystemExit):
        main([*args, "--lift", "0"])


def test_the_command_refuses_missing_or_misaligned_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    args = ["--data-dir", str(tmp_path), "--src", "es", "--tgt", "en", "--out", str(tmp_path / "a.bloom")]
    assert main(args) != 0
    assert "train.es: no such file" in capsys.readouterr().err
    (tmp_path / "train.es").write_text("uno\ndos\n", encoding="utf-8")
    (tmp_path / "train.en").write_text("one\n", encoding="utf-8")
    assert main(args) != 0
    assert "2 source lines but 1 target lines" in capsys.readouterr().err
    assert not (tmp_path / "a.bloom").exists()


def test_corpus_translations_are_each_others_best_match_as_the_lines_write_them():
    counts = count_cooccurrence(SOURCES, TARGETS, Thresholds(2, 1.5, 0.55))
    found = corpus_translations(SOURCES, TARGETS, counts, set(), min_count=2)
    assert {("taza", "cup"), ("bebé", "baby"), ("casa", "house")} <= set(found)
    assert not any(source == "de" for source, _ in found)  # "of" goes with "taza" better
    assert ("casa", "house") not in corpus_translations(SOURCES, TARGETS, counts, set(), min_count=3)
    assert ("taza", "cup") not in corpus_translations(SOURCES, TARGETS, counts, {"taza"}, min_count=2)
    assert corpus_translations(SOURCES, TARGETS, counts, set(), min_count=2, min_dice=1.1) == []
    sources = ["Vive en Praga", "Praga es bonita", "Me gusta Praga", "praga"]
    targets = ["He lives in Prague", "Prague is pretty", "I like Prague", "prague"]
    counts = count_cooccurrence(sources, targets, Thresholds(2, 1.0, 1.0))
    assert ("Praga", "Prague") in corpus_translations(sources, targets, counts, set())


def test_words_are_numbered_as_first_met_so_that_equal_matches_resolve_the_same_in_every_process():
    vocab: dict[str, int] = {}
    assert _ids("Zeta alfa zeta beta", vocab) == [0, 1, 2]
    assert list(vocab) == ["zeta", "alfa", "beta"]
    assert _ids("beta gamma", vocab) == [2, 3]
