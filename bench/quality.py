"""The quality table: our models, greedy and beam, beside Apertium on every test set of the general corpus.

    python -m bench quality [--model en-es=models/en-es] [--model es-en=models/es-en] \\
        [--data-dir data/prepared/general] [--limit N] [--out bench/quality]

For each direction it scores the model on every test-* split of the prepared directory (Tatoeba,
documentation, interface strings, the Bible test chapters, the World English Bible chapters), greedy and
with the beam (the model's own beam size, alpha and stopping rule: beam 5, alpha 0.75 unless its config
says otherwise), and Apertium on the same source lines. Nothing is tagged by default, as the service's
default tags nothing; the Bible splits are scored a second time as the service's `domain: bible` option
translates them (the `<bible>` tag of training before every line, DOMAINS), in rows of their own. The
published OPUS-MT Transformer Tatoeba scores stand beside the Tatoeba row as the far reference: they are
a larger model's, on its own Tatoeba release, so they are not a like-for-like comparison. Every row also
states the target it is held to (TARGETS) and whether it is met.

Where a model has a lexicon (`translator.lexicon`, on in the service by default), each search's output
is scored twice: with the lexicon's replacements, which is what the service answers and what the targets
are judged on, and as the model wrote it ("no lexicon"). Like the service, the evaluation splits each
line into sentences, applies the lexicon to each sentence and joins their translations
(`translator.segment`): some UI and documentation lines are paragraphs. A model's translation memory
(`translator.memory`, on in the service by default) is consulted as the service consults it: for every row
but the `domain: bible` ones.

Writes OUT.json (every figure with signatures, the command, the machine) and OUT.md (the table). The
hypotheses go to --work. Not run in CI: it translates about 15,000 sentences per direction twice.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sacrebleu
import torch

from training.evaluate import EvalResult, evaluate, memory_settings, test_splits
from training.scoring import Scores
from translator.config import Decode
from translator.errors import TranslatorError, cli_error
from translator.facade import Translator
from translator.search import describe_search

OUT = Path(__file__).resolve().parent / "quality"  # .json and .md
DIRECTIONS = ("en-es", "es-en")
MODELS = {"en-es": "models/en-es", "es-en": "models/es-en"}

# The far reference: Helsinki-NLP's OPUS-MT Transformers (opus-2020-08-18), scored by their authors on
# Tatoeba-test (their release of Tatoeba, not our lines 2,001-10,000); BLEU and chrF (0-100).
OPUS_MT: dict[str, dict[str, Any]] = {
    "en-es": {
        "bleu": 54.9,
        "chrf": 72.1,
        "model": "Helsinki-NLP/opus-mt-en-es",
        "test": "Tatoeba-test.eng.spa",
    },
    "es-en": {
        "bleu": 59.6,
        "chrf": 73.9,
        "model": "Helsinki-NLP/opus-mt-es-en",
        "test": "Tatoeba-test.spa.eng",
    },
}


@dataclass(frozen=True)
class Target:
    """What the beam's BLEU on a test set must reach: `at_least` and/or Apertium's BLEU + `over_apertium`
    (a margin of 0 means strictly above Apertium). `text` says it as the table shows it."""

    text: str
    at_least: dict[str, float] | None = None  # per direction
    over_apertium: float | None = None

    def met(self, direction: str, bleu: float, apertium: float | None) -> bool | None:
        """True or False; None when the target cannot be judged (no Apertium score to compare with)."""
        checks: list[bool] = []
        if self.at_least is not None and direction in self.at_least:
            checks.append(bleu >= self.at_least[direction])
        if self.over_apertium is not None:
            if apertium is None:
                return None
            margin = self.over_apertium
            checks.append(bleu > apertium if margin == 0 else bleu >= apertium + margin)
        return all(checks) if checks else None


# Test split -> target (the general models' goals): beat Apertium on everyday text, beat it by 10 on
# documentation and interface text, keep the Bible models' scores within 2 BLEU.
TARGETS = {
    "test-tatoeba": Target("> Apertium", over_apertium=0),
    "test-docs": Target("Apertium + 10", over_apertium=10),
    "test-ui": Target("Apertium + 10", over_apertium=10),
    "test-bible": Target(">= 33 / >= 38", at_least={"en-es": 33.0, "es-en": 38.0}),
    "test-bible-web": Target(">= 30 (en-es)", at_least={"en-es": 30.0}),
}
# Test split -> the domain (Translator.domains) its second row is translated as, where the model has it.
DOMAINS = {"test-bible": "bible", "test-bible-web": "bible"}
NAMES = {
    "test-tatoeba": "Tatoeba (lines 2,001-10,000)",
    "test-docs": "documentation (held-out documents)",
    "test-ui": "interface strings (held-out catalogs)",
    "test-bible": "Bible test chapters (KJV / Reina-Valera)",
    "test-bible-web": "Bible test chapters (World English Bible)",
}


def score_direction(
    direction: str,
    model: str,
    data_dir: str | None,
    work: Path,
    limit: int | None,
    progress: bool,
    log: Callable[[str], None],
) -> dict:
    """Every test split of one direction: greedy with Apertium beside it, then the beam."""
    translator = Translator.load(model)
    found = f"{translator.src_lang}-{translator.tgt_lang}"
    if found != direction:
        raise TranslatorError(f"{model}: a {found} model given for {direction}")
    splits = test_splits(translator, data_dir)
    if not splits:
        raise TranslatorError(f"{data_dir or translator.config.data.dir}: no test splits to score")

    def run(
        split: str, decode: Decode, baseline: str | None = None, domain: str | None = None
    ) -> tuple[EvalResult, Scores]:
        """The search's result as served (with the lexicon, where the model has one), and the scores of
        the same search's output as the model wrote it (the served scores where it has none)."""
        output = work / direction / f"{split}{f'.{domain}' if domain else ''}.{decode}.txt"
        result = evaluate(
            translator,
            split=split,
            data_dir=data_dir,
            decode=decode,
            baseline=baseline,
            output=output,
            limit=limit,
            progress=progress,
            domain=domain,
        )
        own = result.no_lexicon if result.no_lexicon is not None else result.system
        return result, own.scores

    rows = []
    for split in splits:
        log(f"{direction} {split}")
        apertium = None
        tagged = DOMAINS.get(split)
        for domain in (None, tagged) if tagged in translator.domains else (None,):
            greedy, greedy_own = run(split, "greedy", None if apertium else "apertium", domain)
            beam, beam_own = run(split, "beam", domain=domain)
            greedy_served, beam_served = greedy.system.scores, beam.system.scores
            if apertium is None:
                assert greedy.baseline is not None  # asked for above
                apertium = greedy.baseline.scores  # the same lines: one Apertium run for both rows
            target = TARGETS.get(split)
            rows.append(
                {
                    "split": split,
                    "domain": domain,
                    "sentences": greedy.sentences,
                    "greedy": greedy_served.to_dict(),
                    "beam": beam_served.to_dict(),
                    "greedy_no_lexicon": greedy_own.to_dict(),
                    "beam_no_lexicon": beam_own.to_dict(),
                    "beam_size": beam.beam_size,
                    "alpha": beam.alpha,
                    "apertium": apertium.to_dict(),
                    "target": target.text if target else None,
                    "met": target.met(direction, beam_served.bleu, apertium.bleu) if target else None,
                    "seconds": {"greedy": greedy.system.seconds, "beam": beam.system.seconds},
                }
            )
    lexicon = translator.lexicon
    return {
        "model": greedy.model,
        "step": greedy.step,
        # the beam's stopping rule, the model's own (translator.search.beam_search)
        "early_stop": translator.config.decoding.early_stop,
        "lexicon": {"path": lexicon.path, "entries": len(lexicon)} if lexicon else None,
        # the translation memory the searches consulted (translator.memory); None: the model alone
        "memory": memory_settings(translator),
        "rows": rows,
    }


