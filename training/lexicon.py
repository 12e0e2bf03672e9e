"""Build a model's lexicon (`translator.lexicon`) from the dictionaries in its training corpus.

    python -m training.lexicon --data-dir data/prepared/general-names --src en --tgt es \\
        --out models/en-es/lexicon.tsv

Reads the train split only (`train.{src,tgt,origin}`), never a dev or test set. The entries come from
the pairs whose origin kind is a dictionary (`--kinds`, default apertium-dict and freedict) and whose
source side is one lower-case word. The rest of the train split decides:

- which words to leave out: a word that occurs `--min-target-count` times or more in the target side
  (English "no", "local", "error" are Spanish words too; a copy of them may be right), and a word the
  source side writes capitalised inside a sentence more often than not (a name: "Tom", "Mark");
- which translation to keep when the dictionaries give several: the one found most often in the
  target side of the pairs whose source has the word ("police": "policía" over "policial"), the
  dictionaries' first on a tie;
- which plurals to add: the dictionaries hold lemmas, so for an entry whose translation is one word,
  the plural forms English and Spanish spelling rules allow (`plural_forms`) are looked up in the corpus.
  A plural of the source word found in the source side gets the plural of the translation found most
  often in the target side ("umbrellas": "paraguas", "bicicletas": "bicycles"); nothing is added
  where either side has none.

Names come from the same dictionary pairs: a one-word source written with a capital ("Greece", "Danish")
whose translation differs from it other than in case ("Grecia", "danés"). They are left out where the
target side writes the source word as it is `--min-target-count` times or more: a name that stays a
name in the other language ("Boston", "Firefox") is right when copied.

Each entry gets the article its translation takes where the target side of the corpus says so
(`translator.lexicon`: the determiner before a replaced word is made to agree). For Spanish, the
articles before the translation's first word are counted (el or un, la or una, los or unos, las or
unas); for English, a against an. An article is kept when it is found twice or more and at least
`ARTICLE_SHARE` of the time; a Spanish plural the corpus does not settle takes its singular's
article in the plural (la → las). Otherwise an English word takes an before a, e, i or o, and a before a
consonant other than h (u and h go either way: "a user", "an hour"); names get none.

A kind may name an origin's prefix, not only its first field (`gettext:iso-codes` for the country names
of the iso-codes package).

Beside the lexicon it writes `target_words.txt` (`translator.lexicon.KNOWN_WORDS_FILE`): the words the
target side of the train split has twice or more, and those of the lexicon's translations. A word of a
translation in neither that list nor the source is one the model invented, and the fallback replaces
it where it can ("bicicleo" for "bicycle" → "bicicleta").

Dictionary pairs the train split lacks (`--extra-dictionary FILE ...`): data.prepare leaves out of
train every pair whose English or Spanish side repeats a held-out line, and a catalog of region names in
a dev set takes "France" -> "Francia" out of the training dictionaries with it. A word list is not
the held-out text, so the lexicon may take such pairs back from the dictionary files themselves: the
cache files data.prepare wrote (`data/cache/pairs/apertium-dict-*.jsonl`, one JSON array `[English,
Spanish, origin]` a line) or a TSV of `English<TAB>Spanish[<TAB>origin]` (a user's glossary, or the
CLDR's names of languages and territories that `python -m data.cldr` writes; a TSV's `#` lines that name
a licence go into the lexicon's header, and so into the model card). They join the train split's
dictionary pairs, and are read the same way. One whose source or target side is, by
its words and whatever its case, a whole line of a test split (`test*.SRC`, `test*.TGT` in the data
folder) is left out, so that no test line is translated by looking it up; the dev sets are not
excluded, so the lexicon's figures on them may include such lookups.

Source words no dictionary has get the translation the train split's own line pairs give, where there
is one (`training.associations.corpus_translations`; `--no-corpus-translations` leaves them out): a
source word and a target word that are each other's best match by the Dice coefficient, found together
in 3 lines or more with a coefficient of 0.3 or more ("estadistas": "statesmen", "Prague": "Praga"),
except a pair whose source or target side is a whole line of a test split, as for the extra pairs below.
They join the dictionary pairs as pairs of the kind `corpus`, so the rules above decide about them as
about any other (a target-language word, a name, an article).

Beside it, `associations.bloom` (`python -m training.associations`, `translator.associations`): the
pairs of a source and a target word the train split's sentence pairs put together more often than
chance, with which the fallback finds the known words no source word accounts for ("taza" → "baby").

For a Spanish target it writes `target_genders.tsv` (`python -m training.genders`, `translator.agreement`):
the words whose article the determiners before them settle, to which the service makes a determiner
agree ("un taza" → "una taza").

It also writes `spellings.tsv` (`translator.typed`): the words of the source side written with an
accent, ñ or an apostrophe, by the spelling a plain keyboard gives ("estacion": "estación",
"contrasena": "contraseña", "dont": "don't"), where the written form is found `SPELLING_MIN_COUNT`
times or more and makes up `SPELLING_SHARE` of the words so spelled. "esta" and "está" are both common,
so "esta" is not in it as a word; as a pair with the word before, it is where that settles it
("dónde esta": "dónde está"), by the same counts over word pairs (`SPELLING_PAIR_MIN_COUNT`).
Dictionary pairs, the Bible (the 1909 spelling "fué", the King James "o'er") and synthetic source text
(back- or forward-translated) are not counted. With `--spelling-words FILE` (one word a line: every
form a spelling dictionary accepts), a spelling that is a word itself is not in it as a word either:
the corpus writes "mostrará" far more often than "mostrara", but "que nos mostrara" is right; "cant"
and "wont" are English words. The shipped tables used Hunspell's dictionaries (hunspell-es: MPL-1.1 or
GPL-3+ or LGPL-3+; hunspell-en-us: SCOWL's permissive licence), every form written out by
hunspell-tools' `unmunch` by `data/spelling_words.sh` (into data/cache/spelling/, with a `#` line naming
the package, its version and its licence, which the spellings file's header repeats).

The file's `#` header names the data, the kinds, their packages and licences (from manifest.json).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from tqdm import tqdm

from training.associations import build_associations, corpus_translations, count_cooccurrence
from training.corpus import read_train, test_split_lines
from training.genders import KNOWN_MIN_COUNT, noun_genders
from training.genders import MIN_COUNT as GENDERS_MIN_COUNT
from training.genders import SHARE as GENDERS_SHARE
from training.genders import header as genders_header
from translator.agreement import GENDERS_FILE, write_genders
from translator.associations import ASSOCIATIONS_FILE
from translator.cli_types import share
from translator.errors import TranslatorError, cli_error
from translator.letters import UNACCENTED
from translator.lexicon import (
    CAPITALISING,
    KNOWN_WORDS_FILE,
    WORD,
    Lexicon,
    is_name,
    is_title_case,
    word_list,
)
from translator.typed import SPELLINGS_FILE, START, plain, write_spellings

log = logging.getLogger(__name__)

DICTIONARY_KINDS = ("apertium-dict", "freedict")
# The kinds of the name swaps' pairs (data.name_swaps): a first name of the list on both sides.
NAME_SWAP_KINDS = ("names", "names-bible")
MIN_TARGET_COUNT = 3
# ... and at least this share as often as the source side writes it: a word that the target side writes
# only where it kept the source's text ("car", "file" in untranslated strings) is not the target's.
TARGET_SHARE = 0.25
TARGET_COMMON = 1000  # ... or this often whatever the share: "he" (Spanish "I have")
# Target language -> its articles as counted before a word -> the article an entry is given.
ARTICLE_OF = {
    "es": {"el": "el", "un": "el", "la": "la", "una": "la"}
    | {"los": "los", "unos": "los", "las": "las", "unas": "las"},
    "en": {"a": "a", "an": "an"},
}
PLURAL_ARTICLE = {"el": "los", "la": "las"}  # English has none for plurals
ARTICLE_MIN_COUNT = 2
ARTICLE_SHARE = 0.75
SPELLING_MIN_COUNT = 3
SPELLING_PAIR_MIN_COUNT = 5
SPELLING_SHARE = 0.95
# Sources whose Spanish is not how people write it today: the 1909 Bible's spelling ("fué", "á"), and the
# Spanish that forward translation wrote.
SPELLING_SKIP_KINDS = ("bible", "bible-web", "names-bible")  # and the synthetic kind (`synthetic_kind`)


class LexiconBuildError(TranslatorError, ValueError):
    """The prepared data cannot give a lexicon: missing or misaligned files, no dictionary pairs."""


EXTRA_KIND = "extra-dictionary"  # the origin of an extra pair its file does not name
CORPUS_KIND = "corpus"  # the origin of a word translation the train split's own line pairs give


def _words_key(line: str) -> str:
    """A line by its words, whatever their case, spacing and punctuation."""
    return " ".join(WORD.findall(line.lower()))


@dataclass(frozen=True)
class ExtraDictionary:
    """What dictionary files given with --extra-dictionary hold."""

    pairs: list[tuple[str, str, str]]  # (source, target, origin)
    # Their `#` lines that name a licence ("cldr: Unicode CLDR 49 (babel 2.19.0); licence Unicode-3.0"),
    # for the lexicon's header and so its model card.
    licences: list[str]


def read_extra(paths: list[Path], src: str) -> ExtraDictionary:
    """The pairs of dictionary files, JSON lines `[English, Spanish, origin]` (`.jsonl`) or
    `English<TAB>Spanish[<TAB>origin]` lines, and the licences their `#` lines name; `src` (en or es)
    says which side is the source."""
    pairs, licences = [], []
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconBuildError(f"{path}: cannot read the dictionary file ({exc})") from None
        for number, line in enumerate(lines, 1):
            if line.startswith("#"):
                if "licence" in line:
                    licences.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            try:
                fields = json.loads(line) if path.suffix == ".jsonl" else line.split("\t")
                if not (isinstance(fields, list) and 2 <= len(fields) <= 3):
                    raise ValueError
                english, spanish, origin = (*(str(f) for f in fields), f"{EXTRA_KIND}:{path.name}")[:3]
            except ValueError:
                raise LexiconBuildError(
                    f"{path}:{number}: not a dictionary pair (want [English, Spanish, origin] in a .jsonl "
                    "file, English<TAB>Spanish[<TAB>origin] otherwise)"
                ) from None
            source, target = (english, spanish) if src == "en" else (spanish, english)
            pairs.append((source, target, origin))
    return ExtraDictionary(pairs, licences)


def read_words(path: Path) -> tuple[frozenset[str], list[str]]:
    """The words of a word list, one a line, in lower case; and its `#` lines (where it comes from:
    data/spelling_words.sh writes the package, its version and its licence there)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconBuildError(f"{path}: cannot read the word list ({exc})") from None
    header = [line.lstrip("#").strip() for line in text.splitlines() if line.startswith("#")]
    return word_list(text), header


