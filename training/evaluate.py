"""Batch evaluation: translate a test set with a trained model, score BLEU and chrF, optionally beside
the Apertium baseline.

    python -m training.evaluate --model DIR --split dev|test|test-web [--data-dir DIR] [--baseline apertium]
    python -m training.evaluate --model DIR --split tatoeba|bible|docs|ui|... [--baseline apertium]
    python -m training.evaluate --model DIR --split all [--baseline apertium]   # one table, every test set
    python -m training.evaluate --model DIR --src FILE --ref FILE [--ref FILE ...] [--json]

Hypotheses are written to --output (default `<model dir>/hyps.<split|custom>.<decode>.txt`). Bad input
(missing or misaligned files, a corrupt model, no apertium) prints one line on stderr and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import torch
from tqdm import tqdm

from training.corpus import split_paths
from training.scoring import Scores, score
from translator.apertium import apertium_translate
from translator.cli_types import (
    add_domain_option,
    add_lexicon_options,
    add_memory_option,
    alpha,
    lexicon_choice,
    positive_int,
)
from translator.config import Decode
from translator.decoding import DecodeOptions
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.precision import PRECISIONS

# Lines per translate() call: small enough for a smooth progress bar, large enough for full batches.
CHUNK_LINES = 256
BASELINES = ("apertium",)
# --split NAME reads NAME.{src,tgt} of the prepared directory, or test-NAME where there is no NAME: the
# Bible corpus has dev, test and test-web (data.extra_train: [web]); the general corpus test-tatoeba,
# test-bible, test-bible-web, test-docs, test-ui and their dev- twins. "all" evaluates every test-* split
# there is (or "test" alone) into one table.
ALL = "all"


class EvaluationError(TranslatorError, ValueError):
    """The input is unusable (missing, unreadable or misaligned files); the message says which."""


@dataclass(frozen=True)
class SystemResult:
    """One system's scores on the test set and how fast it translated it."""

    name: str
    scores: Scores
    seconds: float
    sentences_per_second: float


@dataclass(frozen=True)
class EvalResult:
    model: str  # the checkpoint file that was loaded
    step: int
    src_lang: str
    tgt_lang: str
    source: str
    references: list[str]
    output: str
    sentences: int
    decode: str
    beam_size: int | None  # None for greedy decoding
    alpha: float
    device: str
    precision: str
    system: SystemResult
    baseline: SystemResult | None = None
    lexicon: str | None = None  # the lexicon file the fallback used (translator.lexicon); None: none
    # With a lexicon: the same search's output as the model wrote it, scored, and its file.
    no_lexicon: SystemResult | None = None
    no_lexicon_output: str | None = None
    domain: str | None = None  # the domain the lines were translated as (Translator.domains); None: none
    # True: each line split into sentences and translated as the service does (translator.segment);
    # False: each line one model input.
    by_sentence: bool = True
    # The translation memory the search consulted (translator.memory): its settings; None: none.
    memory: dict | None = None

    def to_dict(self) -> dict:
        return asdict(self)


def memory_settings(translator: Translator) -> dict | None:
    """How the translator's search consults its translation memory, for reports; None without one."""
    memory = translator.model.translation_memory
    if memory is None:
        return None
    s = memory.settings
    return {
        "entries": s.entries,
        "weight": s.weight,
        "neighbours": s.neighbours,
        "temperature": s.temperature,
        "probes": s.probes,
    }


