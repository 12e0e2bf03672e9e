"""HTML in, HTML out: the text of an HTML fragment or document translated, its markup kept.

The model learned from plain sentences; it translates "Click <b>here</b> to continue." badly with the
tags in ("Pulse <b>here</b> para continuar."). So the text is taken out of the markup, translated, and
put back:

- The text between block boundaries is one unit: a block element (`<p>`, `<li>`, `<td>`, `<h1>`, ...),
  a line break or an image, an element left untranslated and a comment all end one. Inline elements
  (`<b>`, `<a>`, `<span>`, ...) stay inside it.
- A unit with no inline element is translated as it is, its leading and trailing white space kept.
- A unit with inline elements is translated whole, without its tags, and each inline element's text is
  translated alone too. Where each one's translation is found once and in order in the whole unit's
  ("Haga clic aquí para continuar." holds "aquí"), or else the one window of words most like it
  ("proyección cilíndrica" for "Proyecto cilíndrico"), the tags go around those words, nested ones
  too: the sentence keeps the model's whole-sentence translation. An inline element that starts or
  ends the unit's words takes the translation's first or last words with it; the text between the
  elements goes to the tails as the source had it. Otherwise (an element's text not found, found
  twice, or glued to a word, as in "<b>O</b>nce") each text node is translated alone and kept in its
  place: the markup is always kept, the word order within that sentence may suffer.
- Not translated: `<script>`, `<style>`, `<code>`, `<pre>` and the like, and any element marked
  `translate="no"` or with the class `notranslate` (as web page translators honour them). Inline code
  (`<code>`, `<kbd>`, `<samp>`, `<var>`, `<tt>`) and an inline element so marked, holding text and no
  other element, are words of their sentence: the sentence is translated with their text in it
  ("Press <kbd>Ctrl+S</kbd> to save."), and they go around that text where the translation has it as
  written; their own text never changes.
- The attributes people read are translated: `title`, `alt`, `placeholder`, `aria-label`.

lxml's HTML parser reads the markup, as lenient as a browser: unclosed tags are closed and stray end
tags dropped the way a browser would, and the output is lxml's serialisation of what it read (`<br/>`
comes back `<br>`; character references come back as characters, `&lt;` `&gt;` `&amp;` as they must
be). Control characters (U+0000 to U+001F but tab, line feed and carriage return), which HTML cannot
hold, are refused (MarkupError) rather than dropped, and so is markup nested more than MAX_DEPTH (100)
elements deep, which libxml2 would otherwise cut short with the text in it.

    document = HtmlDocument(html)
    translations = translate(document.texts)      # any function translating a list of plain texts
    out = document.render(translations)
"""

from __future__ import annotations

import difflib
import html as html_lib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import lxml.etree
import lxml.html

from translator.errors import TranslatorError
from translator.typed import capital_like

if TYPE_CHECKING:
    from translator.decoding import ResolvedOptions
    from translator.facade import Translator

# Elements that begin and end a unit of text of their own.
BLOCK = frozenset(
    """address article aside blockquote body caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 head header hgroup html legend li main menu
    nav ol optgroup option p section summary table tbody td tfoot th thead title tr ul button label
    select datalist""".split()
)
# Elements whose content is never translated (code, scripts, data).
UNTRANSLATED = frozenset(
    "script style code pre kbd samp var tt textarea svg math template noscript iframe object".split()
)
# Untranslated elements that are words of a sentence ("Press <kbd>Ctrl+S</kbd> to save."): the sentence is
# translated with their text in it, and they are put around that text where the translation keeps it.
INLINE_CODE = frozenset("code kbd samp var tt".split())
# Elements without content that break the text around them ("line one<br>line two").
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Attributes whose value a reader sees, translated as texts of their own.
ATTRIBUTES = ("title", "alt", "placeholder", "aria-label")
_DOCUMENT = re.compile(r"\s*(?:<!--.*?-->\s*)*(?:<!doctype|<html[\s>])", re.IGNORECASE | re.DOTALL)
_PARENT = "div"  # the element a fragment is parsed into
# Elements nested deeper are refused: libxml2 alone would drop the text below its limit (256).
MAX_DEPTH = 100
# Characters HTML cannot hold (XML 1.0's control characters): refused, not silently dropped.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


