"""Lexicon fallback: source words the model copied into its output untranslated, replaced from a word list.

A 10M-parameter model that has never seen "umbrella" in a sentence copies it ("Perdí mi umbrella");
a bilingual word list knows "paraguas". The fallback changes a word of the output only when all of this
holds:

- the same word (ignoring case) is in the source, so the model copied it;
- in the source it is not capitalised inside a sentence ("Tom", "Firefox": names stay as they are), nor
  written in capitals ("US", "OK": acronyms);
- it is not inside a span the translation must keep (`translator.protect`: URLs, placeholders, ...);
- the lexicon has it. `python -m training.lexicon` builds a model's lexicon from its training corpus and
  leaves out the words that occur in the target language's own text (English "no", "local", "error" are
  Spanish words too), so a copy that is also a target-language word is kept.

The replacement keeps the copied word's capitalisation ("Jail" → "Prisión"). It is one lemma, uninflected:
better than an English word in a Spanish sentence, not as good as a model that knows the word.

Where the source language capitalises common words inside a sentence (English: "the Spartan army",
"Roman Cavalry"; `capitalised_common`), such a word is no name when the lexicon has its lower-case form
and it stands beside no other capitalised word ("Golden Gate Bridge") outside a Title Case line: its copy
is replaced. For such a source every replacement but a name's is written in lower case but where the
translation starts a sentence: a capital the source had for its own sentence's start or Title Case does
not carry over to the middle of the translation.

A name the lexicon holds with its capital is the exception to the second rule: place names and the
adjectives made from them ("Greece" → "Grecia", "Danish" → "danés") have translations of their own, and
a model copies the rare ones. Such an entry replaces the word where the model copied it exactly as the
source writes it, inside a sentence too, and writes its translation as the entry gives it (capitalised
only where the translation starts a sentence). A name the lexicon does not hold ("Tom") is kept.

A model also makes words up from subwords: "bicycle" → "bicicleo", "lawyer" → "abogador". Where the
lexicon's directory has a `target_words.txt` (the target-language words of the training corpus), a word
of the best translation that is in neither that list nor the source is one the model invented
(`Lexicon.replace_invented`). The decoder's attention while it wrote the word points at the source word
it stands for; where the lexicon holds that word ("bicycle": "bicicleta"), its entry takes the invented
word's place, with the invented word's capital.

A model also writes real words that nothing in the source stands for ("Tom era muy tímido" → "Tom was
very tissue"). With `associations` (`translator.associations`: the word pairs the training corpus puts
together), a known word of the best translation that no source word accounts for is replaced the same
way (`Lexicon.suspects`). No word is replaced by an entry the translation has already, or one that would
repeat the word before or after it ("How about" → "How how many").

A lexicon holds lemmas. With `derive` (`translator.morphology`), a source word that is no key but an
inflected form of one ("fingiendo" of "fingir"; "mammoths" of "mammoth") is replaced by its lemma's
entry in the same form ("pretending"; "mamuts"), by the rules above.

Spanish nouns have a gender, and the model chose its article for the word it copied or invented: "el
bicycle" becomes "el bicicleta". An entry may say which article its translation takes (`el`, `la`, `los`,
`las` for Spanish; `a` or `an` for English), and a determiner right before the replaced word is made to
agree: "el bicicleta" → "la bicicleta", "del" → "de la", "un" → "una", "este" → "esta", "tu" → "tus" for
a plural, and in English "a" → "an" ("a apple" → "an apple"). Nothing else in the sentence is made to
agree, and an entry without an article changes no determiner.

File format (`lexicon.tsv` beside a model's model.pt): UTF-8, one `source<TAB>target` entry per line,
optionally `source<TAB>target<TAB>article`; blank lines and lines starting with `#` are ignored. A
source word in lower case matches the word in any case; a source word with a capital ("Greece") is a
name, matched as written. The file is plain text so that users can add their own terms.
`target_words.txt`: UTF-8, one lower-case word per line; `#` lines are ignored. `associations.bloom`:
`translator.associations`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from translator.agreement import (
    ADJECTIVES_FILE,
    ARTICLE_CLASS,
    DETERMINER_BEFORE,
    GENDERS_FILE,
    PREDICATES_FILE,
    Adjectives,
    GendersError,
    agree,
    cased,
    fit_determiner,
    read_adjectives,
    read_genders,
)
from translator.associations import ASSOCIATIONS_FILE, Associations, AssociationsError
from translator.errors import TranslatorError
from translator.letters import UNACCENTED
from translator.protect import find_spans, overlaps

LEXICON_FILE = "lexicon.tsv"
KNOWN_WORDS_FILE = "target_words.txt"  # beside the lexicon: the target language's known words
UNACCOUNTED_MIN_LENGTH = 3  # letters of a known word that `Lexicon.unaccounted` may name

# A word: letters, with inner apostrophes or hyphens ("don't", "e-mail"). A match holding a digit or an
# underscore ("file_name", "mp3") is an identifier, not a word (`_is_word`).
WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Characters that glue a word into something else: a path, an address, markup, a format string.
_GLUE_BEFORE = set("/\\@#$%&=_{<~")
_GLUE_AFTER = set("/\\@#$%&=_}>(")
# What may come before a sentence's first word: nothing, the end of the sentence before it or a line
# break, and opening punctuation.
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s|\n)[\s\"'«“‘¿¡(\[-]*$")


# The article an entry's translation takes -> (gender, number) for Spanish; English's a/an have neither.
ARTICLES: dict[str, tuple[str, str] | None] = {**ARTICLE_CLASS, "a": None, "an": None}
# Spanish pronouns attached to a verb ("desear-te", "dá-me-lo"): one or two, at the end of the word.
_ENCLITICS = re.compile(r"^(\w+?)((?:me|te|se|nos|os|lo|la|los|las|le|les){1,2})$")


# Source languages whose writing capitalises common words inside a sentence (`Lexicon.capitalised_common`).
CAPITALISING = frozenset({"en"})
# The word right before or after another, joined by spaces or a hyphen ("Golden Gate Bridge").
_JOINED_BEFORE = re.compile(r"(\w+)[ \t-]+$")
_JOINED_AFTER = re.compile(r"^[ \t-]+(\w+)")
# A sentence's end: ".", "?" or "!" (not an ellipsis), closing quotes or brackets after it.
_SENTENCE_END = re.compile(r"(?<!\.)[.!?][\"')\]»”’]*\s*$")


def _beside_capitalised(text: str, start: int, end: int) -> bool:
    """Whether the word text[start:end] has a capitalised word right before or after it, joined by spaces
    or a hyphen: part of a name of several words ("Golden Gate Bridge", "Mare Nostrum"). A word before it
    that starts the sentence has its capital for that ("The Cavalry charged")."""
    before = _JOINED_BEFORE.search(text[:start])
    if before is not None and _SENTENCE_START.search(text[: before.start(1)]):
        before = None
    after = _JOINED_AFTER.match(text[end:])
    return any(m is not None and m.group(1)[0].isupper() for m in (before, after))


def is_title_case(text: str) -> bool:
    """Whether `text` is a title or label in Title Case: every word of four letters or more capitalised
    ("Roman Cavalry", "Throne of Two Lands", "Open File..."), not a sentence (one ending in ".", "?", "!")."""
    if _SENTENCE_END.search(text):
        return False
    long_words = [w for w in WORD.findall(text) if len(w) >= 4 and w.isalpha()]
    return bool(long_words) and all(w[0].isupper() for w in long_words)


def is_name(key: str) -> bool:
    """Whether a lexicon key is a name, matched with its capital ("Greece"), not a lower-case word."""
    return key[:1].isupper()


class LexiconError(TranslatorError, ValueError):
    """A lexicon file that cannot be read: missing, not UTF-8, or a line that is not `source<TAB>target`."""


def _is_word(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] (a WORD match) stands as a word of prose: no digit or underscore in it,
    not glued to a path, address or file name ("index.html", "~/kitchen", "<b")."""
    word = text[start:end]
    if any(c.isdigit() or c == "_" for c in word):
        return False
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if before in _GLUE_BEFORE or after in _GLUE_AFTER:
        return False
    if before == "." and start >= 2 and text[start - 2].isalnum():
        return False  # a file name's extension, a domain's part
    return not (after == "." and end + 1 < len(text) and text[end + 1].isalnum())


