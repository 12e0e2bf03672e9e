"""Name swaps: train pairs copied with the person's name in them replaced by other first names.

Everyday text is full of names ("Tom told me I shouldn't swim there"), and a model should carry a name
over unchanged. The corpus rarely shows that: its names are mostly the Bible's, which the Reina-Valera
often spells its own way (John / Juan), and "Tom" is in 22 of 540k train pairs. A model trained on it
mangles names it has not seen ("Tom looks like his father" -> "Am parece como su padre").

This step makes pairs that show names carried over. A template is a train pair in which exactly one
first name of the list occurs, once on each side, as a whole word ("David"); each template gives
`copies` pairs with that word replaced on both sides by another first name. The list is the first names
of python3-fake-factory's person providers for en_US (the US Social Security top names of the 1960s to
1990s), es_ES and es_MX, read as data (the files are parsed, not run). Replacements are drawn with a seed
that is a hash of the pair, so the result does not depend on the order of the corpus.

A swapped pair keeps its template's document in its origin (`names:python3-fake-factory:KIND:PACKAGE:
FILE`) and its own kind, so training weighs and tags it apart: `names-bible` where the template is a
verse (1909 spelling, tagged like the Bible), `names` otherwise. Templates are real pairs only: the
synthetic kinds (one side machine-made) and dictionary entries are not used.
"""

from __future__ import annotations

import ast
import hashlib
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from data.sources.base import Origin
from translator.errors import TranslatorError

PACKAGE = "python3-fake-factory"
LICENCE = "each pair its template's licence; the name list: Expat (python3-fake-factory)"
LOCALES = ("en_US", "es_ES", "es_MX")
PROVIDERS = "usr/lib/python3/dist-packages/faker/providers/person"
_LISTS = ("first_names_male", "first_names_female", "first_names")
_NAME = re.compile(r"[^\W\d_]{2,}")  # one word of letters: "Tom", "José"; not "Mary Ann", "O'Neil"
SKIPPED_KINDS = frozenset({"bt-en", "bt-es", "apertium-dict", "freedict", "names", "names-bible"})
BIBLE_KINDS = frozenset({"bible", "bible-web"})


class NameListError(TranslatorError, ValueError):
    """The name list cannot be read from the package."""


def describe(version: str, copies: int, per_name: int) -> dict[str, Any]:
    """The manifest's entry for the swapped pairs; `names-bible` is read under its "bible" key."""
    entry: dict[str, Any] = {"domain": "synthetic", "packages": {PACKAGE: version}, "licence": LICENCE}
    return {"kind": "names", **entry, "copies": copies, "per_name": per_name, "bible": entry}


def _names_in(node: ast.expr) -> list[str]:
    """The names of one list assignment: a tuple of strings, or OrderedDict((name, weight), ...)."""
    if isinstance(node, ast.Call):  # OrderedDict((...)); `first_names_male.copy()` has no list of its own
        if not node.args:
            return []
        node = node.args[0]
    try:
        value = ast.literal_eval(node)
    except ValueError:  # `first_names_male + first_names_female`: made of lists read already
        return []
    return [item[0] if isinstance(item, tuple) else item for item in value]


def read_first_names(root: Path, locales: Sequence[str] = LOCALES) -> list[str]:
    """The one-word first names of the package's person providers for `locales`, sorted, distinct."""
    names: set[str] = set()
    for locale in locales:
        path = root / PROVIDERS / locale / "__init__.py"
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except (OSError, SyntaxError, UnicodeDecodeError) as exc:
            raise NameListError(f"{PACKAGE}: cannot read {path}: {exc}") from None
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in _LISTS for t in node.targets):
                names.update(n for n in _names_in(node.value) if isinstance(n, str) and _NAME.fullmatch(n))
    if not names:
        raise NameListError(f"{PACKAGE}: no first names under {root / PROVIDERS} for {', '.join(locales)}")
    return sorted(names)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def template_name(en: str, es: str, names: frozenset[str]) -> str | None:
    """The one name of the list that occurs exactly once on each side of a pair, and no other; or None."""
    en_names = [w for w in _words(en) if w in names]
    es_names = [w for w in _words(es) if w in names]
    if len(en_names) == 1 and en_names == es_names:
        return en_names[0]
    return None


def _replace(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(old)}(?!\w)", new, text)


def swap_names(
    pairs: Iterable[tuple[str, str, Origin]], names: Sequence[str], copies: int, per_name: int
) -> list[tuple[str, str, Origin]]:
    """For each template among `pairs`, `copies` pairs with its name replaced (see the module's text).
    At most `per_name` templates hold the same name (those whose text hashes lowest), so that "Israel",
    "David" and "Jacob" do not make up most of the templates."""
    if copies <= 0 or per_name <= 0:
        return []
    listed = frozenset(names)
    by_name: dict[str, list[tuple[bytes, str, str, Origin]]] = {}
    for en, es, origin in pairs:
        if origin.kind in SKIPPED_KINDS:
            continue
        name = template_name(en, es, listed)
        if name is not None:
            by_name.setdefault(name, []).append((_digest(en, es, -1), en, es, origin))
    out = []
    for name in sorted(by_name):
        others = [n for n in names if n != name]
        for _, en, es, origin in sorted(by_name[name], key=lambda t: t[0])[:per_name]:
            kind = "names-bible" if origin.kind in BIBLE_KINDS else "names"
            derived = Origin(kind, PACKAGE, str(origin))
            seed = int.from_bytes(_digest(en, es, 0)[:8], "big")
            for new in random.Random(seed).sample(others, min(copies, len(others))):
                out.append((_replace(en, name, new), _replace(es, name, new), derived))
    return out


def _digest(en: str, es: str, i: int) -> bytes:
    return hashlib.sha256(f"{en}\t{es}\t{i}".encode()).digest()
