"""Text as people type it, read the way the model learned to read text.

The training corpus is edited text: sentences in sentence case, English with its apostrophes, Spanish
with its accents and its opening question and exclamation marks. People type otherwise, and a small
model reads what it has not seen badly: "QUIERO COMER" came out as "COMER COMER", "I WANT TO EAT NOW"
as "ANTAQUE AQUE NATADA", and "Donde esta la estacion de tren?" as "Where this train thisation?".
Before the model reads a sentence, `read_typed` undoes the common differences; `Typed.written` gives
the translation back in the form the sentence was typed in.

- Shouting: a sentence with no lower-case letter and at least two words of two letters or more ("WHERE
  IS THE STATION?") is read in sentence case ("Where is the station?"), and its translation is written
  in capitals. A single word in capitals ("NASA", "OK") is an acronym, kept.
- Words typed plain, in a sentence without a single accent, ñ, opening mark (Spanish) or apostrophe
  (English): a sentence that has one was typed with them, and its words are as the writer meant them
  ("ahora esta tierra" is right as it is). A word whose written form the model's corpus has
  (`spellings.tsv` beside the model, written by `python -m training.lexicon` from the source side of
  the train split) and whose plain spelling it hardly ever has, nor a spelling dictionary ("estacion"
  → "estación", "contrasena" → "contraseña", "dont" → "don't"), is read as the corpus writes it. A
  word right either way ("esta", "está"; "cant", "can't") is read as the corpus writes it after the
  word before, where the corpus settles that ("dónde esta" → "dónde está", "i cant" → "I can't"), and
  otherwise left as typed.
- Keyboard accelerators in interface labels ("E&xit", "Cu&t", GTK's "Save _As"): the marker is taken out
  before the model reads the label and put back in the translation (`translator.mnemonic`).
- English "i" alone ("i think", "i'm") is read "I"; not a variable ("i = 0", "for i in", "i and j").
- A question typed without its "?" gets it where its first words say it asks: English "where is...",
  "how much...", "what's..."; Spanish "dónde...", "cuánto...", "cuál...", "quién..." (not "como",
  "cuando" or "que", which start statements too), in three words or more and without a comma.
- Spanish: a question or exclamation without its opening mark gets it ("¿Dónde...?"), and typed plain,
  a question word that starts a question is read accented ("donde...?" → "dónde...?").

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
from translator.letters import PLAIN, dropping
from translator.lexicon import WORD
from translator.mnemonic import Mnemonic, put_mnemonic, strip_mnemonic
from translator.protect import find_spans, overlaps

SPELLINGS_FILE = "spellings.tsv"  # beside a model: plain spelling<TAB>the corpus's spelling
START = "^"  # the word before a sentence's first word, in spellings.tsv's word pairs
SHOUTED_MIN_WORDS = 2  # words of two letters or more that make a sentence in capitals shouting
_PLAIN = dropping(PLAIN, "'’")  # what a plain keyboard, in a hurry, types
# Spanish question words, unaccented -> accented: accented where they start a question.
QUESTION_WORDS = {
    w.translate(_PLAIN): w
    for w in "qué quién quiénes dónde adónde cuándo cómo cuánto cuánta cuántos cuántas cuál cuáles".split()
}
_OPENING = {"?": "¿", "!": "¡"}
# What shows a text was typed with its accents or apostrophes, by source language.
_EDITED = {"es": re.compile("[áéíóúüñÁÉÍÓÚÜÑ¿¡]"), "en": re.compile("['’]")}
_LEADING = re.compile(r"^[\s\"'«“‘(\[-]*")
# Marks that show a text was written with typographic quotes and apostrophes, not a keyboard's.
_TYPOGRAPHIC = re.compile("[‘’“”]")


class SpellingsError(TranslatorError, ValueError):
    """A spellings file that cannot be read: not UTF-8, or a line that is not `plain<TAB>written`."""


def plain(word: str) -> str:
    """`word` as a plain keyboard and a hurry type it: in lower case, without accents or apostrophes,
    n for ñ ("Contraseña": "contrasena", "don't": "dont")."""
    return word.lower().translate(_PLAIN)


def _spelling(entry: str) -> str:
    """A spellings entry's key: a word typed plain, or a word pair with its second word typed plain."""
    before, _, word = entry.rpartition(" ")
    return f"{before} {plain(word)}" if before else plain(word)


