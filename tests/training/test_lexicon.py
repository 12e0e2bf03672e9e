"""training.lexicon: a model's lexicon from the dictionary pairs of its prepared train split."""

from __future__ import annotations

import json

import pytest

from training.lexicon import (
    DICTIONARY_KINDS,
    EXTRA_KIND,
    LexiconBuildError,
    build,
    main,
    plural_forms,
    read_extra,
    spelling_table,
    swapped_names,
)
from translator.agreement import GENDERS_FILE
from translator.associations import ASSOCIATIONS_FILE, Associations
from translator.lexicon import KNOWN_WORDS_FILE, Lexicon
from translator.typed import SPELLINGS_FILE, START, read_typed

DICT = "apertium-dict:apertium-eng-spa:eng-spa.autobil.bin"
UI = "gettext:gimp:gimp.mo"

# (origin, English, Spanish)
PAIRS = [
    (DICT, "police", "policial"),
    (DICT, "police", "policía"),
    (DICT, "jail", "cárcel"),
    (DICT, "jail", "prisión"),
    (DICT, "error", "fallo"),  # "error" is a Spanish word too
    (DICT, "tom", "gato macho"),  # "Tom" is a name in the corpus
    (DICT, "Alps", "Alpes"),  # capitalised: a name with a translation of its own
    (DICT, "Boston", "Boston"),  # the same on both sides
    (DICT, "Firefox", "Zorro"),  # a name the Spanish side writes as the English does
    (DICT, "DVD", "disco"),  # capitals: an acronym
    (DICT, "ice cream", "helado"),  # not one word
    (DICT, "radio", "radio"),  # the same on both sides
    ("freedict:dict-freedict-eng-spa:x.dict.dz", "umbrella", "paraguas"),
    (UI, "Call the police now", "Llama a la policía ahora"),
    (UI, "The police officer", "El agente de policía"),
    (UI, "An error occurred", "Se produjo un error"),
    (UI, "Unknown error", "Error desconocido"),
    (UI, "Fatal error", "Error fatal"),
    (UI, "I saw Tom today", "Vi a Tom hoy"),
    (UI, "Ask Tom", "Pregúntale"),
    (UI, "Firefox is open", "Firefox está abierto"),
    (UI, "Close Firefox", "Cerrar Firefox"),
    (UI, "Firefox, again", "Firefox, otra vez"),
]


def columns(pairs):
    origins, sources, targets = (list(c) for c in zip(*pairs, strict=True))
    return sources, targets, origins


ENTRIES = {"police": "policía", "jail": "cárcel", "umbrella": "paraguas", "Alps": "Alpes"}


def test_build_keeps_one_word_dictionary_entries_and_leaves_out_target_words_and_names():
    lexicon, stats = build(*columns(PAIRS))
    assert lexicon.entries == ENTRIES
    assert stats == {
        "dictionary_words": 5,
        "dictionary_names": 2,
        "target_language_words": 1,
        "names": 1,
        "names_kept_as_written": 1,
        "plurals": 0,
        "name_entries": 1,
        "entries": 4,
        "known_words": 7,
        "articles": 0,  # no target language given
        "first_names_kept": 0,
    }


def test_entries_take_the_article_the_target_side_puts_before_them():
    pairs = [*PAIRS, (UI, "The police came", "La policía vino"), (UI, "A jail", "Una cárcel")]
    lexicon, stats = build(*columns(pairs), tgt_lang="es")
    # "la policía" twice ("a la policía", "la policía"); "una cárcel" once is too few.
    assert lexicon.articles == {"police": "la"}
    assert stats["articles"] == 1
    pairs += [(UI, "Cárcel", "The jail"), (UI, "Cárceles", "Jails")] * 2
    contested = [*pairs, (UI, "Unos policías", "Los policía"), (UI, "Unos policías", "Los policía")]
    assert build(*columns(contested), tgt_lang="es")[0].articles == {}  # 2 of 4: no article is sure


