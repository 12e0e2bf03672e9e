"""Prepare a corpus for training: read, clean, split, write the split files, train the tokenizer.

    python -m data.prepare --config configs/en-es.yaml

writes into the config's data.dir: {train,dev,test}.{src_lang,tgt_lang} (one sentence per line, the two
languages line-aligned), test-web.{src_lang,tgt_lang} with data.extra_train: [web] (see data.extra), the
sentencepiece model(s) and manifest.json (counts, drops by reason, sha256 of every written file, the data
and tokenizer config). Exit status: 0 done, 1 bad corpus or settings, 2 bad config file.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import logging
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from data import general, names
from data.align import read_bible, to_pairs
from data.clean import EMPTY, LENGTH_RATIO, Rules, clean_pairs
from data.corpus import read_parallel, read_tsv
from data.debian import fetch_all
from data.extra import Extra, evaluation_split, read_extra
from data.pairs import Pair
from data.split import bible_split, line_rule, split_pairs
from data.sword import MODULES, SWORD_DIR, module_version
from data.tokenize import make_tokenizers, model_tokenizer
from translator.config import Config, ConfigError, DataConfig, TokenizerConfig, load_config
from translator.errors import TranslatorError, cli_error
from translator.tokenizer import MANIFEST

log = logging.getLogger(__name__)

MISALIGNED = "misaligned"
_LANG_CODE = re.compile(r"[A-Za-z0-9_-]+")


class PrepareError(TranslatorError, ValueError):
    """The corpus cannot be prepared with these settings."""


@dataclass
class Corpus:
    pairs: list[Pair]
    drops: Counter[str]  # pairs dropped while reading (misaligned Bible verses)
    source: dict[str, Any]  # what was read, for the manifest
    split_of: Callable[[int], str]  # the split of a pair key
    extras: list[Extra] = field(default_factory=list)  # data.extra_train: more English for the Bible


def check_languages(cfg: Config) -> None:
    """ConfigError unless the language codes can name the split files and fit the corpus."""
    d = cfg.data
    for key, lang in (("data.src_lang", d.src_lang), ("data.tgt_lang", d.tgt_lang)):
        if not _LANG_CODE.fullmatch(lang):
            raise ConfigError(f"{key}: {lang!r} is not a language code (letters, digits, '-', '_')")
    if d.src_lang == d.tgt_lang:
        raise ConfigError(f"data.src_lang, data.tgt_lang: must differ, both are {d.src_lang!r}")
    if d.corpus == "bible" and {d.src_lang, d.tgt_lang} != set(MODULES):
        raise ConfigError(
            f"data.src_lang, data.tgt_lang: the bible corpus is English-Spanish (en, es), "
            f"got {d.src_lang!r}, {d.tgt_lang!r}"
        )


def _sha256(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def read_corpus(cfg: Config) -> Corpus:
    """The configured corpus as source-target pairs, with the split rule that goes with it."""
    d = cfg.data
    if d.corpus == "bible":
        log.info("reading the Bible from %s", SWORD_DIR)
        bible = read_bible(SWORD_DIR)
        source = {
            "corpus": "bible",
            "modules": {
                lang: f"{module} {module_version(module, SWORD_DIR)}" for lang, module in MODULES.items()
            },
        }
        drops = Counter({MISALIGNED: bible.misaligned})
        extras = [read_extra(name, bible, SWORD_DIR) for name in d.extra_train]
        return Corpus(to_pairs(bible.pairs, d.src_lang), drops, source, bible_split, extras)
    # Built first so that bad split settings fail before a large corpus is read.
    split_of = line_rule(d.dev_every, d.test_every)
    # The files a corpus needs are set: checked when the config was loaded (translator.config).
    if d.corpus == "tsv":
        assert d.tsv is not None
        pairs = read_tsv(d.tsv)
        source = {"corpus": "tsv", "sha256": {d.tsv: _sha256(d.tsv)}}
    else:
        assert d.src_file is not None and d.tgt_file is not None
        pairs = read_parallel(d.src_file, d.tgt_file)
        source = {
            "corpus": "files",
            "sha256": {d.src_file: _sha256(d.src_file), d.tgt_file: _sha256(d.tgt_file)},
        }
    return Corpus(pairs, Counter(), source, split_of)


def add_extras(
    extras: list[Extra], splits: dict[str, list[Pair]], d: DataConfig, split_of: Callable[[int], str]
) -> dict[str, Any]:
    """Each extra translation's pairs of train chapters appended to the train split, those of test
    chapters made its own evaluation split (test-web); returns what was added, for the manifest.

    Its dev chapters stay unused: the dev split, like the test split, is the KJV's only, so that validation
    and test scores stay comparable with and without extra translations.
    """
    added = {}
    for extra in extras:
        cleaned = clean_pairs(to_pairs(extra.pairs, d.src_lang), d.max_length_ratio, d.min_ratio_tokens)
        by_split = split_pairs(cleaned.pairs, split_of)
        splits["train"].extend(by_split["train"])
        splits[evaluation_split(extra.name)] = by_split["test"]
        drops = Counter(extra.drops)
        drops.update(cleaned.drops)
        added[extra.name] = {
            "module": extra.module,
            "pairs": {"train": len(by_split["train"]), evaluation_split(extra.name): len(by_split["test"])},
            "drops": dict(drops),
        }
    return added


def prepare(cfg: Config) -> dict[str, Any]:
    """Prepare cfg.data.dir from the configured corpus; returns the manifest it writes."""
    check_languages(cfg)
    d = cfg.data
    if d.corpus == "general":
        return prepare_general(cfg)
    corpus = read_corpus(cfg)
    cleaned = clean_pairs(corpus.pairs, d.max_length_ratio, d.min_ratio_tokens)
    splits = split_pairs(cleaned.pairs, corpus.split_of)
    extras = add_extras(corpus.extras, splits, d, corpus.split_of)
    for name in ("train", "dev"):
        if not splits[name]:
            raise PrepareError(
                f"the {name} split is empty ({len(cleaned.pairs)} pairs after cleaning); "
                "training needs both train and dev pairs: use a larger corpus or change data.dev_every"
            )

    out = Path(d.dir)
    out.mkdir(parents=True, exist_ok=True)
    # A manifest describes a complete preparation: drop the old one before any file changes.
    (out / MANIFEST).unlink(missing_ok=True)
    written = []
    for name in splits:
        for lang, side in ((d.src_lang, "src"), (d.tgt_lang, "tgt")):
            path = out / f"{name}.{lang}"
            path.write_text("".join(getattr(pair, side) + "\n" for pair in splits[name]), encoding="utf-8")
            written.append(path)
    t = cfg.tokenizer
    _log_tokenizer(t, len(splits["train"]))
    models = make_tokenizers(
        [p.src for p in splits["train"]], [p.tgt for p in splits["train"]], t, out, d.src_lang, d.tgt_lang
    )
    written.extend(models)

    source = {**corpus.source, "extra_train": extras} if extras else corpus.source
    manifest = {
        "source": source,
        "languages": {"src": d.src_lang, "tgt": d.tgt_lang},
        "counts": {
            "read": len(corpus.pairs) + sum(corpus.drops.values()),
            "kept": len(cleaned.pairs),
            **{name: len(pairs) for name, pairs in splits.items()},
        },
        "drops": {**corpus.drops, **cleaned.drops},
        "tokenizer": {path.name: pieces for path, pieces in models.items()},
        "sha256": {path.name: _sha256(path) for path in written},
        "config": {"data": dataclasses.asdict(d), "tokenizer": dataclasses.asdict(t)},
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")
    return json.loads(text)  # as a reader of the file gets it: the config's tuples as lists


def prepare_general(cfg: Config) -> dict[str, Any]:
    """The general corpus (data.general) into cfg.data.dir: for every split, {split}.en, {split}.es and
    {split}.origin (each pair's source kind:package:file), the joint tokenizer and the manifest."""
    d, t = cfg.data, cfg.tokenizer
    if {d.src_lang, d.tgt_lang} != {"en", "es"}:
        raise ConfigError(
            "data.src_lang, data.tgt_lang: the general corpus is English-Spanish, "
            f"got {d.src_lang}, {d.tgt_lang}"
        )
    if not t.joint:
        raise ConfigError(
            "tokenizer.joint: the general corpus serves both directions with one joint tokenizer"
        )
    cache = Path(d.cache)
    sources = general.load_sources(d.sources)
    unpacked = general.fetch_sources(sources, cache)
    out = Path(d.dir)
    described = general.describe_sources(sources, unpacked)
    first_names = None
    if d.name_swaps:
        names_package = fetch_all([names.PACKAGE], cache)[names.PACKAGE]
        first_names = names.read_first_names(names_package.root)
        described.append(names.describe(names_package.version, d.name_swaps, general.PER_NAME))
    protos = model_tokenizer(t.from_model, "en", "es") if t.from_model else None
    fingerprint = general_fingerprint(cfg, described, protos)
    done = _prepared(out, fingerprint)
    if done is not None:
        log.info("%s is up to date (same sources, package versions and settings): nothing to do", out)
        return done
    bible, bible_info = general.bible_pairs(with_web="web" in d.extra_train) if d.bible else ([], None)
    tatoeba = general.tatoeba_pairs(d.tatoeba) if d.tatoeba else None
    rules = Rules(d.max_words, d.max_length_ratio, d.min_ratio_tokens)
    corpus = general.build(
        sources, unpacked, cache, bible, tatoeba, rules, d.heldout_every, first_names, d.name_swaps
    )
    if not corpus.splits["train"] or not corpus.splits["dev"]:
        raise PrepareError("the general corpus has no train or no dev pairs: check data.sources")

    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).unlink(missing_ok=True)
    written = []
    for name, examples in corpus.splits.items():
        for side in ("en", "es", "origin"):
            path = out / f"{name}.{side}"
            path.write_text("".join(general.side_lines(examples, side)), encoding="utf-8")
            written.append(path)
    train = corpus.splits["train"]
    _log_tokenizer(t, len(train))
    models = make_tokenizers([e.en for e in train], [e.es for e in train], t, out, "en", "es", protos)
    written.extend(models)
    per_kind: dict[str, Counter[str]] = {}
    for name, examples in corpus.splits.items():
        for ex in examples:
            per_kind.setdefault(ex.origin.kind, Counter())[name] += 1
    if bible_info:
        described.append(bible_info)
    manifest = {
        "source": {"corpus": "general", "sources": described},
        "fingerprint": fingerprint,
        "languages": {"src": d.src_lang, "tgt": d.tgt_lang},
        "counts": {
            "read": sum(corpus.read.values()),
            "kept": sum(len(v) for k, v in corpus.splits.items() if k != "dev"),
            **{name: len(examples) for name, examples in corpus.splits.items()},
        },
        "per_kind": {
            kind: {
                "domain": corpus.kinds.get(kind, "evaluation"),
                "read": corpus.read.get(kind, 0),
                "drops": dict(corpus.drops.get(kind, {})),
                "splits": dict(per_kind.get(kind, {})),
            }
            for kind in sorted(set(corpus.read) | set(per_kind))
        },
        "drops": dict(sum(corpus.drops.values(), Counter())),
        "split_rule": (
            f"by document: sha256(package/file) mod {d.heldout_every} == 0 test, == 1 dev; the Bible by "
            "chapter; dictionaries and synthetic pairs always train; per-domain held-out sets capped at "
            f"{general.MAX_DEV} (dev) / {general.MAX_TEST} (test) pairs by whole documents; train pairs "
            "whose English or Spanish side repeats a held-out sentence (the same words, whatever their case, "
            "spacing and punctuation) are dropped"
        ),
        "tokenizer": {path.name: pieces for path, pieces in models.items()},
        "sha256": {path.name: _sha256(path) for path in written},
        "config": {"data": dataclasses.asdict(d), "tokenizer": dataclasses.asdict(t)},
    }
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / MANIFEST).write_text(text, encoding="utf-8")
    return json.loads(text)


