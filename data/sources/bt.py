"""Tagged synthetic pairs: monolingual everyday text translated into the other language by Apertium.

The corpus is software text; everyday sentences are what it lacks. Monolingual ones exist in Debian:
WordNet's usage examples and the English fortunes, and the Spanish fortunes. Apertium (the rule-based
system `make corpus` installs) translates each sentence, and the pair keeps the real sentence on its own
side: source kind `bt-en` (data.sources.bt_en) holds real English with synthetic Spanish, `bt-es`
(data.sources.bt_es) real Spanish with synthetic English. Training weighs and tags the two apart: a real
target with a synthetic source is back-translation, which helps when tagged (`<bt>`, so the model can
tell Apertium's style of input from a user's); a synthetic target teaches Apertium's output, so the
configs weigh it 0. The pairs are always train (domain "synthetic"), never a held-out set.

Per package, option `files` names the files and their format:

    wordnet   WordNet's data.noun/verb/adj/adv: one synset a line, its gloss after ` | `, the usage
              examples in it as `"..."` items of the `; `-separated list. Examples credited to an author
              (`"..."- Shakespeare`) or cut short (`...`) are literary fragments and are skipped. An
              example is capitalised and given a full stop only where it is surely a clause: it starts
              with a subject pronoun (`he took a deep breath`), or with a capital and no other capital
              follows (`The eggs are vitalized`); others stay as they are (`an able seaman`).
    fortune   fortune(6) files: entries between `%` lines. The attribution (an indented `-- Author`
              line and what follows, or `-- Author --` closing the text) is dropped; an entry is kept
              when it is one line or prose wrapped over at most three (each line but the last at least
              50 characters long): indented lines, blank lines and short lines mean verse, dialogue or
              lists, and an entry starting with `-` is dialogue, one with `...` a fragment.

Sentences shorter than three words (`Siamese kings`: noun phrases the dictionaries cover) and those
holding a `*`, `#` or `@` at a word's start (Apertium's unknown-word marks could not be told apart) are
skipped. Each package gives at most `max_sentences` distinct sentences (distinct across the source), the
ones with the smallest SHA-256, so the choice does not depend on file order; pairs whose synthetic side
has more than `max_unknown` words Apertium did not know are dropped, their marks stripped otherwise.

The raw-pairs cache (data/cache/pairs/) is keyed by the packages' versions, not Apertium's: after an
upgrade of apertium-eng-spa, delete data/cache/pairs/bt-* to translate again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from data.sources.base import Origin, Source, SourceError, SourcePair
from translator.apertium import ApertiumError, apertium_translate

FORMATS = ("wordnet", "fortune")
MIN_WORDS = 3
BATCH = 1000  # sentences per apertium call: one process start per batch, bounded memory
_EXAMPLE = re.compile(r'(?:^|;)\s*"([^"]+)"\s*(?=;|$)')  # an example item, not a credited quote
_SUBJECTS = frozenset({"i", "you", "he", "she", "it", "we", "they"})
_MARK = re.compile(r"(?<!\w)[*#@](?=\w)")
_FIRST_WORD = re.compile(r"\W*(\w+)")
_ATTRIBUTION = re.compile(r"\s+--")
# a credit at the end of the entry's own line: `... -- Pío Baroja --`, `... --James Hetfield--`
_CREDIT = re.compile(r"\s+--\s*(?:(?:[A-ZÁÉÍÓÚÑ][\w'.]*|de|del|la|von|van)\s*){1,5}(?:--\s*)?\.?$")
_FORTUNE_SEPARATOR = re.compile(r"^%[ \t]*$", re.M)
MAX_FORTUNE_LINES = 3
MIN_WRAPPED = 50  # characters: a shorter line inside an entry is a line break of verse, not wrapping


def as_sentence(example: str) -> str:
    """A WordNet example capitalised and ended with a full stop where it is surely a clause."""
    words = example.split()
    if len(words) >= MIN_WORDS and words[0].split("'")[0].lower() in _SUBJECTS:
        example = example[0].upper() + example[1:]
    elif not (example[0].isupper() and len(words) >= 4 and not any(w[0].isupper() for w in words[1:])):
        return example  # a phrase, or a sentence with a name in it: no way to tell here
    return example if example[-1] in ".!?" else example + "."


def wordnet_examples(path: Path) -> Iterator[str]:
    """The usage examples of a WordNet data file, in file order."""
    for number, line in enumerate(_read(path).splitlines(), 1):
        if line.startswith("  ") or not line.strip():  # the licence header
            continue
        _, bar, gloss = line.partition(" | ")
        if not bar:
            raise SourceError(f"{path}:{number}: not a WordNet data line (no ' | ' before a gloss)")
        for match in _EXAMPLE.finditer(gloss.strip()):
            example = " ".join(match.group(1).split())
            if example and "..." not in example:
                yield as_sentence(example)


def fortunes(path: Path) -> Iterator[str]:
    """The short prose fortunes of a fortune file, attributions dropped, each on one line."""
    for entry in _FORTUNE_SEPARATOR.split(_read(path)):
        lines = []
        for line in entry.strip("\n").split("\n"):
            if _ATTRIBUTION.match(line):
                break
            lines.append(line.rstrip())
        if (
            lines
            and len(lines) <= MAX_FORTUNE_LINES
            and all(line and not line[0].isspace() and "\t" not in line for line in lines)
            and all(len(line) >= MIN_WRAPPED for line in lines[:-1])
            and not lines[0].startswith(("...", "-"))  # a fragment, a line of dialogue
        ):
            yield _CREDIT.sub("", " ".join(" ".join(lines).split()))


READERS = {"wordnet": wordnet_examples, "fortune": fortunes}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{path}: cannot read it as UTF-8 text ({exc})") from None


def usable(sentence: str) -> bool:
    return len(sentence.split()) >= MIN_WORDS and not _MARK.search(sentence)


def synthetic_side(real: str, translation: str) -> tuple[str, int]:
    """Apertium's output without its unknown-word marks, and how many words it marked.

    Apertium capitalises what it takes for a sentence start (`an able seaman` -> `Un marinero
    capaz`); a real side in lower case gets a synthetic side in lower case (`un marinero capaz`).
    """
    text, unknown = _MARK.subn("", translation)
    text = " ".join(text.split())
    first = _FIRST_WORD.match(text)
    if (
        real[:1].islower()
        and first
        and first[1][0].isupper()
        and not (len(first[1]) > 1 and first[1].isupper())
    ):
        text = text[: first.start(1)] + text[first.start(1)].lower() + text[first.start(1) + 1 :]
    return text, unknown


def capped(sentences: Sequence[str], limit: int) -> set[str]:
    """The `limit` sentences with the smallest SHA-256: a sample that file order does not sway."""
    return set(sorted(sentences, key=lambda s: hashlib.sha256(s.encode()).digest())[:limit])


def _files_option(packages: Sequence[str], files: Any) -> dict[str, tuple[str, list[str]]]:
    """package -> (format, path globs) from the `files` option, checked."""
    if not isinstance(files, dict) or set(files) != set(packages):
        raise SourceError("option `files` must map each of `packages` to {format: ..., paths: [globs]}")
    out = {}
    for package, rule in files.items():
        if not isinstance(rule, dict) or rule.get("format") not in FORMATS or not rule.get("paths"):
            raise SourceError(f"files.{package}: expected {{format: {' | '.join(FORMATS)}, paths: [globs]}}")
        out[package] = (rule["format"], list(rule["paths"]))
    return out


class BackTranslated(Source):
    """Monolingual sentences of one language with Apertium's translations into the other."""

    domain = "synthetic"
    licence = "per package: see its copyright file"
    language: ClassVar[str]  # the real side: "en" or "es"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.files = _files_option(self.packages, options.get("files"))
        self.max_sentences = self._count(options, "max_sentences", None)
        self.max_unknown = self._count(options, "max_unknown", 2)

    def _count(self, options: Mapping[str, Any], name: str, default: int | None) -> int:
        value = options.get(name, default)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise SourceError(f"{self.kind}: option `{name}` must be an integer >= 0, got {value!r}")
        return value

    def sentences(self, package: str, root: Path, seen: set[str]) -> list[tuple[str, str]]:
        """(sentence, file inside the package) of one package, first occurrences only, capped."""
        form, globs = self.files[package]
        paths = sorted({p for glob in globs for p in root.glob(glob) if p.is_file()})
        if not paths:
            raise SourceError(f"package {package}: no file matches {globs}")
        found = []
        for path in paths:
            inside = path.relative_to(root).as_posix()
            for sentence in READERS[form](path):
                if usable(sentence) and sentence not in seen:
                    seen.add(sentence)
                    found.append((sentence, inside))
        kept = capped([s for s, _ in found], self.max_sentences)
        return [(s, inside) for s, inside in found if s in kept]

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        other = "es" if self.language == "en" else "en"
        seen: set[str] = set()
        for package in self.packages:
            todo = self.sentences(package, roots[package], seen)
            for start in range(0, len(todo), BATCH):
                batch = todo[start : start + BATCH]
                try:
                    lines = [s for s, _ in batch]
                    translations = apertium_translate(lines, self.language, other, unknown_marks=True)
                except ApertiumError as exc:
                    raise SourceError(f"{self.kind}: package {package}: {exc}") from None
                for (real, inside), translation in zip(batch, translations, strict=True):
                    synthetic, unknown = synthetic_side(real, translation)
                    if unknown > self.max_unknown or not synthetic:
                        continue
                    origin = Origin(self.kind, package, inside)
                    en, es = (real, synthetic) if self.language == "en" else (synthetic, real)
                    yield SourcePair(en, es, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each package's licences from its copyright file, or as `licences` states them."""
        return self.package_licences(roots)
