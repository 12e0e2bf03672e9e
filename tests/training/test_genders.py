"""training.genders: the gender table from the determiners of a corpus's target side."""

from __future__ import annotations

import shutil

import pytest

from training.genders import (
    ANALYSER,
    adjective_rows,
    analyse,
    known_words,
    main,
    noun_genders,
    predicate_rows,
)
from translator.agreement import ADJECTIVES_FILE, GENDERS_FILE, PREDICATES_FILE, read_adjectives, read_genders


def test_a_word_gets_the_article_its_determiners_settle():
    lines = (
        ["La taza está llena.", "Una taza de café", "esta taza"] * 4  # 12 feminine singular
        + ["el agua"] * 10  # "agua" takes "el"
        + ["los gatos", "unos gatos"] * 5  # plural
        + ["el capital"] * 6
        + ["la capital"] * 6  # both genders: no entry
        + ["la moto"] * 9  # too few
        + ["el 5", "la 5"] * 10  # not a word
        + ["mi casa", "tu casa"] * 10  # determiners without gender count for nothing
        + ["del perro"] * 9
        + ["al perro"]  # contractions count as "el"
        + ["la la"] * 10  # a determiner is no noun
    )
    assert noun_genders(lines) == {"taza": "la", "agua": "el", "gatos": "los", "perro": "el"}
    assert noun_genders(lines, min_count=9)["moto"] == "la"
    # One "el" among 20 "la" is 95%: kept at the default share, not above it.
    mixed = ["la cosa"] * 19 + ["el cosa"]
    assert noun_genders(mixed) == {"cosa": "la"}
    assert noun_genders(mixed, share=0.99) == {}


def test_command_writes_the_table_and_refuses_a_missing_corpus(tmp_path, capsys):
    data = tmp_path / "prepared"
    data.mkdir()
    (data / "train.es").write_text("una taza\n" * 10 + "el perro\n" * 3, encoding="utf-8")
    out = tmp_path / "model" / GENDERS_FILE
    assert main(["--data-dir", str(data), "--out", str(out), "--no-adjectives"]) == 0
    assert read_genders(out) == {"taza": ("f", "s")}
    assert not (out.parent / ADJECTIVES_FILE).exists()
    header = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header[0].startswith("# es words and the article they take, 1 of them")
    assert header[1] == (
        f"# built from {data}/train.es: a word's determiners, 10 or more, 95% or more of one gender "
        "and number"
    )
    assert main(["--data-dir", str(tmp_path / "absent"), "--out", str(out)]) == 2
    assert "train.es: no such file" in capsys.readouterr().err


READINGS = """^italiano/italiano<n><m><sg>/italiano<adj><m><sg>$
^italianas/italiano<adj><f><pl>$
^roja/rojo<adj><f><sg>$
^rojo/rojo<adj><m><sg>$
^rojos/rojo<adj><m><pl>$
^rojas/rojo<adj><f><pl>$
^cerrada/cerrado<adj><f><sg>/cerrar<vblex><pp><f><sg>$
^cerrado/cerrado<adj><m><sg>$
^bajos/bajo<adj><m><pl>$
^bajo/bajo<pr>/bajo<adj><m><sg>/bajar<vblex><pri><p1><sg>$
^sola/solo<adj><f><sg>$
^verde/verde<adj><mf><sg>$
^feliz/feliz<adj><mf><sg>$
^mejores/mejor<adj><sup><mf><pl>$
^casa/casa<n><f><sg>/casar<vblex><pri><p3><sg>$
^xyz/*xyz$
"""


def test_adjective_rows_from_the_analysers_readings():
    assert sorted(adjective_rows(READINGS)) == [
        ("italiano", "italiana", "italianos", "italianas"),  # made whole by its regular endings
        ("rojo", "roja", "rojos", "rojas"),
    ]  # not cerrado (a participle), bajo (a preposition), solo (an adverb), verde (one form for both)


PREDICATE_READINGS = (
    READINGS
    + """^soldada/soldar<vblex><pp><f><sg>$
^soldado/soldado<n><mf><sg>/soldar<vblex><pp><m><sg>$
^cansados/cansar<vblex><pp><m><pl>$
^todo/todo<prn><tn><m><sg>/todo<adj><m><sg>$
^muerto/muerto<n><m><sg>/muerto<adj><m><sg>/morir<vblex><pp><m><sg>$
"""
)


def test_predicate_rows_take_adjectives_and_participles_that_are_no_nouns():
    assert sorted(predicate_rows(PREDICATE_READINGS)) == [
        ("cansado", "cansada", "cansados", "cansadas"),  # a participle, made whole
        ("cerrado", "cerrada", "cerrados", "cerradas"),
        ("italiano", "italiana", "italianos", "italianas"),
        ("muerto", "muerta", "muertos", "muertas"),  # an adjective as well as a noun
        ("rojo", "roja", "rojos", "rojas"),
    ]  # not soldado (a participle one of whose forms is a noun), todo (a pronoun), bajo, solo, verde


def test_known_words_are_found_twice_or_more():
    assert known_words(["La casa roja", "la Casa 3", "una casa"]) == ["casa", "la"]


@pytest.mark.skipif(
    shutil.which("lt-proc") is None or not ANALYSER.is_file(), reason="needs Debian's apertium-eng-spa"
)
def test_the_analyser_reads_the_corpus_words_and_the_command_writes_the_table(tmp_path):
    assert adjective_rows(analyse(["italiano", "italianas", "bajo", "bajos", "abrir"], ANALYSER)) == [
        ("italiano", "italiana", "italianos", "italianas")
    ]
    data = tmp_path / "prepared"
    data.mkdir()
    (data / "train.es").write_text("una región histórica\nlos tiempos históricos\n" * 2, encoding="utf-8")
    out = tmp_path / "model" / GENDERS_FILE
    assert main(["--data-dir", str(data), "--out", str(out)]) == 0
    assert read_adjectives(out.parent / ADJECTIVES_FILE)["histórico"][0] == (
        "histórico",
        "histórica",
        "históricos",
        "históricas",
    )
    assert read_adjectives(out.parent / PREDICATES_FILE)["históricos"][1] == 2


def test_command_without_the_analyser_says_what_it_needs(tmp_path, capsys):
    data = tmp_path / "prepared"
    data.mkdir()
    (data / "train.es").write_text("una taza\n", encoding="utf-8")
    out = tmp_path / GENDERS_FILE
    assert main(["--data-dir", str(data), "--out", str(out), "--analyser", str(tmp_path / "absent.bin")]) == 2
    assert "the adjective table needs lt-proc and" in capsys.readouterr().err
    assert not out.exists()  # nothing half written
