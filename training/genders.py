"""Build a Spanish gender table (`translator.agreement`) from the target side of a training corpus.

    python -m training.genders --data-dir data/prepared/general-prose --lang es \\
        --out models/en-es/target_genders.tsv

Reads `train.LANG` only, never a dev or test set. Every determiner with a gender (el, un, este, ese,
aquel, nuestro, vuestro, del, al and their forms; not mi, tu, su) is counted against the word after it.
A word gets the article of its most counted class (el, la, los, las) where it follows such determiners
`MIN_COUNT` times or more and that class makes up `SHARE` of them: "taza" (la), "agua" (el, as the
corpus writes "el agua"). Words that follow both genders often ("capital", "orden", "cometa") or that
are determiners themselves are left out, and so is a word with a digit. `python -m training.lexicon`
writes the same table beside a Spanish lexicon.
"""

from __future__ import annotations

import argparse
import logging
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path

from tqdm import tqdm

from translator.agreement import ARTICLE_CLASS, DETERMINERS, FORM_INDEX, GENDERS_FILE, write_genders
from translator.errors import TranslatorError, cli_error

log = logging.getLogger(__name__)

MIN_COUNT = 10
SHARE = 0.95
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


def header(data_dir: str, lang: str, genders: dict[str, str], min_count: int, share: float) -> list[str]:
    """The `#` lines of a gender table: what it is and how it was built."""
    return [
        f"{lang} words and the article they take, {len(genders)} of them: determiner agreement "
        "(translator/agreement.py)",
        f"built from {data_dir}/train.{lang}: a word's determiners, {min_count} or more, "
        f"{share:.0%} or more of one gender and number",
    ]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", required=True, help="prepared corpus with train.LANG")
    p.add_argument("--lang", default="es", choices=["es"], help="the target language (Spanish only)")
    p.add_argument("--out", required=True, help=f"table to write, e.g. models/en-es/{GENDERS_FILE}")
    p.add_argument("--min-count", type=int, default=MIN_COUNT, help="determiners a word needs")
    p.add_argument("--share", type=float, default=SHARE, help="share of one gender and number it needs")
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parser().parse_args(argv)
    path = Path(args.data_dir) / f"train.{args.lang}"
    try:
        if not path.is_file():
            raise TranslatorError(f"{path}: no such file (prepare the corpus: python -m data.prepare)")
        try:
            with path.open(encoding="utf-8") as lines:
                genders = noun_genders(lines, args.min_count, args.share, progress=True)
        except (OSError, UnicodeDecodeError) as exc:
            raise TranslatorError(f"{path}: cannot read it: {exc}") from None
    except TranslatorError as exc:
        return cli_error(exc)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_genders(out, genders, header(args.data_dir, args.lang, genders, args.min_count, args.share))
    log.info("wrote %s: %d words", out, len(genders))
    return 0


if __name__ == "__main__":
    sys.exit(main())
