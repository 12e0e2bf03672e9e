"""Words whose form depends on the sound of the next word, fitted to it: English "a"/"an", Spanish "y"/"e"
and "o"/"u".

A subword model writes such a word before the word it goes with, and often picks the wrong form: "a
end", "a hour", "an hundred"; "madre y Isabel", "siete o ocho" (Spanish wants "madre e Isabel", "siete u
ocho").

- English (`fix_articles`): each "a" or "an" is set by the word that follows, as the `inflect` library
  pronounces it ("an hour", "a user", "a one", "an HTML"). Initialisms in capitals go by the name of
  their first letter ("a URL", "an SQL"), where inflect would say "an URL". An "a" that is no article
  ("where a and b are numbers": a word like "and" follows) is left alone.
- Spanish (`fix_conjunctions`): "y" becomes "e" before a word that starts with the sound i ("i", "hi":
  "padre e hijo"; not where the i glides into the next vowel: "agua y hielo"), and "o" becomes "u"
  before the sound o ("o", "ho": "siete u ocho", "casa u hotel"). Only a lower-case "y" or "o" changes:
  "¿Y Inés?", starting a question, is kept, as the Spanish Academy allows.

Nothing inside a protected span (`translator.protect`: URLs, placeholders, ...) changes. The service
applies this to general text only: a domain's text keeps its own usage (the King James Bible writes "an
host", "an hundred").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import inflect

from translator.letters import UNACCENTED
from translator.protect import find_spans, overlaps

# "y" or "o" standing alone, the spaces after it, and a word starting with the sound it changes before.
_CONJUNCTION = re.compile(r"(?<![\w'’.-])(y|o)(\s+)(?=([hH]?[iIíÍ](?![aeouáéóú])|[hH]?[oOóÓ])\w*)")
# An "a" or "an" standing alone, the spaces after it, and the word after those.
_ARTICLE = re.compile(r"(?<![\w'’.-])(a|an|A|An|AN)(\s+)([^\W\d_][\w'’-]*)")
# Words after which "a" is a letter or a variable, not an article.
_NOT_NOUN_PHRASE = frozenset(
    "and or nor but is are was were be of in on at to by for from with as if then than plus minus times "
    "equals".split()
)
# Letters whose English name starts with a vowel sound: "an F", "an HTML", "an SQL".
_VOWEL_NAMED = frozenset("AEFHILMNORSX")

_engine = inflect.engine()


@lru_cache(maxsize=65536)
def article_for(word: str) -> str:
    """ "a" or "an", whichever `word` takes."""
    if len(word) > 1 and word.isupper() and word.isalpha():
        return "an" if word[0] in _VOWEL_NAMED else "a"
    return _engine.a(word).split(" ", 1)[0].lower()


def _substitute(
    pattern: re.Pattern[str], text: str, fixed: Callable[[re.Match[str]], str], reach: int = 0
) -> str:
    """`pattern.sub(fixed, text)`, except where a match (and `reach` characters after it) overlaps a
    protected span. The spans are found only once a match would change."""
    spans: list[tuple[int, int]] | None = None

    def outside(match: re.Match[str]) -> str:
        nonlocal spans
        replacement = fixed(match)
        if replacement == match.group():
            return replacement
        if spans is None:
            spans = [(s.start, s.end) for s in find_spans(text)]
        return match.group() if overlaps(match.start(), match.end() + reach, spans) else replacement

    return pattern.sub(outside, text)


def _article_fitted(match: re.Match[str]) -> str:
    article, space, word = match.groups()
    if word.lower() in _NOT_NOUN_PHRASE:
        return match.group()
    wanted = article_for(word)
    if wanted == article.lower():
        return match.group()
    if article.isupper() and len(article) > 1:
        wanted = wanted.upper()
    elif article[0].isupper():
        wanted = wanted.capitalize()
    return wanted + space + word


def fix_articles(text: str) -> str:
    """`text` with each English indefinite article made to fit the word after it, in its own case."""
    return _substitute(_ARTICLE, text, _article_fitted)


def _conjunction_fitted(match: re.Match[str]) -> str:
    conjunction, space, sound = match.groups()
    vowel = sound[-1].lower().translate(UNACCENTED)
    if conjunction == "y" and vowel == "i":
        return "e" + space
    if conjunction == "o" and vowel == "o":
        return "u" + space
    return match.group()


def fix_conjunctions(text: str) -> str:
    """`text` with Spanish "y" made "e" before the sound i and "o" made "u" before the sound o."""
    # The match ends before the next word: one character more reaches into it.
    return _substitute(_CONJUNCTION, text, _conjunction_fitted, reach=1)


def fix_euphony(text: str, lang: str) -> str:
    """`fix_articles` for English, `fix_conjunctions` for Spanish; other languages as they are."""
    if lang == "en":
        return fix_articles(text)
    if lang == "es":
        return fix_conjunctions(text)
    return text
