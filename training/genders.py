"""Build the Spanish agreement tables (`translator.agreement`) from the target side of a training corpus.

    python -m training.genders --data-dir data/prepared/general-names \\
        --out models/en-es/target_genders.tsv

Reads `train.es` only, never a dev or test set, and writes two tables:

- the gender table (`--out`): every determiner with a gender (el, un, este, ese, aquel, nuestro,
  vuestro, del, al and their forms; not mi, tu, su) is counted against the word after it. A word gets
  the article of its most counted class (el, la, los, las) where it follows such determiners
  `MIN_COUNT` times or more and that class makes up `SHARE` of them: "taza" (la), "agua" (el, as the
  corpus writes "el agua"). Words that follow both genders often ("capital", "orden", "cometa") or
  that are determiners themselves are left out, and so is a word with a digit. `python -m
  training.lexicon` writes the same table beside a Spanish lexicon.
- the adjective table (`target_adjectives.tsv` beside it; not with `--no-adjectives`): the words of
  the corpus found `KNOWN_MIN_COUNT` times or more that Apertium's Spanish analyser (`lt-proc` with
  `spa-eng.automorf.bin` of Debian's apertium-eng-spa, GPL-2.0; `--analyser`) reads as an adjective of
  one gender and number and otherwise as a noun only (no verb, participles included, no preposition
  such as "bajo", no adverb), grouped by lemma with the forms the corpus lacks made by the lemma's
  regular endings: "italiano", "italiana", "italianos", "italianas" (`adjective_rows`). "solo" and
  "medio" are left out: today's Spanish writes the adverbs so ("solo" for "only"). The analyser
  itself is not shipped; only this table is.
- the predicate table (`target_predicates.tsv` beside it, with the adjective table): the forms of the
  words that agree with the subject of "ser", "estar" or "parecer" ("La puerta está abierta"): those
  the analyser reads as an adjective whatever else they may be ("frío", also a noun and a verb;
  "lleno"), or as a participle and never a noun ("cerrado", "cansado"; not "soldado"), but no word it
  reads as a determiner, pronoun or preposition ("todo", "bajo") and not "justo" or "primero", mostly
  adverbs there ("fue justo lo que"), grouped and completed as above
  (`predicate_rows`).
"""

from __future__ import annotations

import argparse
import logging
import re
import shutil
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from tqdm import tqdm

from translator.agreement import (
    ADJECTIVES_FILE,
    ARTICLE_CLASS,
    DETERMINERS,
    FORM_INDEX,
    PREDICATES_FILE,
    write_adjectives,
    write_genders,
)
from translator.errors import TranslatorError, cli_error

log = logging.getLogger(__name__)

MIN_COUNT = 10
SHARE = 0.95
# A word found fewer times may be a typo: not a known word (here and in training.lexicon's target_words.txt).
KNOWN_MIN_COUNT = 2
ANALYSER = Path("/usr/share/apertium/apertium-eng-spa/spa-eng.automorf.bin")
NOT_AGREEING = frozenset({"solo", "medio"})  # lemmas whose masculine singular is mostly an adverb
# Lemmas whose masculine singular after "ser" is mostly an adverb: "fue justo lo que", "fue primero".
NOT_PREDICATE = NOT_AGREEING | {"justo", "primero"}
_WORD = re.compile(r"\w+")
# A determiner with a gender -> the article of its class (un -> el, esas -> las); mi, tu, su have none.
_CLASS_OF = {
    form: article
    for forms in DETERMINERS.values()
    if forms[0] != forms[1]
    for form, article in zip(forms, ARTICLE_CLASS, strict=True)
    if " " not in form
}
assert all(FORM_INDEX[ARTICLE_CLASS[a]] == i for i, a in enumerate(ARTICLE_CLASS))
# One lttoolbox reading: ^surface/analysis/analysis$; an adjective's analysis: lemma<adj>[<sup>]<g><n>.
_READING = re.compile(r"\^([^/$]+)/([^$]*)\$")
_ADJECTIVE = re.compile(r"([^<]+)<adj>(?:<sup>)?<([mf])><(sg|pl)>$")
_FORM_OF = {("m", "sg"): 0, ("f", "sg"): 1, ("m", "pl"): 2, ("f", "pl"): 3}
# A participle's analysis: verb<vblex>[<pron>]<pp><g><n>.
_PARTICIPLE = re.compile(r"[^<]+<vblex>(?:<pron>)?<pp><([mf])><(sg|pl)>$")
# Readings that make a word no predicate adjective: determiner, pronoun, preposition.
_NOT_PREDICATE = re.compile(r"<(?:det|prn|pr)>")


