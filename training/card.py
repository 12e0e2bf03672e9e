"""Model cards: the Markdown README of a shipped model, rendered from the facts on disk.

    python -m training.card --model models/general-en-es --run runs/general-en-es \\
        [--manifest data/prepared/general/manifest.json] [--quality bench/quality.json] \\
        [--limits LIMITS.md] [--out models/general-en-es/README.md]

It reads the checkpoint (architecture, parameters, step, whether it is an average), the run directory
(config.yaml, metrics.jsonl, train.log), the prepared data's manifest (sources, licences, pairs, split),
optionally the scores of `python -m bench quality` and a hand-written list of known limits. Defaults:
the manifest in the model's data.dir, the card beside the model. A retrained model gets its card by
running this again, not by editing the old one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from training.augment import TITLE_CASE_KIND
from training.average import averaged_from
from training.languages import LANGUAGES_KIND
from training.languages import LICENCE as LANGUAGES_LICENCE
from training.mixing import Mixer
from training.numerals import LICENCE as NUMERALS_LICENCE
from training.numerals import NUMERALS_KIND
from training.places import LICENCE as PLACES_LICENCE
from training.places import PLACES_KIND
from training.verbs import LICENCE as VERBS_LICENCE
from training.verbs import VERBS_KIND
from translator.agreement import ADJECTIVES_FILE, GENDERS_FILE, PREDICATES_FILE
from translator.associations import ASSOCIATIONS_FILE
from translator.checkpoint import Checkpoint, build_model, load_checkpoint, resolve_model_file
from translator.config import Config, load_config
from translator.errors import TranslatorError, cli_error
from translator.languages import language_name
from translator.lexicon import KNOWN_WORDS_FILE, LEXICON_FILE, Lexicon
from translator.memory import MEMORY_INDEX, MEMORY_SETTINGS, MemorySettings
from translator.search import describe_search
from translator.tokenizer import MANIFEST
from translator.typed import SPELLINGS_FILE, read_spellings_file

PROG = "python -m training.card"
# A line of train.log (`2026-12-02 19:30:37,576 INFO hardware: ...`) or a bare `hardware: ...` line.
HARDWARE = re.compile(r"^(?:\S+ \S+ [A-Z]+ )?hardware:?\s+(.+?)\s*$")
# Trainer.start_from's line: the step of the model a continued run began with, as it was then (the file
# may since have been replaced, e.g. by this run's own export to the same models/ directory).
STARTED = re.compile(r"starting from the weights of \S+ \(its step (\d+)\)")
# The trainer's log of a kind it drew, title-case copies among them (training.augment).
# The synthetic source kinds training adds (training.numeral_pairs, .place_pairs, .language_pairs,
# .verb_pairs), each
# with the licence of what it is made of.
SYNTHETIC = {
    NUMERALS_KIND: NUMERALS_LICENCE,
    PLACES_KIND: PLACES_LICENCE,
    LANGUAGES_KIND: LANGUAGES_LICENCE,
    VERBS_KIND: VERBS_LICENCE,
}
DRAWN = re.compile(r"source (\S+): (\d+) pairs, [\d.]+% of an epoch")
NONE = "—"


class CardError(TranslatorError, ValueError):
    """A file the card is made from is missing or unreadable, or belongs to another model."""


@dataclass(frozen=True)
class Run:
    """What a run directory records of its training."""

    config_path: Path
    config: Config
    steps: int | None  # the step of the last metrics line
    seconds: float | None  # training time of the last metrics line that has one
    hardware: list[str]  # train.log's hardware lines, distinct, oldest first
    start_step: int | None = None  # train.log: the step of the training.init_from model when the run began
    title_case_pairs: int = 0  # train.log: the title-case copies training added (training.augment)
    # train.log: the synthetic pairs training added, per kind of SYNTHETIC (training.numerals, .places,
    # .languages)
    synthetic: dict[str, int] = field(default_factory=dict)


def read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CardError(f"{path}: no such {what}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CardError(f"{path}: unreadable {what} ({exc})") from None


def read_manifest(path: Path, src: str, tgt: str) -> dict[str, Any]:
    """A general corpus' manifest (data/prepare.py) of the model's language pair, in either direction:
    one prepared directory serves both."""
    manifest = read_json(path, "manifest")
    try:
        languages = {manifest["languages"]["src"], manifest["languages"]["tgt"]}
        complete = "sources" in manifest["source"] and "per_kind" in manifest and "counts" in manifest
    except (KeyError, TypeError):
        complete = False
    if not complete:
        raise CardError(
            f"{path}: not a general corpus manifest (no sources or per-kind counts); "
            "a model card needs the data prepared with data.corpus: general"
        )
    if languages != {src, tgt}:
        raise CardError(f"{path}: prepares {'-'.join(sorted(languages))}, the model translates {src}-{tgt}")
    return manifest


def read_run(run_dir: Path) -> Run:
    if not run_dir.is_dir():
        raise CardError(f"{run_dir}: no such run directory")
    config_path = run_dir / "config.yaml"
    config = load_config(config_path)
    metrics_path = run_dir / "metrics.jsonl"
    try:
        lines = metrics_path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise CardError(f"{metrics_path}: cannot read the run's metrics ({exc.strerror})") from None
    records = []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise CardError(f"{metrics_path}:{number}: not a JSON line ({exc})") from None
    timed = [r["seconds"] for r in records if "seconds" in r]  # validation lines carry no time
    log_path = run_dir / "train.log"
    log = log_path.read_text(encoding="utf-8", errors="replace").splitlines() if log_path.is_file() else []
    hardware = [m.group(1) for m in map(HARDWARE.match, log) if m]
    started = [int(m.group(1)) for m in map(STARTED.search, log) if m]
    drawn: dict[str, int] = {}  # source kind -> the pairs its last "source KIND: N pairs" line counts
    for m in filter(None, map(DRAWN.search, log)):
        drawn[m.group(1)] = int(m.group(2))
    return Run(
        config_path=config_path,
        config=config,
        steps=records[-1].get("step") if records else None,
        seconds=timed[-1] if timed else None,
        hardware=list(dict.fromkeys(hardware)),
        start_step=started[0] if started else None,
        title_case_pairs=drawn.get(TITLE_CASE_KIND, 0),
        synthetic={kind: drawn[kind] for kind in SYNTHETIC if drawn.get(kind)},
    )


def read_quality(path: Path, direction: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The report of `python -m bench quality` and its entry for `direction`."""
    report = read_json(path, "quality report")
    directions = report.get("directions") if isinstance(report, dict) else None
    if not isinstance(directions, dict):
        raise CardError(f"{path}: not a report of python -m bench quality (no directions)")
    if direction not in directions:
        raise CardError(f"{path}: no scores for {direction} (it has {', '.join(directions) or 'none'})")
    return report, directions[direction]


