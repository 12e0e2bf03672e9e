"""HTML pages translated as the command line does (`python -m translator translate --format html`):
for each page, its units of text with inline elements and how many of them got their tags around the
whole sentence's translation (the rest go node by node, `translator.markup`), its texts and the time.

    python -m bench html --model models/en-es PAGE.html [PAGE.html ...]

It prints a Markdown table; `--out-dir DIR` writes each translated page into DIR under its own name.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from translator.decoding import DecodeOptions
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.markup import HtmlDocument, translate_document


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench html", description=__doc__.split("\n\n")[0])
    p.add_argument("pages", nargs="+", type=Path, help="HTML files")
    p.add_argument("--model", required=True, help="model directory, e.g. models/en-es")
    p.add_argument("--decode", choices=["greedy", "beam"], help="default: the model's")
    p.add_argument("--out-dir", type=Path, help="write each translated page here, under its own name")
    args = p.parse_args(argv)
    try:
        translator = Translator.load(args.model)
        search = DecodeOptions(args.decode).resolve(translator.config.decoding)
        rows = []
        for page in args.pages:
            try:
                html = page.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise TranslatorError(f"{page}: cannot read it ({exc})") from None
            start = time.perf_counter()
            document = HtmlDocument(html)
            out = translate_document(document, translator, search)
            seconds = time.perf_counter() - start
            if args.out_dir:
                args.out_dir.mkdir(parents=True, exist_ok=True)
                (args.out_dir / page.name).write_text(out, encoding="utf-8")
            rows.append(
                f"| `{page.name}` | {len(html):,} | {len(document.texts):,} | {document.inline_units:,} | "
                f"{document.placed:,} | {seconds:.1f} |"
            )
    except TranslatorError as exc:
        return cli_error(exc)
    print(f"`python -m bench html --model {args.model}` ({search.decode}), on the CPU:\n")
    print("| page | characters | texts | units with inline elements | tags placed in the whole | s |")
    print("|---|---|---|---|---|---|")
    print("\n".join(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