def read_lines(path: Path) -> list[str]:
    """A file's lines as `wc -l` counts them: split on "\\n" only, since str.splitlines() would also
    split on characters such as U+2028 that can occur inside a sentence and so break alignment."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvaluationError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise EvaluationError(f"{path}: is a directory, expected a text file") from None
    except UnicodeDecodeError as exc:
        raise EvaluationError(f"{path}: not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot read ({exc.strerror})") from None
    if not text:
        return []
    return [line.removesuffix("\r") for line in text.removesuffix("\n").split("\n")]


def write_lines(path: Path, lines: list[str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    except OSError as exc:
        raise EvaluationError(f"{path}: cannot write hypotheses ({exc.strerror})") from None


def input_paths(
    translator: Translator,
    split: str | None,
    src: str | Path | None,
    refs: list[str | Path] | None,
    data_dir: str | Path | None,
) -> tuple[Path, list[Path]]:
    """The source file and reference files: from the model's data directory for a split, else as given."""
    if split is not None:
        split = resolve_split(translator, split, data_dir)
        src_path, ref_path = split_paths(translator.config, split, data_dir)
        return src_path, [ref_path]
    if src is None or not refs:
        raise EvaluationError("give either a split or a source file and at least one reference file")
    return Path(src), [Path(r) for r in refs]


def available_splits(translator: Translator, data_dir: str | Path | None) -> list[str]:
    """The splits of the model's prepared directory that have both a source and a reference file."""
    cfg = translator.config
    directory = Path(data_dir or cfg.data.dir)
    names = {p.name.removesuffix(f".{cfg.data.src_lang}") for p in directory.glob(f"*.{cfg.data.src_lang}")}
    return sorted(n for n in names if (directory / f"{n}.{cfg.data.tgt_lang}").is_file())


def resolve_split(translator: Translator, split: str, data_dir: str | Path | None) -> str:
    """The split file name for a name given on the command line: "tatoeba" is test-tatoeba unless a split
    called tatoeba exists. EvaluationError listing the splits there are when neither exists."""
    splits = available_splits(translator, data_dir)
    for name in (split, f"test-{split}"):
        if name in splits:
            return name
    where = data_dir or translator.config.data.dir
    raise EvaluationError(
        f"{where}: no {split} split here (splits: {', '.join(splits) or 'none'}); prepare the data "
        "(python -m data.prepare) or point --data-dir at it"
    )


def test_splits(translator: Translator, data_dir: str | Path | None) -> list[str]:
    """What --split all evaluates: every test-* split, the plain test split first."""
    splits = available_splits(translator, data_dir)
    return [s for s in splits if s == "test"] + [s for s in splits if s.startswith("test-")]


def load_test_set(
    src_path: Path, ref_paths: list[Path], limit: int | None
) -> tuple[list[str], list[list[str]]]:
    """Source lines and reference streams, checked to be line-aligned, cut to the first `limit` lines."""
    source = read_lines(src_path)
    references = [read_lines(path) for path in ref_paths]
    for path, stream in zip(ref_paths, references, strict=True):
        if len(stream) != len(source):
            raise EvaluationError(
                f"line counts differ: {src_path} has {len(source)} lines but {path} has {len(stream)}"
            )
    if not source:
        raise EvaluationError(f"{src_path}: no lines to translate")
    if limit is not None:
        source, references = source[:limit], [stream[:limit] for stream in references]
    return source, references


def default_output(model: str | Path, split: str | None, decode: str) -> Path:
    """`<model dir>/hyps.<split or 'custom'>.<decode>.txt`; a checkpoint file's directory is its parent."""
    model = Path(model)
    directory = model.parent if model.is_file() else model
    return directory / f"hyps.{split or 'custom'}.{decode}.txt"


def timed(
    name: str, translate: Callable[[], list[str]], references: list[list[str]]
) -> tuple[list[str], SystemResult]:
    """Run a system over the test set, timing it, and score its output."""
    start = time.perf_counter()
    hypotheses = translate()
    return hypotheses, system_result(name, hypotheses, references, time.perf_counter() - start)


def system_result(
    name: str, hypotheses: list[str], references: list[list[str]], seconds: float
) -> SystemResult:
    """A system's output scored, with the seconds it took."""
    rate = len(hypotheses) / max(seconds, 1e-9)  # never a division by zero, never a non-JSON infinity
    return SystemResult(name, score(hypotheses, references), seconds, rate)