def _count(n: float | None) -> str:
    return NONE if n is None else f"{n:,}"


def architecture(checkpoint: Checkpoint) -> str:
    m = checkpoint.config.model
    params = sum(p.numel() for p in build_model(checkpoint).parameters())
    stored = {t.dtype for t in checkpoint.model_state.values() if t.is_floating_point()}
    dtypes = sorted(str(dtype).removeprefix("torch.") for dtype in stored)
    if m.tie_embeddings and m.src_vocab_size == m.tgt_vocab_size:
        tied = "tied across source, target and output"
    else:
        tied = "tied between target and output" if m.tie_embeddings else "not tied"
    size = checkpoint.path.stat().st_size / 2**20
    return (
        f"{m.rnn.upper()} ({m.cell} cells), bidirectional {m.encoder_layers}-layer encoder "
        f"({m.hidden_size // 2} per direction), {m.decoder_layers}-layer decoder ({m.hidden_size}) with "
        f"additive attention ({m.attention_size}), {m.output_layer} output layer, embeddings {m.emb_dim} "
        f"{tied}; {params / 1e6:.2f} M parameters, stored as {' and '.join(dtypes)} "
        f"({size:.1f} MiB with the tokenizer)"
    )


def tokenizer(checkpoint: Checkpoint, manifest: dict[str, Any]) -> str:
    t, m = checkpoint.config.tokenizer, checkpoint.config.model
    vocab = (
        f"{m.src_vocab_size:,} pieces"
        if m.src_vocab_size == m.tgt_vocab_size
        else f"{m.src_vocab_size:,} source / {m.tgt_vocab_size:,} target pieces"
    )
    prepared = ", ".join(f"`{name}` {pieces:,}" for name, pieces in manifest.get("tokenizer", {}).items())
    origin = (
        f"taken from `{t.from_model}` (`tokenizer.from_model`), which trained it on its own train split"
        if t.from_model
        else "trained on the train split"
    )
    return (
        f"{'joint ' if checkpoint.tokenizer.joint else ''}sentencepiece {t.model_type}, {vocab}, {origin} "
        f"(as prepared: {prepared or NONE}); embedded in the checkpoint"
    )


