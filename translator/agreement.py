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


def agree(text: str, genders: dict[str, tuple[str, str]], adjectives: Adjectives | None = None) -> str:
    """`text` with each determiner before a word of `genders`, the adjective before that word if it is
    one that goes there, and the adjective of `adjectives` after it, made to agree with that word's
    gender, by the rules of the module's docstring."""
    if not genders:
        return text
    words = list(_WORD.finditer(text))
    protected: list[tuple[int, int]] | None = None
    edits: list[tuple[int, int, str]] = []
    for j, found in enumerate(words[:-1]):
        forms = DETERMINERS.get(found.group().lower())
        if forms is None:
            continue
        edit = _agreeing(text, words, j, forms, genders, adjectives or {})
        if not edit:
            continue
        if protected is None:
            protected = [(s.start, s.end) for s in find_spans(text)]
        if any(overlaps(start, end, protected) for start, end, _ in edit):
            continue
        if edits and edit[0][0] < edits[-1][1]:
            continue
        edits.extend(edit)
    for start, end, replacement in reversed(edits):
        text = text[:start] + replacement + text[end:]
    return text


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