def translate_lines(
    translator: Translator,
    lines: list[str],
    *,
    decode: Decode,
    beam_size: int | None,
    alpha: float | None,
    progress: bool = True,
    lexicon: bool = True,
    domain: str | None = None,
    by_sentence: bool = True,
) -> tuple[list[str], list[str]]:
    """The model's best translation of each line, and the same search's output as the model wrote it
    (without the lexicon fallback: the same texts where `lexicon` is off or the model has none).
    Translated CHUNK_LINES at a time under a progress bar; domain: as `Translator.translate`;
    by_sentence: each line split into sentences (and a sentence over the service's default
    MT_MAX_SENTENCE_SUBWORDS cut) and joined again, as the service translates a text
    (`Translator.segmented`), the lexicon applied to each sentence as there; False: each
    line is one model input."""

    served: list[str] = []
    own: list[str] = []
    with tqdm(total=len(lines), unit="line", desc=f"translating ({decode})", disable=not progress) as bar:
        for start in range(0, len(lines), CHUNK_LINES):
            chunk = lines[start : start + CHUNK_LINES]
            plan = translator.segmented(chunk, domain) if by_sentence else None
            results = translator.translate(
                plan.pieces if plan else chunk,
                decode=decode,
                beam_size=beam_size,
                alpha=alpha,
                lexicon=lexicon,
                domain=domain,
            )
            texts = [r.text for r in results]
            owns = [r.text if r.own_text is None else r.own_text for r in results]
            served.extend(plan.join(texts) if plan else texts)
            own.extend(plan.join(owns) if plan else owns)
            bar.update(len(chunk))
    return served, own


def evaluate(
    model: str | Path | Translator,
    *,
    split: str | None = None,
    src: str | Path | None = None,
    refs: list[str | Path] | None = None,
    data_dir: str | Path | None = None,
    decode: Decode | None = None,
    beam_size: int | None = None,
    alpha: float | None = None,
    baseline: str | None = None,
    output: str | Path | None = None,
    device: str | None = None,
    precision: str = "auto",
    compile: bool = False,
    limit: int | None = None,
    progress: bool = True,
    lexicon: str | Path | bool = True,
    domain: str | None = None,
    by_sentence: bool = True,
    memory: str | Path | bool = True,
) -> EvalResult:
    """Translate a split (or a source file) with the model at `model`, write the hypotheses and score
    them against the references; with baseline="apertium", score Apertium on the same lines too.
    decode, beam_size, alpha: None takes the model's setting. `model` may be a loaded Translator (to
    score many sets without loading it each time); device, precision and compile are then its own.
    lexicon: as `Translator.load` says (True: the model's lexicon.tsv, if any; False: none; or a file); with
    a loaded Translator, False turns its lexicon off and True keeps it.
    domain: translate as text of that domain (`Translator.domains`: its tag before every sentence, as in
    training and as the service's `domain` option does); None, the default, tags nothing, as the service's
    default, whatever the split.
    by_sentence: split each line into sentences as the service splits a text (True, the default), or
    translate each line as one model input.
    memory: the translation memory, as `Translator.load` says (True: the one beside the model, if any);
    with a loaded Translator, its own.

    Raises EvaluationError, CheckpointError, DecodingError or ApertiumError on bad input.
    """
    if baseline is not None and baseline not in BASELINES:
        raise EvaluationError(f"unknown baseline {baseline!r}; choose from {list(BASELINES)}")
    if device == "cuda" and not torch.cuda.is_available():
        raise EvaluationError("device cuda requested but no CUDA device is available")
    if isinstance(model, Translator):
        translator = model
    else:
        translator = Translator.load(
            model, device=device, precision=precision, compile=compile, lexicon=lexicon, memory=memory
        )
    words = translator.lexicon if lexicon is not False else None  # False turns a loaded one off
    src_path, ref_paths = input_paths(translator, split, src, refs, data_dir)
    source, references = load_test_set(src_path, ref_paths, limit)
    translator.check_domain(domain)
    settings = DecodeOptions(decode, beam_size, alpha).resolve(translator.config.decoding)
    beam = settings.beam_size if settings.decode == "beam" else None

    start = time.perf_counter()
    hypotheses, own = translate_lines(
        translator,
        source,
        decode=settings.decode,
        beam_size=beam,
        alpha=settings.alpha,
        progress=progress,
        lexicon=words is not None,
        domain=domain,
        by_sentence=by_sentence,
    )
    seconds = time.perf_counter() - start
    system = system_result("model", hypotheses, references, seconds)
    if output is None:
        output = default_output(translator.metadata["path"], split, settings.decode)
    out_path = Path(output)
    write_lines(out_path, hypotheses)
    no_lexicon = own_path = None
    if words is not None:  # one search, two outputs, one time
        own_path = out_path.with_name(f"{out_path.stem}.no-lexicon{out_path.suffix}")
        write_lines(own_path, own)
        no_lexicon = system_result("model, no lexicon", own, references, seconds)
    baseline_result = None
    if baseline == "apertium":
        _, baseline_result = timed(
            "apertium",
            lambda: apertium_translate(source, translator.src_lang, translator.tgt_lang),
            references,
        )
    return EvalResult(
        model=translator.metadata["path"],
        step=translator.metadata["step"],
        src_lang=translator.src_lang,
        tgt_lang=translator.tgt_lang,
        source=str(src_path),
        references=[str(p) for p in ref_paths],
        output=str(out_path),
        sentences=len(source),
        decode=settings.decode,
        beam_size=beam,
        alpha=settings.alpha,
        device=str(translator.device),
        precision=translator.precision,
        system=system,
        baseline=baseline_result,
        lexicon=words.path if words is not None else None,
        no_lexicon=no_lexicon,
        no_lexicon_output=str(own_path) if own_path else None,
        domain=domain,
        by_sentence=by_sentence,
        memory=memory_settings(translator),
    )


