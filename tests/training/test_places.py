import re

from training.numerals import read_frames
from training.places import DEV_FRAMES, FRAMES, held_out_lines, names, place_pairs


def test_names_are_the_cldr_s_without_codes_islands_and_abbreviations():
    found = dict(names())
    assert found["South America"] == "Sudamérica"
    assert found["South Africa"] == "Sudáfrica"
    assert found["Netherlands"] == "Países Bajos"
    assert found["Bosnia and Herzegovina"] == "Bosnia y Herzegovina"  # "&" written out
    assert "World" not in found  # a region code, not a place one names
    assert not any("Island" in english or "(" in english or "." in english for english in found)


def test_held_out_lines_leave_their_names_out(tmp_path):
    (tmp_path / "test-ui.en").write_text("South Africa\nOpen the file\n", encoding="utf-8")
    (tmp_path / "test-ui.es").write_text("Países Bajos\n", encoding="utf-8")
    (tmp_path / "dev-ui.en").write_text("France\n", encoding="utf-8")  # a dev line chooses models: out too
    (tmp_path / "train.en").write_text("Germany\n", encoding="utf-8")
    held_out = held_out_lines(tmp_path)
    assert held_out == {"south africa", "open the file", "países bajos", "france"}
    found = dict(names(held_out))
    assert "South Africa" not in found and "Netherlands" not in found and "France" not in found
    assert "Germany" in found
    assert "South America" in found
    src, _ = place_pairs(2000, "en", seed=1, held_out=held_out)
    assert not any(re.search(r"South Africa|(?<!Caribbean )Netherlands", s) for s in src)


def test_held_out_frames_are_not_training_frames():
    assert not {f.en for f in FRAMES} & {f.en for f in DEV_FRAMES}


def test_names_take_their_article_in_a_sentence_but_not_alone():
    frames = read_frames("""
{P} is a beautiful place. | {P} es un lugar precioso.
Many people emigrated from {P}. | Mucha gente emigró de {P}.
{P} | {P}
""")
    pairs = set(zip(*place_pairs(4000, "en", seed=4, frames=frames), strict=True))
    assert ("The United Kingdom is a beautiful place.", "El Reino Unido es un lugar precioso.") in pairs
    assert ("Many people emigrated from the United Kingdom.", "Mucha gente emigró del Reino Unido.") in pairs
    assert ("United Kingdom", "Reino Unido") in pairs  # alone, as a list writes it
    assert ("Many people emigrated from Peru.", "Mucha gente emigró de Perú.") in pairs
    assert ("South America is a beautiful place.", "Sudamérica es un lugar precioso.") in pairs