def test_lines(data_dir: Path, lang: str) -> set[str]:
    """The `lang` lines of the test splits in `data_dir`, by their words (`_words_key`): the lines a
    lexicon whose source language is `lang` must not translate by looking them up."""
    return {_words_key(line) for line in test_split_lines(data_dir, (lang,))}


def _not_test_lines(pairs: list[tuple[str, str, str]], held_out: set[str]) -> list[tuple[str, str, str]]:
    """The (source, target, origin) pairs whose source side is no line of `held_out` (`test_lines`)."""
    return [p for p in pairs if _words_key(p[0]) not in held_out]


def _without_test_lines(lexicon: Lexicon, held_out: set[str]) -> tuple[Lexicon, int]:
    """`lexicon` less the entries whose key is a line of `held_out` (plurals the build made, say), and
    how many there were."""
    gone = {key for key in lexicon.entries if _words_key(key) in held_out}
    kept = replace(
        lexicon,
        entries={k: v for k, v in lexicon.entries.items() if k not in gone},
        articles={k: v for k, v in lexicon.articles.items() if k not in gone},
    )
    return kept, len(gone)


def _append(columns: tuple[list[str], list[str], list[str]], pairs: list[tuple[str, str, str]]) -> None:
    """(source, target, origin) pairs added to the train split's columns."""
    for column, values in zip(columns, zip(*pairs, strict=True), strict=False):
        column.extend(values)


