import re

from training.languages import DEV_FRAMES, FRAMES, inflected, language_pairs, languages
from training.numerals import read_frames


def test_spanish_adjectives_inflect_by_their_endings():
    assert inflected("francés") == ("francesa", "franceses")
    assert inflected("alemán") == ("alemana", "alemanes")
    assert inflected("italiano") == ("italiana", "italianos")
    assert inflected("español") == ("española", "españoles")
    assert inflected("belga") == ("belga", "belgas")
    assert inflected("iraní") == ("iraní", "iraníes")
    assert inflected("hindi") is None  # no ending these rules know


def test_languages_are_the_cldr_s_with_their_adjectives():
    found = {language.english: language for language in languages()}
    french = found["French"]
    assert (french.spanish, french.feminine, french.plural, french.adjective) == (
        "francés",
        "francesa",
        "franceses",
        True,
    )
    assert found["German"].plural == "alemanes"
    assert not found["Arabic"].adjective  # English calls its people "Arab"
    assert not any(" " in name for name in found)  # one word a side


def test_held_out_lines_leave_their_names_out():
    found = {language.english for language in languages({"french", "alemán"})}
    assert "French" not in found and "German" not in found and "Italian" in found
    src, tgt = language_pairs(500, "en", seed=1, held_out={"french", "alemán"})
    assert not any(re.search(r"French|German", s) for s in src)
    assert not any(re.search(r"franc[eé]s|alem[aá]n", t) for t in tgt)


def test_frames_agree_in_gender_and_number_and_take_their_articles():
    frames = read_frames("""
My neighbours are {A}. | Mis vecinos son {AP}.
His wife is {A}. | Su esposa es {AF}.
He bought a {A} car. | Compró un coche {A}.
The book was translated into {L}. | El libro fue traducido a el {L}.
{L} | {L}
""")
    pairs = set(zip(*language_pairs(3000, "en", seed=4, frames=frames), strict=True))
    assert ("My neighbours are French.", "Mis vecinos son franceses.") in pairs
    assert ("His wife is German.", "Su esposa es alemana.") in pairs
    assert ("He bought an Italian car.", "Compró un coche italiano.") in pairs
    assert ("The book was translated into Arabic.", "El libro fue traducido al árabe.") in pairs
    assert ("French", "Francés") in pairs  # alone, as a list of languages writes it
    assert not any("Arabic." in en and "son" in es for en, es in pairs)  # not a people's adjective


def test_held_out_frames_are_not_training_frames():
    assert not {f.en for f in FRAMES} & {f.en for f in DEV_FRAMES}


def test_expressions_are_the_targets_names_in_their_frames_forms():
    frames = read_frames("""
My neighbours are {A}. | Mis vecinos son {AP}.
His wife is {A}. | Su esposa es {AF}.
I speak {L}. | Hablo {L}.
""")
    for src_lang in ("en", "es"):
        expressions: list[str] = []
        src, tgt = language_pairs(300, src_lang, seed=5, frames=frames, expressions=expressions)
        assert len(expressions) == len(tgt)
        assert all(e.lower() in t.lower() for e, t in zip(expressions, tgt, strict=True))
    expressions = []
    pairs = zip(*language_pairs(3000, "en", seed=5, frames=frames, expressions=expressions), strict=True)
    found = dict(zip(pairs, expressions, strict=True))
    assert found[("My neighbours are French.", "Mis vecinos son franceses.")] == "franceses"
    assert found[("His wife is German.", "Su esposa es alemana.")] == "alemana"
