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

import argparse
import re
import sys
from pathlib import Path

import sacrebleu

from bench.report import run_models
from training.corpus import split_paths
from training.evaluate import load_test_set, resolve_split, translate_lines
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
    found = count - len(misses)

    every = languages()
    lines: list[str] = []
    refs: list[str] = []
    wanted: list[set[Language]] = []  # the languages each line names
    for split in splits:
        src_path, ref_path = split_paths(
            translator.config, resolve_split(translator, split, data_dir), data_dir
        )
        split_lines, split_refs = load_test_set(src_path, [ref_path], None)
        for line, ref in zip(split_lines, split_refs[0], strict=True):
            if names := set(named(line, src, every)):
                lines.append(line)
                refs.append(ref)
                wanted.append(names)
    held: list[str] = []
    if lines:
        held, _ = translate_lines(translator, lines, decode=decode, beam_size=None, alpha=None)
    right = sum(set(named(h, tgt, every)) >= names for h, names in zip(held, wanted, strict=True))
    return {
        "model": translator.metadata["path"],
        "step": translator.metadata["step"],
        "check_set": {
            "pairs": count,
            "names": found,
            "bleu": sacrebleu.corpus_bleu(served, [references]).score,
            "misses": misses[:SHOWN],
        },
        "held_out": {
            "lines": len(lines),
            "right": right,
            "bleu": sacrebleu.corpus_bleu(held, [refs]).score if lines else None,
        },
    }


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
    for direction, r in report["directions"].items():
        c, h = r["check_set"], r["held_out"]
        bleu = "—" if h["bleu"] is None else f"{h['bleu']:.2f}"
        lines.append(
            f"| {direction} | {r['model']} (step {r['step']}) | {c['names']}/{c['pairs']} | {c['bleu']:.2f} "
            f"| {h['lines']} | {h['right']}/{h['lines']} | {bleu} |"
        )
    for direction, r in report["directions"].items():
        lines += ["", f"Some misses of the check set, {direction} (source → translation; reference):", ""]
        for miss in r["check_set"]["misses"]:
            lines.append(f"- `{miss['source']}` → `{miss['translation']}`; `{miss['reference']}`")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    def score(path: str, args: argparse.Namespace) -> dict:
        return score_direction(path, args.count, args.data_dir, args.splits, args.decode)

    return run_models("languages", __doc__, OUT, SPLITS, argv, score, markdown, check_set=True)


if __name__ == "__main__":
    sys.exit(main())
