"""Languages and nationalities translated right, as the service answers.

    python -m bench languages [--model en-es=models/en-es] [--model es-en=models/es-en] [--count 400] \\
        [--data-dir data/prepared/general] [--splits test-tatoeba] [--decode beam] [--out bench/languages]

Two sets per direction:
- the language check set (the held-out frames of `training.languages`, seed 1, with the names
  training could draw: none that is a test line of the model's corpus): a translation counts as
  right where it holds the reference's language name or nationality adjective in the form its frame
  asks ("franceses", "French"), case aside; BLEU against the references;
- the lines of the held-out splits whose source names a language of the CLDR by its one-word name
  (English "French", Spanish "francés"): a line counts as right where its translation names the same
  language in any of its forms ("francés", "francesa", "franceses"; English "French"), case aside; BLEU
  against the references of those lines.

Writes OUT.json and OUT.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bench.report import check_set_direction, check_set_table, lines_where, run_check_set_bench
from training.evaluate import translate_lines
from training.languages import DEV_FRAMES, Language, language_pairs, languages
from training.places import held_out_lines
from translator.config import Decode
from translator.facade import Translator

OUT = Path(__file__).resolve().parent / "languages"
SPLITS = ["test-tatoeba"]
SHOWN = 6


def named(text: str, lang: str, every: list[Language]) -> list[Language]:
    """The languages `text` names by a whole word: English by name ("French"), Spanish by the name or
    its adjective's forms ("francés", "francesa", "franceses"), case aside."""
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    if lang == "en":
        return [language for language in every if language.english.lower() in words]
    return [
        language
        for language in every
        if words & {language.spanish.lower(), language.feminine.lower(), language.plural.lower()}
    ]


def score_direction(model: str, count: int, data_dir: str | None, splits: list[str], decode: Decode) -> dict:
    translator = Translator.load(model)
    src, tgt = translator.src_lang, translator.tgt_lang
    # the names training could teach: those of no dev or test line of the model's corpus (`training.trainer`)
    held_out = held_out_lines(Path(data_dir or translator.config.data.dir))
    expressions: list[str] = []
    sources, references = language_pairs(count, src, 1, DEV_FRAMES, held_out, expressions)
    served, _ = translate_lines(translator, sources, decode=decode, beam_size=None, alpha=None)
    misses = [
        {"source": s, "translation": h, "reference": r}
        for s, h, r, e in zip(sources, served, references, expressions, strict=True)
        if e.lower() not in h.lower()
    ]

    every = languages()
    # the languages each line names
    lines, refs, wanted = lines_where(translator, splits, data_dir, lambda line: set(named(line, src, every)))
    held: list[str] = []
    if lines:
        held, _ = translate_lines(translator, lines, decode=decode, beam_size=None, alpha=None)
    right = sum(set(named(h, tgt, every)) >= names for h, names in zip(held, wanted, strict=True))
    return check_set_direction(translator, "names", (served, references, misses), (held, refs, right), SHOWN)


def markdown(report: dict) -> str:
    lines = [
        "# Languages and nationalities translated right\n",
        f"`{report['command']}` on {report['date']}, {report['decode']} decoding, as the service answers. "
        f"Check set: {report['count']} pairs (the held-out frames of `training.languages`, with the names "
        "no test line holds), the translations holding the reference's language name or adjective in its "
        f"frame's form, and BLEU. Held out: the lines of {', '.join(report['splits'])} whose source names "
        "a language of the CLDR, those whose translation names every one of them, and their BLEU.\n",
        "| direction | model | check set: names right | BLEU | held-out lines | named right | BLEU |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += check_set_table(report, "names")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    return run_check_set_bench("languages", __doc__, OUT, SPLITS, argv, score_direction, markdown)


if __name__ == "__main__":
    sys.exit(main())