def noun_genders(
    lines: Iterable[str], min_count: int = MIN_COUNT, share: float = SHARE, progress: bool = False
) -> dict[str, str]:
    """Word -> the article (el, la, los, las) of the determiners before it in `lines`, where they
    settle it."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for line in tqdm(lines, desc="counting determiners", unit=" lines", disable=not progress):
        words = _WORD.findall(line.lower())
        for determiner, word in zip(words, words[1:], strict=False):
            article = _CLASS_OF.get(determiner)
            if article is not None and word not in DETERMINERS and word.isalpha():
                counts[word][article] += 1
    genders = {}
    for word, found in counts.items():
        total = found.total()
        article, top = found.most_common(1)[0]
        if total >= min_count and top >= share * total:
            genders[word] = article
    return genders


def adjective_rows(readings: str) -> list[tuple[str, str, str, str]]:
    """The four forms (m sg, f sg, m pl, f pl) of each adjective in `readings`, the lttoolbox output
    (`^surface/analysis/...$`) of the corpus's words. A word counts where its analyses are one
    adjective's of one gender and number and, besides, nouns only ("italiano" is a person too); a
    lemma one of whose forms a verb, a participle, a preposition ("bajo") or an adverb could be is
    left out. The forms the corpus lacks are made by the regular endings of the lemma (o/a/os/as,
    és/esa/eses/esas, án, ón, ín and or the same); a lemma of another ending needs all four in the
    corpus."""
    found_forms: dict[str, dict[int, str]] = defaultdict(dict)
    unsafe = set(NOT_AGREEING)  # lemmas one of whose forms may be something else
    for found in _READING.finditer(readings):
        surface, analyses = found.group(1), found.group(2).split("/")
        adjectival = {m.groups() for a in analyses if (m := _ADJECTIVE.match(a))}
        if not all("<adj>" in analysis or "<n>" in analysis for analysis in analyses):
            unsafe.update(lemma for lemma, _, _ in adjectival)
            continue
        if len(adjectival) == 1:
            ((lemma, gender, number),) = adjectival
            found_forms[lemma][_FORM_OF[gender, number]] = surface
    return _completed_rows(found_forms, unsafe)


def _completed_rows(
    found_forms: dict[str, dict[int, str]],
    unsafe: set[str],
    keep: Callable[[str, set[str]], bool] | None = None,
) -> list[tuple[str, str, str, str]]:
    """Each lemma's four forms (m sg, f sg, m pl, f pl): those found, the others by its regular endings;
    none of a lemma of `unsafe`, or not all four, or one `keep` (lemma, forms) refuses."""
    rows = []
    for lemma, known in found_forms.items():
        if lemma in unsafe:
            continue
        forms = dict(_regular_forms(lemma)) | known
        if (
            len(forms) == 4
            and len(set(forms.values())) == 4
            and (keep is None or keep(lemma, set(forms.values())))
        ):
            rows.append((forms[0], forms[1], forms[2], forms[3]))
    return rows


def predicate_rows(readings: str) -> list[tuple[str, str, str, str]]:
    """The four forms (m sg, f sg, m pl, f pl) of each word of `readings` (lttoolbox output) that may
    agree with the subject of "ser" or "estar": an adjective's forms wherever the analyser finds one, a
    participle's where no reading of its forms is a noun; none of a word one of whose readings is a
    determiner, a pronoun or a preposition. Completed as `adjective_rows` completes its rows."""
    found_forms: dict[str, dict[int, str]] = defaultdict(dict)
    unsafe = set(NOT_PREDICATE)
    nouns: set[str] = set()  # words with a noun reading
    adjectives: set[str] = set()  # lemmas with an adjective reading
    for found in _READING.finditer(readings):
        surface, analyses = found.group(1), found.group(2).split("/")
        adjectival = {m.groups() for a in analyses if (m := _ADJECTIVE.match(a))}
        adjectives.update(lemma for lemma, _, _ in adjectival)
        if any("<n>" in a for a in analyses):
            nouns.add(surface)
        if any(_NOT_PREDICATE.search(a) for a in analyses):
            unsafe.update(lemma for lemma, _, _ in adjectival)
            continue
        if not adjectival:
            for a in analyses:
                if (m := _PARTICIPLE.match(a)) is not None:
                    ending = _ENDINGS["o"][_FORM_OF[m.group(1), m.group(2)]]  # a participle's are o/a/os/as
                    if surface.endswith(ending):
                        stem = surface[: len(surface) - len(ending)]
                        adjectival.add((stem + "o", m.group(1), m.group(2)))
        for lemma, gender, number in adjectival:
            found_forms[lemma][_FORM_OF[gender, number]] = surface

    def keep(lemma: str, forms: set[str]) -> bool:  # not a participle one of whose forms is a noun: "soldado"
        return lemma in forms and (lemma in adjectives or not nouns.intersection(forms))

    return _completed_rows(found_forms, unsafe, keep)


# A lemma's ending -> the endings of its four forms (m sg, f sg, m pl, f pl).
_ENDINGS = {
    "o": ("o", "a", "os", "as"),
    "és": ("és", "esa", "eses", "esas"),
    "án": ("án", "ana", "anes", "anas"),
    "ón": ("ón", "ona", "ones", "onas"),
    "ín": ("ín", "ina", "ines", "inas"),
    "or": ("or", "ora", "ores", "oras"),
}


def _regular_forms(lemma: str) -> list[tuple[int, str]]:
    """(index, form) of the four forms of `lemma` by its ending's regular endings; none for another."""
    for ending, endings in _ENDINGS.items():
        if lemma.endswith(ending) and len(lemma) > len(ending):
            stem = lemma[: -len(ending)]
            return [(index, stem + e) for index, e in enumerate(endings)]
    return []


