"""data.sword and the aligned Bible, against the real Debian packages sword-text-kjv, sword-text-sparv and
sword-text-web."""

from __future__ import annotations

import re
import shutil
from collections import Counter

import pytest

from data.clean import normalize
from data.extra import TRANSLATIONS
from data.split import BIBLE_CHAPTERS, bible_split
from data.sword import (
    INSTALL_COMMAND,
    MODULES,
    PACKAGES,
    SWORD_DIR,
    KeyedVerses,
    SwordMissingError,
    Verse,
    plain_text,
    read_keyed,
    read_verses,
)

INSTALLED = all((SWORD_DIR / "mods.d" / f"{module}.conf").is_file() for module in MODULES.values())
needs_modules = pytest.mark.skipif(not INSTALLED, reason=f"SWORD Bible modules missing: {INSTALL_COMMAND}")
WEB = TRANSLATIONS["web"]
MARKUP = re.compile(r"[<>\\¶]|strong:[HG]\d|lemma=")
needs_web = pytest.mark.skipif(
    not (SWORD_DIR / "mods.d" / f"{WEB}.conf").is_file(),
    reason=f"SWORD module {WEB} missing: {INSTALL_COMMAND}",
)


@pytest.fixture(scope="module")
def web() -> KeyedVerses:
    return read_keyed(WEB)


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


def test_plain_text_of_the_web_markup():
    # A footnote between two words leaves a space; one before punctuation or inside a psalm's title
    # takes nothing else with it.
    assert plain_text('<w>God</w><note placement="foot">Heb. Elohim</note><w>created</w>') == "God created"
    assert plain_text("east,<note>or, from the east</note>they found") == "east, they found"
    assert plain_text("his offspring,<note>or, seed</note> who keep") == "his offspring, who keep"
    assert plain_text(
        '<title canonical="true" type="psalm">A Prayer by Moses.<note>90:0 Elohim</note></title> '
        "<l/><w>Lord</w>,<note>Adonai</note><w>you</w> have been"
    ) == ("A Prayer by Moses. Lord, you have been")
    # The Song of Songs' speaker labels and whatever follows the end of a book (the WEB's glossary) go.
    assert plain_text("<speaker>Beloved</speaker> <l/>Let him kiss me") == "Let him kiss me"
    assert (
        plain_text(
            'Amen. <chapter eID="Rev.22"/> <div canonical="true" eID="gen1" osisID="Rev" type="book"/> '
            '<div sID="gen2" type="glossary"/> <title>World English Bible Glossary</title> Abba is ...'
        )
        == "Amen."
    )


def test_missing_modules_name_the_packages(tmp_path):
    with pytest.raises(SwordMissingError, match=re.escape(INSTALL_COMMAND)):
        read_verses(MODULES["en"], tmp_path)


@needs_modules
def test_a_module_without_its_data_files_says_to_reinstall(tmp_path):
    (tmp_path / "mods.d").mkdir()
    shutil.copy(SWORD_DIR / "mods.d" / f"{MODULES['es']}.conf", tmp_path / "mods.d")
    with pytest.raises(SwordMissingError, match=re.escape(f"apt-get install --reinstall {PACKAGES}")):
        read_verses(MODULES["es"], tmp_path)


@needs_modules
def test_genesis_1_1_in_both_languages(bible_verses):
    assert bible_verses["en"][0] == Verse(
        1, "Gen", 1, 1, 1, "In the beginning God created the heaven and the earth."
    )
    assert bible_verses["es"][0].text == "EN el principio crió Dios los cielos y la tierra."


@needs_modules
def test_every_verse_key_of_the_kjv_versification(bible_verses):
    for lang in ("en", "es"):
        vs = bible_verses[lang]
        assert len(vs) == 31102
        assert (vs[-1].book, vs[-1].book_name, vs[-1].chapter, vs[-1].verse) == (66, "Rev", 22, 21)
        assert [v.global_chapter for v in vs] == sorted(v.global_chapter for v in vs)
        assert {v.global_chapter for v in vs} == set(range(1, BIBLE_CHAPTERS + 1))


