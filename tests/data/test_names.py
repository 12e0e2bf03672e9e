"""data.names: the first-name list read from faker's person providers, and the name-swapped train pairs."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from data import general, names
from data.clean import Rules
from data.debian import Unpacked
from data.general import Example
from data.names import NameListError, read_first_names, swap_names, template_name
from data.sources import Origin
from tests.data.listed import Listed, file_in

# faker's own shapes: weighted OrderedDicts (en_US), plain tuples (es_ES), lists made of other lists
EN_US = """
from collections import OrderedDict
class Provider:
    first_names_female = OrderedDict((('Mary', 0.03), ('Anne', 0.01), ('Mary Ann', 0.001)))
    first_names_male = OrderedDict((('Tom', 0.02), ('David', 0.02), ("D'Angelo", 0.001)))
    first_names = first_names_male.copy()
    last_names = OrderedDict((('Smith', 0.01),))
"""
ES_ES = """
class Provider:
    first_names_male = ('José', 'David')
    first_names_female = ('María', 'Pilar')
    first_names = first_names_male + first_names_female
"""


LIST = sorted(["Anne", "David", "José", "María", "Mary", "Pilar", "Tom"])  # what EN_US + ES_ES list


def _package(root: Path, files: dict[str, str]) -> Path:
    for locale, text in files.items():
        path = root / names.PROVIDERS / locale / "__init__.py"
        path.parent.mkdir(parents=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_first_names_are_read_as_data_one_word_each(tmp_path):
    root = _package(tmp_path, {"en_US": EN_US, "es_ES": ES_ES})
    assert read_first_names(root, ("en_US", "es_ES")) == sorted(LIST)


def test_a_missing_or_empty_provider_is_an_error_naming_the_file(tmp_path):
    with pytest.raises(NameListError, match="es_MX"):
        read_first_names(_package(tmp_path / "a", {"en_US": EN_US}), ("en_US", "es_MX"))
    with pytest.raises(NameListError, match="no first names"):
        read_first_names(_package(tmp_path / "b", {"en_US": "class Provider:\n    pass\n"}), ("en_US",))


def test_a_template_holds_one_listed_name_once_on_each_side():
    listed = frozenset(LIST)
    assert template_name("Tom looks like his father.", "Tom se parece a su padre.", listed) == "Tom"
    assert template_name("John looks like Tom.", "Juan se parece a Tom.", listed) == "Tom"
    assert template_name("Tom saw Mary.", "Tom vio a Mary.", listed) is None  # two names
    assert template_name("Tom, Tom!", "¡Tom, Tom!", listed) is None  # twice
    assert template_name("Thomas left.", "Tomás se fue.", listed) is None  # not on both sides
    assert template_name("Tomorrow", "Mañana Tom", listed) is None  # a word, not a part of one


def test_swaps_replace_the_name_on_both_sides_and_keep_the_template_in_the_origin():
    template = Origin("game-dialogue", "wesnoth", "story.mo")
    out = swap_names([("Tom, we must hurry!", "¡Tom, debemos darnos prisa!", template)], LIST, 3, 10)
    assert len(out) == 3
    new_names = [en.split(",")[0] for en, _, _ in out]
    assert len(set(new_names)) == 3 and "Tom" not in new_names and set(new_names) <= set(LIST)
    for (en, es, origin), name in zip(out, new_names, strict=True):
        assert en == f"{name}, we must hurry!" and es == f"¡{name}, debemos darnos prisa!"
        assert origin == Origin("names", names.PACKAGE, str(template))
        assert Origin.parse(str(origin)) == origin  # the template's colons survive the .origin file


def test_verses_give_names_bible_and_machine_made_or_dictionary_pairs_give_nothing():
    verse = ("And David said.", "Y dijo David.", Origin("bible", "kjv", "9"))
    synthetic = ("David came.", "David vino.", Origin("bt-en", "wordnet", "data.noun"))
    entry = ("David", "David", Origin("apertium-dict", "d", "f"))
    out = swap_names([verse, synthetic, entry], LIST, 2, 10)
    assert [o.kind for _, _, o in out] == ["names-bible", "names-bible"]


def test_templates_per_name_are_capped_whatever_the_corpus_order():
    pairs = [
        (f"Tom saw {i} cats.", f"Tom vio {i} gatos.", Origin("listed", "pkg", f"f{i}")) for i in range(20)
    ]
    pairs.append(("Mary sang.", "Mary cantó.", Origin("listed", "pkg", "m")))
    out = swap_names(pairs, LIST, 2, 5)
    assert len(out) == 6 * 2  # five of Tom's twenty templates, and Mary's one
    shuffled = pairs[:]
    random.Random(0).shuffle(shuffled)
    assert swap_names(shuffled, LIST, 2, 5) == out
    assert swap_names(pairs, LIST, 0, 5) == []


def test_build_adds_swapped_pairs_to_train_only_and_never_a_held_out_sentence(tmp_path):
    train_doc = file_in("train")
    source = Listed([("Tom is here.", "Tom está aquí.", train_doc), ("Save the file", "Guardar", train_doc)])
    held = [Example("Mary is here.", "Mary está aquí.", Origin("tatoeba", "t", "1"))]
    unpacked = {"pkg": Unpacked("pkg", "1.0", tmp_path)}
    plain = general.build([source], unpacked, tmp_path, [], (held, []), Rules(), 3)
    corpus = general.build([source], unpacked, tmp_path, [], (held, []), Rules(), 3, LIST, 6)
    swapped = [e for e in corpus.splits["train"] if e.origin.kind == "names"]
    assert corpus.splits["train"][: len(plain.splits["train"])] == plain.splits["train"]
    assert len(swapped) == 5  # six names besides Tom; Mary's pair repeats the held-out sentence
    assert all(e.en.endswith(" is here.") and "Mary" not in e.en for e in swapped)
    assert corpus.drops["names"][general.HELDOUT] == 1
    assert corpus.kinds["names"] == "synthetic"
    assert all(
        e.origin.kind != "names" for name, split in corpus.splits.items() if name != "train" for e in split
    )
