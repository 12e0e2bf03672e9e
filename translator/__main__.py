"""Command line: `python -m translator translate --model DIR < input > output`, and `export`."""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterable, Iterator

from translator.checkpoint import export_model
from translator.cli_types import (
    add_domain_option,
    add_lexicon_options,
    add_memory_option,
    alpha,
    lexicon_choice,
    positive_int,
)
from translator.decoding import DecodeOptions, DecodingError
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.markup import HtmlDocument, translate_document
from translator.precision import PRECISIONS

# Lines are read and translated in chunks so output starts before stdin ends.
CHUNK_LINES = 512


def _chunks(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    it = iter(lines)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _metric(value: str) -> tuple[str, float]:
    name, _, number = value.partition("=")
    try:
        if not name.strip():
            raise ValueError
        return name.strip(), float(number)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected NAME=NUMBER, got {value!r}") from None


def _decoding_override(value: str) -> str:
    """KEY=VALUE of the decoding section, as `translator.config.apply_overrides` takes it
    ("decoding.KEY=VALUE"; the value read as YAML reads a config file's: "false", "1.25", "beam")."""
    key, sep, _ = value.partition("=")
    if not sep or not key.strip():
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {value!r}")
    return f"decoding.{value.strip()}"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m translator", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    t = sub.add_parser("translate", help="translate stdin lines to stdout lines (or stdin's HTML)")
    t.add_argument("--model", required=True, help="model directory, run directory or checkpoint file")
    t.add_argument("--decode", choices=["greedy", "beam"], help="default: the model's decoding.decode")
    t.add_argument("--beam-size", type=positive_int, help="default: the model's decoding.beam_size")
    t.add_argument("--alpha", type=alpha, help="length normalisation; default: the model's decoding.alpha")
    t.add_argument(
        "--n-best",
        type=positive_int,
        default=1,
        help="N > 1 prints up to N lines per input (hypotheses the repairs make one text come once): "
        "`i ||| text ||| score`",
    )
    t.add_argument("--device", default=None, help="cpu or cuda (default: cuda when present)")
    t.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="fp16/bf16: half precision (GPU); int8: dynamic quantisation (CPU); "
        "auto: fp16 on CUDA, fp32 on the CPU",
    )
    t.add_argument(
        "--compile",
        action="store_true",
        help="fuse the attention with torch.compile: faster on long inputs, seconds to start",
    )
    t.add_argument(
        "--format",
        choices=["text", "html"],
        default="text",
        help="html: stdin is one HTML document or fragment, whose text is translated and whose markup is "
        "kept (translator.markup); default: text, one input per line",
    )
    add_lexicon_options(t)
    add_memory_option(t)
    add_domain_option(t)
    e = sub.add_parser("export", help="write a compact model directory (model.pt) from a checkpoint")
    e.add_argument("--checkpoint", required=True, help="run directory (best.pt) or checkpoint file")
    e.add_argument("--out", required=True, help="model directory to write, e.g. models/en-es")
    e.add_argument("--fp32", action="store_true", help="keep float32 weights (default: float16)")
    e.add_argument(
        "--metric",
        action="append",
        default=[],
        type=_metric,
        metavar="NAME=NUMBER",
        help="record a score in the model's metadata, e.g. --metric test_bleu=31.4 (repeatable)",
    )
    e.add_argument(
        "--decoding",
        action="append",
        default=[],
        type=_decoding_override,
        metavar="KEY=VALUE",
        help="set a decoding default the model carries (a key of the config's decoding section: decode, "
        "beam_size, alpha, early_stop, max_len_a, max_len_b, batch_tokens), e.g. --decoding alpha=1.25 "
        "(repeatable)",
    )
    return p


def translate(args: argparse.Namespace) -> int:
    translator = Translator.load(
        args.model,
        device=args.device,
        precision=args.precision,
        compile=args.compile,
        lexicon=lexicon_choice(args),
        memory=not args.no_memory,
    )
    # The search flags left out take the model's settings; n_best is checked here to name the flags.
    search = DecodeOptions(args.decode, args.beam_size, args.alpha).resolve(translator.config.decoding)
    if search.decode == "greedy" and args.n_best != 1:
        raise DecodingError("--n-best needs --decode beam")
    if args.n_best > search.beam_size:
        raise DecodingError(f"--n-best {args.n_best} exceeds --beam-size {search.beam_size}")
    translator.check_domain(args.domain)  # before reading stdin
    if args.format == "html":
        if args.n_best != 1:
            raise DecodingError("--n-best needs --format text")
        sys.stdout.write(translate_document(HtmlDocument(sys.stdin.read()), translator, search, args.domain))
        return 0
    lines = (line.rstrip("\n") for line in sys.stdin)
    index = 0
    for chunk in _chunks(lines, CHUNK_LINES):
        results = translator.translate(
            chunk,
            decode=search.decode,
            beam_size=search.beam_size,
            alpha=search.alpha,
            n_best=args.n_best,
            domain=args.domain,
        )
        for result in results:
            if args.n_best == 1:
                print(result.text)
            else:
                for alt in result.n_best:
                    print(f"{index} ||| {alt.text} ||| {alt.score:.4f}")
            index += 1
        sys.stdout.flush()
    return 0


def export(args: argparse.Namespace) -> int:
    out = export_model(
        args.checkpoint, args.out, half=not args.fp32, metrics=dict(args.metric), overrides=args.decoding
    )
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB)")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return translate(args) if args.command == "translate" else export(args)
    except TranslatorError as exc:
        return cli_error(exc)
    except UnicodeDecodeError as exc:
        print(f"error: standard input is not valid UTF-8: {exc.reason} at byte {exc.start}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