def search_settings(report: dict, directions: list[str]) -> str:
    """Each direction's beam size, alpha and stopping rule, as its model's config gives them."""

    def one(direction: str) -> str:
        scored = report["directions"][direction]
        first = scored["rows"][0]
        # early_stop is absent from reports written before the key existed
        return f"{direction} {describe_search(first['beam_size'], first['alpha'], scored.get('early_stop'))}"

    return "; ".join(one(d) for d in directions)


def row_name(split: str, domain: str | None = None) -> str:
    """A row's test set as the tables name it."""
    return NAMES.get(split, split) + (f", `domain: {domain}`" if domain else "")


def _each_direction(
    report: dict, directions: Sequence[str], part: str, describe: Callable[[dict], str]
) -> str:
    """ "en-es: <describe(part)>; es-en: none": a part of each direction's report (its lexicon, its
    memory), described where the direction has one."""
    return "; ".join(
        f"{d}: {describe(found)}" if (found := report["directions"][d].get(part)) else f"{d}: none"
        for d in directions
    )


def markdown(report: dict) -> str:
    """One table, both directions in each cell (en-es / es-en), Apertium beside every row."""
    directions = [d for d in DIRECTIONS if d in report["directions"]]
    by_split: dict[tuple[str, str | None], dict[str, dict]] = {}
    for direction in directions:
        for r in report["directions"][direction]["rows"]:
            by_split.setdefault((r["split"], r.get("domain")), {})[direction] = r

    def cell(split: tuple[str, str | None], key: str, field: str = "bleu") -> str:
        def one(d: str) -> str:
            row = by_split[split].get(d)
            return f"{row[key][field]:.1f}" if row and key in row else "-"

        return " / ".join(one(d) for d in directions)

    def verdict(split: tuple[str, str | None]) -> str:
        marks = {True: "met", False: "missed", None: "-"}
        return " / ".join(
            marks[by_split[split][d]["met"]] if d in by_split[split] else "-" for d in directions
        )

    first = report["directions"][directions[0]]["rows"][0]
    pair = " / ".join(d.replace("-", "→") for d in directions)
    limited = f", first {report['limit']} lines of each set (--limit)" if report["limit"] else ""
    lines = [
        f"BLEU ({pair}); sacrebleu 13a, {report['device']}{limited}. The beam ranks by log P(y|x) / "
        f"L^alpha, with each model's settings: {search_settings(report, directions)}. Ours: "
        + "; ".join(
            f"{d} {report['directions'][d]['model']} (step {report['directions'][d]['step']})"
            for d in directions
        )
        + ".",
        "",
        "Ours as served: with each model's lexicon fallback for words it copied untranslated "
        "(`translator/lexicon.py`; "
        + _each_direction(report, directions, "lexicon", lambda lex: f"{lex['entries']:,} words")
        + ") and its translation memory (`translator/memory.py`; "
        + _each_direction(
            report,
            directions,
            "memory",
            lambda mem: f"{mem['entries']:,} entries at weight {mem['weight']:g}",
        )
        + ", consulted for general text, not for the `domain: bible` rows"
        + '). The "no lexicon" column is the same search\'s output as the model wrote it. Rows marked '
        "`domain: bible` translate the same lines as the service does when a request asks for "
        '`"domain": "bible"`; the other rows, as it does by default. Each line is split into sentences and '
        "their translations joined, as the service does with a text (`translator.segment`).",
        "",
        "| test set | sentences | ours, beam | ours, beam, no lexicon | ours, greedy | Apertium "
        "| wanted (beam) | met |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for split in by_split:
        sentences = max(r["sentences"] for r in by_split[split].values())
        lines.append(
            f"| {row_name(*split)} | {sentences:,} | {cell(split, 'beam')} | "
            f"{cell(split, 'beam_no_lexicon')} | {cell(split, 'greedy')} | {cell(split, 'apertium')} | "
            f"{(TARGETS[split[0]].text if split[0] in TARGETS else '-')} | {verdict(split)} |"
        )
    opus = " / ".join(f"{OPUS_MT[d]['bleu']:.1f}" for d in directions)
    lines += [
        "",
        f"Far reference: the OPUS-MT Transformers ({', '.join(OPUS_MT[d]['model'] for d in directions)}) "
        f"score {opus} BLEU on their own Tatoeba test release (published figures, not measured here).",
        "",
        f"BLEU signature: `{first['beam']['bleu_signature']}`; "
        f"chrF signature: `{first['beam']['chrf_signature']}`",
        "",
        "chrF (ours beam / Apertium):",
        "",
        "| test set | ours, beam | Apertium |",
        "|---|---|---|",
    ]
    for split in by_split:
        lines.append(
            f"| {row_name(*split)} | {cell(split, 'beam', 'chrf')} | {cell(split, 'apertium', 'chrf')} |"
        )
    return "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench quality", description=__doc__.splitlines()[0])
    p.add_argument(
        "--model",
        action="append",
        default=[],
        metavar="DIRECTION=PATH",
        help="the model for a direction (default: models/en-es and models/es-en); repeat for both",
    )
    p.add_argument(
        "--data-dir", help="prepared directory with the test splits (default: each model's data.dir)"
    )
    p.add_argument("--limit", type=int, help="score only the first N lines of each test set")
    p.add_argument(
        "--out", type=Path, default=OUT, help="writes OUT.json and OUT.md (default: bench/quality)"
    )
    p.add_argument(
        "--work", type=Path, default=Path("bench/work/quality"), help="hypotheses (default: %(default)s)"
    )
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument(
        "--jobs", type=int, choices=[1, 2], default=1, help="directions scored at once, in separate processes"
    )
    return p