def format_table(results: list[tuple[str, EvalResult]]) -> str:
    """--split all: one row per test set, the baseline's scores beside ours (markdown)."""
    first = results[0][1]
    settings = first.decode + (f", beam {first.beam_size}, alpha {first.alpha:g}" if first.beam_size else "")
    lines = [
        f"{first.model} (step {first.step}), {first.src_lang} -> {first.tgt_lang}, {settings}",
        "",
        "| test set | sentences | BLEU | chrF | Apertium BLEU | Apertium chrF |",
        "|---|---|---|---|---|---|",
    ]
    for split, r in results:
        base = r.baseline
        apertium = f"{base.scores.bleu:.1f} | {base.scores.chrf:.1f}" if base else "- | -"
        ours = f"{r.system.scores.bleu:.1f} | {r.system.scores.chrf:.1f}"
        lines.append(f"| {split} | {r.sentences} | {ours} | {apertium} |")
    lines += ["", f"BLEU signature: {first.system.scores.bleu_signature}"]
    return "\n".join(lines)


def format_report(result: EvalResult) -> str:
    """A readable summary: what was evaluated, a score table, then the sacrebleu signatures."""
    settings = f"{result.decode}" + (f", beam size {result.beam_size}" if result.beam_size else "")
    if result.domain:
        settings += f", domain {result.domain}"
    if not result.by_sentence:
        settings += ", whole lines"
    lines = [
        f"model     {result.model} (step {result.step}), {result.src_lang} -> {result.tgt_lang}",
        f"source    {result.source} ({result.sentences} sentences)",
        f"reference {', '.join(result.references)}",
        f"decoding  {settings}, alpha {result.alpha:g}, device {result.device} ({result.precision})",
        f"output    {result.output}",
        "",
        f"{'system':<10} {'BLEU':>6} {'chrF':>6} {'time (s)':>9} {'sent/s':>8}",
    ]
    for system in (result.system, result.baseline):
        if system is not None:
            lines.append(
                f"{system.name:<10} {system.scores.bleu:6.2f} {system.scores.chrf:6.2f} "
                f"{system.seconds:9.1f} {system.sentences_per_second:8.1f}"
            )
    # Every system is scored against the same references, so the signatures are shared.
    lines += [
        "",
        f"BLEU signature: {result.system.scores.bleu_signature}",
        f"chrF signature: {result.system.scores.chrf_signature}",
    ]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m training.evaluate", description=__doc__.split("\n")[0])
    p.add_argument("--model", required=True, help="model directory, run directory or checkpoint file")
    data = p.add_mutually_exclusive_group(required=True)
    data.add_argument(
        "--split",
        help="a split of the model's prepared data: dev, test, test-web, tatoeba, bible, docs, ui, ... "
        "(NAME or test-NAME); all: every test set, one table",
    )
    data.add_argument("--src", help="source file, one sentence per line (needs --ref)")
    p.add_argument("--ref", action="append", help="reference file for --src; repeat for several references")
    p.add_argument("--data-dir", help="with --split: read the split here instead of the model's data.dir")
    p.add_argument("--decode", choices=["greedy", "beam"], help="default: the model's decoding.decode")
    p.add_argument("--beam-size", type=positive_int, help="default: the model's decoding.beam_size")
    p.add_argument("--alpha", type=alpha, help="length normalisation; default: the model's decoding.alpha")
    p.add_argument("--baseline", choices=BASELINES, help="also score this system on the same source lines")
    p.add_argument("--output", help="hypotheses file (default: <model dir>/hyps.<split|custom>.<decode>.txt)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    p.add_argument("--device", choices=["cpu", "cuda"], default=None, help="default: cuda when present")
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="auto",
        help="fp16/bf16 (GPU), int8 (CPU), fp32; auto: fp16 on CUDA, fp32 on the CPU",
    )
    p.add_argument("--compile", action="store_true", help="fuse the attention with torch.compile (faster)")
    add_lexicon_options(p)
    add_memory_option(p)
    add_domain_option(p)
    p.add_argument("--limit", type=positive_int, default=None, help="evaluate only the first N lines")
    p.add_argument(
        "--whole-lines",
        action="store_true",
        help="translate each line as one model input (default: split into sentences, as the service does)",
    )
    return p


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args = p.parse_args(argv)
    if args.src is not None and not args.ref:
        p.error("--src needs at least one --ref")
    if args.split is not None and args.ref:
        p.error("--ref goes with --src; a split's references come from its data directory")
    if args.data_dir is not None and args.split is None:
        p.error("--data-dir goes with --split")
    common = dict(
        data_dir=args.data_dir,
        decode=args.decode,
        beam_size=args.beam_size,
        alpha=args.alpha,
        baseline=args.baseline,
        device=args.device,
        precision=args.precision,
        compile=args.compile,
        limit=args.limit,
        lexicon=lexicon_choice(args),
        domain=args.domain,
        by_sentence=not args.whole_lines,
        memory=not args.no_memory,
    )
    if args.split == ALL:
        try:
            splits = test_splits(Translator.load(args.model, device=args.device), args.data_dir)
            if not splits:
                raise EvaluationError("no test splits in the model's prepared data (python -m data.prepare)")
            results = [(split, evaluate(args.model, split=split, **common)) for split in splits]
        except TranslatorError as exc:
            return cli_error(exc)
        print(
            json.dumps({s: r.to_dict() for s, r in results}, indent=2) if args.json else format_table(results)
        )
        return 0
    try:
        result = evaluate(
            args.model, split=args.split, src=args.src, refs=args.ref, output=args.output, **common
        )
    except TranslatorError as exc:
        return cli_error(exc)
    print(json.dumps(result.to_dict(), indent=2) if args.json else format_report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
