"""Spanish determiners and adjectives made to agree with their noun: "un taza" → "una taza", "esos
nubes" → "esas nubes", "de la accidente" → "del accidente", "una nueva par" → "un nuevo par", "la
región italiano" → "la región italiana".

A decoder writes the determiner before the noun, and picks its gender from what it has written so far; a
small model often picks the wrong one. Which gender a Spanish noun has is a fact about the word, and the
training corpus states it many times over: the articles written before "taza" are "la" and "una". The
gender table (`GENDERS_FILE` beside the model's lexicon, built from the train split's target side by
`python -m training.genders`) lists the words whose article the corpus settles, one `word<TAB>article`
line each (`el`, `la`, `los` or `las`, as the lexicon's article column; "agua" takes `el`, as the corpus
writes "el agua"). `agree` then changes, in a translation:

- a determiner right before such a word (`DETERMINER_FORMS`: el, un, este, ese, aquel, nuestro,
  vuestro, del, al and their forms) to the word's gender, where its number already agrees: "el
  economía" → "la economía". Where the number disagrees ("los casa"), nothing changes: the noun may be
  the wrong word as well as the determiner;
- the same with one adjective between them that goes before nouns (`PRENOMINAL`, which changes with
  it: "una buena autocar" → "un buen autocar"; `INVARIANT`, which does not: "una gran perro" → "un gran
  perro"); any other word between leaves the determiner alone;
- "de"/"a" with a determiner made "el" into "del"/"al", and "del"/"al" before a feminine or plural
  noun into "de la", "a los", ...;
- the adjective right after such a noun, where the adjective table (`ADJECTIVES_FILE`, one
  `masculine<TAB>feminine<TAB>masculine plural<TAB>feminine plural` line per adjective, built with
  Apertium's Spanish analyser by `python -m training.genders`) has it, to the noun's gender and number,
  once the determiner agrees with the noun in number: "la región italiano" → "la región italiana", "los
  tiempos prehistórico" → "los tiempos prehistóricos". An adjective followed by a comma, a slash or
  y/e/o/u is one of a list ("los canales rojo, verde y azul") and is left alone.

- the adjective or participle after "ser", "estar" or "parecer" whose subject is such a noun with its
  determiner (or a lower-case word the table lacks after a determiner with a gender, which then tells it:
  "Esa bicicleta"), or a pronoun (él, ella, nosotros, ...; yo, tú, usted, ustedes tell the number only),
  to the subject's gender and number (`predicate`): "Mi batería de teléfono está casi muerto" → "casi
  muerta", "Las tiendas están cerrado" → "cerradas", "Ella está cansado" → "cansada", "Ustedes son
  desesperado" → "desesperados". The subject starts the text or follows a punctuation mark or a
  conjunction ("que", "y", "pero", ...), the verb has its number, and at most a complement ("de teléfono",
  "del coche") and an adverb or two ("muy", "casi", "no") stand between. The word's forms come from the
  predicate table (`PREDICATES_FILE`, as the adjective table; built by `python -m training.genders` from
  the words Apertium's analyser reads as an adjective, or as a participle and no noun: "frío", "lleno",
  "cerrado", "muerto", not "sueño" or "soldado") or else the adjective table. A noun whose article is "el"
  and which starts with "a" or "ha" ("el agua", "el hambre") may be feminine: nothing agrees with it
  there.

The determiner keeps its case ("El economía" → "La economía"); nothing inside a protected span
(`translator.protect`) changes. English has no gendered determiners: a model translating into English
has no gender table.
"""

from __future__ import annotations

import re
from pathlib import Path

from translator.errors import TranslatorError
from translator.protect import find_spans, overlaps

GENDERS_FILE = "target_genders.tsv"  # beside the lexicon: the target language's nouns and their articles
ADJECTIVES_FILE = "target_adjectives.tsv"  # beside it: adjectives by their four forms
PREDICATES_FILE = "target_predicates.tsv"  # beside it: adjectives and participles after ser / estar

