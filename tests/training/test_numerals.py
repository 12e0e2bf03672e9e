import re

import pytest

from training.numerals import (
    DEV_FRAMES,
    FRAMES,
    main,
    numeral_pairs,
)


def test_held_out_frames_are_not_training_frames():
    assert not {f.en for f in FRAMES} & {f.en for f in DEV_FRAMES}
    assert not {f.es for f in FRAMES} & {f.es for f in DEV_FRAMES}


def test_the_same_seed_gives_the_same_pairs_and_another_seed_others():
    assert numeral_pairs(50, "en", seed=3) == numeral_pairs(50, "en", seed=3)
    assert numeral_pairs(50, "en", seed=3) != numeral_pairs(50, "en", seed=4)


def test_a_century_keeps_its_digits_and_no_side_writes_roman_numerals():
    src, tgt = numeral_pairs(2000, "en", seed=1)
    ordinal = re.compile(r"\b(\d+)(?:st|nd|rd|th) century\b")
    centuries = [(s, t) for s, t in zip(src, tgt, strict=True) if ordinal.search(s)]
    assert len(centuries) > 100
    for s, t in centuries:
        assert f"siglo {ordinal.search(s).group(1)}" in t.lower(), (s, t)
    assert any("the nineteenth century" in s for s in src)  # the spelled-out form, as a source
    es_src, en_tgt = numeral_pairs(2000, "es", seed=1)
    for text in src + tgt + es_src + en_tgt:
        assert not re.search(r"\bsiglos? [IVXL]+\b|\b[IVXL]+ (century|centuries)\b", text), text
    for s, t in zip(es_src, en_tgt, strict=True):
        found = re.search(r"\bsiglo (\d+)\b", s)
        if found and " y " not in s:
            assert re.search(rf"\b{found.group(1)}(st|nd|rd|th)\b", t), (s, t)


def test_dates_take_one_form_on_the_target_side():
    src, tgt = numeral_pairs(2000, "en", seed=2)
    english = [s for s in src if re.search(r"\b(May|June) \d+(st|nd|rd|th)?, \d{4}", s)]
    assert english
    assert any(re.search(r"\b\d+ (May|June) \d{4}", s) for s in src)  # British order as a source
    for s, t in zip(src, tgt, strict=True):
        if re.search(r"\bMay \d+, (\d{4})", s):
            day, year = re.search(r"\bMay (\d+), (\d{4})", s).groups()
            assert f"{day} de mayo de {year}" in t
    _, english_targets = numeral_pairs(2000, "es", seed=2)
    assert any(re.search(r"\bon [A-Z][a-z]+ \d+, \d{4}", t) for t in english_targets)
    assert not any(re.search(r"\bon \d+ [A-Z][a-z]+ \d{4}", t) for t in english_targets)


def test_spanish_contracts_and_sentences_start_with_a_capital_and_end_with_one_stop():
    src, tgt = numeral_pairs(3000, "en", seed=5)
    for s, t in zip(src, tgt, strict=True):
        assert " de el " not in t and " a el " not in t, t
        assert not t.endswith(".."), t
        assert not s.endswith(".."), s
        first = s[0]
        assert not first.isalpha() or first.isupper(), s
    assert any(re.fullmatch(r"Siglo \d+( a\. C\.| d\. C\.)?", t) for t in tgt)  # a century alone, a caption
    assert any("del siglo" in t for t in tgt)  # "de" + "el siglo"


def test_millions_agree_in_number():
    src, tgt = numeral_pairs(3000, "en", seed=6)
    for s, t in zip(src, tgt, strict=True):
        million = re.search(r"\b(\d+) million\b", s)
        if million:
            n = million.group(1)
            assert (f"{n} millón de" if n == "1" else f"{n} millones de") in t, (s, t)


def test_only_english_and_spanish():
    with pytest.raises(ValueError, match="English-Spanish"):
        numeral_pairs(5, "fr")


def test_the_check_set_prints_held_out_frames(capsys):
    assert main(["--source", "es", "--count", "30"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 30
    starts = [f.es.split("{")[0] for f in DEV_FRAMES if not f.es.startswith("{")]
    rows = [line.split("\t") for line in lines]
    assert all(len(row) == 3 for row in rows)
    assert all(expression.lower() in reference.lower() for _, reference, expression in rows)
    assert any(line.startswith(tuple(starts)) for line in lines)
    with pytest.raises(SystemExit):
        main(["--source", "es", "--count", "0"])