def test_a_plural_takes_its_singulars_article_in_the_plural():
    pairs = [
        (DICT, "bicycle", "bicicleta"),
        (UI, "The bicycle", "La bicicleta"),
        (UI, "A bicycle", "Una bicicleta"),
        (UI, "Two bicycles", "Dos bicicletas"),
    ]
    lexicon, _ = build(*columns(pairs), tgt_lang="es")
    assert lexicon.entries == {"bicycle": "bicicleta", "bicycles": "bicicletas"}
    assert lexicon.articles == {"bicycle": "la", "bicycles": "las"}


def test_english_entries_take_a_or_an_by_the_corpus_or_the_first_letter():
    pairs = [
        (DICT, "manzana", "apple"),
        (DICT, "perro", "dog"),
        (DICT, "hora", "hour"),
        (DICT, "uso", "use"),
        (DICT, "honor", "historian"),
        (UI, "Una historiadora", "An historian"),
        (UI, "Un historiador", "An historian"),
    ]
    sources, targets, origins = columns(pairs)
    lexicon, _ = build(sources, targets, origins, tgt_lang="en")
    assert lexicon.articles == {"manzana": "an", "perro": "a", "honor": "an"}  # hour, use: either


def test_known_words_are_the_target_sides_repeated_words_and_the_entries():
    # Twice or more in the Spanish of the sentences: "policía", "a", "error", "Firefox"; from the
    # entries: "cárcel", "paraguas", "Alpes" ("policía" again). Found once: "agente", "hoy", ...
    lexicon, _ = build(*columns(PAIRS))
    assert lexicon.known == {"policía", "a", "error", "firefox", "cárcel", "paraguas", "alpes"}


def test_a_name_takes_the_translation_seen_with_it():
    pairs = [
        *PAIRS,
        (DICT, "Danish", "Dinamarca"),
        (DICT, "Danish", "danés"),
        (UI, "Danish rule", "El dominio danés"),
    ]
    lexicon, _ = build(*columns(pairs))
    assert lexicon.entries["Danish"] == "danés"
    assert "danish" not in lexicon.entries and "Danishes" not in lexicon.entries


def test_a_kind_may_be_an_origin_prefix():
    pairs = [
        *PAIRS,
        ("gettext:iso-codes:iso_3166-1.mo", "Greece", "Grecia"),
        ("gettext:gimp:gimp.mo", "Brush", "Pincel"),
    ]
    entries = build(*columns(pairs), kinds=("apertium-dict", "gettext:iso-codes"))[0].entries
    assert entries["Greece"] == "Grecia"
    assert "Brush" not in entries and "brush" not in entries
    assert "Greece" not in build(*columns(pairs))[0].entries


def test_the_translation_seen_with_the_word_wins_and_the_first_wins_a_tie():
    # "policía" is in the Spanish of the two sentences with "police"; nothing tells "cárcel" from "prisión".
    lexicon, _ = build(*columns(PAIRS))
    assert lexicon.entries["police"] == "policía"
    assert lexicon.entries["jail"] == "cárcel"
    swapped = [PAIRS[3], PAIRS[2], *PAIRS[4:]]
    assert build(*columns(swapped))[0].entries["jail"] == "prisión"


@pytest.mark.parametrize(
    ("word", "plural"),
    [
        ("umbrella", "umbrellas"),
        ("box", "boxes"),
        ("city", "cities"),
        ("luz", "luces"),
        ("canción", "canciones"),
        ("inglés", "ingleses"),
        ("paraguas", "paraguas"),
    ],
)
def test_plural_forms_include_the_spelling_rules_plural(word, plural):
    assert plural in plural_forms(word)
    assert word not in plural_forms(word) or word.endswith("s")


