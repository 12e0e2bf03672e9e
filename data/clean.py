"""Text normalisation and the pair filter: empty pairs and gross length mismatches are dropped."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from data.pairs import Pair

# Drop reasons, as counted in manifest.json.
EMPTY = "empty"
LENGTH_RATIO = "length_ratio"


def normalize(text: str) -> str:
    """NFC, pilcrows removed, every run of whitespace (line separators included) made one space."""
    # str.split() also splits on the characters str.splitlines() breaks lines at (U+2028, U+0085, ...),
    # so a normalised sentence always stays on one line of a split file.
    return " ".join(unicodedata.normalize("NFC", text).replace("¶", " ").split())


@dataclass
class Cleaned:
    pairs: list[Pair]
    drops: Counter[str] = field(default_factory=lambda: Counter({EMPTY: 0, LENGTH_RATIO: 0}))


def length_mismatch(src: str, tgt: str, max_ratio: float, min_tokens: int) -> bool:
    """Whether the word counts differ by more than `max_ratio` while the longer side has `min_tokens` words.

    Short pairs are exempt: "Jesus wept." / "Y lloró Jesús." is a ratio of 1.5 on two words.
    """
    shorter, longer = sorted((len(src.split()), len(tgt.split())))
    return longer >= min_tokens and longer > max_ratio * shorter


def clean_pairs(pairs: Iterable[Pair], max_length_ratio: float, min_ratio_tokens: int) -> Cleaned:
    """Normalised pairs without the empty ones and the length outliers; drops counted by reason."""
    result = Cleaned(pairs=[])
    for pair in pairs:
        src, tgt = normalize(pair.src), normalize(pair.tgt)
        if not src or not tgt:
            result.drops[EMPTY] += 1
        elif length_mismatch(src, tgt, max_length_ratio, min_ratio_tokens):
            result.drops[LENGTH_RATIO] += 1
        else:
            result.pairs.append(Pair(src, tgt, pair.key))
    return result


# --- The general corpus: text from software catalogs and manuals -------------------------------------------
# More drop reasons, counted per source kind in manifest.json.
IDENTICAL = "identical"
PLACEHOLDERS = "placeholders"
NUMBERS = "numbers"
LANGUAGE = "language"
TOO_LONG = "too_long"
DUPLICATE = "duplicate"

# An accelerator mark before the letter it underlines: "_File", "&Open", "~Save", and the "(&O)" suffix
# that some catalogs append. The mark must start a word, so "snake_case", "Tom & Jerry" and "~/.config"
# keep theirs; "&&" is a literal ampersand.
_ACCEL_SUFFIX = re.compile(r"\s*\((?:&|_|~)\w\)")
_ACCEL = re.compile(r"(?<![\w&_~])[&_~](?=\w)")
# Placeholders a program fills in, which a translation must carry over unchanged: printf (%s, %1$s, %.2f,
# %ld), Qt (%1), Fluent ({ $x }), Python/ICU ({name}, {0}), shell/PHP ($1), and markup tags (<b>, </a>).
_PLACEHOLDER = re.compile(
    r"%(?:\d+\$)?[-+#0]*\d*(?:\.\d+)?(?:hh|h|ll|l|z|j|t|L)?[diouxXeEfFgGcspn]"
    r"|%\d+"
    r"|\{\s*\$?[\w.-]*\s*\}"
    r"|\$\d+"
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"
)
_NUMBER = re.compile(r"\d+")


def strip_accelerators(text: str) -> str:
    """Text without accelerator marks: "_Save _As…" -> "Save As…", "&&" kept as one "&"."""
    text = _ACCEL_SUFFIX.sub("", text)
    return _ACCEL.sub("", text.replace("&&", "\x00")).replace("\x00", "&")


def placeholders(text: str) -> list[str]:
    """The placeholders of a string, sorted, in a form that ignores spacing: ["%s", "<b>", "{$n}"].

    Sorted because a translation may reorder them (that is what %1$s and %2$s are for)."""
    return sorted(re.sub(r"\s+", "", m.group()) for m in _PLACEHOLDER.finditer(text))


def numbers(text: str) -> list[str]:
    """The digit runs of a string outside placeholders, sorted: "1,000 of 3.5" -> ["000", "1", "3", "5"]."""
    return sorted(_NUMBER.findall(_PLACEHOLDER.sub(" ", text)))


class LanguageCheck:
    """Whether a side is in the wrong language: catches untranslated (English msgstr) and swapped pairs.

    py3langid (the library the service detects languages with) is unreliable on one or two words
    ("Cancelar" scores English), so only sides of at least MIN_WORDS words are judged, and only a
    confident verdict drops a pair.
    """

    MIN_WORDS = 3
    MIN_PROBABILITY = 0.9

    def __init__(self) -> None:
        from py3langid.langid import MODEL_FILE, LanguageIdentifier

        self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        self._identifier.set_languages(["en", "es"])

    def wrong(self, text: str, lang: str) -> bool:
        if len(text.split()) < self.MIN_WORDS:
            return False
        found, probability = self._identifier.classify(_PLACEHOLDER.sub(" ", text))
        return found != lang and probability >= self.MIN_PROBABILITY


@dataclass(frozen=True)
class Rules:
    """The settings of the general corpus' filter (data.max_words, data.max_length_ratio, ...)."""

    max_words: int = 80
    max_length_ratio: float = 3.0
    min_ratio_tokens: int = 8


def check_pair(en: str, es: str, domain: str, rules: Rules, language: LanguageCheck) -> tuple[str, str, str]:
    """(en, es, "") cleaned, or ("", "", reason) for a pair the filter drops.

    Interface strings lose their accelerator marks; every other rule applies to every domain."""
    en, es = normalize(en), normalize(es)
    if domain in ("ui", "dialogue"):
        en, es = strip_accelerators(en), strip_accelerators(es)
    if not en or not es:
        return "", "", EMPTY
    if en == es:
        return "", "", IDENTICAL
    if max(len(en.split()), len(es.split())) > rules.max_words:
        return "", "", TOO_LONG
    if length_mismatch(en, es, rules.max_length_ratio, rules.min_ratio_tokens):
        return "", "", LENGTH_RATIO
    if placeholders(en) != placeholders(es):
        return "", "", PLACEHOLDERS
    if numbers(en) != numbers(es):
        return "", "", NUMBERS
    if domain != "dict" and (language.wrong(es, "es") or language.wrong(en, "en")):
        return "", "", LANGUAGE
    return en, es, ""
