"""data.sources.bt (source kinds bt-en and bt-es) on a cut of WordNet and the English and Spanish fortunes.

Apertium is faked (data.sources.bt.apertium_translate) except in the one test marked needs_apertium.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from data.sources import Origin, SourceError, bt, source_class
from data.sources.bt import as_sentence, fortunes, synthetic_side, wordnet_examples
from translator.apertium import ApertiumError

FIXTURE = Path(__file__).parents[1] / "fixtures" / "sources" / "bt"
ROOTS = {name: FIXTURE / name for name in ("wordnet-base", "fortunes-min", "fortunes-es")}
GAMES = "usr/share/games/fortunes"
ENGLISH_FILES = {
    "wordnet-base": {"format": "wordnet", "paths": ["usr/share/wordnet/data.*"]},
    "fortunes-min": {"format": "fortune", "paths": [f"{GAMES}/fortunes", f"{GAMES}/literature"]},
}
SPANISH_FILES = {"fortunes-es": {"format": "fortune", "paths": [f"{GAMES}/es/*.fortunes"]}}
# words the fake Apertium does not know: it marks them as Apertium does
UNKNOWN = {"oscitancy", "avariento", "bodigo", "ciento"}
needs_apertium = pytest.mark.skipif(shutil.which("apertium") is None, reason="apertium is not installed")


def fake_apertium(lines: list[str], src_lang: str, tgt_lang: str, unknown_marks: bool = False) -> list[str]:
    """The words, unknown ones marked, then `[tgt_lang]`; capitalised as Apertium capitalises."""
    assert unknown_marks
    out = []
    for line in lines:
        text = " ".join(f"*{w}" if w.strip(".,").lower() in UNKNOWN else w for w in line.split())
        out.append(f"{text[0].upper()}{text[1:]} [{tgt_lang}]")
    return out


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bt, "apertium_translate", fake_apertium)


def english(**options: Any) -> list[tuple[str, str, Origin]]:
    source = source_class("bt-en")(
        list(ENGLISH_FILES), **{"files": ENGLISH_FILES, "max_sentences": 100, **options}
    )
    return [(p.en, p.es, p.origin) for p in source.pairs(ROOTS)]


def spanish(**options: Any) -> list[tuple[str, str, Origin]]:
    source = source_class("bt-es")(
        ["fortunes-es"], **{"files": SPANISH_FILES, "max_sentences": 100, **options}
    )
    return [(p.en, p.es, p.origin) for p in source.pairs(ROOTS)]


def test_wordnet_examples_clauses_made_sentences_phrases_kept() -> None:
    wordnet = FIXTURE / "wordnet-base/usr/share/wordnet"
    assert list(wordnet_examples(wordnet / "data.noun")) == [
        "They made big strides in productivity.",  # not the quoted term "make strides" of its definition
        "He took a deep breath and dived into the pool.",
        "He was fighting to his last breath.",
        "He could not suppress a yawn.",
        "the yawning in the audience told him it was time to stop",  # may be a phrase: left as it is
        "He apologized for his oscitancy.",
    ]
    # not "The sun uprising sees the dusk night fled..." (cut short) nor the example credited to
    # R.A.Billington; "Jupiter ascends" is read, and left out later for its two words
    assert list(wordnet_examples(wordnet / "data.verb")) == [
        "The treatment at the spa vitalized the old man.",
        "consolidate one's gains",
        "consolidate one's hold on first place",
        "The sun also rises.",
        "Jupiter ascends",
    ]


def test_as_sentence_only_where_it_is_surely_a_clause() -> None:
    assert as_sentence("they pulled the canoe up") == "They pulled the canoe up."
    assert as_sentence("it's too late now!") == "It's too late now!"
    assert as_sentence("The eggs are vitalized") == "The eggs are vitalized."
    assert as_sentence("an able seaman") == "an able seaman"
    assert as_sentence("The Royal wedding was televised") == "The Royal wedding was televised"  # a name?
    assert as_sentence("Block a hat") == "Block a hat"  # three words: too short to tell


def test_fortunes_short_prose_without_attributions() -> None:
    assert list(fortunes(FIXTURE / "fortunes-min" / GAMES / "literature")) == [
        # wrapped over two lines; the "-- Mark Twain" line dropped
        "A banker is a fellow who lends you his umbrella when the sun is shining and wants it back the "
        "minute it begins to rain.",
        "A horse! A horse! My kingdom for a horse!",
        # not the indented entry nor the one starting "... A solemn"
    ]
    # not the entry with a blank line in it; a dash inside a sentence is no attribution
    assert list(fortunes(FIXTURE / "fortunes-min" / GAMES / "fortunes")) == [
        "A day for firm decisions!!!!! Or is it?",
        "Don't get stuck in a closet -- wear yourself out.",
    ]
    assert list(fortunes(FIXTURE / "fortunes-es" / GAMES / "es/deprimente.fortunes")) == [
        "Bromeo luego existo.",  # without its "-- Groucho Marx --"
        "Hay cosas en la vida más importantes que el dinero. Pero son tan caras...",
    ]
    # a dialogue, one "- " line each, is not read
    assert list(fortunes(FIXTURE / "fortunes-es" / GAMES / "es/varios.fortunes")) == [
        "Creo que el sexo es mejor que la lógica, pero no puedo probarlo."
    ]


def test_bt_en_real_english_synthetic_spanish(fake: None) -> None:
    pairs = english()
    noun = Origin("bt-en", "wordnet-base", "usr/share/wordnet/data.noun")
    deep_breath = "He took a deep breath and dived into the pool."
    assert (deep_breath, f"{deep_breath} [es]", noun) in pairs
    assert all(es == f"{en} [es]" for en, es, _ in pairs)  # the real sentence is the English side
    literature = Origin("bt-en", "fortunes-min", f"{GAMES}/literature")
    horse = "A horse! A horse! My kingdom for a horse!"
    assert (horse, f"{horse} [es]", literature) in pairs
    assert {origin.file for _, _, origin in pairs} == {
        "usr/share/wordnet/data.adj",
        "usr/share/wordnet/data.noun",
        "usr/share/wordnet/data.verb",
        f"{GAMES}/fortunes",
        f"{GAMES}/literature",  # riddles is not listed, so not read
    }
    assert "Jupiter ascends" not in [en for en, _, _ in pairs]  # two words


def test_synthetic_side_follows_the_case_of_the_real_one(fake: None) -> None:
    pairs = dict((en, es) for en, es, _ in english())
    assert pairs["an able seaman"] == "an able seaman [es]"  # Apertium's capital lowered, as the real side
    assert synthetic_side("a dull sky", "Un cielo *aburrido") == ("un cielo aburrido", 1)
    assert synthetic_side("a joint session", "Una sesión conjunta de EEUU") == (
        "una sesión conjunta de EEUU",
        0,
    )
    assert synthetic_side("the US Army", "EEUU Ejército") == ("EEUU Ejército", 0)  # an acronym stays
    assert synthetic_side("He left.", "Se fue  #ido.") == ("Se fue ido.", 1)


def test_each_sentence_once_from_its_first_file(fake: None) -> None:
    pairs = english()
    assert [origin.file for en, _, origin in pairs if en == "a dull sky"] == ["usr/share/wordnet/data.adj"]
    assert len({en for en, _, _ in pairs}) == len(pairs) == 21  # 22 read, "a dull sky" twice


def test_bt_es_real_spanish_synthetic_english_unknown_words_filtered(fake: None) -> None:
    pairs = spanish()
    refranes = Origin("bt-es", "fortunes-es", f"{GAMES}/es/refranes.fortunes")
    assert ("A año tuerto, el huerto. [en]", "A año tuerto, el huerto.", refranes) in pairs
    assert all(en == f"{es} [en]" for en, es, _ in pairs)  # the real sentence is the Spanish side
    # three words Apertium did not know: more than max_unknown (2)
    assert "Abad avariento, por un bodigo pierde ciento." not in [es for _, es, _ in pairs]
    assert len(pairs) == 7
    assert len(spanish(max_unknown=3)) == 8
    # one unknown word: kept with its mark stripped, unless none is allowed
    assert "He apologized for his oscitancy. [es]" in [es for _, es, _ in english()]
    assert "He apologized for his oscitancy." not in [en for en, _, _ in english(max_unknown=0)]


def test_each_package_capped_by_hash_not_file_order(fake: None) -> None:
    assert [es for _, es, _ in spanish(max_sentences=2, max_unknown=3)] == [
        "Abad avariento, por un bodigo pierde ciento.",
        "Creo que el sexo es mejor que la lógica, pero no puedo probarlo.",
    ]
    assert [origin.package for _, _, origin in english(max_sentences=1)] == ["wordnet-base", "fortunes-min"]
    assert spanish(max_sentences=0) == []


def test_licences_from_the_copyright_file_or_as_stated() -> None:
    source = source_class("bt-en")(
        list(ENGLISH_FILES), files=ENGLISH_FILES, max_sentences=1, licences={"fortunes-min": "BSD-3-clause"}
    )
    assert source.licences(ROOTS) == {"wordnet-base": "WordNet3.0, GPL-2+", "fortunes-min": "BSD-3-clause"}
    spanish_source = source_class("bt-es")(["fortunes-es"], files=SPANISH_FILES, max_sentences=1)
    assert spanish_source.licences(ROOTS) == {"fortunes-es": "GPL-2+"}
    assert source.domain == "synthetic"


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"max_sentences": 1}, "option `files` must map each of `packages`"),
        (
            {"files": {"fortunes-es": {"format": "poem", "paths": ["x"]}}, "max_sentences": 1},
            "files.fortunes-es",
        ),
        ({"files": SPANISH_FILES}, "option `max_sentences` must be an integer >= 0, got None"),
        ({"files": SPANISH_FILES, "max_sentences": 1, "max_unknown": -1}, "`max_unknown`"),
        (
            {"files": SPANISH_FILES, "max_sentences": 1, "licences": {"other": "MIT"}},
            "`licences` names packages",
        ),
    ],
)
def test_bad_options(options: dict[str, Any], message: str) -> None:
    with pytest.raises(SourceError, match=message):
        source_class("bt-es")(["fortunes-es"], **options)


def test_a_package_without_the_files(tmp_path: Path, fake: None) -> None:
    source = source_class("bt-es")(["fortunes-es"], files=SPANISH_FILES, max_sentences=1)
    with pytest.raises(SourceError, match="package fortunes-es: no file matches"):
        list(source.pairs({"fortunes-es": tmp_path}))


def test_apertium_failure_names_the_package(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> list[str]:
        raise ApertiumError("the `apertium` command is not installed")

    monkeypatch.setattr(bt, "apertium_translate", broken)
    with pytest.raises(SourceError, match="bt-es: package fortunes-es: the `apertium` command"):
        spanish()


@needs_apertium
def test_real_apertium_translates_three_sentences() -> None:
    files = {"wordnet-base": {"format": "wordnet", "paths": ["usr/share/wordnet/data.noun"]}}
    source = source_class("bt-en")(["wordnet-base"], files=files, max_sentences=3)
    pairs = {p.en: p.es for p in source.pairs(ROOTS)}
    assert list(pairs) == [  # the 3 of 6 with the smallest hashes, in file order
        "He took a deep breath and dived into the pool.",
        "He was fighting to his last breath.",
        "the yawning in the audience told him it was time to stop",
    ]
    assert "respiro" in pairs["He was fighting to his last breath."]
    assert pairs["the yawning in the audience told him it was time to stop"].startswith("el ")
    assert not any(mark in es for es in pairs.values() for mark in "*#@")