def _kind(origin: str) -> str:
    return origin.split(":", 1)[0]


def _of_kinds(origin: str, kinds: tuple[str, ...]) -> bool:
    """Whether `origin` is one of `kinds`: its first field, or a longer prefix ("gettext:iso-codes")."""
    return any(origin == kind or origin.startswith(kind + ":") for kind in kinds)


def plural_forms(word: str) -> list[str]:
    """The plurals English or Spanish spelling could give `word` (lower case); the corpus tells which
    exist. A word ending in s may be its own plural (Spanish "paraguas", "lunes")."""
    forms = [word + "s", word + "es"]
    if word.endswith("y"):
        forms.append(word[:-1] + "ies")  # city: cities
    if word.endswith("z"):
        forms.append(word[:-1] + "ces")  # luz: luces
    last = max(word.rfind(v) for v in "áéíóú")
    if last >= 0:  # canción: canciones, inglés: ingleses
        forms.append(word[:last] + word[last].translate(UNACCENTED) + word[last + 1 :] + "es")
    if word.endswith("s"):
        forms.append(word)
    return forms


def _inside_sentence(text: str, match: re.Match[str], index: int) -> bool:
    """Whether the `index`-th word of `text`, `match`, stands inside a sentence, not at its start."""
    return index > 0 and text[match.start() - 2 : match.start()].strip() not in ".!?"


