"""translator.lexicon: the fallback for source words the model copied, its file, and Translator's use."""

from __future__ import annotations

import pytest

from translator.facade import Translator
from translator.lexicon import LEXICON_FILE, Lexicon, LexiconError

WORDS = Lexicon(
    {
        "jail": "cárcel",
        "umbrella": "paraguas",
        "kitchen": "cocina",
        "name": "nombre",
        "mark": "marca",
        "Greece": "Grecia",
        "Danish": "danés",
        "turkey": "pavo",
        "Turkey": "Turquía",
    }
)


@pytest.mark.parametrize(
    ("source", "copied", "expected"),
    [
        ("Tom was in jail.", "Tom estaba en jail.", "Tom estaba en cárcel."),
        # A capital at the start of a sentence is kept.
        ("Jail is no fun.", "Jail no es divertido.", "Cárcel no es divertido."),
        ("Hello. Kitchen first", "Hola. Kitchen primero", "Hola. Cocina primero"),
        ("¿Umbrella?", "¿Umbrella?", "¿Paraguas?"),
        ("A list\nKitchen", "Una lista\nKitchen", "Una lista\nCocina"),
        # A word capitalised inside a sentence is a name: kept, in the source and in the translation.
        ("I met Mark in the kitchen.", "Conocí a Mark en la kitchen.", "Conocí a Mark en la cocina."),
        # Capitals: an acronym, wherever it is.
        ("JAIL or KITCHEN", "JAIL o KITCHEN", "JAIL o KITCHEN"),
        # Only words of the source are replaced: the model may use a lexicon word on its own.
        ("I cook.", "Yo kitchen.", "Yo kitchen."),
        # Protected spans, file names, paths, identifiers and markup names stay as they are.
        ("See http://x.org/kitchen", "Ver http://x.org/kitchen", "Ver http://x.org/kitchen"),
        ("Open kitchen.txt", "Abrir kitchen.txt", "Abrir kitchen.txt"),
        ("Edit ~/kitchen/name", "Editar ~/kitchen/name", "Editar ~/kitchen/name"),
        ("Set file_name", "Fijar file_name", "Fijar file_name"),
        ("the {name} field", "el campo {name}", "el campo {name}"),
        ("<name>kitchen</name>", "<name>kitchen</name>", "<name>cocina</name>"),
        # A name the lexicon holds is replaced inside a sentence too, in the entry's own case...
        ("After Danish rule, Greece", "Tras la regla Danish, Greece", "Tras la regla danés, Grecia"),
        # ... with a capital where the translation starts a sentence.
        ("Danish is spoken.", "Danish se habla.", "Danés se habla."),
        # Matched as written: the name, not the word, where the source has the capital; and back.
        ("Turkey and turkey", "Turkey y turkey", "Turquía y pavo"),
        ("I like Greece.", "Me gusta greece.", "Me gusta greece."),
        ("GREECE", "GREECE", "GREECE"),
    ],
)
def test_apply_replaces_only_words_copied_from_the_source(source, copied, expected):
    assert WORDS.apply(source, copied) == expected


def test_apply_leaves_a_translation_without_copies_alone():
    assert WORDS.apply("I lost my umbrella.", "Perdí mi paraguas.") == "Perdí mi paraguas."
    assert Lexicon({}).apply("jail", "jail") == "jail"


def test_write_then_read_gives_the_same_entries(tmp_path):
    path = tmp_path / "lexicon.tsv"
    WORDS.write(path, ["built by a test", "second line"])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# built by a test\n# second line\n")
    read = Lexicon.read(path)
    assert read.entries == WORDS.entries
    assert read.path == str(path)
    assert read.header == ("built by a test", "second line")
    assert len(read) == 9


def test_read_skips_comments_and_blank_lines_and_keeps_a_names_capital(tmp_path):
    path = tmp_path / "l.tsv"
    path.write_text("# a comment\n\nJail\tcárcel\n  \ncoffee\tcafé solo\n", encoding="utf-8")
    assert Lexicon.read(path).entries == {"Jail": "cárcel", "coffee": "café solo"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("jail cárcel\n", "line 1: expected `source<TAB>target`"),
        ("# header\njail\t\n", "line 2: expected"),
        ("jail\tcárcel\tprisión\n", "line 1: expected"),
        ("\tcárcel\n", "line 1: expected"),
        ("ice cream\thelado\n", "line 1: the source 'ice cream' is not one word"),
    ],
)
def test_a_malformed_line_is_named(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LexiconError, match=message):
        Lexicon.read(path)