def training_config(run: Run) -> str:
    t, m = run.config.training, run.config.model
    weights = ", ".join(f"{k} {w:g}" for k, w in t.source_weights.items()) or "none (every kind weighs 1)"
    tags = ", ".join(f"{k} `{tag}`" for k, tag in t.source_tags.items()) or "none"
    accumulate = f", {t.accumulate} accumulated per update" if t.accumulate > 1 else ""
    return (
        f"`{run.config_path}`: batches of {t.batch_tokens:,} target tokens{accumulate}, lr {t.lr:g} "
        f"({t.schedule}, {t.warmup_steps:,} warm-up steps, min {t.min_lr:g}), label smoothing "
        f"{t.label_smoothing:g}, dropout {m.dropout:g}, precision {t.precision}, mixing temperature "
        f"{t.temperature:g}, source weights: {weights}, source tags: {tags}; {_count(run.steps)} of "
        f"{t.max_steps:,} steps reached{started_from(t.init_from, run.start_step)}"
    )


def started_from(init_from: str, logged_step: int | None = None) -> str:
    """A continued run's starting point (training.init_from), with that model's step as the run's log
    recorded it, else as the model is here now."""
    if not init_from:
        return ""
    if logged_step is not None:
        step = f" at its step {logged_step:,}"
    else:
        try:
            step = f" at its step {load_checkpoint(resolve_model_file(init_from)).step:,}"
        except TranslatorError:
            step = " (not found on this machine)"
    return (
        f", starting from the weights of `{init_from}`{step} (`training.init_from`: the steps and time "
        "here are this stage's alone)"
    )


def hardware_and_time(run: Run, checkpoint: Checkpoint) -> str:
    recorded = [
        f"{key} {value}"
        for key in ("platform", "torch")
        if (value := checkpoint.metrics.get(key, checkpoint.payload.get(key)))
    ]
    hardware = "; ".join(run.hardware) or ", ".join(recorded) or "hardware not recorded"
    if run.seconds is None:
        return f"{hardware}; training time not recorded"
    # A GPU stage of a few minutes would read "0.1 h".
    took = f"{run.seconds / 3600:.1f} h" if run.seconds >= 3600 else f"{run.seconds / 60:.1f} min"
    return (
        f"{hardware}; {_count(run.steps)} steps in {took} "
        f"({run.seconds:,.0f} s of training, from `metrics.jsonl`)"
    )


def checkpoint_fact(checkpoint: Checkpoint) -> str:
    items = averaged_from(checkpoint)
    runs = {str(item["run"]) for item in items}
    if items and len(runs) == 1 and not any("averaged_from" in item for item in items):
        steps = ", ".join(f"{s:,}" for s in sorted(int(item["step"]) for item in items))
        return (
            f"`{checkpoint.path}`, step {checkpoint.step:,}: the mean of the weights at steps {steps} "
            "(`python -m training.average`)"
        )
    if items:  # of several runs (a fine-tuned model and its start), or of means: steps alone are ambiguous
        return (
            f"`{checkpoint.path}`: the mean of the weights of {describe_mean(items)} "
            "(`python -m training.average`)"
        )
    bleu = checkpoint.metrics.get("dev_bleu")
    dev = f", dev BLEU {bleu:.2f} (greedy, as validated in training)" if bleu is not None else ""
    return f"`{checkpoint.path}`, step {checkpoint.step:,}: a single checkpoint, not an average{dev}"


def describe_mean(items: list[dict[str, Any]]) -> str:
    """`run` steps a, b; `other` step c (itself the mean of `run` steps d, e): the checkpoints of a mean,
    by run, in the order named."""
    runs: dict[str, list[str]] = {}
    for item in items:
        step = f"{int(item['step']):,}"
        if inner := item.get("averaged_from"):
            step += f" (itself the mean of {describe_mean(inner)})"
        runs.setdefault(str(item["run"]), []).append(step)
    return "; ".join(
        f"`{run}` step{'s' if len(steps) > 1 else ''} {', '.join(steps)}" for run, steps in runs.items()
    )


