"""English "a" and "an" made to fit the word after them, in a translation into English.

A subword model picks the article before it has written the next word, and often picks wrong: "a end",
"a hour", "an hundred". `fix_articles` sets each "a"/"an" of an English text by the word that follows,
as the `inflect` library pronounces it ("an hour", "a user", "a one", "an HTML"). Initialisms in
capitals go by the name of their first letter ("a URL", "an SQL"), where inflect would say "an URL".
What is left alone: an "a" that is no article ("where a and b are numbers": a word like "and" follows),
and anything inside a protected span (`translator.protect`: URLs, placeholders, ...).

The service applies it to general English text only: a domain's text keeps its own usage (the King James
Bible writes "an host", "an hundred").
"""

from __future__ import annotations

import re
from functools import lru_cache

import inflect

from translator.protect import find_spans

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


def fix_articles(text: str) -> str:
    """`text` with each English indefinite article made to fit the word after it, in its own case."""
    protected = [(s.start, s.end) for s in find_spans(text)]

    def fixed(match: re.Match[str]) -> str:
        article, space, word = match.groups()
        if word.lower() in _NOT_NOUN_PHRASE:
            return match.group()
        if any(s < match.end() and match.start() < e for s, e in protected):
            return match.group()
        wanted = article_for(word)
        if wanted == article.lower():
            return match.group()
        if article.isupper() and len(article) > 1:
            wanted = wanted.upper()
        elif article[0].isupper():
            wanted = wanted.capitalize()
        return wanted + space + word

    return _ARTICLE.sub(fixed, text)
