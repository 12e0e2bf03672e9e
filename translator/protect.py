"""Spans of a source sentence that a translation must carry over unchanged: format placeholders
(`%s`, `%1$d`, `%(name)s`, `{name}`, `{0}`), URLs, e-mail addresses and numbers.

`find_spans` lists them in order; `preservation` counts how many of them a translation kept
(`python -m bench preserve` and the shipped models' tests use it); `repair_spans` puts back the URLs,
addresses and placeholders a translation altered ("team@tatoeba.org" → "equipo@tatoeba.org"), and
(`restore_dropped`) the placeholders and numbers it dropped where the source says where they go,
which the Translator does to every output.
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


# Kinds whose altered copy in a translation is always wrong. Numbers are left alone: "1,5" for "1.5" is
# the Spanish way to write it, and "two" for "2" is no error either.
REPAIRED_KINDS = ("url", "email", "placeholder")


def overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] overlaps one of `spans` ((start, end) pairs, as `find_spans` gives)."""
    return any(s < end and start < e for s, e in spans)


def repair_spans(source: str, translation: str) -> str:
    """`translation` with the URLs, e-mail addresses and placeholders it altered put back as the source has
    them. Per kind: where the source has n spans the translation lacks, and the translation n spans of that
    kind the source lacks (its altered copies), the i-th of the latter becomes the i-th of the former. Any
    other count is left as it is: which copy came from which span would be a guess."""
    source_spans = find_spans(source)
    wanted = [s for s in source_spans if s.kind in REPAIRED_KINDS]
    if not wanted:
        return restore_dropped(source, translation)
    found = [s for s in find_spans(translation) if s.kind in REPAIRED_KINDS]
    replacements: list[tuple[Span, str]] = []
    for kind in REPAIRED_KINDS:
        missing = _unmatched([s for s in wanted if s.kind == kind], [s for s in found if s.kind == kind])
        extra = _unmatched([s for s in found if s.kind == kind], [s for s in wanted if s.kind == kind])
        if missing and len(missing) == len(extra):
            replacements += [(old, new.text) for old, new in zip(extra, missing, strict=True)]
        elif kind == "placeholder" and missing and not extra and not _stray_marks(source, source_spans):
            replacements += _mend_cut_placeholders(translation, found, missing)
    for old, new in sorted(replacements, key=lambda r: r[0].start, reverse=True):
        translation = translation[: old.start] + new + translation[old.end :]
    return restore_dropped(source, translation)


# What is left of a placeholder the model cut short: "%" with the start of its flags or name ("Zar %",
# "%(na"), "{" with the start of its name ("{nam"). A "%" right after a digit is a percent sign ("50 %").
_CUT_PLACEHOLDER = re.compile(r"(?<!\d)(?<!\d\s)%(?:\(\w*\)?|[\d$]*)(?=[^\w]|$)|\$?\{\w*(?![\w}])")


def _mend_cut_placeholders(
    translation: str, found: list[Span], missing: list[Span]
) -> list[tuple[Span, str]]:
    """(cut copy, placeholder) pairs for `repair_spans`: where the translation holds, outside its spans
    (`found`), as many cut-short placeholders as the source has placeholders it lacks, the i-th cut one
    becomes the i-th missing one ("Tsar %s" -> "Zar %" -> "Zar %s"); nothing where the counts do not pair
    up. `repair_spans` calls it only for a source with no "%" or "{" of its own outside its spans (a
    percent sign, a brace), which a cut copy could not be told from."""
    inside = [(s.start, s.end) for s in found]
    cut = [
        Span("placeholder", m.group(), m.start(), m.end())
        for m in _CUT_PLACEHOLDER.finditer(translation)
        if not overlaps(m.start(), m.end(), inside)
    ]
    if len(cut) != len(missing):
        return []
    pairs = []
    for old, new in zip(cut, missing, strict=True):
        # The rest of the placeholder, split off by a space ("% s" for "%s"), goes with it.
        rest = new.text[len(old.text) :] if new.text.startswith(old.text) else ""
        split = re.match(rf"\s+{re.escape(rest)}(?!\w)", translation[old.end :]) if rest else None
        end = old.end + split.end() if split else old.end
        pairs.append((Span(old.kind, translation[old.start : end], old.start, end), new.text))
    return pairs


# Kinds a translation may drop whole, and where `restore_dropped` puts one back. A word that names a
# product or a standard, which the number after it belongs to: it has a capital or a digit ("ISO",
# "LibreOffice", "X11"), and is a word the translation keeps as it is.
DROPPED_KINDS = ("placeholder", "number")
_ANCHOR = re.compile(r"(?<![\w.-])([\w.-]*(?:[A-Z]|\d)[\w.-]*)\s+$")
_CLOSING = re.compile(r"[\s.,;:!?)\]»\"'…]*$")


