"""Text as people type it: the dev Tatoeba lines in capitals, Spanish without its accents, English in lower
case without apostrophes, translated with and without `translator.typed` (the Translator's `read_typed`).

    python -m bench typed [--model en-es=models/en-es] [--model es-en=models/es-en] \\
        [--split dev-tatoeba] [--limit N] [--decode greedy] [--out bench/typed.md]

Each variant of the source lines is translated twice, by the same model and search: as the model reads
text by default (`read_typed` on) and as it reads it without (off). The score is case-insensitive
sacrebleu BLEU against the reference (a translation of shouting comes out in capitals, the reference is
in sentence case), so the "as written" row also shows what `read_typed` costs on edited text.

Variants: as written; in capitals (`str.upper`, which is also what Caps Lock gives); for a Spanish
source, without accents, ñ or the opening ¿ ¡ (what a keyboard without them gives); for an English
source, in lower case without apostrophes ("i dont know", typed in a hurry); and in lower case without
the closing . ? ! and the opening ¿ ¡ ("where is the station").
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import sacrebleu

from bench.quality import parse_models
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.letters import PLAIN, dropping

OUT = Path(__file__).resolve().parent / "typed.md"
_UNMARKED = dropping(PLAIN, "¿¡")


def _plain(line: str) -> str:
    """`line` without its accents, ñ, ¿ and ¡, its case kept."""
    return line.translate(_UNMARKED)


def _hurried(line: str) -> str:
    """`line` in lower case without apostrophes ("i dont know")."""
    return line.lower().replace("'", "").replace("’", "")


def _unpunctuated(line: str) -> str:
    """`line` in lower case without its closing . ? ! or its opening ¿ ¡ ("where is the station")."""
    return line.lower().replace("¿", "").replace("¡", "").rstrip().rstrip(".?!…").rstrip()


VARIANTS: dict[str, tuple[Callable[[str], str], tuple[str, ...]]] = {
    # name -> (what it does to a source line, the source languages it applies to)
    "as written": (lambda line: line, ("en", "es")),
    "in capitals": (str.upper, ("en", "es")),
    "without accents, ñ, ¿ or ¡": (_plain, ("es",)),
    "in lower case, without apostrophes": (_hurried, ("en",)),
    "in lower case, without the end's punctuation or ¿ ¡": (_unpunctuated, ("en", "es")),
}


def score(
    direction: str, model: str, split: str, data_dir: Path | None, limit: int | None, decode: str
) -> list[dict]:
    translator = Translator.load(model)
    src, tgt = translator.src_lang, translator.tgt_lang
    data_dir = data_dir or Path(translator.config.data.dir)
    sources = (data_dir / f"{split}.{src}").read_text(encoding="utf-8").splitlines()[:limit]
    references = (data_dir / f"{split}.{tgt}").read_text(encoding="utf-8").splitlines()[:limit]
    rows = []
    for name, (change, languages) in VARIANTS.items():
        if src not in languages:
            continue
        typed = [change(line) for line in sources]
        row = {"direction": direction, "variant": name, "lines": len(typed)}
        for on in (True, False):
            translator.read_typed = on
            outputs = [t.text for t in translator.translate(typed, decode=decode)]  # type: ignore[arg-type]
            metric = sacrebleu.BLEU(lowercase=True)
            row["on" if on else "off"] = round(metric.corpus_score(outputs, [references]).score, 2)
            row["signature"] = str(metric.get_signature())
        rows.append(row)
        print(f"[typed] {direction} {name}: on {row['on']}, off {row['off']}", file=sys.stderr)
    return rows


def render(rows: list[dict], command: str) -> str:
    lines = [
        "# Text as people type it",
        "",
        f"`{command}`. Case-insensitive BLEU of each direction's dev lines, the source written as",
        "typed; `translator.typed` on (as served) and off. See bench/typed.py.",
        "",
        "| direction | source as | lines | read_typed on | read_typed off |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['direction']} | {r['variant']} | {r['lines']:,} | {r['on']:.2f} | {r['off']:.2f} |"
        for r in rows
    ]
    if rows:
        lines += ["", f"BLEU signature: `{rows[0]['signature']}`"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    p = argparse.ArgumentParser(prog="python -m bench typed", description=__doc__.splitlines()[0])
    p.add_argument("--model", action="append", default=[], metavar="DIRECTION=PATH")
    p.add_argument("--split", default="dev-tatoeba", help="split of --data-dir (default %(default)s)")
    p.add_argument("--data-dir", type=Path, default=None, help="default: the model's prepared corpus")
    p.add_argument("--limit", type=int, default=None, help="first N lines only")
    p.add_argument("--decode", choices=["greedy", "beam"], default="greedy")
    p.add_argument("--out", type=Path, default=OUT, help="default: bench/typed.md")
    args = p.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        p.error("--limit must be at least 1")
    try:
        rows = [
            row
            for direction, model in parse_models(args.model).items()
            for row in score(direction, model, args.split, args.data_dir, args.limit, args.decode)
        ]
    except TranslatorError as exc:
        return cli_error(exc)
    except OSError as exc:
        return cli_error(TranslatorError(str(exc)))
    text = render(rows, " ".join(["python -m bench typed", *argv]))
    args.out.write_text(text, encoding="utf-8")
    args.out.with_suffix(".json").write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
