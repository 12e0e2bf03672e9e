import shutil

import pytest

from training import verbs
from training.verbs import (
    COLUMNS,
    DEV_VERBS,
    VERBS,
    VerbTableError,
    read_table,
    read_verbs,
    table_rows,
    verb_pairs,
)


def test_the_committed_table_has_every_verb_with_every_form():
    table = read_table()
    assert set(table) == {(v.en, v.es) for v in VERBS + DEV_VERBS}
    forget = table["forget", "olvidar"]
    assert (forget["past"], forget["participle"], forget["third"]) == ("forgot", "forgotten", "forgets")
    assert (forget["past_p1sg"], forget["present_p2sg"], forget["future_p1pl"]) == (
        "olvidé",
        "olvidas",
        "olvidaremos",
    )
    assert forget["participle_es"] == "olvidado"
    assert table["go", "ir"]["present_p1sg"] == "voy"  # irregular forms are the generators'
    assert table["drive", "conducir"]["past_p1sg"] == "conduje"


def test_held_out_verbs_are_not_training_verbs():
    assert not {v.en for v in VERBS} & {v.en for v in DEV_VERBS}


def test_pairs_conjugate_by_person_tense_and_form():
    only = read_verbs("forget | olvidar | the password | la contraseña")
    pairs = set(zip(*verb_pairs(4000, "en", seed=3, verbs=only), strict=True))
    assert ("I forgot the password.", "Olvidé la contraseña.") in pairs
    assert ("I forgot.", "Olvidé.") in pairs  # forget reads well without its object
    assert ("Did you forget the password?", "¿Olvidaste la contraseña?") in pairs
    assert ("Does she forget the password?", "¿Olvida ella la contraseña?") in pairs
    assert ("He has forgotten the password.", "Él ha olvidado la contraseña.") in pairs
    assert ("We won't forget.", "No olvidaremos.") in pairs
    assert ("They forgot the password yesterday.", "Olvidaron la contraseña ayer.") in pairs
    assert ("You forget.", "Usted olvida.") in pairs  # "you" is also usted and ustedes
    assert ("You forget.", "Ustedes olvidan.") in pairs
    assert not any("ayer" in es and "will" in en for en, es in pairs)  # adverbs fit the tense


def test_a_verb_that_needs_its_object_always_has_it():
    only = read_verbs("use | usar | the computer | el ordenador")
    src, tgt = verb_pairs(500, "en", seed=1, verbs=only)
    assert all("computer" in s for s in src) and all("ordenador" in t for t in tgt)


def test_directions_mirror_seeds_repeat_and_held_out_lines_are_drawn_again():
    en_src, en_tgt = verb_pairs(300, "en", seed=2)
    es_src, es_tgt = verb_pairs(300, "es", seed=2)
    assert en_src == es_tgt and en_tgt == es_src
    assert verb_pairs(300, "en", seed=2) == (en_src, en_tgt)
    assert verb_pairs(300, "en", seed=5) != (en_src, en_tgt)
    common = {s.lower() for s in en_src[:50]} | {t.lower() for t in en_tgt[50:100]}
    src, tgt = verb_pairs(300, "en", seed=2, held_out=common)
    assert len(src) == 300 and not {s.lower() for s in src} & common
    assert not {t.lower() for t in tgt} & common
    with pytest.raises(ValueError, match="English-Spanish"):
        verb_pairs(5, "de")


def test_expressions_are_the_target_verb_forms():
    expressions: list[str] = []
    src, tgt = verb_pairs(200, "en", seed=4, expressions=expressions)
    assert all(e.lower() in t.lower() for t, e in zip(tgt, expressions, strict=True))
    expressions = []
    src, tgt = verb_pairs(200, "es", seed=4, expressions=expressions)
    assert all(e.lower() in t.lower() for t, e in zip(tgt, expressions, strict=True))


def test_a_verb_missing_from_the_table_is_a_clear_error(tmp_path):
    with pytest.raises(VerbTableError, match="no forms for walk/andar"):
        verb_pairs(3, "en", verbs=read_verbs("walk | andar"))
    bad = tmp_path / "verb_forms.tsv"
    bad.write_text("en\tes\n", encoding="utf-8")
    with pytest.raises(VerbTableError, match="not a verb table"):
        read_table(bad)
    bad.write_text("\t".join(COLUMNS) + "\nforget\tolvidar\n", encoding="utf-8")
    with pytest.raises(VerbTableError, match=":2: "):
        read_table(bad)


@pytest.mark.parametrize("source", ["en", "es"])
def test_the_check_set_prints_held_out_verbs(source, capsys):
    assert verbs.main(["--source", source, "--count", "30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 30
    held = {v.es for v in DEV_VERBS}
    table = read_table()
    forms = {f for (en, es), row in table.items() if es in held for f in row.values()}
    for line in lines:
        src, ref, expression = line.split("\t")
        assert expression.lower() in ref.lower() and expression in forms


def test_the_table_is_written_by_the_generators(tmp_path, monkeypatch):
    """The table's rows as `lt-proc -g` writes their forms; a form it cannot write is an error."""
    calls = []

    def generate(lines, generator):
        calls.append(generator.name)
        return [line.strip("^$").split("<")[0] + "-" + str(k) for k, line in enumerate(lines)]

    monkeypatch.setattr(verbs, "generate", generate)
    rows = table_rows(read_verbs("forget | olvidar\nspeak | hablar"), tmp_path)
    assert calls == ["spa-eng.autogen.bin", "eng-spa.autogen.bin"]
    assert len(rows) == 2 and all(len(row) == len(COLUMNS) for row in rows)
    assert rows[1][:6] == ["speak", "hablar", "speak-4", "speak-5", "speak-6", "speak-7"]
    assert rows[1][-1] == "hablar-31"  # the participles follow the 2 x 15 finite forms
    monkeypatch.setattr(verbs, "generate", lambda lines, generator: ["#" + line for line in lines])
    with pytest.raises(VerbTableError, match="could not write"):
        table_rows(read_verbs("forget | olvidar"), tmp_path)


@pytest.mark.skipif(shutil.which("lt-proc") is None, reason="Apertium's lt-proc is not installed")
def test_the_committed_table_is_what_the_generators_write(tmp_path):
    out = tmp_path / "verb_forms.tsv"
    if not (verbs.GENERATORS / "eng-spa.autogen.bin").is_file():
        pytest.skip("apertium-eng-spa is not installed")
    assert verbs.main(["--table", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == verbs.TABLE.read_text(encoding="utf-8")


def test_the_table_command_says_what_is_missing(tmp_path, capsys):
    assert verbs.main(["--table", "--out", str(tmp_path / "t.tsv"), "--generators", str(tmp_path)]) == 1
    assert "error: " in capsys.readouterr().err