class MarkupError(TranslatorError, ValueError):
    """HTML that cannot be read."""


# Where a text lives in the tree: the element and "text" (before its first child) or "tail" (after it).
Holder = tuple[lxml.html.HtmlElement, str]


def _get(holder: Holder) -> str:
    element, where = holder
    return (element.text if where == "text" else element.tail) or ""


def _set(holder: Holder, value: str) -> None:
    element, where = holder
    if where == "text":
        element.text = value
    else:
        element.tail = value


def _tag(element: lxml.html.HtmlElement) -> str | None:
    """An element's tag in lower case; None for a comment, processing instruction or entity."""
    return element.tag.lower() if isinstance(element.tag, str) else None


def _untranslated(element: lxml.html.HtmlElement) -> bool:
    tag = _tag(element)
    return (
        tag is None
        or tag in UNTRANSLATED
        or (element.get("translate") or "").strip().lower() == "no"
        or "notranslate" in (element.get("class") or "").split()
    )


def _kept(element: lxml.html.HtmlElement) -> bool:
    """Whether an element is a word of its sentence kept as it is: inline code (`<code>`, `<kbd>`, ...)
    or an inline element marked untranslated, with text and no element inside."""
    tag = _tag(element)
    return (
        tag is not None
        and (tag in INLINE_CODE or (tag not in UNTRANSLATED and _untranslated(element)))
        and tag not in BLOCK
        and tag not in VOID
        and not len(element)
        and bool((element.text or "").strip())
    )


def _as_word(text: str, flags: int = 0) -> re.Pattern[str]:
    """`text` where it stands apart: not inside a longer word at an end where it has a letter or digit."""
    before = r"(?<!\w)" if re.match(r"\w", text) else ""
    after = r"(?!\w)" if re.search(r"\w$", text) else ""
    return re.compile(before + re.escape(text) + after, flags)


def _glued(text: str, before: str, after: str) -> bool:
    """Whether `text` joins a word of the text before or after it, with no space or mark between."""
    return bool(re.match(r"\w", text) and re.search(r"\w$", before)) or bool(
        re.search(r"\w$", text) and re.match(r"\w", after)
    )