def test_plurals_found_on_both_sides_of_the_corpus_are_added():
    pairs = [
        *PAIRS,
        (DICT, "song", "canción"),
        (DICT, "box", "caja"),
        (UI, "Old songs and new umbrellas", "Canciones viejas y paraguas nuevos"),
        (UI, "Two boxes", "Dos"),  # "boxes" is in the English, no plural of "caja" in the Spanish
    ]
    lexicon, stats = build(*columns(pairs))
    assert lexicon.entries["songs"] == "canciones"
    assert lexicon.entries["umbrellas"] == "paraguas"
    assert "boxes" not in lexicon.entries and lexicon.entries["box"] == "caja"
    assert stats["plurals"] == 2


def test_min_target_count_and_kinds():
    # With a higher count, "error" (3 times in the Spanish) stays; with apertium-dict alone, no "umbrella".
    assert build(*columns(PAIRS), min_target_count=4)[0].entries["error"] == "fallo"
    assert "umbrella" not in build(*columns(PAIRS), kinds=("apertium-dict",))[0].entries


def test_a_word_the_target_writes_only_in_kept_source_text_is_no_target_word(monkeypatch):
    # The Spanish keeps "centre" in 3 of 16 lines (untranslated strings): too rare, against the 16 English
    # lines, to be a Spanish word, so with a target share of 0.25 (3 < 4) a copy of it is replaced.
    centre = [(DICT, "centre", "centro")]
    centre += [(UI, f"centre {i}", f"centro {i}") for i in range(13)]
    centre += [(UI, f"centre kept {i}", f"centre kept {i}") for i in range(3)]
    assert "centre" not in build(*columns(PAIRS + centre), target_share=0.0)[0].entries
    lexicon, stats = build(*columns(PAIRS + centre), target_share=0.25)
    assert lexicon.entries["centre"] == "centro"
    assert "error" not in lexicon.entries and stats["target_language_words"] == 1  # 3 of 3: Spanish too
    monkeypatch.setattr("training.lexicon.TARGET_COMMON", 3)  # a word the target writes this often is its own
    assert "centre" not in build(*columns(PAIRS + centre), target_share=0.25)[0].entries


def test_capitalised_words_the_target_never_writes_are_no_names():
    # English capitalises demonyms and parts of names ("the Iberian Peninsula"); the Spanish side never
    # writes them, so they are translated words, not names. Tom, which the Spanish writes, stays a name.
    words = [(DICT, "athenian", "ateniense"), (DICT, "peninsula", "península")]
    lines = [
        (UI, "The Athenian army", "El ejército ateniense"),
        (UI, "An Athenian ship", "Un barco ateniense"),
        (UI, "It lies on the Iberian Peninsula.", "Está en la península ibérica."),
        (UI, "It lies on the Iberian Peninsula, south.", "Está en la península ibérica, al sur."),
        (UI, "a small peninsula", "una pequeña península"),
    ]
    entries = build(*columns(PAIRS + words + lines))[0].entries
    assert entries["athenian"] == "ateniense" and entries["peninsula"] == "península"
    assert "tom" not in entries
    kept = [(UI, "Athenian Peninsula", "Athenian Peninsula")]  # now the Spanish writes them: names
    assert not {"athenian", "peninsula"} & set(build(*columns(PAIRS + words + lines + kept))[0].entries)


def test_an_english_translation_takes_the_capital_its_sentences_give_it():
    # es -> en: Spanish writes "egipcio" in lower case, English "Egyptian" with its capital.
    pairs = [
        (DICT, "egipcio", "egyptian"),
        (DICT, "barco", "ship"),
        (UI, "el ejército egipcio", "the Egyptian army"),
        (UI, "un barco egipcio", "an Egyptian ship"),
        (UI, "un barco", "a ship"),
        (UI, "Barco Egipcio", "Egyptian Ship"),  # Title Case: its capitals do not count
        (UI, "Barco Egipcio 2", "Egyptian Ship 2"),
    ]
    lexicon, stats = build(*columns(pairs), tgt_lang="en")
    assert lexicon.entries == {"egipcio": "Egyptian", "barco": "ship"} and stats["capitalised"] == 1
    assert build(*columns(pairs), tgt_lang="es")[0].entries["egipcio"] == "egyptian"  # Spanish: as given