def swapped_names(sources: list[str], targets: list[str], origins: list[str]) -> set[str]:
    """The first names the name swaps (`NAME_SWAP_KINDS`, data.name_swaps) put into their pairs: the copies
    of one template follow each other with one origin, and a capitalised word on both sides of one copy
    but not of every copy is the name it swapped in ("Sylvia", "Lilia", "Mauro"; not the "Lincoln" of
    "the Lincoln effect"). Consecutive templates of one document share an origin too, so a name must be
    found so in two runs of copies or more."""
    runs: Counter[str] = Counter()  # word -> the runs of copies it was swapped into
    run: list[set[str]] = []
    last = None
    for source, target, origin in [*zip(sources, targets, origins, strict=True), ("", "", None)]:
        if origin != last or origin is None:
            if len(run) > 1:
                runs.update(run[0].union(*run[1:]) - run[0].intersection(*run[1:]))
            run, last = [], origin
        if origin is not None and _kind(origin) in NAME_SWAP_KINDS:
            shared = set(WORD.findall(source)) & set(WORD.findall(target))
            run.append({w for w in shared if w[:1].isupper() and not w.isupper()})
    return {word for word, count in runs.items() if count >= 2}


def build(
    sources: list[str],
    targets: list[str],
    origins: list[str],
    kinds: tuple[str, ...] = DICTIONARY_KINDS,
    min_target_count: int = MIN_TARGET_COUNT,
    progress: bool = False,
    target_share: float = TARGET_SHARE,
    tgt_lang: str = "",
) -> tuple[Lexicon, dict[str, int]]:
    """The lexicon of aligned train lines, and counts of what was kept and left out. `tgt_lang` (es,
    en) gives the entries articles; another or none gives them none. A word the source side mostly
    capitalises inside a sentence is a name and has no entry, unless the target side never writes it
    (English "Athenian", "the Iberian Peninsula"; Spanish "Dios"); capitals in a Title Case line ("Open
    File") are not counted. Where the target language capitalises common words (`tgt_lang` in
    CAPITALISING, English), a one-word translation its sentences write more often capitalised than not
    is written so ("egipcio": "Egyptian")."""
    candidates: dict[str, list[str]] = defaultdict(list)
    dictionary = [_of_kinds(o, kinds) for o in origins]
    capitalising = tgt_lang in CAPITALISING
    for source, target, is_dict in zip(sources, targets, dictionary, strict=True):
        word, target = source.strip(), target.strip()
        if not (is_dict and WORD.fullmatch(word) and target):
            continue
        if word == word.lower() and target != word:
            pass
        elif is_name(word) and not word.isupper() and target.lower() != word.lower():
            pass  # a name with a translation of its own: "Greece" -> "Grecia"
        else:
            continue
        if target not in candidates[word]:
            candidates[word].append(target)
    names = {word for word in candidates if is_name(word)}
    stats = {"dictionary_words": len(candidates) - len(names), "dictionary_names": len(names)}
    if not candidates:
        raise LexiconBuildError(
            f"no one-word dictionary pairs of kinds {', '.join(kinds)} in the train split"
        )

    in_target: Counter[str] = Counter()
    in_source: Counter[str] = Counter()
    lower: Counter[str] = Counter()  # source words written in lower case
    capital: Counter[str] = Counter()  # ... capitalised inside a sentence
    together: Counter[tuple[str, str]] = Counter()
    name_in_target: Counter[str] = Counter()  # names the target side writes as the source does
    target_capital: Counter[str] = Counter()
    target_lower: Counter[str] = Counter()
    article_of = ARTICLE_OF.get(tgt_lang, {})
    heads = {  # the first words of the translations, and their plurals: the words whose articles count
        form
        for options in candidates.values()
        for option in options
        for head in WORD.findall(option.lower())[:1]
        for form in [head, *plural_forms(head)]
    }
    articles_before: dict[str, Counter[str]] = defaultdict(Counter)
    rows = zip(sources, targets, dictionary, strict=True)
    for source, target, is_dict in tqdm(rows, total=len(sources), desc="counting", disable=not progress):
        if is_dict:
            continue
        matches = list(WORD.finditer(target))
        written = [m.group() for m in matches]
        name_in_target.update(w for w in written if w in names)
        if capitalising and not is_title_case(target):  # how the target writes its words in a sentence
            for i, match in enumerate(matches):
                w = match.group()
                if not _inside_sentence(target, match, i):
                    continue
                if w[0].isupper() and not w.isupper():
                    target_capital[w.lower()] += 1
                elif w.islower():
                    target_lower[w] += 1
        target_words = [w.lower() for w in written]
        in_target.update(target_words)
        if article_of:
            for before, word in zip(target_words, target_words[1:], strict=False):
                if before in article_of and word in heads:
                    articles_before[word][article_of[before]] += 1
        found = set()
        title: bool | None = None  # whether the source is in Title Case, once it matters
        for i, match in enumerate(WORD.finditer(source)):
            word = match.group()
            if word in names:
                found.add(word)
            key = word.lower()
            in_source[key] += 1
            if key not in candidates:
                continue
            found.add(key)
            if word == key:
                lower[key] += 1
            elif word[0].isupper() and _inside_sentence(source, match, i):
                if title is None:
                    title = is_title_case(source)
                if not title:  # a label's capitals say nothing: "Open File"
                    capital[key] += 1
        if found:
            padded = f" {' '.join(target_words)} "
            for key in found:
                for candidate in candidates[key]:
                    if f" {' '.join(w.lower() for w in WORD.findall(candidate))} " in padded:
                        together[key, candidate] += 1

    entries = {}
    stats.update(target_language_words=0, names=0, names_kept_as_written=0)
    for key, options in candidates.items():
        if key in names:
            if name_in_target[key] >= min_target_count:
                stats["names_kept_as_written"] += 1
            else:
                entries[key] = max(options, key=lambda c: (together[key, c], -options.index(c)))
        elif in_target[key] >= max(min_target_count, min(TARGET_COMMON, target_share * in_source[key])):
            stats["target_language_words"] += 1
        elif capital[key] > lower[key] and in_target[key]:
            stats["names"] += 1
        else:
            entries[key] = max(options, key=lambda c: (together[key, c], -options.index(c)))
    plurals = {}
    lemma_of = {}  # plural form -> the entry it is the plural of
    for key, translation in entries.items():
        if is_name(key) or WORD.fullmatch(translation) is None:
            continue  # a phrase: which of its words takes the plural is not a spelling rule
        attested = [f for f in plural_forms(translation.lower()) if in_target[f]]
        if not attested:
            continue
        target_plural = max(attested, key=lambda f: in_target[f])
        for form in plural_forms(key):
            if (
                form != key
                and form not in candidates
                and in_source[form]
                and in_target[form] < min_target_count
            ):
                plurals[form] = target_plural
                lemma_of[form] = key
    entries.update((form, plural) for form, plural in plurals.items() if form not in entries)
    stats["plurals"] = len(plurals)
    stats["name_entries"] = sum(1 for key in entries if is_name(key))
    stats["entries"] = len(entries)
    known = {word for word, count in in_target.items() if count >= KNOWN_MIN_COUNT}
    known.update(word.lower() for target in entries.values() for word in WORD.findall(target))
    stats["known_words"] = len(known)
    articles = {}
    if article_of:
        for key, translation in entries.items():
            head = WORD.findall(translation.lower())[:1]
            if not is_name(key) and head:
                article = _article(articles_before[head[0]], head[0], tgt_lang)
                if article is not None:
                    articles[key] = article
        for form, lemma in lemma_of.items():  # a plural the corpus has no article for: its lemma's
            plural = PLURAL_ARTICLE.get(articles.get(lemma, ""))
            if plural and form not in articles and entries.get(form) == plurals[form]:
                articles[form] = plural
    stats["articles"] = len(articles)
    # A first name that is also a word ("Mark", "Bill", "Rose") stays as written where the model copies it
    # with its capital: an entry of its own, itself, comes before the lower-case word's.
    first_names = swapped_names(sources, targets, origins)
    capitalised_keys = {key[:1].upper() + key[1:] for key in entries if not is_name(key)}
    kept = {name: name for name in sorted(capitalised_keys & first_names) if name not in entries}
    entries.update(kept)
    stats["first_names_kept"] = len(kept)
    stats["entries"] = len(entries)
    if capitalising:  # "egipcio": "Egyptian", not "egyptian"
        capitalised = {
            key: translation[0].upper() + translation[1:]
            for key, translation in entries.items()
            if not is_name(key)
            and translation.islower()
            and WORD.fullmatch(translation)
            and target_capital[translation] > target_lower[translation]
        }
        entries.update(capitalised)
        stats["capitalised"] = len(capitalised)
    return Lexicon(entries, known=frozenset(known), articles=articles), stats