def _find(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    """The spans of `pattern`'s first two matches in `text`, overlapping ones included."""
    found: list[tuple[int, int]] = []
    start = 0
    while len(found) < 2 and (match := pattern.search(text, start)) is not None:
        found.append(match.span())
        start = match.start() + 1
    return found


SIMILAR = 0.6  # how alike (difflib's ratio) a window of words must be to a translation it stands for
REACH = 30  # words after the previous element's that a window may start at: the search stays linear


def _most_like(translation: str, text: str, position: int) -> tuple[int, int] | None:
    """The span of the window of words of `text`, starting within REACH words after `position`, most like
    `translation` ("Proyecto cilíndrico" in "... la proyección cilíndrica ..."): alike at least SIMILAR,
    and more alike than any other window; None otherwise."""
    words = [m.span() for m in re.finditer(r"\w+", text) if m.start() >= position]
    size = len(re.findall(r"\w+", translation))
    if not words or not size:
        return None
    wanted = translation.lower()
    scored = []
    for i in range(min(len(words), REACH)):
        for n in range(max(1, size - 1), size + 2):
            if i + n <= len(words):
                span = (words[i][0], words[i + n - 1][1])
                ratio = difflib.SequenceMatcher(None, wanted, text[span[0] : span[1]].lower()).ratio()
                scored.append((ratio, span))
    if not scored:
        return None
    scored.sort(key=lambda item: -item[0])
    best = scored[0]
    if best[0] < SIMILAR or (len(scored) > 1 and scored[1][0] == best[0] and scored[1][1] != best[1]):
        return None
    return best[1]


def _spread(texts: list[str], source: list[str], holders: range, between: str) -> None:
    """Give `between` (the translation's text between two anchors) to the free holders in `holders`:
    as their source texts were, where it is their concatenation unchanged (but for white space); else all
    of it to the one with the most text in the source (the first on a tie)."""
    if between.split() == "".join(source[i] for i in holders).split():
        for i in holders:
            texts[i] = source[i]
        return
    chosen = max(holders, key=lambda i: (len(source[i].strip()), -i))
    texts[chosen] = between


def _literal(element: lxml.html.HtmlElement) -> bool:
    """Whether an inline element's text is found in a translation as it is written: kept (`_kept`), or
    text with nothing to translate ("1.2" in `<span>1.2</span> Installing`)."""
    text = (element.text or "").strip()
    return _kept(element) or (not len(element) and bool(text) and not _has_words(text))


def _wraps(element: lxml.html.HtmlElement) -> bool:
    """Whether an inline element goes around words of the translation: it has text, and text to translate."""
    return _has_words(element.text or "") and not _literal(element)


def _inline(element: lxml.html.HtmlElement) -> bool:
    """Whether an element belongs inside its parent's unit of text: kept as it is (`_kept`), or neither
    a block, nor void, nor left untranslated, and the same holds of everything inside it."""
    if _kept(element):
        return True
    tag = _tag(element)
    if tag is None or tag in BLOCK or tag in VOID or _untranslated(element):
        return False
    return all(_inline(child) for child in element)


def _has_words(text: str) -> bool:
    """Whether a text has anything to translate: a letter ("." or "42" alone is kept as it is)."""
    return any(c.isalpha() for c in text)


def _split_space(text: str) -> tuple[str, str, str]:
    """(leading white space, the text, trailing white space)."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core[0])
    return text[:start], core, text[start + len(core) :]


@dataclass
class _Unit:
    """One unit of text: its text holders in document order and the inline elements among them."""

    holders: list[Holder]
    inline: list[lxml.html.HtmlElement] = field(default_factory=list)
    source: list[str] = field(default_factory=list)  # the holders' texts as read, for every render
    whole: int | None = None  # index in texts of the unit's whole text, with inline elements
    pieces: dict[int, int] = field(default_factory=dict)  # holder index -> index in texts


class HtmlDocument:
    """An HTML fragment or document parsed, with the texts to translate (`texts`) and the way back
    (`render`)."""

    def __init__(self, html: str) -> None:
        self.source = html
        self.texts: list[str] = []
        self._units: list[_Unit] = []
        self._attributes: list[tuple[lxml.html.HtmlElement, str, str, int]] = []
        self._root: lxml.html.HtmlElement | None = None
        self._document = bool(_DOCUMENT.match(html))
        self.placed = 0  # units whose inline elements went around the whole translation, at the last render
        if not html.strip():
            return
        if control := _CONTROL.search(html):
            raise MarkupError(
                f"cannot read the HTML: control character U+{ord(control.group()):04X} at character "
                f"{control.start()}; HTML cannot hold it"
            )
        parser = lxml.html.HTMLParser(huge_tree=True)  # no depth limit that drops text: MAX_DEPTH is ours
        try:
            if self._document:
                self._root = lxml.html.document_fromstring(html, parser=parser)
            else:
                self._root = lxml.html.fragment_fromstring(html, create_parent=_PARENT, parser=parser)
        except (lxml.etree.ParserError, ValueError) as exc:
            raise MarkupError(f"cannot read the HTML: {exc}") from None
        depth = max(sum(1 for _ in element.iterancestors()) for element in self._root.iter())
        if depth > MAX_DEPTH:
            raise MarkupError(f"cannot read the HTML: elements nested {depth} deep; at most {MAX_DEPTH}")
        self._collect(self._root, [(self._root, "text")])

    @property
    def inline_units(self) -> int:
        """Units of text with inline elements: those whose tags `render` places in a whole translation."""
        return sum(1 for unit in self._units if unit.whole is not None)

    def _add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts) - 1

    def _collect(self, container: lxml.html.HtmlElement, run: list[Holder]) -> None:
        """Walk `container`'s children, gathering units of text; `run` holds the unit open so far."""
        unit = _Unit(list(run))
        for child in container:
            if not _untranslated(child):
                self._attributes_of(child)
            if _inline(child):
                if not _kept(child):
                    for descendant in child.iterdescendants():
                        self._attributes_of(descendant)
                unit.inline.append(child)
                unit.holders.extend([(child, "text")] if _kept(child) else _inline_holders(child))
                unit.holders.append((child, "tail"))
                continue
            self._close(unit)
            if not _untranslated(child) and _tag(child) not in VOID:
                self._collect(child, [(child, "text")])
            unit = _Unit([(child, "tail")])
        self._close(unit)

    def _attributes_of(self, element: lxml.html.HtmlElement) -> None:
        """Queue the element's readable attributes (ATTRIBUTES) for translation."""
        for name in ATTRIBUTES:
            value = element.get(name)
            if value is not None and value.strip():
                lead, core, trail = _split_space(value)
                self._attributes.append((element, name, lead + "\0" + trail, self._add(core)))

    def _close(self, unit: _Unit) -> None:
        kept = {id(element) for element in unit.inline if _kept(element)}
        texts = [
            (i, _split_space(_get(h))[1])
            for i, h in enumerate(unit.holders)
            if not (h[1] == "text" and id(h[0]) in kept)
        ]
        texts = [(i, core) for i, core in texts if _has_words(core)]
        if not texts:
            return
        unit.source = [_get(h) for h in unit.holders]
        if unit.inline:
            whole = "".join(unit.source).strip()
            unit.whole = self._add(re.sub(r"\s+", " ", whole))
        for i, core in texts:
            unit.pieces[i] = self._add(" ".join(core.split()))
        self._units.append(unit)

    def render(self, translations: list[str]) -> str:
        """The HTML with each text replaced by its translation (`translations[i]` for `texts[i]`). It
        may be called again with other translations (the alternatives of an n-best list)."""
        if len(translations) != len(self.texts):
            raise ValueError(f"{len(self.texts)} texts, {len(translations)} translations")
        if self._root is None:
            return self.source
        self.placed = 0
        for unit in self._units:
            for holder, text in zip(unit.holders, unit.source, strict=True):
                _set(holder, text)
            if unit.whole is not None and self._project(unit, translations):
                self.placed += 1
            else:
                for i, index in unit.pieces.items():
                    lead, core, trail = _split_space(unit.source[i])
                    _set(unit.holders[i], lead + capital_like(core, translations[index], lower=True) + trail)
        for element, name, frame, index in self._attributes:
            element.set(name, frame.replace("\0", translations[index]))
        return self._serialise()

    def _project(self, unit: _Unit, translations: list[str]) -> bool:
        """Put the unit's whole translation in place, each inline element around the words that
        translate its text; False (nothing changed) where an element's text is not found once, in
        order, in the whole translation.

        The text holders of inline elements with text are anchors, found in the whole translation: a
        translated one by its own translation (exactly, else the one window of words most like it), a
        literal one (inline code, a number) as written. Every other holder (tails, the text before the
        first element, empty elements) takes what lies between the anchors: as the source had it,
        where that text came through unchanged, else all of it in the holder that had the most text."""
        assert unit.whole is not None
        whole = translations[unit.whole]
        anchors: list[tuple[int, tuple[int, int]]] = []  # holder index, span in whole
        position = 0
        for at, (element, where) in enumerate(unit.holders):
            text = element.text or ""
            if at == 0 or where != "text" or not text.strip():
                continue  # the unit's first holder and the tails are free, and so are empty elements
            if _glued(text, "".join(unit.source[:at]), "".join(unit.source[at + 1 :])):
                return False  # part of a word ("<b>O</b>nce"): its translation is no word of its own
            literal, index = _literal(element), unit.pieces.get(at)
            if literal:
                wanted = text.strip()
            elif index is not None:
                wanted = translations[index]
            else:
                return False
            found = _find(_as_word(wanted, 0 if literal else re.IGNORECASE), whole)
            if len(found) > 1 or (found and found[0][0] < position):
                return False  # there twice (which is it?), or out of order
            # not there exactly: a literal fails, a translation takes the window of words most like it
            span = found[0] if found else None if literal else _most_like(wanted, whole, position)
            if span is None:
                return False
            anchors.append((at, span))
            position = span[1]
        if not anchors:
            return False
        # An anchor that starts (ends) the unit's words takes the translation's first (last) words with
        # it: "<b>Cylindrical projection</b>" is "<b>Proyección cilíndrica</b>" whatever its words alone gave.
        # (To the translation's start or end where nothing but white space is before or after it.)
        words = [m.span() for m in re.finditer(r"\w+", whole)]
        first, last = anchors[0][0], anchors[-1][0]
        before, after = "".join(unit.source[:first]), "".join(unit.source[last + 1 :])
        if words and _wraps(unit.holders[first][0]) and not _has_words(before):
            start = 0 if not before.strip() else words[0][0]
            anchors[0] = (first, (min(start, anchors[0][1][0]), anchors[0][1][1]))
        if words and _wraps(unit.holders[last][0]) and not _has_words(after):
            end = len(whole.rstrip()) if not after.strip() else words[-1][1]
            anchors[-1] = (last, (anchors[-1][1][0], max(end, anchors[-1][1][1])))
        lead = _split_space(unit.source[0])[0]
        trail = _split_space(unit.source[-1])[2]
        texts = [""] * len(unit.holders)
        cut = 0
        bounds = [*anchors, (len(unit.holders), (len(whole), len(whole)))]
        previous = -1
        for at, (start, end) in bounds:
            if previous + 1 < at:
                _spread(texts, unit.source, range(previous + 1, at), whole[cut:start])
            elif previous >= 0:  # no free holder between two anchors: the text between stays with the first
                texts[previous] += whole[cut:start]
            if at < len(unit.holders):
                texts[at] = whole[start:end] if not _literal(unit.holders[at][0]) else unit.source[at]
            previous, cut = at, end
        texts[0] = lead + texts[0].lstrip()
        texts[-1] = texts[-1].rstrip() + trail
        for holder, text in zip(unit.holders, texts, strict=True):
            _set(holder, text)
        return True

    def _serialise(self) -> str:
        assert self._root is not None
        for element in self._root.iter():
            # libxml2 writes an empty <li> without its end tag, and its tail would then read as its text
            if (
                _tag(element) not in VOID
                and _tag(element) is not None
                and not element.text
                and not len(element)
            ):
                element.text = ""
        if self._document:
            doctype = self._root.getroottree().docinfo.doctype
            return lxml.html.tostring(self._root, encoding="unicode", method="html", doctype=doctype or None)
        head = html_lib.escape(self._root.text or "", quote=False)
        return head + "".join(
            lxml.html.tostring(child, encoding="unicode", method="html", with_tail=True)
            for child in self._root
        )


def _inline_holders(element: lxml.html.HtmlElement) -> Iterator[Holder]:
    """The text holders inside an inline element, in document order (its tail not included)."""
    yield (element, "text")
    for child in element:
        yield from _inline_holders(child)
        yield (child, "tail")


def html_text(html: str) -> str:
    """The text of `html` that would be translated, its pieces joined by spaces (to tell its language)."""
    return " ".join(HtmlDocument(html).texts)


def translate_document(
    document: HtmlDocument, translator: Translator, search: ResolvedOptions, domain: str | None = None
) -> str:
    """`document` rendered with its texts translated by `translator`, each text split into sentences as
    the service splits a text (`translator.segment`): what `python -m translator translate --format
    html` writes."""
    if not document.texts:
        return document.render([])
    plan = translator.segmented(document.texts, domain)
    results = translator.translate(
        plan.pieces, decode=search.decode, beam_size=search.beam_size, alpha=search.alpha, domain=domain
    )
    return document.render(plan.join([r.text for r in results]))


def translate_html(html: str, translate: Callable[[list[str]], list[str]]) -> str:
    """`html` with its text translated by `translate` (a list of plain texts in, their translations
    out, in order)."""
    document = HtmlDocument(html)
    return document.render(translate(document.texts) if document.texts else [])