MAX_LICENCES = 12  # distinct licences named in a source's row; more are left to its package table
_NOTE = re.compile(r"\s*\([^()]*\)")  # "GPL-2+ (its copyright file, in prose)": the note in brackets


def _licences(licence: Any) -> str:
    """A source's licence: one string, or per package the distinct licences of its copyright file
    joined with ", " (data/sources/copyright.py), which are listed here once each, without the notes in
    brackets that a licence stated in the source list carries (the package table shows those)."""
    if isinstance(licence, dict):
        names = {
            n.strip()
            for value in licence.values()
            for n in _NOTE.sub("", str(value)).split(", ")
            if n.strip()
        }
        if len(names) > MAX_LICENCES:  # a wall of names helps nobody: the package table below has them
            return f"{len(names)} distinct licences, per package below"
        return ", ".join(sorted(names, key=str.lower)) or NONE
    return str(licence) if licence else NONE


def _sub_entry(sources: list[dict[str, Any]], kind: str) -> dict[str, Any] | None:
    """A kind read as part of another source's entry: bible-web is described under bible's "web"
    (data/general.py, bible_pairs)."""
    for entry in sources:
        part = kind.removeprefix(f"{entry['kind']}-")
        if part != kind and isinstance(entry.get(part), dict):
            return entry[part]
    return None


def _copies_entry(kind: str, copied: tuple[str, ...]) -> dict[str, Any]:
    """The title-case copies' row: pairs of other kinds again, under their licences; the synthetic
    kinds' rows (SYNTHETIC): their licences."""
    if kind in SYNTHETIC:
        return {"domain": "synthetic", "licence": SYNTHETIC[kind]}
    if kind != TITLE_CASE_KIND:
        return {}
    return {
        "domain": "copies",
        "licence": f"each pair its original's: title-case copies of {', '.join(copied)} (training.augment)",
    }


def data_section(manifest: dict[str, Any], run: Run) -> list[str]:
    sources: list[dict[str, Any]] = manifest["source"]["sources"]
    per_kind: dict[str, Any] = manifest["per_kind"]
    train = {k: info.get("splits", {}).get("train", 0) for k, info in per_kind.items()}
    t = run.config.training
    if run.title_case_pairs:
        train[TITLE_CASE_KIND] = run.title_case_pairs
    train.update(run.synthetic)
    # The trainer's own mixing, given one kind per train pair as the trainer gives it.
    pair_kinds = [k for k, n in train.items() for _ in range(n)]
    mix = Mixer(pair_kinds, t.source_weights, t.temperature, seed=0).describe()
    described = {entry["kind"]: entry for entry in sources}
    kinds = [*described, *(k for k in train if k not in described and train[k] > 0)]
    lines = [
        "## Data",
        "",
        f"Each epoch draws its pairs by source kind with temperature {t.temperature:g} "
        "(`training/mixing.py`), here from the manifest's train pairs; training first leaves out pairs over "
        "`training.max_len`, so its log's shares differ slightly.",
        "",
        "| source kind | domain | packages | licence | train pairs | share of an epoch | pairs per epoch |",
        "|---|---|---:|---|---:|---:|---:|",
    ]
    details = []
    for kind in kinds:
        entry = described.get(kind) or _sub_entry(sources, kind) or _copies_entry(kind, t.title_case_kinds)
        packages = entry.get("packages") or entry.get("modules") or {}
        domain = entry.get("domain") or per_kind.get(kind, {}).get("domain", NONE)
        licence = entry.get("licence")
        drawn = mix.get(kind)
        share = f"{100 * drawn['share']:.1f}% | {drawn['per_epoch']:,}" if drawn else f"{NONE} | {NONE}"
        lines.append(
            f"| {kind} | {domain} | {len(packages) if packages else NONE} | {_licences(licence)} "
            f"| {train.get(kind, 0):,} | {share} |"
        )
        if packages:
            rows = [
                f"| {name} | {version} | "
                f"{licence.get(name, NONE) if isinstance(licence, dict) else _licences(licence)} |"
                for name, version in packages.items()
            ]
            details += [
                f"<details><summary>{kind}: {len(packages)} package{'s' if len(packages) > 1 else ''}"
                "</summary>",
                "",
                "| package | version | licence |",
                "|---|---|---|",
                *rows,
                "",
                "</details>",
                "",
            ]
    counts = manifest["counts"]
    held_out = {k: n for k, n in counts.items() if k not in ("read", "kept", "train")}
    lines += [
        "",
        *details,
        f"Split: {manifest.get('split_rule', 'not recorded')}. Read {_count(counts.get('read'))} pairs, kept "
        f"{_count(counts.get('kept'))}; train {_count(counts.get('train'))}.",
        "",
        "| held-out set | pairs |",
        "|---|---:|",
        *(f"| {name} | {n:,} |" for name, n in held_out.items()),
        "",
    ]
    return lines