def spelling_table(
    sources: list[str],
    origins: list[str],
    kinds: tuple[str, ...],
    spelling: frozenset[str] = frozenset(),
    synthetic: tuple[str, ...] = (),
    start: bool = True,
) -> dict[str, str]:
    """Plain spelling (`translator.typed.plain`) -> the word as `sources` write it, from the words
    outside the dictionary pairs (`kinds`), the Bible and the `synthetic` kinds; and for a word right
    either way, word pair -> the pair, where the word before settles it. `spelling`: the words a
    spelling dictionary accepts, which stay as typed. `start`: pairs may start at the sentence's start
    (English "whats" first is "what's"; not Spanish, where "tomo" and "tomó" both start sentences).
    See the module's description."""
    skip = (*kinds, *SPELLING_SKIP_KINDS, *synthetic)
    # One apostrophe: the corpus writes "don't" and "don’t" about as often.
    lines = [
        s.lower().replace("’", "'") for s, o in zip(sources, origins, strict=True) if not _of_kinds(o, skip)
    ]
    counts: Counter[str] = Counter(w for line in lines for w in WORD.findall(line))
    # A spelling that is a word itself ("visito", "mostrara", "seria") is right as typed.
    table = {key: word for key, word in _spellings_by_count(counts).items() if key not in spelling}
    # Words right as typed and as written ("esta", "está"; "cant", "can't"): the word before, or the
    # start of the sentence (START), may tell them apart.
    ambiguous = {
        plain(word) for word, count in counts.items() if count >= SPELLING_MIN_COUNT and plain(word) != word
    } - set(table)
    pairs: Counter[str] = Counter()
    for line in lines:
        words = [START, *WORD.findall(line)] if start else WORD.findall(line)
        for before, word in zip(words, words[1:], strict=False):
            if (before.isalpha() or before == START) and plain(word) in ambiguous:
                pairs[f"{before} {word}"] += 1
    # The word before as written (the reader accents it first: "dónde"), this word by its spelling.
    for key, pair in _spellings_by_count(pairs, _pair_spelling, SPELLING_PAIR_MIN_COUNT).items():
        if pair != key:
            table[key] = pair
    return table


