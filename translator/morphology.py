"""Inflected words the lexicon has only as lemmas, translated into the form that matches: Spanish words
into English (`SpanishToEnglish`), English plural nouns into Spanish (`EnglishToSpanish`).

The lexicon (`translator.lexicon`) holds dictionary lemmas: "encarcelar": "imprison", "fingir": "pretend".
The es-en model copies or makes up the inflected forms it does not know ("Tom estaba encarcelado" →
"Tom was encarceed", "Estaba fingiendo" → "I was finging"), and the fallback found no entry for them.
`SpanishToEnglish` reads a Spanish word's ending back to its lemma and the form it is in, and gives the
lemma's entry in that form, inflected by the lemminflect library ("imprisoned", "pretending"):

| Spanish form | example | English form |
|---|---|---|
| infinitive with pronouns attached | lastimarte, despedirnos | the entry as it is ("hurt") |
| gerund, pronouns attached or not | fingiendo, diciéndolo | -ing ("pretending") |
| past participle, any gender and number | encarcelado, alabadas | past participle ("imprisoned") |
| preterite, first or third person singular | olvidé, despertó | past ("forgot", "woke") |
| imperfect | cantaba, vivían | past ("sang", "lived") |
| preterite, other persons | cantaron, cantaste | past |
| future and conditional | cantaré, cantaría | the entry as it is (the model writes "will" apart) |
| feminine or plural noun or adjective | letreros, chistosas | plural for a noun ("signs"), not an adjective |

Regular endings are read, with the -ir verbs whose stem changes its vowel ("pidiendo", "durmió") and
the preterite's spelling changes ("busqué", "llegué"), plus the irregular forms of a few common verbs
(`_IRREGULAR`: "siendo", "hecho", "dijo"). An ending is taken for a lemma only where the lexicon holds
that lemma: "cantaba" is read as "cantar" because the lexicon has "cantar". The present tense is not read:
its endings ("canta", "come") are those of nouns and adjectives too, and its person is not the English
one. An entry of several words is inflected on its first word for a verb ("take off" → "taking off")
and on its last for a noun ("credit card" → "credit cards").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache

from lemminflect import getAllLemmas, getInflection

from translator.letters import UNACCENTED

# Pronouns a Spanish infinitive, gerund or imperative takes attached, longest first ("dárselo": se, lo).
_CLITICS = ("nos", "les", "los", "las", "me", "te", "se", "lo", "la", "le", "os")
# Ending -> (the lemma's endings, the English form): lemminflect's Penn tags, "" for the entry as it is.
_VERB_ENDINGS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("aron", ("ar",), "VBD"),  # preterite, third person plural
    ("ieron", ("er", "ir"), "VBD"),
    ("aste", ("ar",), "VBD"),  # preterite, second person singular
    ("iste", ("er", "ir"), "VBD"),
    ("qué", ("car",), "VBD"),  # busqué: the preterite's spelling before e
    ("gué", ("gar",), "VBD"),  # llegué
    ("cé", ("zar",), "VBD"),  # empecé
    ("ando", ("ar",), "VBG"),
    ("iendo", ("er", "ir"), "VBG"),
    ("yendo", ("er", "ir"), "VBG"),  # leyendo, huyendo
    ("ados", ("ar",), "VBN"),
    ("adas", ("ar",), "VBN"),
    ("ado", ("ar",), "VBN"),
    ("ada", ("ar",), "VBN"),
    ("idos", ("er", "ir"), "VBN"),
    ("idas", ("er", "ir"), "VBN"),
    ("ido", ("er", "ir"), "VBN"),
    ("ida", ("er", "ir"), "VBN"),
    ("ábamos", ("ar",), "VBD"),
    ("abais", ("ar",), "VBD"),
    ("abas", ("ar",), "VBD"),
    ("aban", ("ar",), "VBD"),
    ("aba", ("ar",), "VBD"),
    ("íamos", ("er", "ir"), "VBD"),
    ("íais", ("er", "ir"), "VBD"),
    ("ías", ("er", "ir"), "VBD"),
    ("ían", ("er", "ir"), "VBD"),
    ("ía", ("er", "ir"), "VBD"),
    ("ió", ("er", "ir"), "VBD"),
    ("ó", ("ar",), "VBD"),
    ("é", ("ar",), "VBD"),
    ("í", ("er", "ir"), "VBD"),
)
# The future and the conditional: the infinitive with an ending ("cantaré", "cantaría"). English writes
# them with "will" or "would", which the model writes apart ("I'll convince him"): the entry as it is.
_FUTURE_ENDINGS = ("é", "ás", "á", "emos", "éis", "án", "ía", "ías", "íamos", "íais", "ían")
# Irregular forms of common verbs that the endings above miss (participles in any gender and number).
_IRREGULAR = {
    "siendo": ("ser", "VBG"),
    "yendo": ("ir", "VBG"),
    "diciendo": ("decir", "VBG"),
    "viniendo": ("venir", "VBG"),
    "pudiendo": ("poder", "VBG"),
    "hecho": ("hacer", "VBN"),
    "dicho": ("decir", "VBN"),
    "visto": ("ver", "VBN"),
    "puesto": ("poner", "VBN"),
    "escrito": ("escribir", "VBN"),
    "vuelto": ("volver", "VBN"),
    "devuelto": ("devolver", "VBN"),
    "resuelto": ("resolver", "VBN"),
    "roto": ("romper", "VBN"),
    "abierto": ("abrir", "VBN"),
    "cubierto": ("cubrir", "VBN"),
    "descubierto": ("descubrir", "VBN"),
    "dijo": ("decir", "VBD"),
    "hizo": ("hacer", "VBD"),
    "puso": ("poner", "VBD"),
    "quiso": ("querer", "VBD"),
    "tuvo": ("tener", "VBD"),
    "trajo": ("traer", "VBD"),
    "supo": ("saber", "VBD"),
}
_NOMINAL_ENDINGS: tuple[tuple[str, tuple[str, ...], bool], ...] = (  # ending, the lemma's, plural
    ("es", ("",), True),  # papeles -> papel
    ("os", ("o",), True),
    ("as", ("a", "o"), True),  # chicas -> chica ("girls"), else chico
    ("s", ("",), True),
    ("a", ("o",), False),
)


class _FromLemmas:
    """A lower-case source word not in `entries` (lemma -> translation) -> its translation made from its
    lemma's entry, or None (`_translate`); the last CACHED answers are kept, as words repeat."""

    CACHED = 1 << 16
    WORD: re.Pattern[str]  # the words it reads; others are None at once

    def __init__(self, entries: Mapping[str, str]) -> None:
        self.entries = entries
        self._lookup = lru_cache(maxsize=self.CACHED)(self._translate)
        # lemminflect reads its tables on first use: now, not on a request
        getInflection("be", tag="VBD")
        getAllLemmas("be")

    def __call__(self, word: str) -> str | None:
        return self._lookup(word) if self.WORD.fullmatch(word) else None

    def _translate(self, word: str) -> str | None:
        raise NotImplementedError