@dataclass(frozen=True)
class Lexicon:
    entries: dict[str, str]  # lower-case source word, or a name as written (`is_name`) -> its translation
    path: str | None = None
    header: tuple[str, ...] = ()  # the file's `#` lines, without the `#`: what it was built from
    # Lower-case target-language words (KNOWN_WORDS_FILE); empty: invented words are not looked for.
    known: frozenset[str] = frozenset()
    # Entry key -> the article its translation takes (a key of ARTICLES); keys without one make no
    # determiner agree.
    articles: dict[str, str] = field(default_factory=dict)
    # A lower-case source word that is no key -> its translation made from an entry's (an inflected form
    # of a lemma the lexicon holds: `translator.morphology`), or None; None: only the entries.
    derive: Callable[[str], str | None] | None = None
    # Target-language nouns -> (gender, number), from GENDERS_FILE (`translator.agreement`); empty: no
    # determiner is made to agree but those before a replaced word.
    genders: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Target-language adjectives by their four forms, from ADJECTIVES_FILE; empty: none made to agree.
    adjectives: Adjectives = field(default_factory=dict)
    # Adjectives and participles by their four forms, from PREDICATES_FILE, which agree with the subject
    # of "ser" / "estar"; empty: `adjectives` do.
    predicates: Adjectives = field(default_factory=dict)
    # Whether the source language capitalises common words inside a sentence (`CAPITALISING`: English
    # demonyms and Title Case labels, "the Spartan army", "Roman Cavalry"): a copy of such a word is
    # replaced too, unless it stands beside another capitalised word (a name of several words), and every
    # replaced word (not a name) is written in lower case but where the translation starts a sentence.
    capitalised_common: bool = False
    # Which target words a source accounts for (ASSOCIATIONS_FILE, `translator.associations`); None: a
    # known word is never taken for a made-up one.
    associations: Associations | None = None

    def entry(self, key: str) -> str | None:
        """The translation of `key`: its entry, else one `derive` makes for a lower-case word."""
        found = self.entries.get(key)
        if found is None and self.derive is not None and key == key.lower():
            found = self.derive(key)
        return found

    def kept_as_written(self, key: str) -> bool:
        """Whether `key` is a first name that is also a word, which the lexicon keeps as written: its
        entry is itself ("Mark": "Mark", beside "mark": "marcar"; `python -m training.lexicon`)."""
        return self.entries.get(key) == key

    @classmethod
    def read(cls, path: str | Path) -> Lexicon:
        """LexiconError, naming the file and line, when `path` is not a lexicon file."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise LexiconError(f"lexicon {path}: no such file") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise LexiconError(f"lexicon {path}: cannot read it: {exc}") from None
        entries: dict[str, str] = {}
        articles: dict[str, str] = {}
        header = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            fields = [f.strip() for f in line.split("\t")]
            if len(fields) not in (2, 3) or not all(fields):
                raise LexiconError(
                    f"lexicon {path}, line {number}: expected `source<TAB>target` or "
                    f"`source<TAB>target<TAB>article`, got {line[:80]!r}"
                )
            source, target = fields[:2]
            if WORD.fullmatch(source) is None:
                raise LexiconError(f"lexicon {path}, line {number}: the source {source!r} is not one word")
            key = source if is_name(source) else source.lower()
            entries[key] = target
            if len(fields) == 3:
                if fields[2] not in ARTICLES:
                    raise LexiconError(
                        f"lexicon {path}, line {number}: the article {fields[2]!r} is not one of "
                        f"{', '.join(ARTICLES)}"
                    )
                articles[key] = fields[2]
        known = path.with_name(KNOWN_WORDS_FILE)
        words = read_known_words(known) if known.is_file() else frozenset()
        genders_file, adjectives_file = path.with_name(GENDERS_FILE), path.with_name(ADJECTIVES_FILE)
        try:
            genders = read_genders(genders_file) if genders_file.is_file() else {}
            adjectives = read_adjectives(adjectives_file) if adjectives_file.is_file() else {}
            predicates_file = path.with_name(PREDICATES_FILE)
            predicates = read_adjectives(predicates_file) if predicates_file.is_file() else {}
            associations_file = path.with_name(ASSOCIATIONS_FILE)
            associations = Associations.read(associations_file) if associations_file.is_file() else None
        except (GendersError, AssociationsError) as exc:
            raise LexiconError(str(exc)) from None
        return cls(
            entries,
            str(path),
            tuple(header),
            words,
            articles,
            genders=genders,
            adjectives=adjectives,
            predicates=predicates,
            associations=associations,
        )

    def agree(self, translation: str) -> str:
        """`translation` with its determiners and adjectives made to agree with the nouns of `genders`
        (`translator.agreement.agree`)."""
        return agree(translation, self.genders, self.adjectives, self.predicates)

    def write(self, path: str | Path, header: Iterable[str] | None = None) -> None:
        """The file `read` reads: `header` (default: this lexicon's) as `#` lines, then the entries sorted."""
        lines = [f"# {h}" for h in (self.header if header is None else header)]
        lines += [
            f"{s}\t{t}\t{self.articles[s]}" if s in self.articles else f"{s}\t{t}"
            for s, t in sorted(self.entries.items())
        ]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def write_known_words(self, path: str | Path, header: Iterable[str] = ()) -> None:
        """`known` as the file `read_known_words` reads, sorted, after `header` as `#` lines."""
        lines = [f"# {h}" for h in header] + sorted(self.known)
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def __len__(self) -> int:
        return len(self.entries)

    def copied_words(self, source: str) -> set[str]:
        """The words of `source` that the fallback may replace in a translation of it: lower-cased, or as
        written for a name the lexicon holds."""
        protected = [(s.start, s.end) for s in find_spans(source)]
        words = set()
        title: bool | None = None  # whether the source is in Title Case, once it matters
        for match in WORD.finditer(source):
            word = match.group()
            if overlaps(match.start(), match.end(), protected) or not _is_word(source, *match.span()):
                continue
            if len(word) > 1 and word.isupper():
                continue  # an acronym ("US", "OK")
            if is_name(word) and word in self.entries:
                if not self.kept_as_written(word):
                    words.add(word)  # a name with a translation of its own ("Greece")
                    continue
                if title is None:
                    title = is_title_case(source)
                if not title:
                    words.add(word)  # a first name kept as written ("Bill and Mark are here")
                    continue
                # ... but a label's capital says nothing ("Summer", "Arctic Summer"): the word's entry
            if word[0].isupper() and not _SENTENCE_START.search(source[: match.start()]):
                if self.capitalised_common and self.entry(word.lower()) is not None:
                    if title is None:
                        title = is_title_case(source)
                    if title or not _beside_capitalised(source, *match.span()):
                        words.add(word.lower())  # "the Spartan army", "Roman Cavalry"
                continue  # a name, or a term the source capitalises
            if self.entry(word.lower()) is not None:
                words.add(word.lower())
        return words

    def apply(self, source: str, translation: str) -> str:
        """`translation` with each word copied from `source` that the lexicon has replaced by its entry."""
        return self.apply_all(source, [translation])[0]

    def apply_all(self, source: str, translations: list[str]) -> list[str]:
        """`apply` to several translations of one source (an n-best list), the source read once."""
        copied = self.copied_words(source)
        if not copied:
            return translations
        return [self._replace(copied, translation) for translation in translations]

    def _replace(self, copied: set[str], translation: str) -> str:
        def key_of(match: re.Match[str]) -> str | None:
            word = match.group()
            key = word if word in copied and is_name(word) else word.lower()
            return key if key in copied and _is_word(translation, *match.span()) else None

        return self._substitute(translation, key_of)

    def _substitute(self, translation: str, key_of: Callable[[re.Match[str]], str | None]) -> str:
        """`translation` with each word outside protected spans for which `key_of` gives a key replaced
        by that key's entry (`_written`), and the determiner right before it made to agree (`_agreeing`)."""
        protected = [(s.start, s.end) for s in find_spans(translation)]
        edits: list[tuple[int, int, str]] = []
        for match in WORD.finditer(translation):
            if overlaps(match.start(), match.end(), protected):
                continue
            key = key_of(match)
            if key is None:
                continue
            written = self._written(key, match.group(), translation, match.start())
            before = self._agreeing(key, written, translation[: match.start()])
            if before is not None and (not edits or edits[-1][1] <= before[0]):
                edits.append(before)
            edits.append((match.start(), match.end(), written))
        for start, end, text in reversed(edits):
            translation = translation[:start] + text + translation[end:]
        return translation

    def _agreeing(self, key: str, written: str, before: str) -> tuple[int, int, str] | None:
        """The edit (start, end, text) of `before` that makes the determiner it ends with agree with
        `written`, the entry of `key` that follows it; None where nothing changes."""
        article = self.articles.get(key)
        if article is None:
            return None
        agreement = ARTICLES[article]
        if agreement is not None:  # Spanish: the determiner's gender and number
            return fit_determiner(before, agreement)
        found = DETERMINER_BEFORE.search(before)  # English: "a" or "an", whichever the entry takes
        if found is None or found.group(2).lower() not in ("a", "an") or found.group(2).lower() == article:
            return None
        return found.start(2), found.end(2), cased(article, found.group(2))

    def _written(self, key: str, word: str, translation: str, start: int) -> str:
        """The entry of `key` as it replaces `word` at `start` of `translation`: a name in the entry's own
        case, capitalised where it starts a sentence; a word capitalised as `word` is."""
        target = self.entry(key)
        assert target is not None  # keys come from copied_words
        if is_name(key):
            capital = _SENTENCE_START.search(translation[:start]) is not None
        else:
            capital = word[0].isupper()
            if capital and self.capitalised_common:
                capital = _SENTENCE_START.search(translation[:start]) is not None
        return target[0].upper() + target[1:] if capital else target

    def is_known(self, word: str) -> bool:
        """Whether `word` of a translation is a target-language word: in `known`, as a whole or before
        an apostrophe ("medicine's", "l'eau")."""
        lower = word.lower()
        if lower in self.known or re.split("['’]", lower, maxsplit=1)[0] in self.known:
            return True
        return self._is_verb_with_pronouns(lower)

    def _is_verb_with_pronouns(self, lower: str) -> bool:
        """Whether `lower` is a known Spanish verb with one or two pronouns attached: an infinitive or a
        gerund ("desearte", "diciéndolo"), or an imperative, which takes a written accent ("dámelo")."""
        found = _ENCLITICS.match(lower)
        if found is None:
            return False
        verb = found.group(1)
        plain = verb.translate(UNACCENTED)
        if plain not in self.known and verb not in self.known:
            return False
        return plain.endswith(("ar", "er", "ir", "ndo")) or plain != verb

    def _suspects(self, source: str, translation: str) -> tuple[list[str], list[str]]:
        """The words of `translation` not in `source` (in any case), with no digit or underscore, outside
        its protected spans, that the model invented, and those it did not but no source word accounts
        for (`invented`, `unaccounted`), in one pass."""
        if not self.known:
            return [], []
        in_source = {w.lower() for w in WORD.findall(source)}
        protected = [(s.start, s.end) for s in find_spans(translation)]
        invented, unaccounted = [], []
        for match in WORD.finditer(translation):
            word = match.group()
            if (
                word.lower() in in_source
                or not _is_word(translation, *match.span())
                or overlaps(match.start(), match.end(), protected)
            ):
                continue
            if not self.is_known(word):
                invented.append(word)
            elif (
                self.associations is not None
                and len(word) >= UNACCOUNTED_MIN_LENGTH
                and word.isalpha()
                and not self.associations.accounts_for(in_source, word)
            ):
                unaccounted.append(word)
        return invented, unaccounted

    def invented(self, source: str, translation: str) -> list[str]:
        """The words of `translation` the model made up: not known, not in `source`, no digit or
        underscore, not inside a protected span; none when the lexicon has no `known` words."""
        return self._suspects(source, translation)[0]

    def unaccounted(self, source: str, translation: str) -> list[str]:
        """The known words of `translation` that no word of `source` accounts for (`associations`): of
        `UNACCOUNTED_MIN_LENGTH` letters or more, not in the source, not inside a protected span; none
        without `associations` or `known` words."""
        return self._suspects(source, translation)[1]

    def suspects(self, source: str, translation: str) -> list[str]:
        """The words of `translation` the fallback may replace through the attention: those the model
        invented (`invented`), then the known ones the source does not account for (`unaccounted`)."""
        invented, unaccounted = self._suspects(source, translation)
        return invented + unaccounted

    def replace_invented(
        self,
        source: str,
        translation: str,
        source_pieces: list[str],
        target_pieces: list[str],
        attention: Sequence[Sequence[float]],
        invented: Iterable[str] | None = None,
    ) -> str:
        """`translation` with each invented word (`invented`) replaced by the lexicon's entry for the
        source word the model attended to most while writing it, where the fallback may use that word
        (`copied_words`) and nothing else (a tag, EOS, punctuation) drew more attention.
        source_pieces, target_pieces: the subwords the model read and wrote
        (sentencepiece, "▁" starting a word; a domain tag, EOS and byte pieces are never aligned to);
        attention: one row per target piece (more rows are ignored), one column per source piece;
        invented: `invented(source, translation)` where the caller has it already."""
        invented = set(self.invented(source, translation) if invented is None else invented)
        if not invented:
            return translation
        usable = self.copied_words(source)
        groups = _piece_words(source_pieces)
        # The pieces spell a word as the model wrote it; the translation may have given it a capital since
        # (`translator.typed.capital_like`: "fronterador" for the "Fronterador" of "Frontier").
        as_written = {w.lower(): w for w in invented} | {w: w for w in invented}
        replacements: dict[str, str] = {}
        for rows, text in _piece_words(target_pieces[: len(attention)]):
            for piece_word in WORD.findall(text):
                word = as_written.get(piece_word) or as_written.get(piece_word.lower())
                if word is None or word in replacements:
                    continue
                mass = [sum(attention[r][c] for r in rows for c in cols) for cols, _ in groups]
                aligned = groups[max(range(len(groups)), key=mass.__getitem__)][1]
                words = WORD.findall(aligned)
                if aligned.startswith("<") or len(words) != 1:
                    continue  # a tag, EOS or a byte; punctuation; more than one word
                key = words[0] if words[0] in usable and is_name(words[0]) else words[0].lower()
                if key not in usable:
                    continue
                if self.kept_as_written(key):  # a made-up word is no name
                    key = key.lower()
                    if self.entry(key) is None:
                        continue
                entry = self.entry(key) or ""
                if not _has_words(translation, entry) and not _beside(translation, word, entry):
                    replacements[word] = key
        if not replacements:
            return translation
        return self._replace_words(translation, replacements)

    def _replace_words(self, translation: str, keys: dict[str, str]) -> str:
        """Each word of `translation` that is a key of `keys` (as written) replaced by the entry of its
        value, outside protected spans."""
        return self._substitute(translation, lambda match: keys.get(match.group()))


def _has_words(text: str, words: str) -> bool:
    """Whether `words` stand in `text` as words of their own, whatever their case."""
    return bool(words) and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text, re.IGNORECASE) is not None