def test_missing_and_non_utf8_files_are_lexicon_errors(tmp_path):
    with pytest.raises(LexiconError, match="no such file"):
        Lexicon.read(tmp_path / "absent.tsv")
    path = tmp_path / "latin1.tsv"
    path.write_bytes("jail\tcárcel\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="cannot read"):
        Lexicon.read(path)


@pytest.fixture
def model_with_lexicon(tmp_path, model_dir):
    """A copy of the fixture model directory with a lexicon.tsv beside its model.pt."""
    directory = tmp_path / "model"
    directory.mkdir()
    (directory / "model.pt").write_bytes((model_dir / "model.pt").read_bytes())
    WORDS.write(directory / LEXICON_FILE)
    return directory


def test_load_takes_the_lexicon_beside_the_model(model_with_lexicon, model_dir, tmp_path):
    assert Translator.load(model_with_lexicon).lexicon.entries == WORDS.entries
    assert Translator.load(model_with_lexicon, lexicon=False).lexicon is None
    assert Translator.load(model_dir).lexicon is None  # no lexicon.tsv there
    other = tmp_path / "other.tsv"
    Lexicon({"coffee": "café"}).write(other)
    assert Translator.load(model_dir, lexicon=other).lexicon.entries == {"coffee": "café"}
    (model_with_lexicon / LEXICON_FILE).write_text("broken line\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="line 1"):
        Translator.load(model_with_lexicon)


def test_translate_applies_the_lexicon_to_every_hypothesis(model_with_lexicon, monkeypatch):
    """The decoded text is replaced by copies of the source words (as an untrained model might write),
    to see what translate() does with them."""
    translator = Translator.load(model_with_lexicon)
    monkeypatch.setattr(
        translator.tokenizer, "decode_tgt", lambda rows: [f"en la kitchen {i}" for i in range(len(rows))]
    )
    (result,) = translator.translate(["in the kitchen"], decode="beam", beam_size=3, n_best=3)
    assert [a.text for a in result.n_best] == ["en la cocina 0", "en la cocina 1", "en la cocina 2"]
    assert result.own_text == "en la kitchen 0"  # the same search, as the model wrote it
    (plain,) = translator.translate(["in the kitchen"], lexicon=False)
    assert plain.text == plain.own_text == "en la kitchen 0"
    assert result.text == "en la cocina 0"
    (raw,) = translator.translate(["in the kitchen"], decode="beam", beam_size=3, n_best=3, lexicon=False)
    assert [a.text for a in raw.n_best] == ["en la kitchen 0", "en la kitchen 1", "en la kitchen 2"]
    (other,) = translator.translate(["in the house"], decode="greedy")
    assert other.text == "en la kitchen 0"  # "kitchen" is not in this source


def test_translate_repairs_the_spans_the_model_altered(model_with_lexicon, monkeypatch):
    """After the lexicon, every output gets its altered URLs, addresses and placeholders put back."""
    translator = Translator.load(model_with_lexicon)
    monkeypatch.setattr(
        translator.tokenizer,
        "decode_tgt",
        lambda rows: [f"la kitchen de {{nombre}} {i}" for i in range(len(rows))],
    )
    (result,) = translator.translate(["the kitchen of {name}"], decode="beam", beam_size=2, n_best=2)
    assert [a.text for a in result.n_best] == ["la cocina de {name} 0", "la cocina de {name} 1"]
    translator.repair_spans = False
    (raw,) = translator.translate(["the kitchen of {name}"], decode="greedy", lexicon=False)
    assert raw.text == "la kitchen de {nombre} 0"


def test_translate_takes_a_lexicon_choice_per_text(model_with_lexicon, monkeypatch):
    translator = Translator.load(model_with_lexicon)
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["en la kitchen" for _ in rows])
    texts = ["in the kitchen", "", "the kitchen", "kitchen"]
    results = translator.translate(texts, decode="greedy", lexicon=[True, True, False, True])
    assert [r.text for r in results] == ["en la cocina", "", "en la kitchen", "en la cocina"]
    with pytest.raises(ValueError, match="2 choices for 4 texts"):
        translator.translate(texts, lexicon=[True, False])