def scores_section(
    quality: Path | None, direction: str, checkpoint: Checkpoint, warnings: list[str]
) -> list[str]:
    if quality is None:
        return [
            "## Scores",
            "",
            "Not measured yet: `python -m bench quality --model "
            f"{direction}={checkpoint.path.parent}` scores every test set, then run this again with "
            "`--quality bench/quality.json`.",
            "",
        ]
    report, scores = read_quality(quality, direction)
    try:
        rows = scores["rows"]
        first = rows[0]
        lines = ["## Scores", ""]
        if scores.get("step") != checkpoint.step:
            warnings.append(
                f"{quality}: the {direction} scores were measured on {scores.get('model')} at step "
                f"{scores.get('step')}, this card's model is at step {checkpoint.step}"
            )
            lines += [
                f"**These scores were measured at step {scores.get('step')} ({scores.get('model')}), not on "
                f"this card's model (step {checkpoint.step}).**",
                "",
            ]
        limit = f", first {report['limit']} lines of each set" if report.get("limit") else ""
        # early_stop is absent from reports written before the key existed
        search = describe_search(first["beam_size"], first["alpha"], scores.get("early_stop"))
        lines += [
            f"sacrebleu {report.get('sacrebleu', '?')}, corpus level, {report.get('device', '?')}{limit}; "
            f"{search} (the model's own decoding settings).",
            "",
        ]
        own = "beam_no_lexicon" in first  # the model has a lexicon: its own output is scored apart
        if own:
            lines += [
                'Scores with the lexicon, as served; "no lexicon": the output as the model wrote it.',
                "",
            ]
        lines += [
            "| test set | sentences | beam BLEU | "
            + ("beam BLEU, no lexicon | " if own else "")
            + "beam chrF | greedy BLEU | Apertium BLEU | Apertium chrF | target (beam BLEU) | met |",
            "|---|---:|---:|" + ("---:|" if own else "") + "---:|---:|---:|---:|---|---|",
        ]
        met = {True: "yes", False: "no", None: NONE}
        for r in rows:
            lines.append(
                f"| {r['split']}{f' (`domain: {d}`)' if (d := r.get('domain')) else ''} | "
                f"{r['sentences']:,} | {r['beam']['bleu']:.1f} | "
                + (f"{r['beam_no_lexicon']['bleu']:.1f} | " if own else "")
                + f"{r['beam']['chrf']:.1f} | {r['greedy']['bleu']:.1f} | {r['apertium']['bleu']:.1f} | "
                f"{r['apertium']['chrf']:.1f} | {r.get('target') or NONE} | {met[r.get('met')]} |"
            )
        bleu = dict.fromkeys(r[s]["bleu_signature"] for r in rows for s in ("beam", "greedy", "apertium"))
        chrf = dict.fromkeys(r[s]["chrf_signature"] for r in rows for s in ("beam", "greedy", "apertium"))
    except (KeyError, IndexError, TypeError) as exc:
        raise CardError(f"{quality}: not a report of python -m bench quality ({exc!r} missing)") from None
    return [
        *lines,
        "",
        f"BLEU signature: {', '.join(f'`{s}`' for s in bleu)}; chrF signature: "
        f"{', '.join(f'`{s}`' for s in chrf)}.",
        "",
        f"Command: `{report.get('command', '?')}`, on {report.get('date', 'an unrecorded date')}.",
        "",
    ]


