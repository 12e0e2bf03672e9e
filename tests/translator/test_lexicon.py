"""translator.lexicon: the fallback for source words the model copied, its file, and Translator's use."""

from __future__ import annotations

import pytest
import torch

from translator.config import replace
from translator.dates import weekday_entries
from translator.facade import Translator
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon, LexiconError
from translator.search import greedy

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


CAPITALISING = Lexicon(
    {
        "cavalry": "caballería",
        "spartan": "espartano",
        "gulf": "golfo",
        "golden": "dorado",
        "gate": "puerta",
        "throne": "trono",
        "lands": "tierras",
        "Danish": "danés",
    },
    capitalised_common=True,
)


@pytest.mark.parametrize(
    ("source", "copied", "expected"),
    [
        # English capitalises common words inside a sentence: their copies are replaced, in lower case...
        ("The Spartan army won.", "El ejército Spartan ganó.", "El ejército espartano ganó."),
        ("Roman Cavalry", "Cavalry Roman", "Caballería Roman"),  # ... but where the translation starts
        ("The Cavalry charged.", "La Cavalry cargó.", "La caballería cargó."),  # the sentence's capital
        # A word beside another capitalised one is part of a name of several words: kept.
        (
            "Isn't that the Golden Gate Bridge?",
            "¿No es el Golden Gate Bridge?",
            "¿No es el Golden Gate Bridge?",
        ),
        ("Sail to the Persian Gulf now.", "Navega al Gulf Persian ya.", "Navega al Gulf Persian ya."),
        (
            "They sailed the Spartan-Gulf road",
            "Navegaron el camino Spartan-Gulf",
            "Navegaron el camino Spartan-Gulf",
        ),
        # ... except in a line in Title Case, a label whose every word has a capital.
        ("Throne of Two Lands", "Throne de Two Lands", "Trono de Two tierras"),
        # A name the lexicon holds, an acronym and a word the lexicon lacks are as without the option.
        ("After Danish rule", "Tras la regla Danish", "Tras la regla danés"),
        ("The SPARTAN army", "El ejército SPARTAN", "El ejército SPARTAN"),
        ("I met Mark there.", "Conocí a Mark allí.", "Conocí a Mark allí."),
    ],
)
def test_a_source_that_capitalises_common_words_has_their_copies_replaced(source, copied, expected):
    assert CAPITALISING.apply(source, copied) == expected


def test_only_an_english_source_capitalises_common_words(model_with_lexicon):
    english = Translator.load(model_with_lexicon)  # the fixture model reads English
    assert english.config.data.src_lang == "en" and english.lexicon.capitalised_common
    spanish = Translator(
        english.model,
        english.tokenizer,
        replace(english.config, "data", src_lang="es", tgt_lang="en"),
        {},
        lexicon=WORDS,
    )
    assert not spanish.lexicon.capitalised_common
    # Spanish capitalises the labels of the interface a sentence names ("pulse Guardar"): kept.
    words = Lexicon({"guardar": "save"})
    assert words.apply("Pulse Guardar ahora.", "Press Guardar now.") == "Press Guardar now."


AGREEING = Lexicon(
    {"bicycle": "bicicleta", "glasses": "gafas", "umbrella": "paraguas", "problem": "problema"},
    articles={"bicycle": "la", "glasses": "las", "problem": "el"},
)


@pytest.mark.parametrize(
    ("copied", "expected"),
    [
        ("Vi el bicycle.", "Vi la bicicleta."),
        ("El bicycle es rojo.", "La bicicleta es rojo."),  # only the determiner agrees
        ("La rueda del bicycle", "La rueda de la bicicleta"),
        ("Quiero un bicycle y este bicycle", "Quiero una bicicleta y esta bicicleta"),
        ("Perdí tu glasses y los glasses", "Perdí tus gafas y las gafas"),
        ("Tengo la problem", "Tengo el problema"),
        ("Hablo de la problem y voy a la problem", "Hablo del problema y voy al problema"),  # contracted
        ("De la problem", "Del problema"),
        ("Ya está la bicycle", "Ya está la bicicleta"),  # agrees already
        ("Voy en bicycle", "Voy en bicicleta"),  # no determiner before it
        ("Perdí el umbrella", "Perdí el paraguas"),  # an entry without an article changes nothing
    ],
)
def test_the_determiner_before_a_replaced_word_agrees_with_its_entry(copied, expected):
    source = "the bicycle, the glasses, the umbrella, the problem"
    assert AGREEING.apply(source, copied) == expected