def analyse(words: list[str], analyser: Path) -> str:
    """lt-proc's readings of `words` (one a line) with `analyser`; TranslatorError when it cannot run."""
    if shutil.which("lt-proc") is None or not analyser.is_file():
        raise TranslatorError(
            f"the adjective table needs lt-proc and {analyser} (./data/install_packages.sh installs "
            "apertium-eng-spa), or --no-adjectives"
        )
    result = subprocess.run(
        ["lt-proc", str(analyser)], input="\n".join(words) + "\n", capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise TranslatorError(f"lt-proc {analyser} failed: {result.stderr.strip()[:200]}")
    return result.stdout


def known_words(lines: Iterable[str], min_count: int = KNOWN_MIN_COUNT) -> list[str]:
    """The lower-case words of `lines` found `min_count` times or more, letters only, sorted."""
    counts = Counter(word for line in lines for word in _WORD.findall(line.lower()) if word.isalpha())
    return sorted(word for word, count in counts.items() if count >= min_count)


def header(data_dir: str, lang: str, genders: dict[str, str], min_count: int, share: float) -> list[str]:
    """The `#` lines of a gender table: what it is and how it was built."""
    return [
        f"{lang} words and the article they take, {len(genders)} of them: determiner agreement "
        "(translator/agreement.py)",
        f"built from {data_dir}/train.{lang}: a word's determiners, {min_count} or more, "
        f"{share:.0%} or more of one gender and number",
    ]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m training.genders",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--data-dir", required=True, help="prepared corpus with train.LANG")
    p.add_argument("--lang", default="es", choices=["es"], help="the target language (Spanish only)")
    p.add_argument("--out", required=True, help="gender table to write, e.g. models/en-es/target_genders.tsv")
    p.add_argument("--min-count", type=int, default=MIN_COUNT, help="determiners a word needs")
    p.add_argument("--share", type=float, default=SHARE, help="share of one gender and number it needs")
    p.add_argument("--analyser", default=str(ANALYSER), help="Apertium's Spanish analyser (lttoolbox)")
    p.add_argument("--no-adjectives", action="store_true", help=f"write no {ADJECTIVES_FILE}")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parser().parse_args(argv)
    path = Path(args.data_dir) / f"train.{args.lang}"
    out = Path(args.out)
    try:
        if not path.is_file():
            raise TranslatorError(f"{path}: no such file (prepare the corpus: python -m data.prepare)")
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise TranslatorError(f"{path}: cannot read it: {exc}") from None
        genders = noun_genders(lines, args.min_count, args.share, progress=True)
        rows = predicates = None
        if not args.no_adjectives:
            readings = analyse(known_words(lines), Path(args.analyser))
            rows, predicates = adjective_rows(readings), predicate_rows(readings)
    except TranslatorError as exc:
        return cli_error(exc)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_genders(out, genders, header(args.data_dir, args.lang, genders, args.min_count, args.share))
    log.info("wrote %s: %d words", out, len(genders))
    if rows is not None:
        write_adjectives(
            out.with_name(ADJECTIVES_FILE),
            rows,
            [
                f"{args.lang} adjectives by their four forms, {len(rows)} of them: adjective agreement "
                "(translator/agreement.py)",
                f"built from the words of {args.data_dir}/train.{args.lang} found {KNOWN_MIN_COUNT} times or "
                f"more, read by Apertium's analyser {args.analyser} (apertium-eng-spa; licence GPL-2.0)",
            ],
        )
        log.info("wrote %s: %d adjectives", out.with_name(ADJECTIVES_FILE), len(rows))
    if predicates is not None:
        write_adjectives(
            out.with_name(PREDICATES_FILE),
            predicates,
            [
                f"{args.lang} adjectives and participles by their four forms, {len(predicates)} of them: "
                "agreement with the subject of ser / estar (translator/agreement.py)",
                f"built from the words of {args.data_dir}/train.{args.lang} found {KNOWN_MIN_COUNT} times or "
                f"more, read by Apertium's analyser {args.analyser} (apertium-eng-spa; licence GPL-2.0)",
            ],
        )
        log.info("wrote %s: %d words", out.with_name(PREDICATES_FILE), len(predicates))
    return 0


if __name__ == "__main__":
    sys.exit(main())