def lexicon_fact(model_dir: Path) -> str:
    """The model's lexicon (translator.lexicon): its size and the provenance lines of its header."""
    path = model_dir / LEXICON_FILE
    if not path.is_file():
        return f"none (no `{LEXICON_FILE}`): the service gives the model's own output"
    lexicon = Lexicon.read(path)
    header = lexicon.header
    sources = [h for h in header if "licence" in h]
    built = next((h.removeprefix("built by: ") for h in header if h.startswith("built by: ")), None)
    invented = (
        f", and with `{KNOWN_WORDS_FILE}` ({len(lexicon.known):,} target-language words) "
        "for the words it invents"
        if lexicon.known
        else ""
    )
    articles = (
        f"; {len(lexicon.articles):,} entries give the article their translation takes, which the "
        "determiner before a replaced word is made to agree with"
        if lexicon.articles
        else ""
    )
    genders = ""
    if lexicon.genders:
        built_from = [
            line.removeprefix("# ")
            for line in (model_dir / GENDERS_FILE).read_text(encoding="utf-8").splitlines()
            if line.startswith("# built from ")
        ]
        adjectives = len({forms for forms, _ in lexicon.adjectives.values()})
        predicates = len({forms for forms, _ in lexicon.predicates.values()})
        genders = (
            f"; `{GENDERS_FILE}`, the articles of {len(lexicon.genders):,} target-language words, which "
            "every determiner before one of them is made to agree with (`translator.agreement`)"
            + "".join(f", {line}" for line in built_from)
            + (
                f", and `{ADJECTIVES_FILE}`, {adjectives:,} adjectives by their four forms, which are made "
                "to agree with the noun before them (read by Apertium's Spanish analyser, apertium-eng-spa; "
                "licence GPL-2.0)"
                if adjectives
                else ""
            )
            + (
                f"; `{PREDICATES_FILE}`, {predicates:,} adjectives and participles by their four forms, "
                'which are made to agree with the subject of "ser", "estar" or "parecer" (read by the same '
                "analyser)"
                if predicates
                else ""
            )
        )
    spellings = ""
    if (model_dir / SPELLINGS_FILE).is_file():
        table, comments = read_spellings_file(model_dir / SPELLINGS_FILE)
        spellings = (
            f"; `{SPELLINGS_FILE}`, {len(table):,} spellings, reads words typed without their accents or "
            "apostrophes as the corpus writes them (`translator.typed`)"
            + "".join(
                f", with the {line}"
                for line in comments
                if line.startswith("spelling words: ") and line != "spelling words: none"
            )
        )
    associations = ""
    if lexicon.associations is not None:
        info = lexicon.associations.info
        associations = (
            f"; `{ASSOCIATIONS_FILE}`, {info.get('pairs', 0):,} pairs of a source and a target word found "
            f"together in {info.get('min_count', '?')} sentence pairs or more and {info.get('lift', '?')} "
            "times as often as chance, with which a known word no source word accounts for is replaced as an "
            f"invented one is (`translator.associations`), counted from {info.get('built_from', '?')}"
        )
    return (
        f"`{LEXICON_FILE}`, {len(lexicon):,} words, for the words the model copies untranslated{invented} "
        f"(replaced in the service's output by default; `lexicon: false` turns it off){articles}"
        + (f"; from {'; '.join(sources)}" if sources else "")
        + (f"; built by `{built}`" if built else "")
        + genders
        + spellings
        + associations
    )


def memory_fact(model_dir: Path) -> str:
    """The model's translation memory (translator.memory): its size, settings and what it was read from."""
    if not (model_dir / MEMORY_SETTINGS).is_file():
        return f"none (no `{MEMORY_SETTINGS}`): decoding uses the model alone"
    text = (model_dir / MEMORY_SETTINGS).read_text(encoding="utf-8")
    s = MemorySettings.from_json(text, str(model_dir / MEMORY_SETTINGS))
    kinds = ", ".join(f"{kind} {count:,}" for kind, count in s.kinds.items())
    built = s.built
    return (
        f"`{MEMORY_INDEX}`, {s.entries:,} entries (`translator.memory`): the decoder's features for the "
        f"target subwords of {sum(s.kinds.values()):,} training pairs of `{s.corpus}` ({kinds}; the "
        "sources' licences are the Data section's), read teacher forced by this model"
        + (
            ", kept where it gave the subword a probability"
            + (f" from {built['keep_above']:g} to" if built.get("keep_above") else "")
            + f" under {built['keep_below']:g}"
            if "keep_below" in built
            else ""
        )
        + (f"; faiss index `{built['index']}`" if "index" in built else "")
        + (
            f", keys in {built['code_bytes']} bytes"
            + (f" over {built['lists']:,} lists" if "lists" in built else "")
            if "code_bytes" in built
            else ""
        )
        + (
            f", {(model_dir / MEMORY_INDEX).stat().st_size / 1e6:.1f} MB"
            if (model_dir / MEMORY_INDEX).is_file()
            else ""
        )
        + f"; each decoding step mixes the model with the {s.neighbours} nearest entries at weight "
        f"{s.weight:g} (temperature {s.temperature:g}, {s.probes} lists searched)"
        + (
            f", but for a step whose most likely word the model gives {sure:.2f} or more, which no memory "
            "could outvote"
            if (sure := s.sure()) <= 1
            else ""
        )
        + "; general text only, a "
        "`domain` request decodes with the model alone; `MT_MEMORY=false` or `--no-memory` turns it off"
    )