def _log_tokenizer(t: TokenizerConfig, n_train: int) -> None:
    if t.from_model:
        log.info("taking the tokenizer of %s", t.from_model)
    else:
        log.info("training the %s tokenizer on %d train pairs", t.model_type, n_train)


def general_fingerprint(
    cfg: Config, described: list[dict[str, Any]], protos: tuple[bytes, bytes] | None
) -> str:
    """What decides the general corpus' content: the builder's rules (general.BUILD_VERSION), settings (but
    not the direction or the folder), the sources with their package versions, the tokenizer settings (the
    tokenizer itself where it is a model's: `protos`, its (en, es) sentencepiece models). Both directions
    share one fingerprint."""
    data = {k: v for k, v in dataclasses.asdict(cfg.data).items() if k not in ("src_lang", "tgt_lang", "dir")}
    key: list[Any] = [general.BUILD_VERSION, data, dataclasses.asdict(cfg.tokenizer), described]
    if protos is not None:
        key.append([hashlib.sha256(p).hexdigest() for p in protos])
    return hashlib.sha256(json.dumps(key, sort_keys=True, default=str).encode()).hexdigest()


def _prepared(out: Path, fingerprint: str) -> dict[str, Any] | None:
    """The manifest of `out` if it was prepared with this fingerprint and its files are intact, else None."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if manifest.get("fingerprint") != fingerprint:
        return None
    for name, digest in manifest["sha256"].items():
        if not (out / name).is_file() or _sha256(out / name) != digest:
            return None
    return manifest


def report_general(manifest: dict[str, Any], seconds: float) -> str:
    c = manifest["counts"]
    lines = [f"general en<->es: read {c['read']} pairs, kept {c['kept']}"]
    for kind, info in manifest["per_kind"].items():
        drops = ", ".join(f"{n} {why}" for why, n in sorted(info["drops"].items()) if n)
        splits = ", ".join(f"{name} {n}" for name, n in sorted(info["splits"].items()))
        lines.append(
            f"  {kind} ({info['domain']}): read {info['read']}; {splits}"
            + (f"; dropped {drops}" if drops else "")
        )
    lines.append("  splits: " + ", ".join(f"{k} {v}" for k, v in c.items() if k not in ("read", "kept")))
    lines.append(f"  wrote {manifest['config']['data']['dir']}/ ({MANIFEST}) in {seconds:.1f} s")
    return "\n".join(lines)


def report(manifest: dict[str, Any], seconds: float) -> str:
    """A few lines for the terminal: what was kept, what was dropped and why, where it went."""
    cfg = manifest["config"]
    d, t = cfg["data"], cfg["tokenizer"]
    why = {
        MISALIGNED: "misaligned (the two Bibles divide these verses differently)",
        EMPTY: "empty (a side has no text)",
        LENGTH_RATIO: f"length ratio (one side over {d['max_length_ratio']}x the words of the other, "
        f"longer side >= {d['min_ratio_tokens']} words)",
    }
    c = manifest["counts"]
    corpus = manifest["source"]["corpus"]
    splits = ", ".join(f"{name} {n}" for name, n in c.items() if name not in ("read", "kept"))
    lines = [
        f"{corpus} {d['src_lang']}->{d['tgt_lang']}: read {c['read']} pairs, kept {c['kept']} ({splits})",
        *(f"  dropped {n} {why[reason]}" for reason, n in manifest["drops"].items()),
        *(
            f"  extra train {name} ({extra['module']}): "
            + ", ".join(f"{n} {split} pairs" for split, n in extra["pairs"].items())
            + "; left out "
            + ", ".join(f"{n} {reason}" for reason, n in extra["drops"].items())
            for name, extra in manifest["source"].get("extra_train", {}).items()
        ),
        *(
            f"  tokenizer {name}: {t['model_type']}, {pieces} pieces{' (joint)' if t['joint'] else ''}"
            for name, pieces in manifest["tokenizer"].items()
        ),
        f"  wrote {d['dir']}/ ({MANIFEST}) in {seconds:.1f} s",
    ]
    return "\n".join(lines)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m data.prepare", description=__doc__.splitlines()[0])
    p.add_argument("--config", required=True, help="YAML config (see configs/en-es.yaml)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    start = time.perf_counter()
    try:
        manifest = prepare(load_config(args.config))
    except TranslatorError as exc:
        return cli_error(exc)
    except OSError as exc:  # writing data.dir
        print(f"error: {exc}", file=sys.stderr)
        return 1
    show = report_general if manifest["source"]["corpus"] == "general" else report
    print(show(manifest, time.perf_counter() - start))
    return 0


if __name__ == "__main__":
    sys.exit(main())