# The article a noun takes -> (gender, number).
ARTICLE_CLASS = {"el": ("m", "s"), "la": ("f", "s"), "los": ("m", "p"), "las": ("f", "p")}
FORM_INDEX = {("m", "s"): 0, ("f", "s"): 1, ("m", "p"): 2, ("f", "p"): 3}
FORM_INDEX_OF = {index: agreement for agreement, index in FORM_INDEX.items()}  # -> (gender, number)
# Spanish determiners that agree with the noun after them, by kind: (m s, f s, m p, f p).
DETERMINER_FORMS = [
    ("el", "la", "los", "las"),
    ("un", "una", "unos", "unas"),
    ("este", "esta", "estos", "estas"),
    ("ese", "esa", "esos", "esas"),
    ("aquel", "aquella", "aquellos", "aquellas"),
    ("nuestro", "nuestra", "nuestros", "nuestras"),
    ("vuestro", "vuestra", "vuestros", "vuestras"),
    ("mi", "mi", "mis", "mis"),
    ("tu", "tu", "tus", "tus"),
    ("su", "su", "sus", "sus"),
    ("del", "de la", "de los", "de las"),
    ("al", "a la", "a los", "a las"),
]
# A one-word determiner -> its kind's forms.
DETERMINERS = {form: forms for forms in DETERMINER_FORMS for form in forms if " " not in form}
# Adjectives that commonly go before the noun, by (m s, f s, m p, f p); the masculine singular as it is
# written before a noun ("buen", "primer").
PRENOMINAL_FORMS = [
    ("nuevo", "nueva", "nuevos", "nuevas"),
    ("viejo", "vieja", "viejos", "viejas"),
    ("buen", "buena", "buenos", "buenas"),
    ("mal", "mala", "malos", "malas"),
    ("primer", "primera", "primeros", "primeras"),
    ("segundo", "segunda", "segundos", "segundas"),
    ("tercer", "tercera", "terceros", "terceras"),
    ("último", "última", "últimos", "últimas"),
    ("próximo", "próxima", "próximos", "próximas"),
    ("pequeño", "pequeña", "pequeños", "pequeñas"),
    ("otro", "otra", "otros", "otras"),
    ("mismo", "misma", "mismos", "mismas"),
    ("propio", "propia", "propios", "propias"),
    ("cierto", "cierta", "ciertos", "ciertas"),
    ("único", "única", "únicos", "únicas"),
    ("antiguo", "antigua", "antiguos", "antiguas"),
    ("verdadero", "verdadera", "verdaderos", "verdaderas"),
    ("largo", "larga", "largos", "largas"),
    ("bonito", "bonita", "bonitos", "bonitas"),
    ("hermoso", "hermosa", "hermosos", "hermosas"),
    ("precioso", "preciosa", "preciosos", "preciosas"),
    ("extraño", "extraña", "extraños", "extrañas"),
    ("auténtico", "auténtica", "auténticos", "auténticas"),
]
# An adjective above (with the full forms "bueno", "malo", "primero", "tercero") -> (its forms, index).
PRENOMINAL = {form: (forms, i) for forms in PRENOMINAL_FORMS for i, form in enumerate(forms)} | {
    full: (forms, 0)
    for forms in PRENOMINAL_FORMS
    for full in (forms[0] + "o",)
    if forms[0] in ("buen", "mal", "primer", "tercer")
}
# Adjectives that go before the noun with one form for both genders.
INVARIANT = frozenset(
    "gran grandes mejor mejores peor peores mayor mayores menor menores breve breves joven jóvenes enorme "
    "enormes simple simples doble dobles principal principales siguiente siguientes anterior anteriores "
    "posible posibles importante importantes increíble increíbles terrible terribles pobre pobres alegre "
    "alegres triste tristes dulce dulces fuerte fuertes excelente excelentes interesante interesantes".split()
)
_WORD = re.compile(r"\w+")
# The forms of ser, estar and parecer (and of haber before "sido", "estado", "parecido"), in every person
# -> the number of their subject.
_SINGULAR_VERBS = (
    "es está era estaba fue estuvo será estará sería estaría sea esté fuera estuviera parece parecía "
    "pareció parecerá queda quedó quedaba sigue seguía resulta resultó soy estoy fui estuve seré estaré "
    "parezco eres estás eras estabas fuiste estuviste serás estarás pareces"
)
_PLURAL_VERBS = (
    "son están eran estaban fueron estuvieron serán estarán serían estarían sean estén fueran estuvieran "
    "parecen parecían parecieron parecerán quedan quedaron quedaban siguen seguían resultan resultaron "
    "somos estamos éramos estábamos fuimos estuvimos seremos estaremos parecemos sois estáis erais "
    "estabais fuisteis estuvisteis seréis estaréis parecéis"
)
PREDICATE_VERBS = {w: "s" for w in _SINGULAR_VERBS.split()} | {w: "p" for w in _PLURAL_VERBS.split()}
_PERFECT_AUXILIARIES = {
    **{w: "s" for w in "ha había habrá habría haya hubiera".split()},
    **{w: "p" for w in "han habían habrán habrían hayan hubieran".split()},
}
_PERFECT_PARTICIPLES = frozenset({"sido", "estado", "parecido", "quedado", "resultado"})
# Words that may stand between the subject and the verb, or the verb and its adjective.
_PREDICATE_ADVERBS = frozenset(
    "no ya también tampoco nunca siempre todavía aún muy casi tan bastante demasiado algo realmente "
    "totalmente completamente bien más menos sumamente extremadamente absolutamente perfectamente "
    "ligeramente super súper".split()
)
# Pronoun subjects -> (gender, number).
_PRONOUNS = {
    "él": ("m", "s"),
    "ella": ("f", "s"),
    "ellos": ("m", "p"),
    "ellas": ("f", "p"),
    "nosotros": ("m", "p"),
    "nosotras": ("f", "p"),
    "vosotros": ("m", "p"),
    "vosotras": ("f", "p"),
    # Of either gender: the number only ("" keeps the word's gender).
    "yo": ("", "s"),
    "tú": ("", "s"),
    "usted": ("", "s"),
    "ustedes": ("", "p"),
}
# Words before a subject that start its clause; a subject after another word may be an object.
_CLAUSE_WORDS = frozenset("que y e pero porque si cuando aunque pues donde mientras como o u ni".split())
_CLAUSE_MARKS = frozenset('.!?…,;:¿¡("«“')
# The word a text ends with, then spaces only: the determiner before what follows; with the preposition
# before it, if any, which contracts with "el" ("de la" -> "del", "a la" -> "al").
DETERMINER_BEFORE = re.compile(r"(?:(?<!\w)([Aa]|[Dd]e)\s+)?(\w+)\s+$")
# After an adjective: it is one of a list ("los canales rojo, verde y azul"), each of which may stand for
# its own thing; it is left as it is.
_LISTED = re.compile(r"\s*[,/]|\s+[yeou]\b", re.IGNORECASE)
# An adjective table: a word -> (the adjective's four forms, the word's index among them).
Adjectives = dict[str, tuple[tuple[str, ...], int]]


