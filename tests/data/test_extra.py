"""data.extra: the World English Bible paired with the Reina-Valera, against the real Debian packages
(sword-text-kjv, sword-text-sparv, sword-text-web; the fixtures skip without them)."""

from __future__ import annotations

from typing import get_args, get_type_hints

from data.extra import EMPTY, LENGTH, MISALIGNED, TRANSLATIONS, UNKEYED, evaluation_split
from translator.config import DataConfig


def _by_ref(pairs) -> dict[tuple[str, int, int], tuple[str, str]]:
    return {(a.book_name, a.chapter, a.verse): (a.text, b.text) for a, b in pairs}


def test_the_config_names_exactly_the_known_translations():
    choices, _ = get_args(get_type_hints(DataConfig)["extra_train"])  # tuple[Literal[...], ...]
    assert get_args(choices) == tuple(TRANSLATIONS) == ("web",)


def test_evaluation_split_name():
    assert evaluation_split("web") == "test-web"


def test_known_verses_pair_the_web_with_the_reina_valera(web_extra, bible_alignment):
    assert web_extra.name == "web" and web_extra.module.startswith("engWEB2015eb ")
    web, kjv = _by_ref(web_extra.pairs), _by_ref(bible_alignment.pairs)
    assert web[("Gen", 1, 1)] == (
        "In the beginning, God created the heavens and the earth.",
        "EN el principio crió Dios los cielos y la tierra.",
    )
    # The psalm's superscription is part of verse 1 in all three.
    assert web[("Ps", 23, 1)] == (
        "A Psalm by David. Yahweh is my shepherd; I shall lack nothing.",
        "Salmo de David. JEHOVÁ es mi pastor; nada me faltará.",
    )
    assert web[("John", 3, 16)][0].endswith("should not perish, but have eternal life.")
    # The NRSVA's 3 John 1:15 is empty in the WEB: verse 14 holds the greeting, as in the KJV.
    assert web[("3John", 1, 14)][0].endswith(
        "Peace be to you. The friends greet you. Greet the friends by name."
    )
    assert web[("3John", 1, 14)][1] == kjv[("3John", 1, 14)][1]
    # Every pair keeps the Spanish verse of its key.
    assert all(kjv[ref][1] == es for ref, (_, es) in web.items())


def test_left_out_verses_are_counted_by_reason(web_extra, bible_alignment):
    web = _by_ref(web_extra.pairs)
    # Empty in the WEB: it omits Acts 8:37 and moves Romans 16:25-27 to the end of chapter 14 ...
    assert ("Acts", 8, 37) not in web and ("Rom", 16, 25) not in web
    # ... so 14:23 says more than the KJV's verse; so do the KJV's subscriptions (Philemon 1:25, kept
    # by the Reina-Valera too), and the Comma Johanneum is the KJV's only.
    for ref in (("Rom", 14, 23), ("Phlm", 1, 25), ("1John", 5, 7)):
        assert ref not in web, ref
    # Keys the KJV and the Reina-Valera could not pair are not tried.
    assert ("Num", 13, 5) not in web
    drops = web_extra.drops
    assert set(drops) == {EMPTY, MISALIGNED, LENGTH, UNKEYED}
    assert drops[EMPTY] == 7 and drops[UNKEYED] == 0
    assert 0 < drops[MISALIGNED] < 40 and 0 < drops[LENGTH] < 30
    assert len(web_extra.pairs) + drops[EMPTY] + drops[MISALIGNED] + drops[LENGTH] == len(
        bible_alignment.pairs
    )
    assert [a.global_chapter for a, _ in web_extra.pairs] == sorted(
        a.global_chapter for a, _ in web_extra.pairs
    )