@needs_modules
def test_text_is_clean(bible_verses):
    for lang in ("en", "es"):
        texts = [v.text for v in bible_verses[lang]]
        assert not [t for t in texts if MARKUP.search(t)]
        assert all(t == normalize(t) for t in texts)
    en, es = _by_ref(bible_verses["en"]), _by_ref(bible_verses["es"])
    # A footnote ("Heb. between the light and between the darkness") is gone.
    assert (
        en[("Gen", 1, 4)]
        == "And God saw the light, that it was good: and God divided the light from the darkness."
    )
    assert en[("Ps", 3, 1)].startswith("A Psalm of David, when he fled from Absalom his son. LORD, how")
    assert en[("Exod", 6, 3)].endswith("but by my name JEHOVAH was I not known to them.")
    assert es[("Ezek", 1, 1)].startswith("Y FUÉ que á los treinta años, en el mes cuarto,")


@needs_modules
def test_alignment_keeps_about_31k_pairs(bible_alignment):
    assert 30_500 < len(bible_alignment.pairs) < 31_102
    assert len(bible_alignment.pairs) + bible_alignment.misaligned == 31102
    refs = {(en.book_name, en.chapter, en.verse) for en, _ in bible_alignment.pairs}
    # Reina-Valera starts Numbers 13 and Jonah 2 a verse earlier than the KJV.
    assert ("Num", 13, 5) not in refs and ("Jonah", 2, 3) not in refs
    assert ("Gen", 1, 1) in refs and ("Num", 14, 5) in refs
    # SpaRV's empty keys all lie in the dropped stretches.
    assert all(en.text and es.text for en, es in bible_alignment.pairs)


@needs_modules
def test_chapter_split_of_the_bible(bible_alignment):
    by_split = Counter(bible_split(en.global_chapter) for en, _ in bible_alignment.pairs)
    assert by_split["train"] > 29_000
    assert 700 < by_split["dev"] < 950 and 650 < by_split["test"] < 900
    test_chapters = {
        en.global_chapter for en, _ in bible_alignment.pairs if bible_split(en.global_chapter) == "test"
    }
    assert test_chapters == set(range(40, BIBLE_CHAPTERS + 1, 40))


@needs_web
def test_the_web_is_read_under_kjv_keys(web, bible_verses):
    assert [(v.book, v.chapter, v.verse, v.global_chapter) for v in web.verses] == [
        (v.book, v.chapter, v.verse, v.global_chapter) for v in bible_verses["en"]
    ]
    # The NRSVA's verses beyond the KJV's, 3 John 1:15 and Revelation 12:18, are empty in the WEB: it
    # divides those verses like the KJV, and files its deuterocanon in books of their own, not read.
    assert web.unkeyed == 0
    text = _by_ref(web.verses)
    assert text[("Gen", 1, 1)] == "In the beginning, God created the heavens and the earth."
    assert text[("Ps", 23, 1)] == "A Psalm by David. Yahweh is my shepherd; I shall lack nothing."
    assert text[("John", 3, 16)].startswith("For God so loved the world, that he gave his only born Son,")
    assert text[("3John", 1, 14)].endswith(
        "face to face. Peace be to you. The friends greet you. Greet the friends by name."
    )
    assert text[("Rev", 13, 1)].startswith("Then I stood on the sand of the sea. I saw a beast")
    assert text[("Song", 1, 2)].startswith("Let him kiss me")
    assert text[("Rev", 22, 21)] == "The grace of the Lord Jesus Christ be with all the saints. Amen."
    # Verses the WEB omits or moves (Romans 16:25-27 stand after 14:23) are empty.
    assert text[("Acts", 8, 37)] == text[("Rom", 16, 25)] == ""
    assert "Now to him who is able to establish you" in text[("Rom", 14, 23)]
    assert not [t for t in text.values() if MARKUP.search(t)]
    assert all(t == normalize(t) for t in text.values())
