"""translator.associations, and the lexicon fallback for known words no source word accounts for."""

from __future__ import annotations

import json

import pytest

from tests.translator.test_lexicon import model_with_lexicon  # noqa: F401 (a fixture)
from translator.associations import ASSOCIATIONS_FILE, Associations, AssociationsError
from translator.facade import Translator
from translator.lexicon import KNOWN_WORDS_FILE, Lexicon, LexiconError

TABLE = Associations.build(
    [("taza", "cup"), ("taza", "mug"), ("café", "coffee"), ("quisiera", "like"), ("cocina", "kitchen")],
    5,
    {"a", "of", "i"},
    {"built_from": "a test"},
)


def test_a_common_word_or_one_associated_with_a_source_word_is_accounted_for():
    words = {"quisiera", "una", "taza", "de", "café"}
    assert TABLE.accounts_for(words, "cup") and TABLE.accounts_for(words, "Coffee")  # in any case
    assert TABLE.accounts_for(words, "of") and TABLE.accounts_for(set(), "a")  # common
    assert not TABLE.accounts_for(words, "baby")
    assert not TABLE.accounts_for({"café"}, "cup")  # "cup" goes with "taza", not "café"


def test_a_table_is_written_and_read_back_with_its_header(tmp_path):
    path = tmp_path / ASSOCIATIONS_FILE
    TABLE.write(path)
    header = json.loads(path.read_bytes().partition(b"\n")[0])
    assert header == {"format": 1, "built_from": "a test", "pairs": 5, "common": ["a", "i", "of"]}
    table = Associations.read(path)
    assert table.common == TABLE.common and table.info == {"format": 1, "built_from": "a test", "pairs": 5}
    assert table.accounts_for({"taza"}, "mug") and not table.accounts_for({"taza"}, "coffee")


@pytest.mark.parametrize(
    ("content", "why"),
    [
        (b"", "not an associations file"),
        (b"not json\n\x00\x01", "not an associations file"),
        (b'{"format": 2, "common": []}\n', "not format 1"),
        (b'{"format": 1, "common": [1]}\n', "'common' is not a list of words"),
        (b'{"format": 1}\n', "not an associations file"),
        (b'{"format": 1, "common": []}\n' + b"\x00" * 7, "not an associations file"),
    ],
)
def test_a_file_that_is_no_table_is_a_clear_error(tmp_path, content, why):
    path = tmp_path / ASSOCIATIONS_FILE
    path.write_bytes(content)
    with pytest.raises(AssociationsError, match=why) as raised:
        Associations.read(path)
    assert str(path) in str(raised.value)
    with pytest.raises(AssociationsError, match="cannot read it"):
        Associations.read(tmp_path / "missing.bloom")


def test_the_lexicon_reads_the_table_beside_it_and_names_a_broken_one(tmp_path):
    Lexicon({"taza": "cup"}).write(tmp_path / "lexicon.tsv")
    assert Lexicon.read(tmp_path / "lexicon.tsv").associations is None
    TABLE.write(tmp_path / ASSOCIATIONS_FILE)
    assert Lexicon.read(tmp_path / "lexicon.tsv").associations.accounts_for({"taza"}, "cup")
    (tmp_path / ASSOCIATIONS_FILE).write_bytes(b"garbage")
    with pytest.raises(LexiconError, match=ASSOCIATIONS_FILE):
        Lexicon.read(tmp_path / "lexicon.tsv")


SOURCE = "Quisiera una taza de café"
SOURCE_PIECES = ["▁Quisiera", "▁una", "▁taza", "▁de", "▁café", "</s>"]
KNOWN = frozenset({"i", "would", "like", "a", "baby", "of", "coffee", "cup", "toaster", "baf"})
WORDS = Lexicon({"taza": "cup", "café": "coffee"}, known=KNOWN, associations=TABLE)


def attention(aligned: list[int], columns: int = len(SOURCE_PIECES)) -> list[list[float]]:
    rows = [[0.1 / (columns - 1)] * columns for _ in aligned]
    for row, column in zip(rows, aligned, strict=True):
        row[column] = 0.9
    return [*rows, [1.0 / columns] * columns]