def test_an_english_entry_takes_a_or_an():
    words = Lexicon({"manzana": "apple", "pera": "pear"}, articles={"manzana": "an", "pera": "a"})
    source = "una manzana y una pera"
    assert words.apply(source, "a manzana and an pera") == "an apple and a pear"
    assert words.apply(source, "A manzana") == "An apple"


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
    AGREEING.write(path)
    assert "bicycle\tbicicleta\tla\n" in path.read_text(encoding="utf-8")
    read = Lexicon.read(path)
    assert read.articles == AGREEING.articles and read.entries == AGREEING.entries


def test_read_skips_comments_and_blank_lines_and_keeps_a_names_capital(tmp_path):
    path = tmp_path / "l.tsv"
    path.write_text("# a comment\n\nJail\tcárcel\n  \ncoffee\tcafé solo\n", encoding="utf-8")
    assert Lexicon.read(path).entries == {"Jail": "cárcel", "coffee": "café solo"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("jail cárcel\n", "line 1: expected `source<TAB>target`"),
        ("# header\njail\t\n", "line 2: expected"),
        ("jail\tcárcel\tprisión\n", "line 1: the article 'prisión' is not one of el, la"),
        ("jail\tcárcel\tla\tx\n", "line 1: expected"),
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
    # The days of the week join every lexicon (`translator.dates.weekday_entries`); its own entries win.
    days = weekday_entries("en", "es")
    assert Translator.load(model_with_lexicon).lexicon.entries == days | WORDS.entries
    assert Translator.load(model_with_lexicon, lexicon=False).lexicon is None
    assert Translator.load(model_dir).lexicon is None  # no lexicon.tsv there
    other = tmp_path / "other.tsv"
    Lexicon({"coffee": "café", "sunday": "Domingo"}).write(other)
    assert Translator.load(model_dir, lexicon=other).lexicon.entries == days | {
        "coffee": "café",
        "sunday": "Domingo",
    }
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


# "I lost my bicycle in the park" as subwords, and a translation with one invented word.
SOURCE = "I lost my bicycle in the park"
SOURCE_PIECES = ["▁I", "▁lost", "▁my", "▁bi", "cycle", "▁in", "▁the", "▁park", "</s>"]
TARGET_PIECES = ["▁Perd", "í", "▁mi", "▁bici", "cleo", "▁en", "▁el", "▁parque"]
# Target piece -> the source piece it attends to most.
ALIGNED = [1, 1, 2, 3, 4, 5, 6, 7]
INVENTING = Lexicon(
    {"bicycle": "bicicleta", "lost": "perdido", "Danish": "danés"},
    known=frozenset({"perdí", "mi", "en", "el", "parque", "bicicleta"}),
)


def attention(aligned: list[int], columns: int = len(SOURCE_PIECES)) -> list[list[float]]:
    rows = [[0.1 / (columns - 1)] * columns for _ in aligned]
    for row, column in zip(rows, aligned, strict=True):
        row[column] = 0.9
    return [*rows, [1.0 / columns] * columns]  # the EOS row


def test_an_invented_word_takes_the_entry_of_the_source_word_it_attends_to():
    text = "Perdí mi bicicleo en el parque"
    assert INVENTING.invented(SOURCE, text) == ["bicicleo"]
    fixed = INVENTING.replace_invented(SOURCE, text, SOURCE_PIECES, TARGET_PIECES, attention(ALIGNED))
    assert fixed == "Perdí mi bicicleta en el parque"
    # With its capital.
    capital = ["▁Bici", "cleo", *TARGET_PIECES[5:]]
    fixed = INVENTING.replace_invented(
        SOURCE, "Bicicleo en el parque", SOURCE_PIECES, capital, attention([3, 4, 5, 6, 7])
    )
    assert fixed == "Bicicleta en el parque"
    # A capital given after the search ("a capital to start with"): the pieces still spell "bicicleo".
    lower = ["▁bici", "cleo", *TARGET_PIECES[5:]]
    fixed = INVENTING.replace_invented(
        SOURCE, "Bicicleo en el parque", SOURCE_PIECES, lower, attention([3, 4, 5, 6, 7])
    )
    assert fixed == "Bicicleta en el parque"


def test_a_first_name_kept_as_written_stays_but_in_a_label_and_never_replaces_a_made_up_word():
    words = Lexicon(
        {
            "mark": "marcar",
            "Mark": "Mark",
            "summer": "verano",
            "Summer": "Summer",
            "bill": "factura",
            "Bill": "Bill",
        },
        capitalised_common=True,
    )
    assert words.apply("Bill and Mark are here.", "Bill y Mark están aquí.") == "Bill y Mark están aquí."
    assert words.apply("Mark it, Mark.", "Mark lo, Mark.") == "Mark lo, Mark."  # as written: a name
    assert words.apply("Arctic Summer", "Summer ártico") == "Verano ártico"  # a label's capital: the word
    assert words.apply("Summer", "Summer") == "Verano"
    # A word the model made up while attending to the name takes the word's entry, not the name.
    source, pieces = "Summer is here", ["▁Summer", "▁is", "▁here", "</s>"]
    known = Lexicon(words.entries, known=frozenset({"está", "aquí"}), capitalised_common=True)
    fixed = known.replace_invented(
        source,
        "Summerano está aquí",
        pieces,
        ["▁Summer", "ano", "▁está", "▁aquí"],
        [
            [0.9, 0.05, 0.05, 0.0],
            [0.9, 0.05, 0.05, 0.0],
            [0.0, 0.9, 0.1, 0.0],
            [0.0, 0.1, 0.9, 0.0],
            [0.25] * 4,
        ],
    )
    assert fixed == "Verano está aquí"


def test_the_determiner_before_a_replaced_invented_word_agrees():
    words = Lexicon(INVENTING.entries, known=INVENTING.known, articles={"bicycle": "la"})
    text = "Perdí el bicicleo en el parque"
    fixed = words.replace_invented(SOURCE, text, SOURCE_PIECES, TARGET_PIECES, attention(ALIGNED))
    assert fixed == "Perdí la bicicleta en el parque"


def test_a_known_verb_with_pronouns_attached_is_not_invented():
    words = Lexicon({}, known=frozenset({"desear", "da", "diciendo", "casa", "quiero"}))
    text = "Quiero desearte, dámelo, diciéndolo, casate, dalo"
    # "casa" is no infinitive, gerund or accented imperative; "dalo" has no accent: both unknown.
    assert words.invented("", text) == ["casate", "dalo"]


@pytest.mark.parametrize(
    ("lexicon", "aligned", "why"),
    [
        (INVENTING, [1, 1, 2, 7, 7, 5, 6, 7], "it attends to 'park', which the lexicon does not hold"),
        (INVENTING, [1, 1, 2, 8, 8, 5, 6, 7], "it attends to EOS"),
        (Lexicon({"bicycle": "bicicleta"}), ALIGNED, "no known words: nothing is called invented"),
        (
            Lexicon({"bicycle": "bicicleta"}, known=frozenset({"bicicleo"})),
            ALIGNED,
            "a known word is not invented",
        ),
    ],
)
def test_an_invented_word_stays_where_the_fallback_has_nothing_better(lexicon, aligned, why):
    text = "Perdí mi bicicleo en el parque"
    assert lexicon.replace_invented(SOURCE, text, SOURCE_PIECES, TARGET_PIECES, attention(aligned)) == text, (
        why
    )


def test_invented_leaves_source_words_numbers_spans_and_apostrophes_alone():
    source = "Send Kitchenaid 3 files to {user} now"
    text = "Envía Kitchenaid 3x archivos a {usuario} ahoraz's"
    known = Lexicon({}, known=frozenset({"envía", "archivos", "a", "ahoraz"}))
    assert known.invented(source, text) == []  # "ahoraz's" is "ahoraz" before the apostrophe
    assert known.invented(source, "Envía la cosaz") == ["la", "cosaz"]


def test_a_domain_tag_is_never_the_aligned_word():
    pieces = ["<bible>", *SOURCE_PIECES]
    aligned = [0, 0, 0, 0, 0, 0, 0, 0]  # everything on the tag
    text = "Perdí mi bicicleo en el parque"
    assert INVENTING.replace_invented(
        SOURCE, text, pieces, TARGET_PIECES, attention(aligned, len(pieces))
    ) != ("Perdí mi perdido en el parque")


def test_the_known_words_beside_the_lexicon_are_read(tmp_path):
    path = tmp_path / LEXICON_FILE
    INVENTING.write(path)
    assert Lexicon.read(path).known == frozenset()
    INVENTING.write_known_words(tmp_path / KNOWN_WORDS_FILE, ["built by a test"])
    assert (tmp_path / KNOWN_WORDS_FILE).read_text(encoding="utf-8").startswith("# built by a test\n")
    assert Lexicon.read(path).known == INVENTING.known
    (tmp_path / KNOWN_WORDS_FILE).write_bytes("perdí\n".encode("latin-1"))
    with pytest.raises(LexiconError, match="known words .* cannot read"):
        Lexicon.read(path)


def test_alignments_are_the_attention_the_search_had(model_dir):
    """Teacher forcing greedy's outputs, in one padded batch, gives back the attention greedy recorded
    while writing them."""
    translator = Translator.load(model_dir)
    srcs = translator.tokenizer.encode_src(["the house of the lord", "god"])
    lengths = torch.tensor([len(s) for s in srcs])
    padded = torch.zeros(2, int(lengths.max()), dtype=torch.long)
    for row, ids in enumerate(srcs):
        padded[row, : len(ids)] = torch.tensor(ids)
    hyps = [best for (best,) in greedy(translator.model, padded, lengths, return_attention=True)]
    assert all(h.tokens for h in hyps), "the fixture model writes something"
    assert len(hyps[0].tokens) != len(hyps[1].tokens) or len(srcs[0]) != len(srcs[1])  # padding is tested
    aligned = translator.alignments(srcs, [h.tokens for h in hyps])
    assert translator.alignments([], []) == []
    for rows, src, hyp in zip(aligned, srcs, hyps, strict=True):
        assert len(rows) == len(hyp.tokens) + 1 and len(rows[0]) == len(src)
        for mine, theirs in zip(rows, hyp.attention.tolist(), strict=True):
            assert mine == pytest.approx(theirs, abs=1e-4)
            assert sum(mine) == pytest.approx(1.0, abs=1e-4)


def test_translate_replaces_an_invented_word_in_the_best_translation_only(model_with_lexicon, monkeypatch):
    Lexicon({"kitchen": "cocina"}, known=frozenset({"la"})).write_known_words(
        model_with_lexicon / KNOWN_WORDS_FILE
    )
    translator = Translator.load(model_with_lexicon)
    monkeypatch.setattr(
        translator.tokenizer, "decode_tgt", lambda rows: ["la cocinox", "la cocinoy"][: len(rows)]
    )
    monkeypatch.setattr(translator.tokenizer, "tgt_pieces", lambda ids: ["▁la", "▁cocin", "ox"])
    aligned: list[tuple] = []

    def alignments(srcs, outputs):
        aligned.append((srcs, outputs))
        return [[[1.0 / len(src)] * len(src) for _ in range(3)] for src in srcs]  # "kitchen": the one word

    monkeypatch.setattr(translator, "alignments", alignments)
    (result,) = translator.translate(["kitchen"], decode="beam", beam_size=2, n_best=2)
    assert result.text == result.n_best[0].text == "la cocina"
    assert result.n_best[1].text == "la cocinoy"
    assert result.own_text == "la cocinox"
    assert len(aligned) == 1
    (plain,) = translator.translate(["kitchen"], decode="greedy", lexicon=False)
    assert plain.text == "la cocinox" and len(aligned) == 1


def test_the_repairs_run_after_the_invented_word_fallback(model_with_lexicon, monkeypatch):
    """An invented word is replaced in the text as the search wrote it, and the repairs then see the
    replacement: here the euphony, which writes "e" for "y" before the "i" of "iglesia"."""
    words = Lexicon({"church": "iglesia", "bread": "pan"}, known=frozenset({"pan", "y"}))
    words.write(model_with_lexicon / LEXICON_FILE)
    words.write_known_words(model_with_lexicon / KNOWN_WORDS_FILE)
    translator = Translator.load(model_with_lexicon)
    assert translator.tgt_lang == "es"
    monkeypatch.setattr(translator.tokenizer, "decode_tgt", lambda rows: ["pan y ogleza" for _ in rows])
    monkeypatch.setattr(translator.tokenizer, "tgt_pieces", lambda ids: ["▁pan", "▁y", "▁ogl", "eza"])
    monkeypatch.setattr(
        translator.tokenizer, "src_pieces", lambda ids: ["▁church", *["▁bread"] * (len(ids) - 1)]
    )

    def alignments(srcs, outputs):  # every target piece attends to the first source piece, "church"
        return [[[1.0] + [0.0] * (len(src) - 1) for _ in range(5)] for src in srcs]

    monkeypatch.setattr(translator, "alignments", alignments)
    (result,) = translator.translate(["bread and church"], decode="greedy")
    assert result.own_text == "pan y ogleza"
    assert result.text == "pan e iglesia"  # the fallback before the euphony left "pan y iglesia"
