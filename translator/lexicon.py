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

A name the lexicon holds with its capital is the exception to the second rule: place names and the
adjectives made from them ("Greece" → "Grecia", "Danish" → "danés") have translations of their own, and
a model copies the rare ones. Such an entry replaces the word where the model copied it exactly as the
source writes it, inside a sentence too, and writes its translation as the entry gives it (capitalised
only where the translation starts a sentence). A name the lexicon does not hold ("Tom") is kept.

File format (`lexicon.tsv` beside a model's model.pt): UTF-8, one `source<TAB>target` entry per line;
blank lines and lines starting with `#` are ignored. A source word in lower case matches the word in
any case; a source word with a capital ("Greece") is a name, matched as written. The file is plain
text so that users can add their own terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from translator.errors import TranslatorError
from translator.protect import find_spans

LEXICON_FILE = "lexicon.tsv"

# A word: letters, with inner apostrophes or hyphens ("don't", "e-mail"). A match holding a digit or an
# underscore ("file_name", "mp3") is an identifier, not a word (`_is_word`).
WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Characters that glue a word into something else: a path, an address, markup, a format string.
_GLUE_BEFORE = set("/\\@#$%&=_{<~")
_GLUE_AFTER = set("/\\@#$%&=_}>(")
# What may come before a sentence's first word: nothing, the end of the sentence before it or a line
# break, and opening punctuation.
_SENTENCE_START = re.compile(r"(?:^|[.!?…:;]\s|\n)[\s\"'«“‘¿¡(\[-]*$")


def is_name(key: str) -> bool:
    """Whether a lexicon key is a name, matched with its capital ("Greece"), not a lower-case word."""
    return key[:1].isupper()


class LexiconError(TranslatorError, ValueError):
    """A lexicon file that cannot be read: missing, not UTF-8, or a line that is not `source<TAB>target`."""


def _inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


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
        header = []
        for number, line in enumerate(text.splitlines(), 1):
            if line.startswith("#"):
                header.append(line[1:].strip())
                continue
            if not line.strip():
                continue
            source, tab, target = line.partition("\t")
            source, target = source.strip(), target.strip()
            if not tab or not source or not target or "\t" in target:
                raise LexiconError(
                    f"lexicon {path}, line {number}: expected `source<TAB>target`, got {line[:80]!r}"
                )
            if WORD.fullmatch(source) is None:
                raise LexiconError(f"lexicon {path}, line {number}: the source {source!r} is not one word")
            entries[source if is_name(source) else source.lower()] = target
        return cls(entries, str(path), tuple(header))

    def write(self, path: str | Path, header: Iterable[str] | None = None) -> None:
        """The file `read` reads: `header` (default: this lexicon's) as `#` lines, then the entries sorted."""
        lines = [f"# {h}" for h in (self.header if header is None else header)]
        lines += [f"{s}\t{t}" for s, t in sorted(self.entries.items())]
        Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

    def __len__(self) -> int:
        return len(self.entries)

    def copied_words(self, source: str) -> set[str]:
        """The words of `source` that the fallback may replace in a translation of it: lower-cased, or as
        written for a name the lexicon holds."""
        protected = [(s.start, s.end) for s in find_spans(source)]
        words = set()
        for match in WORD.finditer(source):
            word = match.group()
            if _inside(match.start(), match.end(), protected) or not _is_word(source, *match.span()):
                continue
            if len(word) > 1 and word.isupper():
                continue  # an acronym ("US", "OK")
            if is_name(word) and word in self.entries:
                words.add(word)  # a name with a translation of its own ("Greece")
                continue
            if word[0].isupper() and not _SENTENCE_START.search(source[: match.start()]):
                continue  # a name, or a term the source capitalises
            if word.lower() in self.entries:
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
        protected = [(s.start, s.end) for s in find_spans(translation)]

        def replace(match: re.Match[str]) -> str:
            word = match.group()
            key = word if word in copied and is_name(word) else word.lower()
            if key not in copied or _inside(match.start(), match.end(), protected):
                return word
            if not _is_word(translation, *match.span()):
                return word
            target = self.entries[key]
            if is_name(key):  # the entry's own case, but a sentence starts with a capital
                starts = _SENTENCE_START.search(translation[: match.start()]) is not None
                return target[0].upper() + target[1:] if starts else target
            if word[0].isupper():
                return target[0].upper() + target[1:]
            return target

        return WORD.sub(replace, translation)


def lexicon_beside(model_file: Path) -> Lexicon | None:
    """The lexicon file in the model file's directory, if it has one."""
    path = model_file.parent / LEXICON_FILE
    return Lexicon.read(path) if path.is_file() else None