def _beside(text: str, word: str, entry: str) -> bool:
    """Whether `entry` in the place of `word` in `text` would repeat the word before or after it ("How
    about this shirt?" → "How how many this shirt?")."""
    parts = entry.lower().split()
    if not parts:
        return False
    for match in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", text):
        before, after = WORD.findall(text[: match.start()]), WORD.findall(text[match.end() :])
        if (before and before[-1].lower() == parts[0]) or (after and after[0].lower() == parts[-1]):
            return True
    return False


def _piece_words(pieces: list[str]) -> list[tuple[list[int], str]]:
    """The subwords grouped into the words they spell: (indices, text) per group, a group starting at
    each piece with sentencepiece's "▁"; EOS ("</s>") and byte pieces ("<0xE2>") make a group's text
    hold "<", so that it matches no word."""
    groups: list[tuple[list[int], str]] = []
    for i, piece in enumerate(pieces):
        if piece.startswith("▁") or not groups or piece.startswith("<"):
            groups.append(([i], piece.lstrip("▁")))
        else:
            indices, text = groups[-1]
            groups[-1] = ([*indices, i], text + piece)
    return groups


def word_list(text: str) -> frozenset[str]:
    """The words of a word list's text: one a line, lower-cased; blank and `#` lines ignored."""
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def read_known_words(path: Path) -> frozenset[str]:
    """The words of a KNOWN_WORDS_FILE, lower-cased; LexiconError when it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LexiconError(f"known words {path}: cannot read it: {exc}") from None
    return word_list(text)


def lexicon_beside(model_file: Path) -> Lexicon | None:
    """The lexicon file in the model file's directory, if it has one."""
    path = model_file.parent / LEXICON_FILE
    return Lexicon.read(path) if path.is_file() else None
