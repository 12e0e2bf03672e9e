"""Build a model's lexicon (`translator.lexicon`) from the dictionaries in its training corpus.

    python -m training.lexicon --data-dir data/prepared/general-names --src en --tgt es \\
        --out models/en-es/lexicon.tsv

Reads the train split only (`train.{src,tgt,origin}`), never a dev or test set. The entries come from
the pairs whose origin kind is a dictionary (`--kinds`, default apertium-dict and freedict) and whose
source side is one lower-case word. The rest of the train split decides:

- which words to leave out: a word that occurs `--min-target-count` times or more in the target side
  (English "no", "local", "error" are Spanish words too; a copy of them may be right), and a word the
  source side writes capitalised inside a sentence more often than not (a name: "Tom", "Mark");
- which translation to keep when the dictionaries give several: the one found most often in the
  target side of the pairs whose source has the word ("police": "policía" over "policial"), the
  dictionaries' first on a tie;
- which plurals to add: the dictionaries hold lemmas, so for an entry whose translation is one word,
  the plural forms English and Spanish spelling rules allow (`plural_forms`) are looked up in the corpus.
  A plural of the source word found in the source side gets the plural of the translation found most
  often in the target side ("umbrellas": "paraguas", "bicicletas": "bicycles"); nothing is added
  where either side has none.

The file's `#` header names the data, the kinds, their packages and licences (from manifest.json).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections import Counter, defaultdict
from pathlib import Path

from tqdm import tqdm

from translator.errors import TranslatorError, cli_error
from translator.lexicon import WORD, Lexicon

log = logging.getLogger(__name__)

DICTIONARY_KINDS = ("apertium-dict", "freedict")
MIN_TARGET_COUNT = 3


class LexiconBuildError(TranslatorError, ValueError):
    """The prepared data cannot give a lexicon: missing or misaligned files, no dictionary pairs."""


def _read_train(data_dir: Path, src: str, tgt: str) -> tuple[list[str], list[str], list[str]]:
    paths = [data_dir / f"train.{ext}" for ext in (src, tgt, "origin")]
    for path in paths:
        if not path.is_file():
            raise LexiconBuildError(f"{path}: no such file (prepare the corpus: python -m data.prepare)")
    sources, targets, origins = (p.read_text(encoding="utf-8").splitlines() for p in paths)
    if not len(sources) == len(targets) == len(origins):
        raise LexiconBuildError(
            f"{data_dir}: train.{src}, train.{tgt} and train.origin differ in length "
            f"({len(sources)}, {len(targets)}, {len(origins)})"
        )
    return sources, targets, origins


def _kind(origin: str) -> str:
    return origin.split(":", 1)[0]


_UNACCENTED = str.maketrans("áéíóú", "aeiou")


def plural_forms(word: str) -> list[str]:
    """The plurals English or Spanish spelling could give `word` (lower case); the corpus tells which
    exist. A word ending in s may be its own plural (Spanish "paraguas", "lunes")."""
    forms = [word + "s", word + "es"]
    if word.endswith("y"):
        forms.append(word[:-1] + "ies")  # city: cities
    if word.endswith("z"):
        forms.append(word[:-1] + "ces")  # luz: luces
    last = max(word.rfind(v) for v in "áéíóú")
    if last >= 0:  # canción: canciones, inglés: ingleses
        forms.append(word[:last] + word[last].translate(_UNACCENTED) + word[last + 1 :] + "es")
    if word.endswith("s"):
        forms.append(word)
    return forms


def build(
    sources: list[str],
    targets: list[str],
    origins: list[str],
    kinds: tuple[str, ...] = DICTIONARY_KINDS,
    min_target_count: int = MIN_TARGET_COUNT,
    progress: bool = False,
) -> tuple[Lexicon, dict[str, int]]:
    """The lexicon of aligned train lines, and counts of what was kept and left out."""
    candidates: dict[str, list[str]] = defaultdict(list)
    dictionary = [_kind(o) in kinds for o in origins]
    for source, target, is_dict in zip(sources, targets, dictionary, strict=True):
        word, target = source.strip(), target.strip()
        if is_dict and word == word.lower() and WORD.fullmatch(word) and target and target != word:
            if target not in candidates[word]:
                candidates[word].append(target)
    stats = {"dictionary_words": len(candidates)}
    if not candidates:
        raise LexiconBuildError(
            f"no one-word dictionary pairs of kinds {', '.join(kinds)} in the train split"
        )

    in_target: Counter[str] = Counter()
    in_source: Counter[str] = Counter()
    lower: Counter[str] = Counter()  # source words written in lower case
    capital: Counter[str] = Counter()  # ... capitalised inside a sentence
    together: Counter[tuple[str, str]] = Counter()
    rows = zip(sources, targets, dictionary, strict=True)
    for source, target, is_dict in tqdm(rows, total=len(sources), desc="counting", disable=not progress):
        if is_dict:
            continue
        target_words = [w.lower() for w in WORD.findall(target)]
        in_target.update(target_words)
        found = set()
        for i, match in enumerate(WORD.finditer(source)):
            word = match.group()
            key = word.lower()
            in_source[key] += 1
            if key not in candidates:
                continue
            found.add(key)
            if word == key:
                lower[key] += 1
            elif (
                i > 0 and word[0].isupper() and source[match.start() - 2 : match.start()].strip() not in ".!?"
            ):
                capital[key] += 1
        if found:
            padded = f" {' '.join(target_words)} "
            for key in found:
                for candidate in candidates[key]:
                    if f" {' '.join(w.lower() for w in WORD.findall(candidate))} " in padded:
                        together[key, candidate] += 1

    entries = {}
    stats.update(target_language_words=0, names=0)
    for key, options in candidates.items():
        if in_target[key] >= min_target_count:
            stats["target_language_words"] += 1
        elif capital[key] > lower[key]:
            stats["names"] += 1
        else:
            entries[key] = max(options, key=lambda c: (together[key, c], -options.index(c)))
    plurals = {}
    for key, translation in entries.items():
        if WORD.fullmatch(translation) is None:
            continue  # a phrase: which of its words takes the plural is not a spelling rule
        attested = [f for f in plural_forms(translation.lower()) if in_target[f]]
        if not attested:
            continue
        target_plural = max(attested, key=lambda f: in_target[f])
        for form in plural_forms(key):
            if (
                form != key
                and form not in candidates
                and in_source[form]
                and in_target[form] < min_target_count
            ):
                plurals[form] = target_plural
    entries.update((form, plural) for form, plural in plurals.items() if form not in entries)
    stats["plurals"] = len(plurals)
    stats["entries"] = len(entries)
    return Lexicon(entries), stats


def _provenance(data_dir: Path, kinds: tuple[str, ...]) -> list[str]:
    """One header line per dictionary kind: its packages and licence, from the corpus manifest."""
    try:
        manifest = json.loads((data_dir / "manifest.json").read_text(encoding="utf-8"))
        described = {s["kind"]: s for s in manifest["source"]["sources"]}
    except (OSError, ValueError, KeyError, TypeError):
        return [f"{kind}: no manifest.json in {data_dir} to name its packages" for kind in kinds]
    lines = []
    for kind in kinds:
        source = described.get(kind, {})
        packages = (
            ", ".join(f"{p} {v}" for p, v in source.get("packages", {}).items()) or "not in the manifest"
        )
        lines.append(f"{kind}: {packages}; licence {source.get('licence', 'unknown')}")
    return lines


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.lexicon", description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--data-dir", required=True, help="prepared corpus folder (train.SRC, train.TGT, train.origin)"
    )
    p.add_argument("--src", required=True, help="source language code, e.g. en")
    p.add_argument("--tgt", required=True, help="target language code, e.g. es")
    p.add_argument("--out", required=True, help="lexicon file to write, e.g. models/en-es/lexicon.tsv")
    p.add_argument(
        "--kinds", nargs="+", default=list(DICTIONARY_KINDS), help="origin kinds that are dictionaries"
    )
    p.add_argument(
        "--min-target-count",
        type=int,
        default=MIN_TARGET_COUNT,
        help="leave out words found this often in the target side (default %(default)s)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parser().parse_args(argv)
    data_dir = Path(args.data_dir)
    kinds = tuple(args.kinds)
    try:
        sources, targets, origins = _read_train(data_dir, args.src, args.tgt)
        lexicon, stats = build(sources, targets, origins, kinds, args.min_target_count, progress=True)
    except TranslatorError as exc:
        return cli_error(exc)
    header = [
        f"{args.src} -> {args.tgt} lexicon for the copied-word fallback (translator/lexicon.py)",
        f"built by: python -m training.lexicon --data-dir {args.data_dir} --src {args.src} --tgt {args.tgt}"
        f" --kinds {' '.join(kinds)} --min-target-count {args.min_target_count}",
        *_provenance(data_dir, kinds),
        ", ".join(f"{k}: {v}" for k, v in stats.items()),
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    lexicon.write(out, header)
    log.info("wrote %s: %s", out, ", ".join(f"{k} {v}" for k, v in stats.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