def log(message: str) -> None:
    print(f"[quality] {message}", file=sys.stderr, flush=True)


def threads(jobs: int) -> int:
    """Torch threads for each of `jobs` processes: the cores this process may use, shared out."""
    return max(1, len(os.sched_getaffinity(0)) // jobs)


def parse_models(values: list[str]) -> dict[str, str]:
    if not values:
        return dict(MODELS)
    models = {}
    for value in values:
        direction, sep, path = value.partition("=")
        if not sep or direction not in DIRECTIONS or not path:
            raise TranslatorError(
                f"--model {value!r}: expected DIRECTION=PATH with DIRECTION one of {DIRECTIONS}"
            )
        models[direction] = path
    return models


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser().error("--limit must be at least 1")

    try:
        models = parse_models(args.model)
        jobs = [
            (d, path, args.data_dir, args.work, args.limit, not args.quiet and args.jobs == 1)
            for d, path in models.items()
        ]
        if args.jobs == 1:
            directions = {job[0]: score_direction(*job, log) for job in jobs}
        else:  # one process per direction, the cores shared between them
            with ProcessPoolExecutor(
                args.jobs, initializer=torch.set_num_threads, initargs=(threads(args.jobs),)
            ) as pool:
                futures = {job[0]: pool.submit(score_direction, *job, log) for job in jobs}
                directions = {d: future.result() for d, future in futures.items()}
    except TranslatorError as exc:
        return cli_error(exc)
    report = {
        "command": " ".join(["python -m bench quality", *argv]),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "device": f"CPU ({platform.processor() or platform.machine()}), fp32, torch {torch.__version__}",
        "sacrebleu": sacrebleu.__version__,
        "limit": args.limit,
        "opus_mt": OPUS_MT,
        "directions": directions,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    Path(f"{args.out}.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    table = markdown(report)
    Path(f"{args.out}.md").write_text(
        f"# Translation quality\n\n`{report['command']}` on {report['date']}.\n\n{table}", encoding="utf-8"
    )
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
