"""Firefox ESR and Thunderbird: the en-US strings of `omni.ja` against the Spanish langpack `.xpi`.

Both are zip archives holding the same localisation files under different roots: the English
`chrome/en-US/locale/en-US/global/intl.properties` is the langpack's
`chrome/es-ES/locale/es-ES/global/intl.properties`, and Firefox's second archive `browser/omni.ja`
matches the langpack's `browser/` folder. Dropping the locale folders from a path and prefixing the
archive's place in the program folder gives one key for both sides; a string pairs up by that key and
its message id. Three formats are read:

- Fluent `.ftl` (the maintained `fluent.syntax` parser): a message's value and each attribute
  (`id.attr`); a pattern with a selector (plurals, gender) on either side is skipped, as is one
  whose text is only references (`{ -brand-short-name }`).
- `.properties` (`key = value`, Java escapes): Mozilla's plural lists (`#1 tab;#1 tabs`) are skipped.
- `.dtd` (`<!ENTITY name "value">`): character references are decoded; entity references such as
  `&brandShortName;` are kept as the placeholders they are.

Access keys, command keys and CSS sizes (`save.accesskey`, `dialog.style`) are not text and are skipped.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from fluent.syntax import FluentParser, ast
from fluent.syntax.serializer import serialize_expression

from data.sources.base import Origin, Source, SourceError, SourcePair

ENGLISH_LOCALE = "en-US"
SPANISH_LOCALE = "es-ES"
FORMATS = (".ftl", ".properties", ".dtd")
# Ids whose values are keyboard shortcuts or CSS sizes, not text: `save.accesskey`, `find.commandkey`,
# `dialog.style`. Matched against an id's last dotted part.
_NOT_TEXT = re.compile(r"accesskey|^(commandkey|key|keycode|style|width|height)\d*$", re.IGNORECASE)


class Mozilla(Source):
    kind = "mozilla"
    domain = "ui"
    licence = "MPL-2.0"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.programs = _program_pairs(options.get("pairs"), self.packages)

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for english, spanish in self.programs:
            en_files = english_files(english, roots[english])
            es_files = spanish_files(spanish, roots[spanish])
            for key in sorted(en_files.keys() & es_files.keys()):
                en = read_messages(f"package {english}: {key}", en_files[key]())
                es = read_messages(f"package {spanish}: {key}", es_files[key]())
                origin = Origin(self.kind, spanish, key)
                for message_id, en_text in en.items():
                    if _NOT_TEXT.search(message_id.rsplit(".", 1)[-1]):
                        continue
                    es_text = es.get(message_id)
                    if es_text and en_text.strip() and es_text.strip():
                        yield SourcePair(en_text, es_text, origin)


def _program_pairs(value: object, packages: Sequence[str]) -> list[tuple[str, str]]:
    """The `pairs` option: [[English package, Spanish langpack package], ...], all of them listed."""
    if not isinstance(value, list) or not value:
        raise SourceError("mozilla: option `pairs` must list [English package, Spanish package] pairs")
    result = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 2 and all(isinstance(p, str) for p in item)):
            raise SourceError(
                f"mozilla: each of `pairs` must be [English package, Spanish package], not {item!r}"
            )
        for name in item:
            if name not in packages:
                raise SourceError(f"mozilla: package {name} is in `pairs` but not in `packages`")
        result.append((item[0], item[1]))
    return result


Reader = Callable[[], bytes]  # reads one archive member when called


def _key(prefix: str, member: str, locale: str) -> str:
    """The locale-free key of an archive member: its path without the locale folders."""
    parts = [p for p in PurePosixPath(prefix, member).parts if p != locale]
    return "/".join(parts)


def _open_zip(path: Path, label: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SourceError(f"{label}: {path.name} is not a readable zip archive ({exc})") from None


def _members(archive: zipfile.ZipFile, prefix: str, locale: str, label: str) -> dict[str, Reader]:
    """Key -> reader of every localisation file in an archive that lies under a `locale` folder."""
    found: dict[str, Reader] = {}
    for member in archive.namelist():
        if member.endswith(FORMATS) and locale in member.split("/"):

            def read(member: str = member) -> bytes:
                try:
                    return archive.read(member)
                except (zipfile.BadZipFile, OSError, ValueError) as exc:
                    raise SourceError(f"{label}: cannot read {member} ({exc})") from None

            found[_key(prefix, member, locale)] = read
    return found


def english_files(package: str, root: Path) -> dict[str, Reader]:
    """The en-US files of every `omni.ja` of a program, keyed by their locale-free path.

    An archive deeper in the program folder (Firefox's `browser/omni.ja`) prefixes its keys with its
    folder, as the langpack does; symbolic links (Thunderbird's second `omni.ja`) are not read twice."""
    archives = sorted(
        Path(folder, name)
        for folder, _, names in os.walk(root)
        for name in names
        if name == "omni.ja" and not Path(folder, name).is_symlink()
    )
    if not archives:
        raise SourceError(f"package {package}: no omni.ja found")
    base = min(archives, key=lambda p: len(p.parts)).parent
    found: dict[str, Reader] = {}
    for path in archives:
        if not path.is_relative_to(base):
            raise SourceError(
                f"package {package}: {path.relative_to(root)} is outside {base.relative_to(root)}"
            )
        prefix = path.parent.relative_to(base).as_posix()
        label = f"package {package}: {path.relative_to(root)}"
        found.update(_members(_open_zip(path, label), "" if prefix == "." else prefix, ENGLISH_LOCALE, label))
    return found


def spanish_files(package: str, root: Path) -> dict[str, Reader]:
    """The es-ES files of a package's langpack, keyed by their locale-free path."""
    xpis = sorted(root.rglob("*.xpi"))
    if len(xpis) != 1:
        raise SourceError(f"package {package}: expected one langpack .xpi, found {len(xpis)}")
    label = f"package {package}: {xpis[0].relative_to(root)}"
    return _members(_open_zip(xpis[0], label), "", SPANISH_LOCALE, label)


def read_messages(name: str, data: bytes) -> dict[str, str]:
    """Message id -> text of one localisation file; `name` (ending in its path) names it in errors
    and, by its extension, picks the format."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not UTF-8 ({exc})") from None
    if name.endswith(".ftl"):
        return read_fluent(text)
    if name.endswith(".properties"):
        return read_properties(text)
    return read_dtd(text)


# Fluent


def read_fluent(text: str) -> dict[str, str]:
    """Id (and `id.attr`) -> text of the messages of a Fluent file; terms and junk are left out."""
    messages = {}
    for entry in FluentParser(with_spans=False).parse(text).body:
        if not isinstance(entry, ast.Message):
            continue
        patterns = [(entry.id.name, entry.value)]
        patterns += [(f"{entry.id.name}.{a.id.name}", a.value) for a in entry.attributes]
        for message_id, pattern in patterns:
            if pattern is not None and (flat := _flatten(pattern)) is not None:
                messages[message_id] = flat
    return messages


def _has_selector(expression: ast.Expression | ast.Placeable) -> bool:
    if isinstance(expression, ast.Placeable):
        return _has_selector(expression.expression)
    return isinstance(expression, ast.SelectExpression)


def _flatten(pattern: ast.Pattern) -> str | None:
    """A pattern as one line of text with its references kept as `{ $name }`; None where it has a
    selector or no text of its own."""
    pieces = []
    has_text = False
    for element in pattern.elements:
        if isinstance(element, ast.TextElement):
            pieces.append(element.value)
            has_text = has_text or any(c.isalpha() for c in element.value)
            continue
        expression = element.expression
        if _has_selector(expression):
            return None
        if isinstance(expression, ast.StringLiteral):
            pieces.append(expression.parse()["value"])
        elif isinstance(expression, ast.NumberLiteral):
            pieces.append(expression.value)
        else:
            pieces.append("{ " + serialize_expression(expression) + " }")
    if not has_text:
        return None
    # Fluent keeps a multiline pattern's line breaks; they are wrapping, not content.
    return re.sub(r"[ \t]*\n[ \t]*", " ", "".join(pieces)).strip()


# .properties

_PLURAL_SEPARATOR = re.compile(r";(?!\s|$)")
_REFERENCE = re.compile(r"&#?\w+;")
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|.)", re.DOTALL)
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "f": "\f"}


def _unescape(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if len(code) == 5:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, code)

    return _ESCAPE.sub(one, text)


def _logical_lines(text: str) -> Iterator[str]:
    """The file's logical lines: a line ending in an odd number of backslashes continues on the next."""
    pending = ""
    for line in text.splitlines():
        line = line.lstrip() if pending else line
        trailing = len(line) - len(line.rstrip("\\"))
        if trailing % 2:
            pending += line[:-1]
            continue
        yield pending + line
        pending = ""
    if pending:
        yield pending


def read_properties(text: str) -> dict[str, str]:
    """Key -> value of a `.properties` file, less Mozilla's `;`-separated plural lists."""
    entries = {}
    for line in _logical_lines(text):
        stripped = line.lstrip()
        if not stripped or stripped[0] in "#!":
            continue
        match = re.match(r"((?:\\.|[^=:\s\\])+)\s*[=:\s]\s*(.*)$", stripped, re.DOTALL)
        if match is None:
            continue
        value = match.group(2)
        if _PLURAL_SEPARATOR.search(_REFERENCE.sub("", value)):
            continue
        entries[_unescape(match.group(1))] = _unescape(value)
    return entries


# .dtd

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ENTITY = re.compile(r"<!ENTITY\s+([\w.\-]+)\s+(?:\"([^\"]*)\"|'([^']*)')\s*>")
_CHARACTER_REFERENCE = re.compile(r"&#(x[0-9a-fA-F]+|[0-9]+);|&(lt|gt|amp|quot|apos);")
_PREDEFINED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def _decode_references(value: str) -> str:
    def one(match: re.Match[str]) -> str:
        number, name = match.groups()
        if name:
            return _PREDEFINED[name]
        return chr(int(number[1:], 16) if number[0] == "x" else int(number))

    return _CHARACTER_REFERENCE.sub(one, value)


def read_dtd(text: str) -> dict[str, str]:
    """Entity name -> value of a `.dtd` file (general entities only; wrapped lines joined)."""
    entries = {}
    for match in _ENTITY.finditer(_COMMENT.sub("", text)):
        value = match.group(2) if match.group(2) is not None else match.group(3)
        entries[match.group(1)] = re.sub(r"\s*\n\s*", " ", _decode_references(value)).strip()
    return entries
