"""The prepared split files, read and turned into subword id pairs for training and validation."""

from __future__ import annotations

from pathlib import Path

from training.steps import TrainingError
from translator.config import Config
from translator.errors import TranslatorError
from translator.tokenizer import Tokenizer, TokenizerError, spm_paths


class DataMissingError(TranslatorError, FileNotFoundError):
    """Prepared data is absent; the message says which command makes it."""


def split_paths(cfg: Config, split: str, data_dir: str | Path | None = None) -> tuple[Path, Path]:
    d = Path(data_dir or cfg.data.dir)
    return d / f"{split}.{cfg.data.src_lang}", d / f"{split}.{cfg.data.tgt_lang}"


def _hint(cfg_path: str | None) -> str:
    return f"run `python -m data.prepare --config {cfg_path or 'CONFIG'}` first"


def test_split_lines(
    data_dir: str | Path, langs: tuple[str, ...], prefixes: tuple[str, ...] = ("test",)
) -> list[str]:
    """Every line of the test splits (`test*.LANG`) in `data_dir`, for each of `langs`, file by file in
    name order: the lines no training pair, lexicon entry or synthetic pair may give away
    (training.lexicon, training.places, training.languages key them each their own way). `prefixes`
    ("dev", "test") adds the dev splits' lines, which the synthetic kinds leave out as well."""
    return [
        line
        for lang in langs
        for prefix in prefixes
        for path in sorted(Path(data_dir).glob(f"{prefix}*.{lang}"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]


def load_tokenizer(cfg: Config, cfg_path: str | None = None) -> Tokenizer:
    src, tgt = spm_paths(cfg.data.dir, cfg.data.src_lang, cfg.data.tgt_lang, cfg.tokenizer.joint)
    for path in (src, tgt):
        if not path.is_file():
            raise DataMissingError(f"{path}: tokenizer model not found; {_hint(cfg_path)}")
    try:
        return Tokenizer.from_files(src, tgt)
    except TokenizerError as exc:
        raise DataMissingError(f"{exc}; {_hint(cfg_path)}") from None


def read_split(cfg: Config, split: str, cfg_path: str | None = None) -> tuple[list[str], list[str]]:
    """The source and target lines of one split, checked to be line-aligned."""
    src_path, tgt_path = split_paths(cfg, split)
    sides = []
    for path in (src_path, tgt_path):
        if not path.is_file():
            raise DataMissingError(f"{path}: {split} split not found; {_hint(cfg_path)}")
        sides.append(path.read_text(encoding="utf-8").splitlines())
    if len(sides[0]) != len(sides[1]):
        raise TrainingError(f"{src_path} has {len(sides[0])} lines but {tgt_path} has {len(sides[1])}")
    return sides[0], sides[1]


def read_train(data_dir: str | Path, src_lang: str, tgt_lang: str) -> tuple[list[str], list[str], list[str]]:
    """(sources, targets, origins) of a prepared corpus's train split, every line of train.SRC, train.TGT
    and train.origin (`kind:package:file`); DataMissingError where one is absent, TrainingError where
    they differ in length. The lexicon and the translation memory read their pairs with it."""
    paths = [Path(data_dir) / f"train.{ext}" for ext in (src_lang, tgt_lang, "origin")]
    for path in paths:
        if not path.is_file():
            raise DataMissingError(f"{path}: no such file (prepare the corpus: python -m data.prepare)")
    sources, targets, origins = (path.read_text(encoding="utf-8").splitlines() for path in paths)
    if not len(sources) == len(targets) == len(origins):
        raise TrainingError(
            f"{data_dir}: train.{src_lang}, train.{tgt_lang} and train.origin differ in length "
            f"({len(sources)}, {len(targets)}, {len(origins)})"
        )
    return sources, targets, origins


def encode_pairs(
    tokenizer: Tokenizer, src: list[str], tgt: list[str], max_len: int | None = None
) -> list[tuple[list[int], list[int]]]:
    """(source ids + EOS, target ids) per line; pairs longer than max_len on either side are dropped."""
    pairs = zip(tokenizer.encode_src(src), tokenizer.encode_tgt(tgt), strict=True)
    if max_len is None:
        return list(pairs)
    return [(s, t) for s, t in pairs if len(s) <= max_len and len(t) + 1 <= max_len]


def read_kinds(cfg: Config, split: str, data_dir: str | Path | None = None) -> list[str] | None:
    """The source kind of each line of a split ({split}.origin, `kind:package:file` per line, which the
    general corpus writes), or None where the prepared data has no origins (the Bible, user corpora)."""
    path = Path(data_dir or cfg.data.dir) / f"{split}.origin"
    if not path.is_file():
        return None
    return [line.partition(":")[0] for line in path.read_text(encoding="utf-8").splitlines()]


def tag_sources(src: list[str], kinds: list[str] | None, tags: dict[str, str]) -> list[str]:
    """Source lines with their kind's tag prepended (training.source_tags); unchanged without kinds."""
    if kinds is None or not tags:
        return src
    if len(kinds) != len(src):
        raise TrainingError(
            f"{len(kinds)} origins for {len(src)} sentences: the .origin file is not line-aligned"
        )
    return [f"{tags[k]} {line}" if k in tags else line for line, k in zip(src, kinds, strict=True)]
