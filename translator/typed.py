"""Text as people type it, read the way the model learned to read text.

The training corpus is edited text: sentences in sentence case, Spanish with its accents and its
opening question and exclamation marks. People type otherwise, and a small model reads what it has not
seen badly: "QUIERO COMER" came out as "COMER COMER", "I WANT TO EAT NOW" as "ANTAQUE AQUE NATADA",
and "Donde esta la estacion de tren?" as "Where this train thisation?". Before the model reads a
sentence, `read_typed` undoes the common differences; `Typed.written` gives the translation back in the
form the sentence was typed in.

- Shouting: a sentence with no lower-case letter and at least two words of two letters or more ("WHERE
  IS THE STATION?") is read in sentence case ("Where is the station?"; English "i" as "I"), and its
  translation is written in capitals. A single word in capitals ("NASA", "OK") is an acronym, kept.
- Spanish typed without accents: a word whose accented form the model's corpus has (`accents.tsv`
  beside the model, written by `python -m training.lexicon` from the source side of the train split)
  and whose unaccented spelling it hardly ever has ("estacion" → "estación", "contrasena" →
  "contraseña") is read accented. A word that is right either way ("esta", "está"; "si", "sí") is read
  as the corpus writes it after the word before, where the corpus settles that ("donde esta" → "dónde
  está"), and otherwise left as typed; a question word that starts a question is read accented
  ("donde...?" → "¿dónde...?").
- Spanish questions and exclamations without their opening mark ("Donde esta?") get it ("¿Donde
  esta?").

Nothing inside a protected span (`translator.protect`: placeholders, URLs, ...) changes, in the source or
in the capitals of a translation. The Translator does this for every text unless its `read_typed` is
off; the lexicon and the span repairs then see the sentence as the model read it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from translator.errors import TranslatorError
from translator.lexicon import WORD
from translator.protect import find_spans, overlaps

ACCENTS_FILE = "accents.tsv"  # beside a model whose source language writes accents: unaccented<TAB>accented
SHOUTED_MIN_WORDS = 2  # words of two letters or more that make a sentence in capitals shouting
_PLAIN = str.maketrans("áéíóúüñ", "aeiouun")  # what a keyboard without accents types
# Spanish question words, unaccented -> accented: accented where they start a question.
QUESTION_WORDS = {
    w.translate(_PLAIN): w
    for w in "qué quién quiénes dónde adónde cuándo cómo cuánto cuánta cuántos cuántas cuál cuáles".split()
}
_OPENING = {"?": "¿", "!": "¡"}
_LEADING = re.compile(r"^[\s\"'«“‘(\[-]*")


class AccentsError(TranslatorError, ValueError):
    """An accents file that cannot be read: not UTF-8, or a line that is not `unaccented<TAB>accented`."""


def unaccented(word: str) -> str:
    """`word` in lower case without its accents, and n for ñ: what a keyboard without them types."""
    return word.lower().translate(_PLAIN)


def _spelling(entry: str) -> str:
    """An accents entry's key: a word unaccented, or a word pair with its second word unaccented."""
    before, _, word = entry.rpartition(" ")
    return f"{before} {unaccented(word)}" if before else unaccented(word)


def read_accents(path: Path) -> dict[str, str]:
    """The accents file at `path`: one `unaccented<TAB>accented` line per word, or `word unaccented<TAB>word
    accented` per word pair (the word before as written); `#` and blank lines ignored. AccentsError names
    the line that is not one."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AccentsError(f"{path}: cannot read the accents file ({exc})") from None
    table = {}
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(fields) or _spelling(fields[1]) != fields[0]:
            raise AccentsError(f"{path}:{number}: not `unaccented<TAB>accented` ({line!r})")
        table[fields[0]] = fields[1]
    return table


def write_accents(path: Path, table: Mapping[str, str], header: list[str]) -> None:
    lines = [f"# {line}" for line in header] + [f"{key}\t{table[key]}" for key in sorted(table)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Typed:
    """A sentence as the model is to read it (`text`), and whether its translation is to be written in
    capitals (`shouted`)."""

    text: str
    shouted: bool = False

    def written(self, translation: str) -> str:
        """`translation` in the form the sentence was typed in: in capitals when it was shouted."""
        return _upper(translation) if self.shouted else translation


def _outside_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in find_spans(text)]


def _map_words(text: str, change: Callable[[str, int], str]) -> str:
    """`text` with each word outside its protected spans replaced by change(word, index among words)."""
    spans = _outside_spans(text)
    out, last, index = [], 0, 0
    for match in WORD.finditer(text):
        if overlaps(match.start(), match.end(), spans):
            continue
        out.append(text[last : match.start()])
        out.append(change(match.group(), index))
        last, index = match.end(), index + 1
    out.append(text[last:])
    return "".join(out)


def _upper(text: str) -> str:
    spans = _outside_spans(text)
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start].upper(), text[start:end]]
        last = end
    return "".join(out) + text[last:].upper()


def is_shouted(text: str) -> bool:
    """Whether `text` is written in capitals: no lower-case letter outside its protected spans, and
    `SHOUTED_MIN_WORDS` words of two letters or more."""
    spans = _outside_spans(text)
    words = [m.group() for m in WORD.finditer(text) if not overlaps(m.start(), m.end(), spans)]
    if any(c.islower() for w in words for c in w):
        return False
    return sum(1 for w in words if sum(c.isupper() for c in w) >= 2) >= SHOUTED_MIN_WORDS


def _sentence_case(text: str, src_lang: str) -> str:
    def change(word: str, index: int) -> str:
        lower = word.lower()
        if index == 0 or (src_lang == "en" and (lower == "i" or lower.startswith(("i'", "i’")))):
            return lower[:1].upper() + lower[1:]
        return lower

    return _map_words(text, change)


def _accented(text: str, accents: Mapping[str, str], question: bool) -> str:
    before = [""]  # the word before, in lower case, as read

    def change(word: str, index: int) -> str:
        key = unaccented(word)
        previous = before[0]
        before[0] = word.lower()
        if key != word.lower():
            return word  # typed with its accents: as typed
        pair = accents.get(f"{previous} {key}") if previous else None
        accented = pair.split(" ")[1] if pair else accents.get(key)
        if accented is None and question and index == 0:
            accented = QUESTION_WORDS.get(key)
        if accented is None:
            return word
        before[0] = accented
        if word[:1].isupper():
            accented = accented[:1].upper() + accented[1:]
        return accented

    return _map_words(text, change)


def _opening_mark(text: str) -> str:
    """Spanish: "¿" or "¡" before a sentence that ends with "?" or "!" without having it."""
    stripped = text.rstrip()
    mark = _OPENING.get(stripped[-1:])
    if mark is None or mark in text or "¿" in text or "¡" in text:
        return text
    lead = _LEADING.match(text)
    at = lead.end() if lead else 0
    return text[:at] + mark + text[at:]


def read_typed(text: str, src_lang: str, accents: Mapping[str, str] | None = None) -> Typed:
    """`text` as the model is to read it; see the module's description."""
    shouted = is_shouted(text)
    if shouted:
        text = _sentence_case(text, src_lang)
    if src_lang == "es":
        question = text.rstrip().endswith("?")
        if accents is not None or question:
            text = _accented(text, accents or {}, question)
        text = _opening_mark(text)
    return Typed(text, shouted)
