"""The English and Spanish names of languages and territories in the Unicode CLDR, as a dictionary file for
the models' lexicons (`python -m training.lexicon --extra-dictionary FILE`).

    python -m data.cldr --out data/cache/pairs/cldr-names.tsv

A translation service meets the names of peoples, languages and countries everywhere, and a model copies
the rarer ones untranslated ("una carta en Icelandic", "las fuerzas Macedonian"). The CLDR, which
Babel (a well-kept library) carries, gives each name in both languages: languages ("Lithuanian" →
"lituano"; Spanish writes them in lower case, and the masculine singular is also the adjective of the
people and the country) and territories ("Lithuania" → "Lituania"). The file holds the names of the
languages and countries with a two-letter code (ISO 639-1, ISO 3166-1: not the minor languages, whose
names are often personal names too, such as "Zaza", nor regions such as the World) that are one word in
both languages and differ other than in case and accents ("Icelandic" → "islandés", not
"Tamil" → "tamil"), one `English<TAB>Spanish` line each, after `#` lines that say what it is, the CLDR
and Babel versions and the licence. training.lexicon treats them as its other dictionary pairs: a name
the target side of the corpus writes as the source does (a personal name such as "Zaza") is left out,
and none that is a test line is kept.

Not training data: no model trains on it.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
import unicodedata
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_cldr_version

from translator.errors import TranslatorError, cli_error

log = logging.getLogger(__name__)

LICENCE = "Unicode-3.0 (the CLDR data; Babel's code: BSD-3-Clause)"
# ISO 639-1 languages and ISO 3166 countries: two letters. The CLDR also names hundreds of minor languages
# (three letters: "zza" is Zaza, a personal name in the Bible) and regions ("001" is the World).
_MAJOR = re.compile(r"[a-zA-Z]{2}")
_ONE_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def _plain(text: str) -> str:
    """`text` in lower case without accents: "Islandés" -> "islandes"."""
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_pairs() -> list[tuple[str, str, str]]:
    """(English, Spanish, what) of the CLDR's language and territory names that are one word in both
    languages and differ other than in case and accents; `what` is "language" or "territory"."""
    english, spanish = Locale("en"), Locale("es")
    pairs = []
    for what, en_names, es_names in (
        ("language", english.languages, spanish.languages),
        ("territory", english.territories, spanish.territories),
    ):
        for code in sorted(en_names):
            if not _MAJOR.fullmatch(code):
                continue
            en, es = en_names[code], es_names.get(code)
            if es is None or not (_ONE_WORD.fullmatch(en) and _ONE_WORD.fullmatch(es)):
                continue
            if _plain(en) != _plain(es):
                pairs.append((en, es, what))
    return pairs


def header(pairs: list[tuple[str, str, str]]) -> list[str]:
    """The file's `#` lines: what it holds, where from, under which licence."""
    counts = {what: sum(1 for p in pairs if p[2] == what) for what in ("language", "territory")}
    return [
        f"English and Spanish one-word names of {counts['language']} languages and {counts['territory']} "
        "territories (python -m data.cldr)",
        f"cldr: Unicode CLDR {get_cldr_version()} (babel {babel.__version__}); licence {LICENCE}",
    ]


def write(path: Path, pairs: list[tuple[str, str, str]]) -> None:
    lines = [f"# {line}" for line in header(pairs)]
    lines += [f"{en}\t{es}" for en, es, _ in pairs]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    p = argparse.ArgumentParser(prog="python -m data.cldr", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", required=True, help="TSV to write, e.g. data/cache/pairs/cldr-names.tsv")
    args = p.parse_args(argv)
    pairs = name_pairs()
    try:
        write(Path(args.out), pairs)
    except OSError as exc:
        return cli_error(TranslatorError(f"{args.out}: cannot write it: {exc}"))
    log.info("wrote %s: %d names", args.out, len(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
