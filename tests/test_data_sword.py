"""data.sword and the aligned Bible, against the real Debian packages sword-text-kjv and sword-text-sparv."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from data.align import Alignment, align_verses
from data.clean import normalize
from data.split import BIBLE_CHAPTERS, bible_split
from data.sword import INSTALL_COMMAND, MODULES, SWORD_DIR, SwordMissingError, Verse, plain_text, read_verses

INSTALLED = all((SWORD_DIR / "mods.d" / f"{module}.conf").is_file() for module in MODULES.values())
needs_modules = pytest.mark.skipif(not INSTALLED, reason=f"SWORD Bible modules missing: {INSTALL_COMMAND}")


@pytest.fixture(scope="module")
def verses() -> dict[str, list[Verse]]:
    return {lang: read_verses(module) for lang, module in MODULES.items()}


@pytest.fixture(scope="module")
def bible(verses) -> Alignment:
    return align_verses(verses["en"], verses["es"])


def _by_ref(verses: list[Verse]) -> dict[tuple[str, int, int], str]:
    return {(v.book_name, v.chapter, v.verse): v.text for v in verses}


def test_plain_text_drops_markup_notes_and_headings():
    osis = (
        '<title type="x-heading">Creation</title><w lemma="strong:H0430">God</w> '
        '<w lemma="strong:H7200">saw</w> the light.<note placement="foot">'
        '<reference type="annotateRef">1.4 </reference>Heb. between</note> ¶ <div eID="gen3" type="x-p"/>'
    )
    assert plain_text(osis) == "God saw the light."


def test_plain_text_keeps_psalm_superscriptions_and_subscriptions():
    assert (
        plain_text('<title canonical="true" type="psalm">A Psalm.</title> <l/>LORD, hear.')
        == "A Psalm. LORD, hear."
    )
    assert plain_text('Amen. <chapter eID="Rom.16"/> <title>Written to the Romans.</title>') == (
        "Amen. Written to the Romans."
    )


def test_plain_text_separates_adjacent_words_and_drops_usfm_markers():
    assert (
        plain_text('<w>Y FUÉ</w><transChange type="added">que</transChange><w>á los</w>') == "Y FUÉ que á los"
    )
    assert plain_text("the \\nd <w>LORD</w></divineName> said") == "the LORD said"
    # A suffix inside a word stays attached.
    assert plain_text('preguntándo<transChange type="added">le</transChange>,') == "preguntándole,"


def test_missing_modules_name_the_packages(tmp_path):
    with pytest.raises(SwordMissingError, match=re.escape(INSTALL_COMMAND)):
        read_verses(MODULES["en"], tmp_path)


@needs_modules
def test_a_module_without_its_data_files_says_to_reinstall(tmp_path):
    (tmp_path / "mods.d").mkdir()
    shutil.copy(SWORD_DIR / "mods.d" / f"{MODULES['es']}.conf", tmp_path / "mods.d")
    with pytest.raises(
        SwordMissingError, match="apt-get install --reinstall sword-text-kjv sword-text-sparv"
    ):
        read_verses(MODULES["es"], tmp_path)


@needs_modules
def test_genesis_1_1_in_both_languages(verses):
    assert verses["en"][0] == Verse(
        1, "Gen", 1, 1, 1, "In the beginning God created the heaven and the earth."
    )
    assert verses["es"][0].text == "EN el principio crió Dios los cielos y la tierra."


@needs_modules
def test_every_verse_key_of_the_kjv_versification(verses):
    for lang in ("en", "es"):
        vs = verses[lang]
        assert len(vs) == 31102
        assert (vs[-1].book, vs[-1].book_name, vs[-1].chapter, vs[-1].verse) == (66, "Rev", 22, 21)
        assert [v.global_chapter for v in vs] == sorted(v.global_chapter for v in vs)
        assert {v.global_chapter for v in vs} == set(range(1, BIBLE_CHAPTERS + 1))


@needs_modules
def test_text_is_clean(verses):
    markup = re.compile(r"[<>\\¶]|strong:[HG]\d|lemma=")
    for lang in ("en", "es"):
        texts = [v.text for v in verses[lang]]
        assert not [t for t in texts if markup.search(t)]
        assert all(t == normalize(t) for t in texts)
    en, es = _by_ref(verses["en"]), _by_ref(verses["es"])
    # A footnote ("Heb. between the light and between the darkness") is gone.
    assert (
        en[("Gen", 1, 4)]
        == "And God saw the light, that it was good: and God divided the light from the darkness."
    )
    assert en[("Ps", 3, 1)].startswith("A Psalm of David, when he fled from Absalom his son. LORD, how")
    assert en[("Exod", 6, 3)].endswith("but by my name JEHOVAH was I not known to them.")
    assert es[("Ezek", 1, 1)].startswith("Y FUÉ que á los treinta años, en el mes cuarto,")


@needs_modules
def test_alignment_keeps_about_31k_pairs(bible):
    assert 30_500 < len(bible.pairs) < 31_102
    assert len(bible.pairs) + bible.misaligned == 31102
    refs = {(en.book_name, en.chapter, en.verse) for en, _ in bible.pairs}
    # Reina-Valera starts Numbers 13 and Jonah 2 a verse earlier than the KJV.
    assert ("Num", 13, 5) not in refs and ("Jonah", 2, 3) not in refs
    assert ("Gen", 1, 1) in refs and ("Num", 14, 5) in refs
    # SpaRV's empty keys all lie in the dropped stretches.
    assert all(en.text and es.text for en, es in bible.pairs)


@needs_modules
def test_chapter_split_of_the_bible(bible):
    by_split = Counter(bible_split(en.global_chapter) for en, _ in bible.pairs)
    assert by_split["train"] > 29_000
    assert 700 < by_split["dev"] < 950 and 650 < by_split["test"] < 900
    test_chapters = {en.global_chapter for en, _ in bible.pairs if bible_split(en.global_chapter) == "test"}
    assert test_chapters == set(range(40, BIBLE_CHAPTERS + 1, 40))