class GendersError(TranslatorError):
    """A gender table that cannot be read."""


def read_genders(path: str | Path) -> dict[str, tuple[str, str]]:
    """The words of a GENDERS_FILE, lower-cased, -> (gender, number); GendersError naming the file and
    line when it is not one. `#` lines and blank lines are skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GendersError(f"gender table {path}: cannot read it: {exc}") from None
    genders = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or fields[1] not in ARTICLE_CLASS or _WORD.fullmatch(fields[0]) is None:
            raise GendersError(
                f"gender table {path}, line {number}: expected `word<TAB>article` with an article of "
                f"{', '.join(ARTICLE_CLASS)}, got {line[:80]!r}"
            )
        genders[fields[0].lower()] = ARTICLE_CLASS[fields[1]]
    return genders


def write_genders(path: str | Path, genders: dict[str, str], header: list[str]) -> None:
    """`genders` (word -> article) as the file `read_genders` reads, sorted, after `header` as `#` lines."""
    lines = [f"# {h}" for h in header] + [f"{w}\t{a}" for w, a in sorted(genders.items())]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_adjectives(path: str | Path) -> Adjectives:
    """The forms of an ADJECTIVES_FILE, lower-cased, -> (the four forms, index); GendersError naming the
    file and line when it is not one. `#` lines and blank lines are skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise GendersError(f"adjective table {path}: cannot read it: {exc}") from None
    adjectives: Adjectives = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        forms = tuple(f.lower() for f in line.split("\t"))
        if len(forms) != 4 or len(set(forms)) != 4 or not all(_WORD.fullmatch(f) for f in forms):
            raise GendersError(
                f"adjective table {path}, line {number}: expected four different forms, "
                f"`masculine<TAB>feminine<TAB>masculine plural<TAB>feminine plural`, got {line[:80]!r}"
            )
        adjectives.update((form, (forms, index)) for index, form in enumerate(forms))
    return adjectives