def test_capitals_of_title_case_lines_do_not_make_a_word_a_name():
    labels = [(DICT, "file", "archivo"), (UI, "the file is open", "el archivo está abierto")]
    labels += [(UI, "a file named File", "un archivo llamado File")]  # the Spanish writes it once
    labels += [(UI, f"Open File {i}", f"Abrir archivo {i}") for i in range(3)]  # Title Case labels
    assert build(*columns(PAIRS + labels))[0].entries["file"] == "archivo"
    labels += [(UI, f"see the File {i} here.", f"ver el Archivo {i} aquí.") for i in range(3)]
    assert "file" not in build(*columns(PAIRS + labels))[0].entries  # capitalised in sentences: a name


SWAP = "names:python3-fake-factory:gettext:x:x.mo"


def test_swapped_names_are_the_words_that_change_between_copies_of_one_template():
    lines = [
        (SWAP, "Ask Mark at the Lincoln desk", "Pregunta a Mark en el mostrador Lincoln"),
        (SWAP, "Ask Rose at the Lincoln desk", "Pregunta a Rose en el mostrador Lincoln"),
        (UI, "Ask Tom", "Pregúntale"),
        (SWAP, "Mark said no to Guy", "Mark dijo no a Guy"),  # another template: Guy once, Mark twice
        (SWAP, "Rose said no to Guy", "Rose dijo no a Guy"),
        (SWAP, "Bill said no", "Bill dijo no"),  # a run of one: nothing to compare
    ]
    assert swapped_names(*columns(lines)) == {"Mark", "Rose"}


def test_a_first_name_that_is_also_a_word_keeps_its_capital_as_written():
    pairs = [*PAIRS, (DICT, "mark", "marcar"), (UI, "mark it", "márcalo")]
    for template in ("{} is here", "I saw {} today"):  # two runs of copies
        pairs += [(SWAP, template.format(name), template.format(name)) for name in ("Mark", "Ann")]
        pairs += [(UI, "the end", "el fin")]
    lexicon, stats = build(*columns(pairs))
    assert lexicon.entries["mark"] == "marcar" and lexicon.entries["Mark"] == "Mark"
    assert "Ann" not in lexicon.entries and stats["first_names_kept"] == 1  # no word "ann"
    assert lexicon.apply("Mark and Bill mark it", "Mark y Bill mark lo") == "Mark y Bill marcar lo"


def test_command_leaves_out_entries_that_are_a_test_line_of_the_source_language(tmp_path):
    pairs = [*PAIRS, (DICT, "song", "canción"), (UI, "Old songs", "Canciones viejas")]
    data = tmp_path / "prepared"
    write_prepared(data, pairs)
    out = tmp_path / "lexicon.tsv"
    argv = ["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", str(out)]
    assert main(argv) == 0
    assert Lexicon.read(out).entries["songs"] == "canciones"  # the plural rule's entry
    (data / "test-ui.en").write_text("Songs\n", encoding="utf-8")
    (data / "test-ui.es").write_text("Canciones\n", encoding="utf-8")
    assert main(argv) == 0
    entries = Lexicon.read(out).entries
    assert "songs" not in entries and entries["song"] == "canción"
    assert out.read_text(encoding="utf-8").count("entries_left_out_as_test_lines: 1") == 1


def test_no_dictionary_pairs_is_an_error():
    with pytest.raises(LexiconBuildError, match="no one-word dictionary pairs"):
        build(*columns([p for p in PAIRS if p[0] == UI]))


