"""English weather verbs with their dummy subject "it": "Está lloviendo" → "It is raining", not "He is
raining".

Spanish weather verbs (llover, nevar, lloviznar, granizar, tronar) have no subject, and the verb's third
person is all a Spanish sentence shows of it ("Está lloviendo", "Puede que nieve", "Podría nevar por la
tarde"). A small model translating into English fills in a person: "He is raining", "You may snow", "I
could snow at the evening". English needs "it" there. `dummy_it` replaces a personal pronoun (I, you,
he, she, we, they) that is the subject of an English weather verb (rain, snow, drizzle, hail, thunder,
pour, with "may", "could", "is", "started to" ... between) by "it", and makes the first verb after it
third person singular ("You are raining" → "It is raining", "They rain" → "It rains", "You have
snowed" → "It has snowed"; a question's auxiliary before it too: "Have you stopped raining?" → "Has it
stopped raining?"), where:

- the Spanish source has a weather verb (a form of one of those five; "la nieve", the noun, is one
  too, but an English noun "snow" has no pronoun subject of the kind looked for: "I like snow" stays);
- and no subject pronoun (yo, tú, usted, él, ella, nosotros, ellos, ...), whose person the English
  pronoun may be ("Ella dice que está lloviendo" → "She says it is raining" keeps "She").
"""

from __future__ import annotations

import re

# Forms of llover, lloviznar, nevar, granizar, tronar (and the noun "nieve", which the English side
# tells apart).
_SPANISH_WEATHER = re.compile(
    r"\b(?:llov\w*|lluev\w*|lloviz\w*|nev(?:ar|ad[oa]|aba|ará|aría|ó|ando)|niev[ae]n?|graniz\w*|"
    r"tron(?:ar|ó|aba|ando)|truen[ae]n?)\b",
    re.IGNORECASE,
)
_SPANISH_PRONOUNS = re.compile(
    r"\b(?:yo|tú|usted|ustedes|él|ella|ellos|ellas|nosotros|nosotras|vosotros|vosotras)\b", re.IGNORECASE
)
# Words that may stand between the subject and the weather verb: auxiliaries, modals, adverbs, and the
# verbs that take another ("started to", "seems to").
_BETWEEN = (
    r"may|might|can|could|will|would|shall|should|must|is|was|are|were|am|has|have|had|been|be|do|does|"
    r"did|don't|doesn't|didn't|won't|can't|couldn't|wouldn't|isn't|aren't|wasn't|weren't|hasn't|haven't|"
    r"not|never|still|already|just|often|always|usually|going|about|to|seems|seemed|seem|starts|started|"
    r"start|began|begin|begins|stopped|stops|stop|keeps|kept|keep|likely|probably"
)
_WEATHER = re.compile(
    r"(?:\b(?P<inverted>[Hh]ave|[Aa]re|[Ww]ere|[Dd]o|[Dd]on't|[Aa]ren't|[Hh]aven't)\s+)?"
    r"\b(?P<pronoun>I|[Yy]ou|[Hh]e|[Ss]he|[Ww]e|[Tt]hey)(?P<contraction>'(?:m|re|s|ll|d|ve)|’(?:m|re|s|ll|d|ve))?"
    rf"(?P<between>(?:\s+(?:{_BETWEEN}))*)\s+"
    r"(?P<verb>(?:rain|snow|hail|thunder|pour)(?:s|ed|ing)?|drizzl(?:e|es|ed|ing))\b"
)
# The first verb after the new "it": its third person singular.
_THIRD_PERSON = {
    "am": "is",
    "are": "is",
    "were": "was",
    "have": "has",
    "do": "does",
    "don't": "doesn't",
    "aren't": "isn't",
    "weren't": "wasn't",
    "haven't": "hasn't",
    "seem": "seems",
    "start": "starts",
    "begin": "begins",
    "stop": "stops",
    "keep": "keeps",
}
_CONTRACTION = {"m": "s", "re": "s", "ve": "s"}  # I'm -> it's, you're -> it's, we've -> it's


def dummy_it(source: str, text: str, src_lang: str, tgt_lang: str) -> str:
    """`text` (an English translation of the Spanish `source`) with the personal pronoun before a weather
    verb made "it", by the module docstring's rules; other languages' text as it is."""
    if src_lang != "es" or tgt_lang != "en" or not _SPANISH_WEATHER.search(source):
        return text
    if _SPANISH_PRONOUNS.search(source):
        return text
    return _WEATHER.sub(_it, text)


def _it(found: re.Match[str]) -> str:
    pronoun, contraction = found.group("pronoun"), found.group("contraction")
    start = found.start()
    before = found.string[:start].rstrip()
    capital = pronoun[0].isupper() and (pronoun != "I" or not before or before[-1] in '.!?:"“«')
    it = "It" if capital else "it"
    if contraction:
        mark, rest = contraction[0], contraction[1:]
        contraction = mark + _CONTRACTION.get(rest, rest)
    between = found.group("between")
    verb = found.group("verb")
    if between.strip():
        words = between.split()
        first = words[0]
        words[0] = _THIRD_PERSON.get(first.lower(), first)
        between = " " + " ".join(words)
    elif not contraction and verb in ("rain", "snow", "hail", "thunder", "pour", "drizzle"):
        verb += "s"  # "They rain" -> "It rains"
    inverted = found.group("inverted")  # a question's auxiliary: "Have you stopped raining?"
    if inverted:
        third = _THIRD_PERSON[inverted.lower()]
        it = f"{third[0].upper() + third[1:] if inverted[0].isupper() else third} it"
    return f"{it}{contraction or ''}{between} {verb}"
