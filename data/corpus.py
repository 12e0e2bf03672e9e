"""A user's own parallel corpus: one TSV file of `source<TAB>target` lines, or two line-aligned files.

Only the file format is checked here; empty lines are kept as empty pairs for `data.clean` to drop
and count. Each pair's key is its 0-based line index, which `data.split` splits by.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from tqdm import tqdm

from data.pairs import Pair
from translator.errors import TranslatorError


class CorpusError(TranslatorError, ValueError):
    """A corpus file is missing or malformed; the message names the file and the 1-based line."""


def read_lines(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file, without line ends (and without a leading byte-order mark)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CorpusError(f"{path}: no such file") from None
    except OSError as exc:
        raise CorpusError(f"{path}: cannot read ({exc.strerror})") from None
    lines = []
    raw_lines = data.removeprefix(codecs.BOM_UTF8).split(b"\n")
    # Decoding line by line finds the line of a bad byte without a second pass.
    for number, raw in enumerate(tqdm(raw_lines, desc=f"reading {path.name}", unit=" lines", delay=2), 1):
        try:
            lines.append(raw.removesuffix(b"\r").decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise CorpusError(
                f"{path}:{number}: invalid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})"
            ) from None
    # A final line end does not start another line.
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def read_tsv(path: str | Path) -> list[Pair]:
    """Pairs from `source<TAB>target` lines; a blank line is an empty pair."""
    pairs = []
    for index, line in enumerate(read_lines(path)):
        if not line.strip():
            pairs.append(Pair("", "", index))
            continue
        fields = line.split("\t")
        if len(fields) != 2:
            raise CorpusError(
                f"{path}:{index + 1}: expected source<TAB>target (exactly one tab), "
                f"found {len(fields) - 1} tabs"
            )
        pairs.append(Pair(fields[0], fields[1], index))
    return pairs


def read_parallel(src_path: str | Path, tgt_path: str | Path) -> list[Pair]:
    """Pairs from two files whose n-th lines translate each other."""
    src, tgt = read_lines(src_path), read_lines(tgt_path)
    if len(src) != len(tgt):
        raise CorpusError(
            f"{src_path} has {len(src)} lines but {tgt_path} has {len(tgt)}; the files must be line-aligned"
        )
    return [Pair(s, t, index) for index, (s, t) in enumerate(zip(src, tgt, strict=True))]