def write_prepared(directory, pairs):
    directory.mkdir()
    sources, targets, origins = columns(pairs)
    for ext, lines in (("en", sources), ("es", targets), ("origin", origins)):
        (directory / f"train.{ext}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    manifest = {
        "source": {
            "sources": [
                {"kind": "apertium-dict", "packages": {"apertium-eng-spa": "0.8.1-2"}, "licence": "GPL-2.0"}
            ]
        }
    }
    (directory / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_command_writes_a_lexicon_with_its_provenance(tmp_path):
    data = tmp_path / "prepared"
    write_prepared(data, PAIRS)
    out = tmp_path / "model" / "lexicon.tsv"
    assert main(["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", str(out)]) == 0
    assert Lexicon.read(out).entries == ENTRIES
    known = (out.parent / KNOWN_WORDS_FILE).read_text(encoding="utf-8").splitlines()
    assert known[0].startswith("# es words of the train split") and "cárcel" in known[1:]
    assert Lexicon.read(out).known == build(*columns(PAIRS))[0].known
    genders = (out.parent / GENDERS_FILE).read_text(encoding="utf-8").splitlines()
    assert genders[0].startswith("# es words and the article they take")  # training.genders' table
    associations = Associations.read(out.parent / ASSOCIATIONS_FILE)  # training.associations' table
    assert associations.info["built_from"].startswith(f"the {len(PAIRS):,} line pairs of {data}/train.en")
    assert Lexicon.read(out).associations is not None
    header = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert "apertium-dict: apertium-eng-spa 0.8.1-2; licence GPL-2.0" in header[2]
    assert "freedict: not in the manifest; licence unknown" in header[3]
    assert header[4].startswith("# corpus: word translations of the train split itself")
    assert header[5] == (
        "# corpus_translations: 0, corpus_left_out_as_test_lines: 0, "
        "dictionary_words: 5, dictionary_names: 2, target_language_words: 1, names: 1, "
        "names_kept_as_written: 1, plurals: 0, name_entries: 1, entries: 4, known_words: 7, articles: 0, "
        "first_names_kept: 0, entries_left_out_as_test_lines: 0"
    )


def test_command_refuses_missing_or_misaligned_data(tmp_path, capsys):
    out = str(tmp_path / "l.tsv")
    assert main(["--data-dir", str(tmp_path / "absent"), "--src", "en", "--tgt", "es", "--out", out]) == 2
    assert "train.en: no such file" in capsys.readouterr().err
    data = tmp_path / "prepared"
    write_prepared(data, PAIRS)
    (data / "train.es").write_text("uno\n", encoding="utf-8")
    assert main(["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", out]) == 2
    assert "differ in length" in capsys.readouterr().err
    assert not (tmp_path / "l.tsv").exists()


def test_extra_dictionary_files_read_as_jsonl_or_tsv_with_the_source_side_first(tmp_path):
    jsonl = tmp_path / "apertium-dict-1.jsonl"
    jsonl.write_text('["France", "Francia", "apertium-dict:apertium-eng-spa:x.bin"]\n\n', encoding="utf-8")
    tsv = tmp_path / "glossary.tsv"
    tsv.write_text("# my terms\nkettle\thervidor\n", encoding="utf-8")
    assert read_extra([jsonl, tsv], "en").pairs == [
        ("France", "Francia", "apertium-dict:apertium-eng-spa:x.bin"),
        ("kettle", "hervidor", f"{EXTRA_KIND}:glossary.tsv"),
    ]
    assert read_extra([tsv], "es").pairs == [("hervidor", "kettle", f"{EXTRA_KIND}:glossary.tsv")]
    bad = tmp_path / "bad.tsv"
    bad.write_text("kettle\n", encoding="utf-8")
    with pytest.raises(LexiconBuildError, match=r"bad.tsv:1: not a dictionary pair"):
        read_extra([bad], "en")
    with pytest.raises(LexiconBuildError, match="cannot read"):
        read_extra([tmp_path / "absent.jsonl"], "en")


def test_command_takes_extra_dictionary_pairs_but_none_that_is_a_test_line(tmp_path, capsys):
    data = tmp_path / "prepared"
    write_prepared(data, PAIRS)
    (data / "test-ui.en").write_text("Settings\nSpain\n", encoding="utf-8")
    (data / "test-ui.es").write_text("Configuración\nEspaña\n", encoding="utf-8")
    extra = tmp_path / "extra.jsonl"
    extra.write_text(
        '["France", "Francia", "apertium-dict:apertium-eng-spa:x.bin"]\n'
        '["Spain", "España", "apertium-dict:apertium-eng-spa:x.bin"]\n',
        encoding="utf-8",
    )
    glossary = tmp_path / "glossary.tsv"
    glossary.write_text(
        "# a user's words\n# cldr: names; licence Unicode-3.0\nkettle\thervidor\nsettings\tajustes\n"
        "setup\tconfiguración\n",  # a Spanish test line, but the en-es lexicon looks up "setup"
        encoding="utf-8",
    )
    out = tmp_path / "lexicon.tsv"
    argv = ["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", str(out)]
    assert main([*argv, "--extra-dictionary", str(extra), str(glossary)]) == 0
    entries = Lexicon.read(out).entries
    assert entries == ENTRIES | {"France": "Francia", "kettle": "hervidor", "setup": "configuración"}
    header = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert f"--extra-dictionary {extra} {glossary} --min-target-count 3 --target-share 0.25" in header[1]
    assert header[4:7] == [
        f"# extra dictionary file: {extra}",
        f"# extra dictionary file: {glossary}",
        "# cldr: names; licence Unicode-3.0",  # a TSV's licence lines, for the model card
    ]
    # Spain and settings are English test lines: left out
    assert header[8].startswith("# extra_pairs: 3, extra_left_out_as_test_lines: 2, corpus_translations: 0, ")
    glossary.write_text("kettle\n", encoding="utf-8")
    assert main([*argv, "--extra-dictionary", str(glossary)]) == 2
    assert "not a dictionary pair" in capsys.readouterr().err


def test_spelling_table_maps_what_a_plain_keyboard_types_to_the_corpus_spelling():
    ui, bible = "gettext:x:x.mo", "bible:rv1909:Gen.1"
    lines = (
        [(ui, "La estación de tren")] * 3
        + [(ui, "Se mostrará la página")] * 3
        + [(ui, "Esta casa es grande")] * 4  # "esta" and "está" are both words
        + [(ui, "¿Dónde está?")] * 5  # ... but after "dónde" it is "está"
        + [(bible, "Y fué así")] * 5  # 1909 spelling: not counted
        + [(DICT, "cancion")]  # dictionary pairs are not counted
    )
    origins, sources = (list(c) for c in zip(*lines, strict=True))
    table = spelling_table(sources, origins, DICTIONARY_KINDS)
    assert table == {
        "estacion": "estación",
        "mostrara": "mostrará",
        "pagina": "página",
        "donde": "dónde",
        "dónde esta": "dónde está",
    }
    # A spelling dictionary that accepts "mostrara" (the past subjunctive) keeps it off the table.
    spelled = spelling_table(sources, origins, DICTIONARY_KINDS, frozenset({"mostrara"}))
    assert "mostrara" not in spelled and spelled["estacion"] == "estación"


def test_command_writes_the_spellings_of_the_source_side(tmp_path):
    data = tmp_path / "prepared"
    write_prepared(data, [(DICT, "umbrella", "paraguas")] + [(UI, "The station", "La estación de tren")] * 3)
    words = tmp_path / "es-words.txt"
    words.write_text("# es_ES word forms of hunspell-es 1:7.5.0-1\ntren\nde\n", encoding="utf-8")
    out = tmp_path / "es-en" / "lexicon.tsv"
    argv = ["--data-dir", str(data), "--src", "es", "--tgt", "en", "--out", str(out)]
    assert main([*argv, "--spelling-words", str(words)]) == 0
    accents = (out.parent / SPELLINGS_FILE).read_text(encoding="utf-8").splitlines()
    assert accents[1] == f"# spelling words: {words} (2 words); es_ES word forms of hunspell-es 1:7.5.0-1"
    assert accents[2:] == ["estacion\testación"]
    assert main([*argv, "--spelling-words", str(tmp_path / "absent.txt")]) == 2
    en_out = tmp_path / "en-es" / "lexicon.tsv"
    assert main(["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", str(en_out)]) == 0
    assert (en_out.parent / SPELLINGS_FILE).read_text(encoding="utf-8").splitlines()[1:] == [
        "# spelling words: none"
    ]
    assert (en_out.parent / GENDERS_FILE).is_file() and not (out.parent / GENDERS_FILE).exists()


def test_spelling_table_for_english_merges_apostrophes_and_knows_the_sentence_start():
    ui = "gettext:x:x.mo"
    lines = (
        [(ui, "Don’t go")] * 2 + [(ui, "Don't stop")] * 2 + [(ui, "I can't")] * 5 + [(ui, "What's up")] * 5
    )
    lines += [(ui, "So whats the plan")]  # once: a typo the corpus has
    origins, sources = (list(c) for c in zip(*lines, strict=True))
    table = spelling_table(sources, origins, DICTIONARY_KINDS, frozenset({"cant", "whats"}))
    assert table == {"dont": "don't", "i cant": "i can't", f"{START} whats": f"{START} what's"}
    assert read_typed("whats up? i cant", "en", table).text == "what's up? I can't"
    # Spanish sentences start with "tomo" and "tomó" alike: no pair starts at the sentence's start.
    assert not any(key.startswith(START) for key in spelling_table(sources, origins, (), start=False))


def test_command_takes_translations_of_the_corpus_for_words_no_dictionary_has(tmp_path):
    kettle = [
        (UI, "the kettle is hot", "el hervidor está caliente"),
        (UI, "a new kettle", "un hervidor nuevo"),
        (UI, "Kettle off", "Hervidor apagado"),
    ]
    filler = [(UI, f"word{i} here{i}", f"palabra{i} aquí{i}") for i in range(300)]  # no word is common
    data = tmp_path / "prepared"
    write_prepared(data, PAIRS + kettle + filler)
    out = tmp_path / "lexicon.tsv"
    argv = ["--data-dir", str(data), "--src", "en", "--tgt", "es", "--out", str(out)]
    assert main(argv) == 0
    assert Lexicon.read(out).entries == ENTRIES | {"kettle": "hervidor"}
    assert "corpus_translations: 1, corpus_left_out_as_test_lines: 0, " in out.read_text(encoding="utf-8")
    (data / "test-ui.es").write_text("Hervidor\n", encoding="utf-8")  # the other language's test line
    assert main(argv) == 0
    assert Lexicon.read(out).entries == ENTRIES | {"kettle": "hervidor"}
    (data / "test-ui.en").write_text("Kettle\n", encoding="utf-8")  # a whole test line: not looked up
    assert main(argv) == 0
    assert Lexicon.read(out).entries == ENTRIES
    assert "corpus_translations: 0, corpus_left_out_as_test_lines: 1, " in out.read_text(encoding="utf-8")
    (data / "test-ui.en").unlink()
    assert main([*argv, "--no-corpus-translations"]) == 0
    assert Lexicon.read(out).entries == ENTRIES
    text = out.read_text(encoding="utf-8")
    assert "--no-corpus-translations" in text and "# corpus:" not in text


@pytest.mark.parametrize("value", ["-0.5", "1.5", "half"])
def test_target_share_outside_zero_to_one_is_refused(value, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--data-dir", "d", "--src", "en", "--tgt", "es", "--out", "o", "--target-share", value])
    assert exit_.value.code == 2
    assert "--target-share" in capsys.readouterr().err
