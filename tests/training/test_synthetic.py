"""What every synthetic kind of frame-filled pairs shares (training.places, training.languages): the two
directions mirror each other, a seed repeats its pairs, and the check set comes from held-out frames."""

import pytest

from training import languages, places

MODULES = [places, languages]
PAIRS = {places: places.place_pairs, languages: languages.language_pairs}


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_directions_mirror_and_seeds_repeat(module):
    make = PAIRS[module]
    en_src, en_tgt = make(100, "en", seed=2)
    es_src, es_tgt = make(100, "es", seed=2)
    assert en_src == es_tgt and en_tgt == es_src
    assert make(100, "en", seed=2) == (en_src, en_tgt)
    assert make(100, "en", seed=3) != (en_src, en_tgt)
    with pytest.raises(ValueError, match="English-Spanish"):
        make(5, "de")


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
@pytest.mark.parametrize("source", ["en", "es"])
def test_the_check_set_prints_held_out_frames(module, source, capsys):
    assert module.main(["--source", source, "--count", "20"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 20
    starts = tuple(getattr(f, source).split("{")[0].strip() for f in module.DEV_FRAMES)  # "a" or "an"
    trained = {getattr(f, source) for f in module.FRAMES}
    assert all(line.split("\t")[0].startswith(starts) for line in lines)
    assert not {getattr(f, source) for f in module.DEV_FRAMES} & trained
    with pytest.raises(SystemExit):
        module.main(["--source", source, "--count", "0"])