def _pair_spelling(pair: str) -> str:
    """A word pair's key: the word before as written (the reader accents it first), this one plain."""
    before, word = pair.split(" ")
    return f"{before} {plain(word)}"


def _spellings_by_count(
    counts: Counter[str], spelling: Callable[[str], str] = plain, min_count: int = SPELLING_MIN_COUNT
) -> dict[str, str]:
    """Unaccented spelling (`spelling`) -> the accented form of `counts` that is found `SPELLING_MIN_COUNT`
    times or more and makes up `SPELLING_SHARE` of the forms so spelled (the plain spelling included)."""
    spelled: defaultdict[str, list[str]] = defaultdict(list)
    for form in counts:
        key = spelling(form)
        if key != form:
            spelled[key].append(form)
    table = {}
    for key, forms in spelled.items():
        best = max(forms, key=lambda f: (counts[f], f))
        total = counts[key] + sum(counts[f] for f in forms)
        if counts[best] >= min_count and counts[best] >= SPELLING_SHARE * total:
            table[key] = best
    return table


def _article(counts: Counter[str], word: str, tgt_lang: str) -> str | None:
    """The article `word` takes by `counts` (the corpus), or by its first letter for English."""
    if counts:
        article, count = counts.most_common(1)[0]
        if count >= ARTICLE_MIN_COUNT and count >= ARTICLE_SHARE * sum(counts.values()):
            return article
    if tgt_lang == "en" and word[:1].isalpha():
        if word[0] in "aeio":
            return "an"
        if word[0] not in "uh":
            return "a"
    return None