def model_card(
    model: str | Path,
    run_dir: str | Path,
    *,
    manifest: str | Path | None = None,
    quality: str | Path | None = None,
    limits: str | Path | None = None,
    out: str | Path | None = None,
    command: str = PROG,
) -> tuple[str, list[str]]:
    """The card's Markdown, and warnings for the user (scores of another step). `out`: where the card
    will be written, which its links are relative to (default: the model's directory)."""
    checkpoint = load_checkpoint(resolve_model_file(model))
    model_dir = checkpoint.path.parent
    src, tgt = checkpoint.config.data.src_lang, checkpoint.config.data.tgt_lang
    direction = f"{src}-{tgt}"
    run = read_run(Path(run_dir))
    manifest_path = Path(manifest) if manifest else Path(checkpoint.config.data.dir) / MANIFEST
    prepared = read_manifest(manifest_path, src, tgt)
    limits_text = None
    if limits is not None:
        try:
            limits_text = Path(limits).read_text(encoding="utf-8").strip("\n")
        except OSError as exc:
            raise CardError(f"{limits}: cannot read the known limits ({exc.strerror})") from None
    warnings: list[str] = []
    card_dir = Path(out).parent if out else model_dir
    m = checkpoint.config.model
    lines = [
        f"# {direction}: {language_name(src)} → {language_name(tgt)}, {m.rnn.upper()} attentional "
        "encoder-decoder",
        "",
        "| | |",
        "|---|---|",
        f"| architecture | {architecture(checkpoint)} |",
        f"| tokenizer | {tokenizer(checkpoint, prepared)} |",
        f"| training config | {training_config(run)} |",
        f"| hardware and time | {hardware_and_time(run, checkpoint)} |",
        f"| checkpoint | {checkpoint_fact(checkpoint)} |",
        f"| lexicon | {lexicon_fact(model_dir)} |",
        f"| translation memory | {memory_fact(model_dir)} |",
        f"| manifest | `{manifest_path}` (fingerprint `{str(prepared.get('fingerprint', NONE))[:12]}`) |",
        "",
        *data_section(prepared, run),
        *scores_section(Path(quality) if quality else None, direction, checkpoint, warnings),
        "## Training curves",
        "",
    ]
    curves = model_dir / "curves.png"
    if curves.is_file():
        lines.append(f"![training curves]({Path(os.path.relpath(curves, card_dir)).as_posix()})")
    else:
        lines.append(f"No `curves.png` in `{model_dir}` (training draws one in the run directory).")
    lines += [
        "",
        "## Known limits",
        "",
        limits_text or "Not written yet.",
        "",
        "---",
        "",
        f"Generated by `{command}`.",
    ]
    return "\n".join(lines) + "\n", warnings


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True, help="a model directory or checkpoint file")
    p.add_argument("--run", required=True, help="the run directory it was trained in")
    p.add_argument("--manifest", help="the prepared data's manifest.json (default: in the model's data.dir)")
    p.add_argument("--quality", help="the JSON of python -m bench quality (default: scores not measured)")
    p.add_argument("--limits", help="a hand-written Markdown list of the model's known limits")
    p.add_argument("--out", help="where to write the card (default: README.md beside the model)")
    args = p.parse_args(argv)
    try:
        model_dir = resolve_model_file(args.model).parent
        out = Path(args.out) if args.out else model_dir / "README.md"
        text, warnings = model_card(
            args.model,
            args.run,
            manifest=args.manifest,
            quality=args.quality,
            limits=args.limits,
            out=out,
            command=shlex.join([*PROG.split(), *argv]),
        )
    except TranslatorError as exc:
        return cli_error(exc)
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"{out}: model card of {args.model}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
