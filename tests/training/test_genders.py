"""training.genders: the gender table from the determiners of a corpus's target side."""

from __future__ import annotations

from training.genders import main, noun_genders
from translator.agreement import GENDERS_FILE, read_genders


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
    assert main(["--data-dir", str(data), "--out", str(out)]) == 0
    assert read_genders(out) == {"taza": ("f", "s")}
    header = out.read_text(encoding="utf-8").splitlines()[:2]
    assert header[0].startswith("# es words and the article they take, 1 of them")
    assert header[1] == (
        f"# built from {data}/train.es: a word's determiners, 10 or more, 95% or more of one gender "
        "and number"
    )
    assert main(["--data-dir", str(tmp_path / "absent"), "--out", str(out)]) == 2
    assert "train.es: no such file" in capsys.readouterr().err