class SpanishToEnglish(_FromLemmas):
    """A Spanish word -> its English translation in the word's form."""

    WORD = re.compile(r"[a-záéíóúüñ]+")

    def _translate(self, word: str) -> str | None:
        for lemma, form in self.readings(word):
            entry = self.entries.get(lemma)
            if entry is not None:
                return inflect_english(entry, form)
        return None

    def readings(self, word: str) -> list[tuple[str, str]]:
        """(lemma, English form) for each way of reading `word` by its ending, most specific first; the
        form is a Penn tag (VBG, VBN, VBD), NNS for a plural noun or adjective, or "" for the lemma's
        entry as it is."""
        found: list[tuple[str, str]] = []
        participle = re.sub("(os|as|a)$", "o", word)  # hechas -> hecho
        for form in (word, participle):
            if form in _IRREGULAR:
                found.append(_IRREGULAR[form])
        for ending in _FUTURE_ENDINGS:
            stem = word[: -len(ending)]
            if word.endswith(ending) and stem.endswith(("ar", "er", "ir")) and len(stem) > 3:
                found.append((stem, ""))
        # pronouns attached to an infinitive or gerund: "lastimarte", "diciéndolo" (its accent dropped)
        for first in _CLITICS:
            if word.endswith(first) and len(word) > len(first) + 3:
                stems = [word[: -len(first)]]
                for second in _CLITICS:  # "dárselo": two of them
                    if stems[0].endswith(second) and len(stems[0]) > len(second) + 3:
                        stems.append(stems[0][: -len(second)])
                for stem in stems:
                    plain = stem.translate(UNACCENTED)
                    if plain.endswith(("ar", "er", "ir")):
                        found.append((plain, ""))
                    elif plain.endswith(("ando", "iendo", "yendo")):
                        found += [r for r in self._verb(plain) if r[1] == "VBG"]
        found += self._verb(word)
        for ending, lemma_endings, plural in _NOMINAL_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 2:
                found += [(word[: -len(ending)] + e, "NNS" if plural else "") for e in lemma_endings]
        return found

    @staticmethod
    def _verb(word: str) -> list[tuple[str, str]]:
        for ending, lemma_endings, form in _VERB_ENDINGS:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                stem = word[: -len(ending)]
                found = [(stem + e, form) for e in lemma_endings]
                # an -ir verb whose stem has i or u for its last e or o: pidiendo (pedir), durmió (dormir)
                changed = re.sub("i(?=[^aeiou]*$)", "e", stem), re.sub("u(?=[^aeiou]*$)", "o", stem)
                if "ir" in lemma_endings:
                    found += [(c + "ir", form) for c in changed if c != stem]
                return found
        return []


