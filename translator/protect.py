"""Spans of a source sentence that a translation must carry over unchanged: format placeholders
(`%s`, `%1$d`, `%(name)s`, `{name}`, `{0}`), URLs, e-mail addresses and numbers.

`find_spans` lists them in order; `preservation` counts how many of them a translation kept
(`python -m bench preserve` and the shipped models' tests use it).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

# printf's space flag is left out: "100% sure" is prose far more often than "% s" is a placeholder.
# Order matters: the alternation takes the first kind that matches at a position, so a URL's digits
# are part of the URL, and an e-mail address is not read as a number.
KINDS = {
    "url": r"(?:https?|ftp)://[^\s<>\"']+[^\s<>\"'.,;:!?)\]]|www\.[^\s<>\"']+[^\s<>\"'.,;:!?)\]]",
    "email": r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    "placeholder": (
        r"%(?:\d+\$)?[-+#0']*(?:\d+|\*)?(?:\.(?:\d+|\*))?(?:hh|h|ll|l|L|q|j|z|t)?[diouxXeEfFgGaAcspn]"
        r"|%\([A-Za-z_][A-Za-z0-9_]*\)[-+#0]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]"
        r"|\{[A-Za-z_0-9]*(?:[.:!][^{}\s]*)?\}"
        r"|\$\{[A-Za-z_][A-Za-z0-9_]*\}"
    ),
    "number": r"(?<![\w.,])\d+(?:[.,:]\d+)*(?![\w])",
}
_SPAN = re.compile("|".join(f"(?P<{kind}>{pattern})" for kind, pattern in KINDS.items()))


@dataclass(frozen=True)
class Span:
    kind: str  # one of KINDS
    text: str
    start: int
    end: int


def find_spans(text: str) -> list[Span]:
    """The protected spans of `text`, left to right, none overlapping."""
    spans = []
    for match in _SPAN.finditer(text):
        kind = match.lastgroup
        assert kind is not None  # every alternative is a named group
        spans.append(Span(kind, match.group(), match.start(), match.end()))
    return spans


@dataclass(frozen=True)
class Preservation:
    """Per kind: how many spans the sources had, and how many of them the translations carried over."""

    total: Counter[str]
    kept: Counter[str]

    def rate(self, kind: str | None = None) -> float:
        """Fraction kept, for one kind or all; 1.0 when there was nothing to keep."""
        total = self.total[kind] if kind else sum(self.total.values())
        kept = self.kept[kind] if kind else sum(self.kept.values())
        return kept / total if total else 1.0


def preservation(sources: list[str], translations: list[str]) -> Preservation:
    """Count, sentence by sentence, the source spans that occur in the translation as often as in the
    source (a multiset comparison: `%s %s` needs two `%s`). Numbers compare as written: `1,5` for `1.5`
    counts as changed."""
    total: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for source, translation in zip(sources, translations, strict=True):
        wanted = Counter((s.kind, s.text) for s in find_spans(source))
        found = Counter((s.kind, s.text) for s in find_spans(translation))
        for (kind, text), n in wanted.items():
            total[kind] += n
            kept[kind] += min(n, found[(kind, text)])
    return Preservation(total, kept)