def read_spellings(path: Path) -> dict[str, str]:
    """The spellings file at `path`: one `plain<TAB>written` line per word ("dont<TAB>don't"), or
    `before plain<TAB>before written` per word pair (the word before as written: "dónde esta<TAB>dónde
    está"); `#` and blank lines ignored. SpellingsError names the line that is not one."""
    return read_spellings_file(path)[0]


def read_spellings_file(path: Path) -> tuple[dict[str, str], list[str]]:
    """The spellings file at `path` (`read_spellings`) and its header: the text of its `# ` lines, as
    `write_spellings` took it."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SpellingsError(f"{path}: cannot read the spellings file ({exc})") from None
    table: dict[str, str] = {}
    header = []
    for number, line in enumerate(lines, 1):
        if line.startswith("#"):
            header.append(line.removeprefix("#").removeprefix(" "))
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(fields) or _spelling(fields[1]) != fields[0]:
            raise SpellingsError(f"{path}:{number}: not `plain<TAB>written` ({line!r})")
        table[fields[0]] = fields[1]
    return table, header


def write_spellings(path: Path, table: Mapping[str, str], header: list[str]) -> None:
    lines = [f"# {line}" for line in header] + [f"{key}\t{table[key]}" for key in sorted(table)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class Typed:
    """A sentence as the model is to read it (`text`), whether its translation is to be written in
    capitals (`shouted`), and the keyboard accelerator taken out of it (`mnemonic`), to be put back."""

    text: str
    shouted: bool = False
    mnemonic: Mnemonic | None = None

    @property
    def rewrites(self) -> bool:
        """Whether `written` changes a translation."""
        return self.shouted or self.mnemonic is not None

    def written(self, translation: str) -> str:
        """`translation` in the form the sentence was typed in: in capitals when it was shouted, with
        its accelerator marker where the sentence had one (`translator.mnemonic.put_mnemonic`)."""
        return put_mnemonic(_upper(translation) if self.shouted else translation, self.mnemonic)


def _outside_spans(text: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in find_spans(text)]


def _words(text: str) -> list[re.Match[str]]:
    """The words of `text` outside its protected spans."""
    spans = _outside_spans(text)
    return [m for m in WORD.finditer(text) if not overlaps(m.start(), m.end(), spans)]


def _map_words(text: str, change: Callable[[str, int], str]) -> str:
    """`text` with each word outside its protected spans replaced by change(word, index among words)."""
    out, last = [], 0
    for index, match in enumerate(_words(text)):
        out += [text[last : match.start()], change(match.group(), index)]
        last = match.end()
    return "".join(out) + text[last:]


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
    words = [m.group() for m in _words(text)]
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


def _respelled(text: str, spellings: Mapping[str, str], question: bool) -> str:
    before = [START]  # the word before, in lower case, as read

    def change(word: str, index: int) -> str:
        key = plain(word)
        previous = before[0]
        before[0] = word.lower()
        if key != word.lower():
            return word  # typed with its accents or apostrophes: as typed
        pair = spellings.get(f"{previous} {key}")
        accented = pair.split(" ")[1] if pair else spellings.get(key)
        if accented is None and question and index == 0:
            accented = QUESTION_WORDS.get(key)
        if accented is None:
            return word
        before[0] = accented
        if word[:1].isupper():
            accented = accented[:1].upper() + accented[1:]
        return accented

    return _map_words(text, change)


# English "i" standing alone, or before a contraction's apostrophe ("i'm"); not "i.e.", "i-th" or "$i".
# A variable "i" ("i is the index", "i = 0", "i and j", "for i in ...") is left alone.
_LOWER_I = re.compile(
    r"(?<![\w.'’$/-])i(?=['’](?:m|ll|ve|d)\b|[\s,;:!?]|$)"
    r"(?!\s+(?:is|in|to|and|or|of|from|with|by|at|as|equals|plus|minus|times|over|[=<>+*/-]|[a-z]\b))"
)


def _capital_i(text: str) -> str:
    spans = _outside_spans(text)
    return _LOWER_I.sub(lambda m: m.group() if overlaps(m.start(), m.end(), spans) else "I", text)


def _opening_mark(text: str) -> str:
    """Spanish: "¿" or "¡" before a sentence that ends with "?" or "!" without having it."""
    stripped = text.rstrip()
    mark = _OPENING.get(stripped[-1:])
    if mark is None or mark in text or "¿" in text or "¡" in text:
        return text
    lead = _LEADING.match(text)
    at = lead.end() if lead else 0
    return text[:at] + mark + text[at:]


# A question typed without its "?": a question word first and, in English, a word that asks with it
# ("where is", "how much", "what's"); in Spanish one of the question words that start nothing else
# ("dónde", "cuánto", "cuál", "quién"; not "como", "cuando", "que", which also start statements).
_QUESTION = {
    "en": re.compile(
        r"^[^\w]*(?:(?:what|where|when|why|who|whom|whose|which|how)\s+(?:is|are|was|were|am|do|does|did|can|"
        r"could|will|would|shall|should|may|might|must|have|has|had|much|many|long|far|old|often)"
        r"|(?:what|where|who|how)['’](?:s|re))\s+\w",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"^[^\w]*(?:d[oó]nde|ad[oó]nde|cu[aá]nt[oa]s?|cu[aá]l(?:es)?|qui[eé]n(?:es)?)\s+\w+\s+\w", re.I
    ),
}
QUESTION_MIN_WORDS = 3
_ENDED = tuple(".?!…:;")


def _question_mark(text: str, src_lang: str) -> str:
    """`text` with "?" after it where it asks a question without one (`_QUESTION`), in three words or
    more, with no comma (Spanish "Donde hay humo, hay fuego") and no other question in it."""
    pattern = _QUESTION.get(src_lang)
    stripped = text.rstrip()
    if (
        pattern is None
        or stripped.endswith(_ENDED)
        or "," in stripped
        or "?" in stripped
        or len(WORD.findall(stripped)) < QUESTION_MIN_WORDS
        or not pattern.match(stripped)
    ):
        return text
    return stripped + "?" + text[len(stripped) :]


def read_typed(text: str, src_lang: str, spellings: Mapping[str, str] | None = None) -> Typed:
    """`text` as the model is to read it; see the module's description. `spellings`: the model's
    spellings.tsv (`read_spellings`), None for none."""
    text, mnemonic = strip_mnemonic(text)
    shouted = is_shouted(text)
    if shouted:
        text = _sentence_case(text, src_lang)
    # Text with an accent, ñ, an opening mark or an apostrophe anywhere was typed with them: its words
    # are as the writer meant them ("ahora esta tierra" is right; "esta" is no typo there).
    plain_typed = not _EDITED[src_lang].search(text) if src_lang in _EDITED else False
    if src_lang == "en":
        text = _capital_i(text)
        if spellings and plain_typed:
            text = _respelled(text, spellings, False)
        text = _question_mark(text, src_lang)
    elif src_lang == "es":
        text = _question_mark(text, src_lang)
        if plain_typed:
            text = _respelled(text, spellings or {}, text.rstrip().endswith("?"))
        text = _opening_mark(text)
    return Typed(text, shouted, mnemonic)


def capital_like(source: str, translation: str, lower: bool = False) -> str:
    """`translation` starting with a capital where `source` does: its first word (outside protected
    spans) capitalised where it is all lower case and the source's first word starts with a capital
    ("Orange" gave "naranja": "Naranja"; "¿dónde..." for "Where...": "¿Dónde..."). A first word in mixed
    case ("iPhone"), one after a number, placeholder or URL, and a source that starts in lower case are
    left as they are; with `lower`, a source that starts in lower case gets a translation that does
    where its first word is capitalised only ("to continue." gave "Para continuar.": "para
    continuar."), for a fragment of a sentence (`translator.markup`)."""
    source_words, words = _words(source), _words(translation)
    if not source_words or not words:
        return translation
    if re.search(r"\w", source[: source_words[0].start()]) or re.search(
        r"\w", translation[: words[0].start()]
    ):
        return translation  # a number, placeholder or URL comes first: no sentence start to change
    start, first = source_words[0].group()[:1], words[0].group()
    if start.isupper() and first.isalpha() and first.islower():
        written = first[0].upper()
    elif lower and start.islower() and first[:1].isupper() and first[1:].islower():
        written = first[0].lower()
    else:
        return translation
    return translation[: words[0].start()] + written + translation[words[0].start() + 1 :]


def apostrophes_like(source: str, translation: str) -> str:
    """`translation` with the apostrophes inside its words written as `source` writes its marks: the
    typographic one (’) where the source has a typographic quote or apostrophe (‘ ’ “ ”), a keyboard's (')
    otherwise. The model writes whichever its corpus had more of after the words it chose, so a sentence
    typed on a keyboard got "That’s your responsibility."; now "That's your responsibility.". Nothing
    inside a protected span changes."""
    want, other = ("’", "'") if _TYPOGRAPHIC.search(source) else ("'", "’")
    if other not in translation:
        return translation
    return _map_words(translation, lambda word, _index: word.replace(other, want))