def write_adjectives(path: str | Path, rows: list[tuple[str, str, str, str]], header: list[str]) -> None:
    """`rows` (an adjective's four forms each) as the file `read_adjectives` reads, after `header` as `#`
    lines."""
    lines = [f"# {h}" for h in header] + ["\t".join(row) for row in sorted(rows)]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def fit_determiner(before: str, wanted: tuple[str, str]) -> tuple[int, int, str] | None:
    """The edit (start, end, text) of `before` that gives the Spanish determiner it ends with the gender
    and number `wanted`, in its own case, "de"/"a" and "el" contracted; None where it has them (mi, tu,
    su have one form for both genders) or is no determiner. The lexicon makes the determiner before a
    word it replaced agree with it by this too."""
    found = DETERMINER_BEFORE.search(before)
    if found is None:
        return None
    preposition, determiner = found.group(1), found.group(2)
    forms = DETERMINERS.get(determiner.lower())
    if forms is None:
        return None
    replacement = forms[FORM_INDEX[wanted]]
    if replacement == determiner.lower():
        return None
    start = found.start(2)
    if replacement == "el" and preposition:  # "de la accidente" -> "del accidente"
        replacement = {"a": "al", "de": "del"}[preposition.lower()]
        start, determiner = found.start(1), preposition
    return start, found.end(2), cased(replacement, determiner)


def cased(word: str, like: str) -> str:
    """`word` in the case of `like`: all capitals (of two letters or more), a capital first, or lower case."""
    if like.isupper() and len(like) > 1:
        return word.upper()
    return word[0].upper() + word[1:] if like[0].isupper() else word


def agree(
    text: str,
    genders: dict[str, tuple[str, str]],
    adjectives: Adjectives | None = None,
    predicates: Adjectives | None = None,
) -> str:
    """`text` with each determiner before a word of `genders`, the adjective before that word if it is
    one that goes there, the adjective of `adjectives` after it and the word of `predicates` (or
    `adjectives`) that "ser", "estar" or "parecer" says of it, made to agree with that word's gender,
    by the rules of the module's docstring."""
    if not genders:
        return text
    text = _apply(text, _noun_phrase_edits(text, genders, adjectives or {}))
    return _apply(text, predicate(text, genders, predicates or adjectives or {}))


def _apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """`text` with `edits` (start, end, text; in order, not overlapping) made."""
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