def test_known_words_no_source_word_accounts_for_are_suspects_after_the_invented_ones():
    text = "I would like a baby of baf toastr"
    assert WORDS.invented(SOURCE, text) == ["toastr"]
    assert WORDS.unaccounted(SOURCE, text) == ["would", "baby", "baf"]
    assert WORDS.suspects(SOURCE, text) == ["toastr", "would", "baby", "baf"]
    assert WORDS.unaccounted(SOURCE, "I like a cup of coffee") == []
    # Words of the source, short words, spans, and a lexicon without a table are left alone.
    assert WORDS.unaccounted(SOURCE, "Una taza de café, baby: {baby} ok") == ["baby"]
    assert Lexicon(WORDS.entries, known=KNOWN).unaccounted(SOURCE, text) == []
    assert Lexicon(WORDS.entries, associations=TABLE).unaccounted(SOURCE, text) == []  # no known words


def test_an_unaccounted_word_takes_the_entry_of_the_source_word_it_attends_to():
    pieces = ["▁I", "▁would", "▁like", "▁a", "▁baby", "▁of", "▁ba", "f"]
    aligned = [0, 0, 0, 1, 2, 3, 4, 4]
    text = "I would like a baby of baf"
    fixed = WORDS.replace_invented(
        SOURCE, text, SOURCE_PIECES, pieces, attention(aligned), WORDS.suspects(SOURCE, text)
    )
    assert fixed == "I would like a cup of coffee"  # "would" attends to "Quisiera", which has no entry


def test_a_word_is_not_replaced_by_an_entry_the_translation_has_already():
    pieces = ["▁a", "▁cup", "▁of", "▁baby"]
    text = "a cup of baby"
    suspects = WORDS.suspects(SOURCE, text)
    assert suspects == ["baby"]
    # "baby" attends to "taza", whose "cup" is there already: a second "cup" would be no better.
    assert (
        WORDS.replace_invented(SOURCE, text, SOURCE_PIECES, pieces, attention([1, 2, 3, 2]), suspects) == text
    )
    assert WORDS.replace_invented(SOURCE, text, SOURCE_PIECES, pieces, attention([1, 2, 3, 4]), suspects) == (
        "a cup of coffee"
    )


def test_a_word_is_not_replaced_where_the_entry_would_repeat_its_neighbour():
    source, pieces = (
        "¿Cuánto cuesta esta camisa?",
        ["▁¿", "Cuánto", "▁cuesta", "▁esta", "▁camisa", "?", "</s>"],
    )
    words = Lexicon(
        {"cuánto": "how many", "cuesta": "cost"}, known=frozenset({"how", "about", "this", "shirt"})
    )
    words = Lexicon(words.entries, known=words.known, associations=TABLE)
    text, target = "How about this shirt?", ["▁How", "▁about", "▁this", "▁shirt", "?"]
    assert words.suspects(source, text) == ["How", "about", "this", "shirt"]
    # "about" attends to "Cuánto": "How how many this shirt?" would be worse.
    assert (
        words.replace_invented(source, text, pieces, target, attention([1, 1, 3, 4, 5], 7), ["about"]) == text
    )
    # "this" attends to "cuesta": "cost" repeats neither neighbour.
    assert words.replace_invented(source, text, pieces, target, attention([1, 1, 2, 4, 5], 7), ["this"]) == (
        "How about cost shirt?"
    )


def test_translate_replaces_an_unaccounted_word(model_with_lexicon, monkeypatch):  # noqa: F811
    Lexicon({}, known=frozenset({"la", "ventana", "cocina"})).write_known_words(
        model_with_lexicon / KNOWN_WORDS_FILE
    )
    translator = Translator.load(model_with_lexicon)
    assert translator.lexicon.associations is None
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["la ventana" for _ in rows])
    monkeypatch.setattr(translator.tokenizer, "tgt_pieces", lambda ids: ["▁la", "▁ventana"])
    monkeypatch.setattr(
        translator,
        "alignments",
        lambda srcs, outputs: [[[1.0 / len(s)] * len(s) for _ in range(3)] for s in srcs],
    )
    assert translator.translate(["kitchen"], decode="greedy")[0].text == "la ventana"  # no table: kept
    Associations.build([("kitchen", "cocina")], 1, {"la"}, {}).write(model_with_lexicon / ASSOCIATIONS_FILE)
    translator.lexicon = Lexicon.read(model_with_lexicon / "lexicon.tsv")
    (result,) = translator.translate(["kitchen"], decode="greedy")
    assert result.text == "la cocina" and result.own_text == "la ventana"
    assert translator.translate(["kitchen"], decode="greedy", lexicon=False)[0].text == "la ventana"