def _provenance(data_dir: Path, kinds: tuple[str, ...]) -> list[str]:
    """One header line per dictionary kind: its packages and licence, from the corpus manifest."""
    try:
        manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
        described = {s["kind"]: s for s in manifest["source"]["sources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{kind}: no manifest.json in {data_dir} to name its packages" for kind in kinds]
    lines = []
    for kind in kinds:
        first, _, rest = kind.partition(":")
        source = described.get(first, {})
        listed = source.get("packages", {})
        licence = source.get("licence", "unknown")
        package = rest.split(":", 1)[0]
        if package:  # a prefix naming one package of the kind ("gettext:iso-codes")
            listed = {p: v for p, v in listed.items() if p == package}
            if isinstance(licence, dict):
                licence = licence.get(package, "unknown")
        packages = ", ".join(f"{p} {v}" for p, v in listed.items()) or "not in the manifest"
        lines.append(f"{kind}: {packages}; licence {licence}")
    return lines


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.lexicon", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--data-dir", required=True, help="prepared corpus folder (train.SRC, train.TGT, train.origin)"
    )
    p.add_argument("--src", required=True, help="source language code, e.g. en")
    p.add_argument("--tgt", required=True, help="target language code, e.g. es")
    p.add_argument("--out", required=True, help="lexicon file to write, e.g. models/en-es/lexicon.tsv")
    p.add_argument(
        "--kinds", nargs="+", default=list(DICTIONARY_KINDS), help="origin kinds that are dictionaries"
    )
    p.add_argument(
        "--extra-dictionary",
        nargs="+",
        default=[],
        metavar="FILE",
        help="dictionary pairs beyond the train split's (.jsonl [English, Spanish, origin] or TSV); "
        "those matching a test line are left out",
    )
    p.add_argument(
        "--spelling-words",
        metavar="FILE",
        help="Spanish source: words a spelling dictionary accepts, one a line; spellings.tsv leaves them be",
    )
    p.add_argument(
        "--no-corpus-translations",
        dest="corpus_translations",
        action="store_false",
        help="no entries from the train split's own word pairs for the source words no dictionary has",
    )
    p.add_argument(
        "--min-target-count",
        type=int,
        default=MIN_TARGET_COUNT,
        help="leave out words found this often in the target side (default %(default)s)",
    )
    p.add_argument(
        "--target-share",
        type=share,
        default=TARGET_SHARE,
        help="... and at least this share as often as in the source side (default %(default)s)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parser().parse_args(argv)
    data_dir = Path(args.data_dir)
    kinds = tuple(args.kinds)
    try:
        sources, targets, origins = read_train(data_dir, args.src, args.tgt)
        # training.associations: which target words the source words account for, from the train split
        counts = count_cooccurrence(sources, targets, progress=True)
        associations = build_associations(data_dir, args.src, args.tgt, counts)
        train_sources, train_targets = list(sources), list(targets)
        genders = noun_genders(targets) if args.tgt == "es" else None  # the train split's own text
        spelling, spelling_from = (
            read_words(Path(args.spelling_words)) if args.spelling_words else (frozenset(), [])
        )
        held_out = test_lines(data_dir, args.src)  # no test line is translated by looking it up
        extra_stats, extra = {}, ExtraDictionary([], [])
        if args.extra_dictionary:
            extra = read_extra([Path(f) for f in args.extra_dictionary], args.src)
            kept = _not_test_lines(extra.pairs, held_out)
            extra_stats = {
                "extra_pairs": len(kept),
                "extra_left_out_as_test_lines": len(extra.pairs) - len(kept),
            }
            if any(o.startswith(EXTRA_KIND + ":") for _, _, o in kept):
                kinds = (*kinds, EXTRA_KIND)
            _append((sources, targets, origins), kept)
        if args.corpus_translations:  # for the source words no dictionary has
            in_dictionaries = {
                s.lower() for s, o in zip(sources, origins, strict=True) if _of_kinds(o, kinds)
            }
            found = corpus_translations(train_sources, train_targets, counts, in_dictionaries)
            kept = _not_test_lines([(s, t, f"{CORPUS_KIND}:{data_dir}") for s, t in found], held_out)
            extra_stats["corpus_translations"] = len(kept)
            extra_stats["corpus_left_out_as_test_lines"] = len(found) - len(kept)
            _append((sources, targets, origins), kept)
            kinds = (*kinds, CORPUS_KIND)
        lexicon, stats = build(
            sources,
            targets,
            origins,
            kinds,
            args.min_target_count,
            progress=True,
            tgt_lang=args.tgt,
            target_share=args.target_share,
        )
        lexicon, stats["entries_left_out_as_test_lines"] = _without_test_lines(lexicon, held_out)
        stats["entries"] = len(lexicon.entries)
        stats = extra_stats | stats
    except TranslatorError as exc:
        return cli_error(exc)
    header = [
        f"{args.src} -> {args.tgt} lexicon for the copied-word fallback (translator/lexicon.py)",
        f"built by: python -m training.lexicon --data-dir {args.data_dir} --src {args.src} --tgt {args.tgt}"
        f" --kinds {' '.join(args.kinds)}"
        + "".join(f" --extra-dictionary {f}" for f in args.extra_dictionary[:1])
        + "".join(f" {f}" for f in args.extra_dictionary[1:])
        + (f" --spelling-words {args.spelling_words}" if args.spelling_words else "")
        + ("" if args.corpus_translations else " --no-corpus-translations")
        + f" --min-target-count {args.min_target_count} --target-share {args.target_share:g}",
        *_provenance(data_dir, tuple(args.kinds)),
        *(f"extra dictionary file: {f}" for f in args.extra_dictionary),
        *extra.licences,
        *(
            [
                f"{CORPUS_KIND}: word translations of the train split itself (training.associations."
                "corpus_translations), under the licences of its sources"
            ]
            if args.corpus_translations
            else []
        ),
        ", ".join(f"{k}: {v}" for k, v in stats.items()),
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lexicon.write(out, header)
    lexicon.write_known_words(
        out.with_name(KNOWN_WORDS_FILE),
        [
            f"{args.tgt} words of the train split of {args.data_dir} found {KNOWN_MIN_COUNT} times or more, "
            "and those of the lexicon's translations: the invented-word fallback (translator/lexicon.py)"
        ],
    )
    # The synthetic kind whose source side a model wrote: bt-en has forward-translated Spanish, bt-es
    # back-translated English.
    table = spelling_table(sources, origins, kinds, spelling, (f"bt-{args.tgt}",), start=args.src != "es")
    write_spellings(
        out.with_name(SPELLINGS_FILE),
        table,
        [
            f"{len(table)} {args.src} words and word pairs of the train split of {args.data_dir} written "
            "with accents or apostrophes, by the spelling a plain keyboard gives (translator/typed.py)",
            f"spelling words: {args.spelling_words} ({len(spelling):,} words)"
            + "".join(f"; {line}" for line in spelling_from)
            if args.spelling_words
            else "spelling words: none",
        ],
    )
    log.info("wrote %s: %d spellings", out.with_name(SPELLINGS_FILE), len(table))
    if genders is not None:  # the gender table (training.genders) from the train split's target side
        write_genders(
            out.with_name(GENDERS_FILE),
            genders,
            genders_header(args.data_dir, args.tgt, genders, GENDERS_MIN_COUNT, GENDERS_SHARE),
        )
        log.info("wrote %s: %d words", out.with_name(GENDERS_FILE), len(genders))
    associations.write(out.with_name(ASSOCIATIONS_FILE))
    log.info("wrote %s: %d word pairs", out.with_name(ASSOCIATIONS_FILE), associations.info["pairs"])
    log.info("wrote %s: %s", out, ", ".join(f"{k} {v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
