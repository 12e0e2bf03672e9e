"""Domains: a translation asked for as text of a domain gets that domain's training tag before its source."""

from __future__ import annotations

import pytest

from tests.domains import tagged_copy
from translator.decoding import DecodingError
from translator.facade import Translator

TEXTS = ["the lord said", "god and the earth"]


@pytest.fixture(scope="module")
def translator(model_dir, tmp_path_factory) -> Translator:
    return Translator.load(tagged_copy(model_dir, tmp_path_factory.mktemp("tagged")), lexicon=False)


def test_domains_are_the_tags_of_real_text(translator, model_dir):
    assert translator.domains == {"bible": "<bible>"}  # bt-es's <bt> marks synthetic text: no domain
    assert Translator.load(model_dir).domains == {}


def test_a_domain_puts_its_tag_before_the_source(translator):
    tagged = [t.text for t in translator.translate([f"<bible> {t}" for t in TEXTS], decode="greedy")]
    assert [t.text for t in translator.translate(TEXTS, decode="greedy", domain="bible")] == tagged
    plain = [t.text for t in translator.translate(TEXTS, decode="greedy")]
    mixed = translator.translate(TEXTS, decode="greedy", domain=["bible", None])
    assert [t.text for t in mixed] == [tagged[0], plain[1]]


def test_an_unknown_domain_is_refused_with_the_known_ones(translator, model_dir):
    with pytest.raises(DecodingError, match="domain 'law': this model's domains are: bible"):
        translator.translate(TEXTS, domain="law")
    with pytest.raises(DecodingError, match="domains are: none"):
        Translator.load(model_dir).translate(TEXTS, domain="bible")
    with pytest.raises(ValueError, match="1 choices for 2 texts"):
        translator.translate(TEXTS, domain=["bible"])
