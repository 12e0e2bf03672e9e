"""translator.agreement: Spanish determiners (and the adjectives before a noun) made to agree with the
noun's gender, the gender table's file, and the Translator's use of it."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.agreement import GENDERS_FILE, GendersError, agree, read_genders, write_genders
from translator.facade import Translator
from translator.lexicon import LEXICON_FILE, Lexicon, LexiconError

GENDERS = {
    "taza": ("f", "s"),
    "café": ("m", "s"),
    "accidente": ("m", "s"),
    "par": ("m", "s"),
    "casa": ("f", "s"),
    "perro": ("m", "s"),
    "economía": ("f", "s"),
    "nubes": ("f", "p"),
    "agua": ("m", "s"),  # as the corpus writes it: "el agua"
    "archivo": ("m", "s"),
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Me gustaría un taza de café.", "Me gustaría una taza de café."),
        ("Esos nubes oscuras", "Esas nubes oscuras"),
        ("El economía. UN TAZA", "La economía. UNA TAZA"),  # the determiner's case is kept
        ("la agua", "el agua"),
        # "de"/"a" and "el" contract; "del"/"al" open up before another gender.
        ("el lugar de la accidente", "el lugar del accidente"),
        ("A la perro", "Al perro"),
        ("Del casa al casa", "De la casa a la casa"),
        # One adjective that goes before nouns changes with the determiner; an invariant one stays.
        ("una nueva par de zapatos", "un nuevo par de zapatos"),
        ("una buena perro", "un buen perro"),
        ("¡Qué una gran perro!", "¡Qué un gran perro!"),
        # Left alone: agreeing already; the number differs; a determiner with one form for both genders;
        # an adjective that disagrees with its determiner; another word between; not one plain space.
        ("la casa y el perro", "la casa y el perro"),
        ("los casa", "los casa"),
        ("mi casa, su perro", "mi casa, su perro"),
        ("una bueno par", "una bueno par"),
        ("una roja taza", "una roja taza"),
        ("un  taza, un\ntaza", "un  taza, un\ntaza"),
        ("un tazón", "un tazón"),  # a word the table does not know
        # Protected spans (URLs, placeholders) are not text.
        ("un taza: http://x.org/un/taza", "una taza: http://x.org/un/taza"),
        ("el {casa}", "el {casa}"),
    ],
)
def test_agree(text, expected):
    assert agree(text, GENDERS) == expected


def test_agree_with_no_table_changes_nothing():
    assert agree("un taza", {}) == "un taza"


def test_the_gender_table_file_round_trips_and_names_a_bad_line(tmp_path):
    path = tmp_path / GENDERS_FILE
    write_genders(path, {"taza": "la", "nubes": "las", "agua": "el"}, ["es words", "built from x"])
    assert path.read_text(encoding="utf-8").splitlines()[:3] == ["# es words", "# built from x", "agua\tel"]
    assert read_genders(path) == {"taza": ("f", "s"), "nubes": ("f", "p"), "agua": ("m", "s")}
    path.write_text("# header\n\ntaza\tla\ncasa\tuna\n", encoding="utf-8")
    with pytest.raises(GendersError, match=r"line 4: expected `word<TAB>article`.*'casa\\tuna'"):
        read_genders(path)
    path.write_text("two words\tla\n", encoding="utf-8")
    with pytest.raises(GendersError, match="line 1"):
        read_genders(path)
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(GendersError, match="cannot read it"):
        read_genders(path)


def test_the_lexicon_reads_the_gender_table_beside_it(tmp_path):
    lexicon_file = tmp_path / LEXICON_FILE
    Lexicon({"cup": "taza"}).write(lexicon_file)
    assert Lexicon.read(lexicon_file).genders == {}
    write_genders(tmp_path / GENDERS_FILE, {"taza": "la"}, [])
    lexicon = Lexicon.read(lexicon_file)
    assert lexicon.genders == {"taza": ("f", "s")}
    assert lexicon.agree("un taza") == "una taza"
    (tmp_path / GENDERS_FILE).write_text("taza\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=GENDERS_FILE):  # the service's registry reports LexiconError
        Lexicon.read(lexicon_file)


def test_translate_makes_determiners_agree_where_the_lexicon_has_a_gender_table(
    model_dir, tmp_path, monkeypatch
):
    directory = tagged_copy(model_dir, tmp_path / "model")
    Lexicon({"cup": "taza"}).write(directory / LEXICON_FILE)
    write_genders(directory / GENDERS_FILE, {"taza": "la"}, [])
    translator = Translator.load(directory)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["un taza y o otro" for _ in rows])
    (general,) = translator.translate(["x"], decode="greedy")
    # The model's own text gets it too (as the euphony, "o" -> "u", which runs after it).
    assert general.text == general.own_text == "una taza y u otro"
    (tagged,) = translator.translate(["x"], decode="greedy", domain="bible")
    assert tagged.text == "una taza y o otro"  # agreement is no matter of register; the euphony is
    translator.repair_agreement = False
    (raw,) = translator.translate(["x"], decode="greedy")
    assert raw.text == "un taza y u otro"
    bare = Translator.load(directory, lexicon=False)  # the table is read with the lexicon
    monkeypatch.setattr(bare.tokenizer, "decode_tgt", lambda rows: ["un taza" for _ in rows])
    assert bare.translate(["x"], decode="greedy")[0].text == "un taza"