def restore_dropped(source: str, translation: str) -> str:
    """`translation` with the placeholders and numbers of `source` it dropped whole put back where the
    source says: a placeholder that starts or ends the source starts or ends the translation ("Grand
    Duchess %s" → "Agujos magnífico %s": a program fills it in, and a message without it breaks the
    program's output); a placeholder or number right after a word with a capital or a digit that both
    texts hold once ("ISO 8601", "LibreOffice 4.4") goes back after that word ("(ISO)" → "(ISO 8601)").
    Only where the translation has no span of that kind the source lacks (an altered copy, which
    `repair_spans` mends or leaves) and the span is missing from it altogether; anything else is left."""
    wanted = [s for s in find_spans(source) if s.kind in DROPPED_KINDS]
    if not wanted:
        return translation
    found = find_spans(translation)
    for kind in DROPPED_KINDS:
        missing = _unmatched([s for s in wanted if s.kind == kind], [s for s in found if s.kind == kind])
        extra = _unmatched([s for s in found if s.kind == kind], [s for s in wanted if s.kind == kind])
        if extra or (kind == "placeholder" and _stray_marks(translation, found)):
            continue
        for span in missing:
            translation = _put_back(source, translation, span)
    return translation


def _stray_marks(translation: str, spans: list[Span]) -> bool:
    """Whether `translation` has a "%" or "{" outside its spans: a placeholder it garbled ("¿Borrar %?"),
    which a restored copy would only double."""
    outside = translation
    for span in reversed(spans):
        outside = outside[: span.start] + outside[span.end :]
    return "%" in outside or "{" in outside


def _put_back(source: str, translation: str, span: Span) -> str:
    """`translation` with `span` of `source` put back (`restore_dropped`), or as it is when no rule says
    where."""
    anchor = _ANCHOR.search(source[: span.start])
    if anchor:
        word = re.compile(rf"(?<![\w.-]){re.escape(anchor.group(1))}(?![\w-])")
        places = list(word.finditer(translation))
        if len(places) == 1 and len(word.findall(source)) == 1:
            at = places[0].end()
            return f"{translation[:at]} {span.text}{translation[at:]}"
    if span.kind != "placeholder" or not translation.strip():
        return translation
    if not source[: span.start].strip():
        return f"{span.text} {translation.lstrip()}"
    if _CLOSING.fullmatch(source[span.end :]):
        body = _CLOSING.sub("", translation)
        return f"{body} {span.text}{translation[len(body) :]}"
    return translation


def _unmatched(spans: list[Span], others: list[Span]) -> list[Span]:
    """The spans, in order, that have no equal among `others` (each of those matching one span)."""
    left = Counter(o.text for o in others)
    out = []
    for span in spans:
        if left[span.text]:
            left[span.text] -= 1
        else:
            out.append(span)
    return out


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


# A number English writes as an ordinal ("siglo 18" -> "18th century") or as a decade ("la década de
# 1990" -> "the 1990s"): the same digits, with the suffix English gives them.
_ENGLISH_NUMBER_FORM = re.compile(r"(?<![\w.,])(\d*?(?:1[123]th|1st|2nd|3rd|[04-9]th)|\d{3}0s)\b")


def english_number_forms(text: str) -> list[str]:
    """The digits of the ordinals and decades `text` writes the English way ("18th" -> "18", "1990s" ->
    "1990"; "11th", "21st", "22nd", not "21th")."""
    return [re.sub(r"\D+$", "", m.group(1)) for m in _ENGLISH_NUMBER_FORM.finditer(text)]


def preservation(sources: list[str], translations: list[str]) -> Preservation:
    """Count, sentence by sentence, the source spans that occur in the translation as often as in the
    source (a multiset comparison: `%s %s` needs two `%s`). Numbers compare as written: `1,5` for `1.5`
    counts as changed, but a number the translation writes as an English ordinal or decade
    (`english_number_forms`: "siglo 18" -> "18th century", "la década de 1990" -> "the 1990s") is kept."""
    total: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    for source, translation in zip(sources, translations, strict=True):
        wanted = Counter((s.kind, s.text) for s in find_spans(source))
        found = Counter((s.kind, s.text) for s in find_spans(translation))
        found.update(("number", digits) for digits in english_number_forms(translation))
        for (kind, text), n in wanted.items():
            total[kind] += n
            kept[kind] += min(n, found[(kind, text)])
    return Preservation(total, kept)