def _noun_phrase_edits(
    text: str, genders: dict[str, tuple[str, str]], adjectives: Adjectives
) -> list[tuple[int, int, str]]:
    """The edits of `agree` inside noun phrases: determiners, the adjectives before and after the noun.
    A phrase one of whose edits touches a protected span is left whole."""
    words = list(_WORD.finditer(text))
    protected: list[tuple[int, int]] | None = None
    edits: list[tuple[int, int, str]] = []
    for j, found in enumerate(words[:-1]):
        forms = DETERMINERS.get(found.group().lower())
        if forms is None:
            continue
        edit = _agreeing(text, words, j, forms, genders, adjectives)
        if not edit:
            continue
        if protected is None:
            protected = [(s.start, s.end) for s in find_spans(text)]
        if any(overlaps(start, end, protected) for start, end, _ in edit):
            continue
        if edits and edit[0][0] < edits[-1][1]:
            continue
        edits.extend(edit)
    return edits


def predicate(
    text: str, genders: dict[str, tuple[str, str]], predicates: Adjectives
) -> list[tuple[int, int, str]]:
    """The edits (start, end, text) that make each word of `predicates` after "ser", "estar" or
    "parecer" agree with the verb's subject, by the module docstring's rules; none inside a protected
    span (`translator.protect`)."""
    words = list(_WORD.finditer(text))
    lower = [w.group().lower() for w in words]
    edits: list[tuple[int, int, str]] = []
    j = 0
    while j < len(words):
        subject = _subject(text, words, lower, j, genders)
        if subject is None:
            j += 1
            continue
        agreement, k = subject  # k: the first word after the subject
        k = _past_adverbs(text, words, lower, k)
        if k < len(words) and lower[k] in _PERFECT_AUXILIARIES and _spaced(text, words, k):
            number = _PERFECT_AUXILIARIES[lower[k]]
            k += 1
            if k >= len(words) or lower[k] not in _PERFECT_PARTICIPLES or not _spaced(text, words, k):
                j = k
                continue
        elif k < len(words) and lower[k] in PREDICATE_VERBS and _spaced(text, words, k):
            number = PREDICATE_VERBS[lower[k]]
        else:
            j += 1
            continue
        k = _past_adverbs(text, words, lower, k + 1)
        if number == agreement[1] and k < len(words) and _spaced(text, words, k):
            found = predicates.get(lower[k])
            if found is None:
                j = k
                continue
            gender = agreement[0] or FORM_INDEX_OF[found[1]][0]
            want = FORM_INDEX[gender, number]
            if found[1] != want:
                edits.append((words[k].start(), words[k].end(), cased(found[0][want], words[k].group())))
        j = k
    if edits:
        protected = [(s.start, s.end) for s in find_spans(text)]
        edits = [edit for edit in edits if not overlaps(edit[0], edit[1], protected)]
    return edits


def _past_adverbs(text: str, words: list[re.Match[str]], lower: list[str], k: int) -> int:
    """The index of the first word from `words[k]` on that is no adverb of `_PREDICATE_ADVERBS` (each
    one space after the word before)."""
    while k < len(words) and lower[k] in _PREDICATE_ADVERBS and _spaced(text, words, k):
        k += 1
    return k


def _unknown_noun(word: str) -> bool:
    """Whether `word`, after a determiner and not in the gender table, may be its noun: a word in lower
    case that is none of the words `predicate` looks for."""
    return (
        word.isalpha()
        and word.islower()
        and word not in PREDICATE_VERBS
        and word not in _PREDICATE_ADVERBS
        and word not in _PERFECT_AUXILIARIES
        and word not in DETERMINERS
        and word not in ("que", "de", "del")
    )


def _spaced(text: str, words: list[re.Match[str]], k: int) -> bool:
    """Whether `words[k]` follows the word before it after one space."""
    return k > 0 and text[words[k - 1].end() : words[k].start()] == " "


