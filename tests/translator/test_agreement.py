"""translator.agreement: Spanish determiners (and the adjectives before a noun) made to agree with the
noun's gender, the gender table's file, and the Translator's use of it."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.agreement import (
    ADJECTIVES_FILE,
    GENDERS_FILE,
    PREDICATES_FILE,
    GendersError,
    agree,
    read_adjectives,
    read_genders,
    write_adjectives,
    write_genders,
)
from translator.facade import Translator
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon, LexiconError

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


ADJECTIVES = {
    form: (forms, index)
    for forms in [("italiano", "italiana", "italianos", "italianas"), ("rojo", "roja", "rojos", "rojas")]
    for index, form in enumerate(forms)
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("la casa italiano", "la casa italiana"),
        ("los perros italiana", "los perros italianos"),  # gender and number: the noun's
        ("un taza rojo", "una taza roja"),  # the determiner and the adjective
        ("mi casa Rojo.", "mi casa Roja."),  # a determiner of one form for both; the adjective's case
        # Left alone: one of a list; a noun the table does not know; the number of the determiner and
        # the noun differ; no plain space.
        ("los canales rojo, verde y azul", "los canales rojo, verde y azul"),
        ("la casa rojo y azul", "la casa rojo y azul"),
        ("el coche rojo", "el coche rojo"),
        ("los casa rojo", "los casa rojo"),
        ("la casa\nrojo", "la casa\nrojo"),
    ],
)
def test_agree_makes_the_adjective_after_the_noun_agree(text, expected):
    assert agree(text, GENDERS | {"perros": ("m", "p")}, ADJECTIVES) == expected


PREDICATES = {
    form: (forms, index)
    for forms in [
        ("cerrado", "cerrada", "cerrados", "cerradas"),
        ("muerto", "muerta", "muertos", "muertas"),
        ("frío", "fría", "fríos", "frías"),
    ]
    for index, form in enumerate(forms)
}
PREDICATE_GENDERS = GENDERS | {"batería": ("f", "s"), "tiendas": ("f", "p"), "sopa": ("f", "s")}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mi batería de teléfono es casi muerto.", "Mi batería de teléfono es casi muerta."),
        ("Las tiendas no están cerrado", "Las tiendas no están cerradas"),
        ("Creo que la sopa está muy frío.", "Creo que la sopa está muy fría."),
        ("La casa del perro ha sido cerrado.", "La casa del perro ha sido cerrada."),
        ("la casa de mi perro estaba Cerrado", "la casa de mi perro estaba Cerrada"),
        ("Ella está muerto; ellos parecen muerta.", "Ella está muerta; ellos parecen muertos."),
        ("Él está frío. El perro está fría", "Él está frío. El perro está frío"),
        # A noun the table lacks: its determiner's gender; a pronoun of either gender: its number.
        ("Esa bicicleta es demasiado frío.", "Esa bicicleta es demasiado fría."),
        (
            "Ustedes son cerrado; yo estoy muertas; nosotras estamos frío",
            "Ustedes son cerrados; yo estoy muerta; nosotras estamos frías",
        ),
        ("Mi bicicleta es frío", "Mi bicicleta es frío"),  # "mi" has one form for both genders
        # Left alone: the subject may be an object (after "a"); the verb's number is not the noun's; a
        # word of neither table; "el agua" may be feminine; a pronoun whose gender is unknown; no verb
        # of the list.
        ("Lo que dije a la casa es frío.", "Lo que dije a la casa es frío."),
        ("La casa son cerrados", "La casa son cerrados"),
        ("La casa es rojo", "La casa es rojo"),
        ("El agua está fría", "El agua está fría"),
        ("Yo estoy cerrada", "Yo estoy cerrada"),
        ("La casa tiene frío", "La casa tiene frío"),
        ("La casa está {cerrado}", "La casa está {cerrado}"),  # a placeholder is not text
    ],
)
def test_agree_makes_the_predicate_agree_with_the_subject(text, expected):
    assert agree(text, PREDICATE_GENDERS, {}, PREDICATES) == expected


def test_the_predicate_takes_the_adjective_table_without_a_table_of_its_own():
    assert agree("La casa es italiano", GENDERS, ADJECTIVES) == "La casa es italiana"
    assert agree("La casa es italiano", GENDERS, ADJECTIVES, PREDICATES) == "La casa es italiano"


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


def test_the_adjective_table_file_round_trips_and_names_a_bad_line(tmp_path):
    path = tmp_path / ADJECTIVES_FILE
    write_adjectives(path, [("rojo", "roja", "rojos", "rojas")], ["es adjectives"])
    assert path.read_text(encoding="utf-8").splitlines() == ["# es adjectives", "rojo\troja\trojos\trojas"]
    assert read_adjectives(path)["rojas"] == (("rojo", "roja", "rojos", "rojas"), 3)
    for bad in ("rojo\troja\trojos\n", "rojo\trojo\trojos\trojos\n"):  # three forms; two the same
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(GendersError, match="line 1: expected four different forms"):
            read_adjectives(path)


def test_the_lexicon_reads_the_gender_table_beside_it(tmp_path):
    lexicon_file = tmp_path / LEXICON_FILE
    Lexicon({"cup": "taza"}).write(lexicon_file)
    assert Lexicon.read(lexicon_file).genders == {}
    write_genders(tmp_path / GENDERS_FILE, {"taza": "la"}, [])
    lexicon = Lexicon.read(lexicon_file)
    assert lexicon.genders == {"taza": ("f", "s")}
    assert lexicon.agree("un taza") == "una taza"
    write_adjectives(tmp_path / ADJECTIVES_FILE, [("rojo", "roja", "rojos", "rojas")], [])
    assert Lexicon.read(lexicon_file).agree("un taza rojo") == "una taza roja"
    write_adjectives(tmp_path / PREDICATES_FILE, [("lleno", "llena", "llenos", "llenas")], [])
    assert Lexicon.read(lexicon_file).agree("La taza está lleno, la taza rojo") == (
        "La taza está llena, la taza roja"
    )
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


def test_the_words_around_a_replaced_invented_word_are_made_to_agree_with_it(
    model_dir, tmp_path, monkeypatch
):
    """The repairs run after the invented-word fallback: agreement sees what it wrote."""
    directory = tagged_copy(model_dir, tmp_path / "model")
    words = Lexicon({"historical": "histórico", "region": "región"}, known=frozenset({"una", "región"}))
    words.write(directory / LEXICON_FILE)
    words.write_known_words(directory / KNOWN_WORDS_FILE)
    write_genders(directory / GENDERS_FILE, {"región": "la"}, [])
    write_adjectives(
        directory / ADJECTIVES_FILE, [("histórico", "histórica", "históricos", "históricas")], []
    )
    translator = Translator.load(directory)
    monkeypatch.setattr(
        translator.tokenizer, "decode_tgt", lambda rows: ["una región sutórica" for _ in rows]
    )
    monkeypatch.setattr(translator.tokenizer, "tgt_pieces", lambda ids: ["▁una", "▁región", "▁sutór", "ica"])

    def alignments(srcs, outputs):  # "sutórica" attends to "historical", the source's only word
        return [[[1.0 / len(src)] * len(src) for _ in range(5)] for src in srcs]

    monkeypatch.setattr(translator, "alignments", alignments)
    (result,) = translator.translate(["historical"], decode="greedy")
    assert result.own_text == "una región sutórica"
    assert result.text == "una región histórica"  # the lexicon's "histórico", made feminine
