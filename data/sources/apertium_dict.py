"""Apertium's English-Spanish bilingual dictionary (apertium-eng-spa): lemma pairs.

Debian ships the dictionary compiled, as a finite-state transducer (`eng-spa.autobil.bin`) that maps
an English lemma with its tags to the Spanish one (`house<n>` -> `casa<n><f>`). lttoolbox's
`lt-print -H` (package lttoolbox-dev) writes it out in AT&T text form, one arc a line:

    from-state TAB to-state TAB input symbol TAB output symbol TAB weight
    state TAB weight                       (a final state)
    --                                     (between the dictionary's sections)

with `@0@` for nothing and `@_SPACE_@` for a space. Every path from state 0 to a final state is one
dictionary entry; its symbols, less the tags (`<n>`) and the `#` that marks where the invariable part
of a multiword starts (`travel# around`), spell the two lemmas. Only the first section is read: it is
the dictionary proper (`main`, first by name); the others are regular expressions for numbers and
amounts of money, whose paths are patterns, not words. For the same reason a path through a state
with a loop (a digit pattern inside the main section) is not followed.

The compiled file cannot be cut into a test fixture, so a saved `lt-print -H` listing
(`eng-spa.autobil.att` in place of the `.bin`) is read the same way.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from data.sources.base import Origin, Source, SourceError, SourcePair

DICTIONARY = "usr/share/apertium/{package}/eng-spa.autobil"
_EPSILON = "@0@"
_ESCAPES = {"@_SPACE_@": " ", "@_TAB_@": "\t", "@_COLON_@": ":"}
_TAG = re.compile(r"^<[^<>]+>$")


def print_transducer(path: Path) -> list[str]:
    """The AT&T text lines of a compiled lttoolbox transducer (`lt-print -H`)."""
    if shutil.which("lt-print") is None:
        raise SourceError(f"{path}: reading it needs lt-print (apt-get install lttoolbox-dev)")
    result = subprocess.run(["lt-print", "-H", str(path)], capture_output=True, check=False)
    if result.returncode != 0:
        raise SourceError(f"{path}: lt-print failed ({result.stderr.decode(errors='replace').strip()})")
    return result.stdout.decode("utf-8").splitlines()


def _symbol(symbol: str) -> str:
    """The text a symbol spells: tags and epsilon spell nothing."""
    if symbol == _EPSILON or _TAG.match(symbol):
        return ""
    return _ESCAPES.get(symbol, symbol)


def entries(lines: Iterable[str], name: str) -> Iterator[tuple[str, str]]:
    """(input, output) text of every path through the first transducer of an AT&T listing, in
    depth-first order; `name` is the file, for errors."""
    arcs: defaultdict[int, list[tuple[int, str, str]]] = defaultdict(list)
    finals = set()
    for number, line in enumerate(lines, 1):
        if line == "--":
            break
        fields = line.split("\t")
        try:
            if len(fields) >= 4:
                arcs[int(fields[0])].append((int(fields[1]), _symbol(fields[2]), _symbol(fields[3])))
            else:
                finals.add(int(fields[0]))
        except ValueError:
            raise SourceError(f"{name}:{number}: not an AT&T transducer line ({line!r})") from None
    looping = {state for state, out in arcs.items() if any(target == state for target, _, _ in out)}
    stack = [(0, "", "")]
    while stack:
        state, left, right = stack.pop()
        if state in finals:
            yield left, right
        for target, symbol_in, symbol_out in reversed(arcs[state]):
            if target not in looping:
                stack.append((target, left + symbol_in, right + symbol_out))


class ApertiumDict(Source):
    kind = "apertium-dict"
    domain = "dict"
    licence = "GPL-2.0"

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for package in self.packages:
            root = roots[package]
            stem = DICTIONARY.format(package=package)
            binary, listing = root / f"{stem}.bin", root / f"{stem}.att"
            if binary.is_file():
                path, lines = binary, print_transducer(binary)
            elif listing.is_file():
                path, lines = listing, listing.read_text(encoding="utf-8").splitlines()
            else:
                raise SourceError(f"package {package}: no {binary.relative_to(root)}")
            origin = Origin(self.kind, package, path.relative_to(root).as_posix())
            found = set()
            for english, spanish in entries(lines, str(path)):
                pair = (english.replace("#", "").strip(), spanish.replace("#", "").strip())
                if all(pair):
                    found.add(pair)
            for english, spanish in sorted(found):
                yield SourcePair(english, spanish, origin)
