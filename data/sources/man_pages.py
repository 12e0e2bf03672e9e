"""Man pages: the Spanish translations of manpages-es against the English pages they were made from.

A Spanish page `usr/share/man/es/man1/ls.1.gz` pairs with `usr/share/man/man1/ls.1.gz` in the first
English package (in the listed order) that has it. Both are rendered to text with groff, which every
Debian system has (groff-base): roff is a macro language with strings, conditionals and page-defined
macros, and no maintained Python library reads it, while a hand-written reader of the common macros
leaves escapes behind on the pages that use the rest. Rendering with a very long line and no
hyphenation puts every filled paragraph on one line, so the lines are the blocks:

- a line at the left margin is a section heading, one indented less than body text a subsection;
- a line directly followed by a more indented one is a list tag (option names, given no pair); a
  prelude after `.TH` makes `.TP`/`.IP` always put the tag on its own line, however short;
- lines that run together at one indentation are unfilled text (examples, tables) and never paired,
  as is the whole SYNOPSIS section.

The translators' section (TRADUCCIÓN, which the English page lacks) is dropped. The pages are
translated with po4a from one English version but the English package may ship another, so a page
pairs only where both renderings have the same blocks (`blocks_by_structure`); headers and footers
(name, version, date) are dropped before that.
"""

from __future__ import annotations

import gzip
import shutil
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.parallel_docs import Block, blocks_by_structure, sentence_pairs

SPANISH_MAN = "usr/share/man/es"
ENGLISH_MAN = "usr/share/man"
TRANSLATION_HEADINGS = frozenset(("TRADUCCIÓN", "TRANSLATION", "TRANSLATOR", "TRADUCTOR"))
SYNOPSIS_HEADINGS = frozenset(("SYNOPSIS", "SINOPSIS"))
BODY_INDENT = 7  # groff man's default paragraph indentation (the IN register)
# Redefines .TP and .IP to a 1n indentation so that no tag fits beside its paragraph.
PRELUDE = (
    ".rn TP an*source-TP\n.de TP\n.an*source-TP 1n\n..\n"
    '.rn IP an*source-IP\n.de IP\n.an*source-IP "\\\\$1" 1n\n..\n'
)
GROFF = ["groff", "-k", "-K", "utf8", "-t", "-Wall", "-mandoc", "-Tutf8", "-rLL=5000n", "-rHY=0", "-rcR=1"]
GROFF_OUTPUT = ["-P", "-cbou"]  # plain text: no colours, bold or underlining


class ManPages(Source):
    kind = "man-pages"
    domain = "docs"
    licence = "per package: see its copyright file (GPL, BSD-style, man-pages licence)"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        spanish = options.get("spanish")
        if not isinstance(spanish, list) or not spanish or not all(p in self.packages for p in spanish):
            raise SourceError(
                "man-pages: option `spanish` must list the Spanish packages, each in `packages`"
            )
        self.spanish = tuple(spanish)
        self.english = tuple(p for p in self.packages if p not in spanish)

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        missing = [p for p in self.packages if p not in roots]
        if missing:
            raise SourceError(f"man-pages: packages not unpacked: {', '.join(missing)}")
        for es_package, es_path, en_file in page_pairs(roots, self.spanish, self.english):
            en = page_blocks(en_file)
            es = page_blocks(roots[es_package] / es_path)
            origin = Origin(self.kind, es_package, es_path)
            for en_text, es_text in blocks_by_structure(en, es) or ():
                for en_sentence, es_sentence in sentence_pairs(en_text, es_text):
                    yield SourcePair(en_sentence, es_sentence, origin)

    def licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each package's licences: as the `licences` option states them, else its copyright file's."""
        return self.package_licences(roots)


def page_pairs(
    roots: Mapping[str, Path], spanish: Sequence[str], english: Sequence[str]
) -> list[tuple[str, str, Path]]:
    """(Spanish package, Spanish page inside it, English page file) for every translated page that an
    English package has, sorted; links and `.so` stubs (another name for a page) are left out."""
    found = []
    for package in spanish:
        base = roots[package] / SPANISH_MAN
        for page in sorted(base.glob("man*/*")):
            if page.is_symlink() or not page.is_file() or _is_stub(page):
                continue
            inside = page.relative_to(base).as_posix()
            for en_package in english:
                candidate = roots[en_package] / ENGLISH_MAN / inside
                if candidate.is_file() and not _is_stub(candidate):
                    found.append((package, page.relative_to(roots[package]).as_posix(), candidate))
                    break
    return found


def read_page(path: Path) -> str:
    """The roff source of a page, gzipped or not."""
    try:
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    except (OSError, gzip.BadGzipFile, EOFError) as exc:
        raise SourceError(f"{path}: cannot read the man page ({exc})") from None
    return data.decode("utf-8", errors="replace")


def _is_stub(path: Path) -> bool:
    lines = [line for line in read_page(path).splitlines() if line.strip() and not line.startswith('.\\"')]
    return len(lines) == 1 and lines[0].startswith(".so ")


def render(source: str, where: Path) -> list[str]:
    """The page as groff formats it for a terminal, one filled paragraph a line."""
    if shutil.which("groff") is None:
        raise SourceError("man-pages: groff not found (install Debian's groff-base)")
    lines = source.splitlines(keepends=True)
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith(".TH")), None)
    if at is not None:
        lines.insert(at, PRELUDE)
    result = subprocess.run(
        [*GROFF, *GROFF_OUTPUT], input="".join(lines).encode(), capture_output=True, check=False
    )
    if result.returncode != 0:
        raise SourceError(f"{where}: groff failed ({result.stderr.decode(errors='replace').strip()[:200]})")
    return result.stdout.decode("utf-8", errors="replace").splitlines()


def page_blocks(path: Path) -> list[Block]:
    """The blocks of a rendered page: `sh`/`ss` headings, `p` paragraphs, `dt` list tags (text "", so
    they count for the structure but give no pair) and `pre` unfilled lines."""
    return layout_blocks(render(read_page(path), path))


def layout_blocks(lines: Sequence[str]) -> list[Block]:
    """Blocks from rendered lines (see the module docstring), without header, footer and the
    translators' section."""
    rows = [(i, line) for i, line in enumerate(lines) if line.strip()][1:-1]  # header and footer
    found: list[Block] = []
    skipping = synopsis = False
    for k, (i, line) in enumerate(rows):
        indent, text = len(line) - len(line.lstrip()), " ".join(line.split())
        if indent == 0:
            skipping, synopsis = text in TRANSLATION_HEADINGS, text in SYNOPSIS_HEADINGS
        if skipping:
            continue
        after = rows[k + 1] if k + 1 < len(rows) else None
        before = rows[k - 1] if k > 0 else None
        joined_after = after is not None and after[0] == i + 1
        if indent == 0:
            found.append(Block("sh", text))
        elif indent < BODY_INDENT:
            found.append(Block("ss", text))
        elif joined_after and after is not None and _indent(after[1]) > indent:
            found.append(Block("dt", ""))
        elif synopsis or any(
            near is not None and abs(near[0] - i) == 1 and _indent(near[1]) == indent
            for near in (before, after)
        ):
            found.append(Block("pre", text))
        else:
            found.append(Block("p", text))
    return found


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())