def _subject(
    text: str, words: list[re.Match[str]], lower: list[str], j: int, genders: dict[str, tuple[str, str]]
) -> tuple[tuple[str, str], int] | None:
    """(gender and number, the index of the word after it) of the subject that starts at `words[j]`: a
    pronoun, or a determiner with a noun of `genders` of its number, then perhaps "de" or "del" and a word
    (with a determiner); None where none starts there or it does not start a clause."""
    before = text[: words[j].start()].rstrip()
    if before and before[-1] not in _CLAUSE_MARKS and (j == 0 or lower[j - 1] not in _CLAUSE_WORDS):
        return None
    if lower[j] in _PRONOUNS and words[j].group() not in ("El", "EL"):
        return _PRONOUNS[lower[j]], j + 1
    forms = DETERMINERS.get(lower[j])
    if forms is None or j + 1 >= len(words) or not _spaced(text, words, j + 1):
        return None
    agreement = genders.get(lower[j + 1])
    if agreement is None and _unknown_noun(words[j + 1].group()) and forms[0] != forms[1]:
        agreement = FORM_INDEX_OF[forms.index(lower[j])]  # the determiner's: "Esa bicicleta"
    if agreement is None or FORM_INDEX_OF[forms.index(lower[j])][1] != agreement[1]:
        return None
    if agreement == ("m", "s") and lower[j + 1].startswith(("a", "á", "ha", "há")):
        return None  # "el agua", "el hambre": feminine nouns that take "el"
    k = j + 2
    if k + 1 < len(words) and lower[k] in ("de", "del") and _spaced(text, words, k):
        k += 1
        if lower[k] in DETERMINERS and k + 1 < len(words) and _spaced(text, words, k + 1):
            k += 1
        k += 1
    return agreement, k


def _agreeing(
    text: str,
    words: list[re.Match[str]],
    j: int,
    forms: tuple[str, ...],
    genders: dict[str, tuple[str, str]],
    adjectives: Adjectives,
) -> list[tuple[int, int, str]]:
    """The edits (start, end, text) that make the determiner `words[j]` (one of `forms`), a prenominal
    adjective after it and an adjective after its noun agree with the noun; none where they agree, or
    nothing settles it."""
    determiner, after = words[j], words[j + 1]
    if text[determiner.end() : after.start()] != " ":
        return []
    have = forms.index(determiner.group().lower())
    noun_at, before_noun = j + 1, None
    lower = after.group().lower()
    if (lower in PRENOMINAL or lower in INVARIANT) and j + 2 < len(words):
        beyond = words[j + 2]
        if text[after.end() : beyond.start()] == " " and beyond.group().lower() in genders:
            noun_at = j + 2
            if lower in PRENOMINAL:
                adjective_forms, adjective_index = PRENOMINAL[lower]
                if adjective_index != have:
                    return []  # the adjective disagrees with the determiner: no telling which is meant
                before_noun = (after, adjective_forms)
    wanted = genders.get(words[noun_at].group().lower())
    if wanted is None:
        return []
    want = FORM_INDEX[wanted]
    if FORM_INDEX_OF[want][1] != FORM_INDEX_OF[have][1]:
        return []  # the number differs: the noun may be the wrong word as well as the determiner
    edits = []
    fitted = fit_determiner(text[: after.start()], FORM_INDEX_OF[want])
    if fitted is not None:
        edits.append(fitted)
        if before_noun is not None:
            word, adjective_forms = before_noun
            edits.append((word.start(), word.end(), cased(adjective_forms[want], word.group())))
    following = _following(text, words, noun_at, want, adjectives)
    return edits + ([following] if following else [])


def _following(
    text: str, words: list[re.Match[str]], noun_at: int, want: int, adjectives: Adjectives
) -> tuple[int, int, str] | None:
    """The edit that makes the adjective right after `words[noun_at]` take form `want`; None where the
    next word is no adjective of `adjectives`, has that form, or is one of a list."""
    if noun_at + 1 >= len(words):
        return None
    noun, word = words[noun_at], words[noun_at + 1]
    found = adjectives.get(word.group().lower())
    if found is None or text[noun.end() : word.start()] != " " or found[1] == want:
        return None
    if _LISTED.match(text, word.end()):
        return None
    return word.start(), word.end(), cased(found[0][want], word.group())
