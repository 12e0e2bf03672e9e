"""Everyday verb forms translated right, as the service answers.

    python -m bench verbs [--model en-es=models/en-es] [--model es-en=models/es-en] [--count 400] \\
        [--data-dir data/prepared/general] [--splits test-tatoeba] [--decode beam] [--out bench/verbs]

Two sets per direction:
- the verb check set (`training.verbs`' held-out verbs, seed 1, no pair a dev or test line of the model's
  corpus): a translation counts as right where it holds the reference's verb form ("olvidé",
  "olvidado"; English "forgot", "forgotten", the base form after an auxiliary), case aside; BLEU against
  the references;
- the lines of the held-out splits whose source holds a form of a verb of the table (`training.verbs`,
  training's and the check set's verbs, by whole word): a line counts as right where its translation
  holds a form of each such verb (any person or tense, or the infinitive; English any form), case aside;
  BLEU against the references of those lines.

Writes OUT.json and OUT.md.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bench.report import check_set_direction, check_set_table, lines_where, run_check_set_bench
from training.evaluate import translate_lines
from training.places import held_out_lines
from training.verbs import DEV_VERBS, EN_FORMS, read_table, verb_pairs
from translator.config import Decode
from translator.facade import Translator

OUT = Path(__file__).resolve().parent / "verbs"
SPLITS = ["test-tatoeba"]
SHOWN = 6


def forms_by_verb(lang: str, table: dict | None = None) -> dict[str, frozenset[str]]:
    """Each verb of the table (by its lemma in `lang`) with its forms in `lang`, lower-cased: English the
    base, third person, past and participle; Spanish every person and tense of the table, the
    participle and the infinitive. Two English verbs of one Spanish verb ("watch", "see") share it."""
    out: dict[str, set[str]] = {}
    for (en, es), row in (read_table() if table is None else table).items():
        if lang == "en":
            out.setdefault(en, set()).update(row[c] for c in EN_FORMS)
        else:
            columns = [c for c in row if c not in ("en", "es", *EN_FORMS)]
            out.setdefault(es, set()).update({es, *(row[c] for c in columns)})
    return {lemma: frozenset(f.lower() for f in forms) for lemma, forms in out.items()}


def verbs_in(text: str, forms: dict[str, frozenset[str]]) -> set[str]:
    """The verbs of `forms` a form of which `text` holds as a whole word, case aside."""
    words = set(re.findall(r"[^\W\d_]+", text.lower()))
    return {lemma for lemma, own in forms.items() if words & own}


def pairs_of(lang_from: str, lang_to: str, table: dict | None = None) -> dict[str, set[str]]:
    """Each verb's lemma in `lang_from` with its lemmas in `lang_to` (the table's pairs)."""
    pairs: dict[str, set[str]] = {}
    for en, es in read_table() if table is None else table:
        a, b = (en, es) if lang_from == "en" else (es, en)
        pairs.setdefault(a, set()).add(b)
    return pairs


def score_direction(model: str, count: int, data_dir: str | None, splits: list[str], decode: Decode) -> dict:
    translator = Translator.load(model)
    src, tgt = translator.src_lang, translator.tgt_lang
    held_out = held_out_lines(Path(data_dir or translator.config.data.dir))
    expressions: list[str] = []
    sources, references = verb_pairs(count, src, 1, DEV_VERBS, held_out, expressions)
    served, _ = translate_lines(translator, sources, decode=decode, beam_size=None, alpha=None)
    misses = [
        {"source": s, "translation": h, "reference": r}
        for s, h, r, e in zip(sources, served, references, expressions, strict=True)
        if not re.search(rf"\b{re.escape(e.lower())}\b", h.lower())
    ]

    table = read_table()  # read once for the three views of it
    source_forms, target_forms = forms_by_verb(src, table), forms_by_verb(tgt, table)
    pairs = pairs_of(src, tgt, table)
    # the source verbs each line holds
    lines, refs, wanted = lines_where(translator, splits, data_dir, lambda line: verbs_in(line, source_forms))
    held: list[str] = []
    if lines:
        held, _ = translate_lines(translator, lines, decode=decode, beam_size=None, alpha=None)
    right = 0
    for hypothesis, verbs in zip(held, wanted, strict=True):
        written = verbs_in(hypothesis, target_forms)
        right += all(pairs[verb] & written for verb in verbs)
    return check_set_direction(translator, "right", (served, references, misses), (held, refs, right), SHOWN)


def markdown(report: dict) -> str:
    lines = [
        "# Everyday verb forms translated right\n",
        f"`{report['command']}` on {report['date']}, {report['decode']} decoding, as the service answers. "
        f"Check set: {report['count']} pairs (the held-out verbs of `training.verbs` in every person, "
        "tense and form), the translations holding the reference's verb form, and BLEU. Held out: the "
        f"lines of {', '.join(report['splits'])} whose source holds a form of a verb of training.verbs' "
        "table, those whose translation holds a form of each such verb, and their BLEU.\n",
        "| direction | model | check set: verb forms right | BLEU | held-out lines | verbs kept | BLEU |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += check_set_table(report, "right")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    return run_check_set_bench("verbs", __doc__, OUT, SPLITS, argv, score_direction, markdown)


if __name__ == "__main__":
    sys.exit(main())