def inflect_english(entry: str, form: str) -> str:
    """`entry` (an English lemma, maybe of several words) in `form`: a verb form on its first word, a
    plural on its last where that word is a noun and not an adjective; as it is otherwise."""
    words = entry.split(" ")
    if form in ("VBG", "VBN", "VBD"):
        # "to hurt" is written as the verb
        if len(words) > 1 and words[0].lower() == "to":
            words = words[1:]
        words[0] = _inflected(words[0], form)
    elif form == "NNS":
        lemmas = getAllLemmas(words[-1].lower())
        if "NOUN" in lemmas and "ADJ" not in lemmas:
            words[-1] = _inflected(words[-1], "NNS")
    return " ".join(words)


def _inflected(word: str, tag: str) -> str:
    forms = getInflection(word.lower(), tag=tag)
    if not forms:
        return word
    out = forms[0]
    return out[0].upper() + out[1:] if word[:1].isupper() else out


class EnglishToSpanish(_FromLemmas):
    """An English plural noun -> the plural of its lemma's entry ("mammoths": "mamut" -> "mamuts"). Only
    nouns: an English verb form does not say the Spanish one's person."""

    WORD = re.compile("[a-z]+")

    def _translate(self, word: str) -> str | None:
        verb = "VERB" in getAllLemmas(word)
        for lemma in self.singulars(word):
            entry = self.entries.get(lemma)
            if entry is None:
                continue
            # "carries" is a verb too, and its entry "llevar" one: a verb's Spanish form depends on its
            # subject, so it is left alone
            if verb and re.fullmatch(r"\w+(ar|er|ir)(se)?", entry):
                return None
            return spanish_plural(entry)
        return None

    @staticmethod
    def singulars(word: str) -> list[str]:
        """The singulars `word` may be the plural of: lemminflect's where it knows the word as a noun
        (irregular ones too: "children"), else, for a word it does not know, by the spelling rules
        ("berries" -> "berry", "boxes" -> "box", "walruses" -> "walrus")."""
        lemmas = getAllLemmas(word)
        if lemmas:
            return [lemma for lemma in lemmas.get("NOUN", ()) if lemma != word]
        found = []
        if word.endswith("ies") and len(word) > 4:
            found.append(word[:-3] + "y")
        if re.search("(s|x|z|ch|sh)es$", word):
            found.append(word[:-2])
        if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
            found.append(word[:-1])
        return found


def spanish_plural(entry: str) -> str | None:
    """The plural of a Spanish noun entry: of its one word, or of the first of "X de Y" ("tarjetas de
    crédito"); None where the spelling rules leave it in doubt (an unaccented word ending in -n, whose
    plural takes an accent: "joven" -> "jóvenes") or the entry is another phrase."""
    words = entry.split(" ")
    if len(words) > 1 and not (len(words) >= 3 and words[1] == "de"):
        return None
    noun = words[0]
    last = noun[-1:]
    if not noun.isalpha():
        return None
    if last in "aeiouáéó":
        plural = noun + "s"
    elif last == "z":
        plural = noun[:-1] + "ces"
    elif last == "y":
        plural = noun + "es"
    elif last in "sx" or last == "n":
        stressed = re.search("[áéíóú][^aeiouáéíóú]*$", noun)  # the accent on the last syllable: inglés
        if stressed is None:
            return noun if last in "sx" else None  # "paraguas", "crisis"; "joven" left in doubt
        plural = noun[: stressed.start()] + noun[stressed.start() :].translate(UNACCENTED) + "es"
    elif last in "lrdj":
        plural = noun + "es"
    elif last in "bcfgkmpt":  # words from other languages: "mamuts", "robots", "clubs"
        plural = noun + "s"
    else:
        return None
    return " ".join([plural, *words[1:]])


def deriver(src_lang: str, tgt_lang: str, entries: Mapping[str, str]) -> Callable[[str], str | None] | None:
    """The function that translates inflected words from lemmas for this pair; None where there is none."""
    if (src_lang, tgt_lang) == ("es", "en"):
        return SpanishToEnglish(entries)
    if (src_lang, tgt_lang) == ("en", "es"):
        return EnglishToSpanish(entries)
    return None
