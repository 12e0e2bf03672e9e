"""Readers of key -> text message files: JSON, PHP assignment lists and `KEY;text` lines.

Each reader takes a file and a label naming it (`package: path`) and returns its messages in file
order; a file that cannot be read or parsed is a SourceError carrying the label.

The PHP reader is a small scanner, not a PHP parser. It reads statements of the form

    $labels['key'] = 'text';
    $lang['js']['key'] = "text" . 'more text';

(single- or double-quoted literals, joined with `.`), and skips everything else: comments, arrays
(`$lang['x'] = array(...)`), values built from variables or function calls. Message files are such
lists, so what it skips is not messages. Double-quoted strings are unescaped as PHP does, except that
`$name` inside them is kept as written (it is the file's placeholder, not something to interpolate);
single-quoted ones also read `\\n` as a line break (see `_php_literal`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

from data.sources.base import SourceError

Reader = Callable[[Path, str], dict[str, str]]


def _text(path: Path, label: str) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SourceError(f"{label}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise SourceError(f"{label}: not UTF-8 ({exc})") from None


def read_json(path: Path, label: str) -> dict[str, str]:
    """A flat JSON object of key -> text; `@metadata` (MediaWiki's authors list) and non-text values
    are left out."""
    try:
        data = json.loads(_text(path, label))
    except json.JSONDecodeError as exc:
        raise SourceError(f"{label}: not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(data, dict):
        raise SourceError(f"{label}: expected a JSON object of messages")
    return {k: v for k, v in data.items() if isinstance(v, str) and k != "@metadata"}


def read_keyvalue(path: Path, label: str) -> dict[str, str]:
    """RawTherapee's `KEY;text` lines: `#` starts a comment, `!` marks a line not yet translated (an
    English copy), and `\\n` in the text is a line break."""
    messages = {}
    for number, line in enumerate(_text(path, label).splitlines(), 1):
        if not line.strip() or line[0] in "#!":
            continue
        key, separator, value = line.partition(";")
        if not separator or not key.strip():
            raise SourceError(f"{label}: line {number} is not KEY;text")
        messages[key.strip()] = value.replace("\\n", "\n")
    return messages


_SINGLE = r"'(?:[^'\\]|\\.)*'"
_DOUBLE = r'"(?:[^"\\]|\\.)*"'
_STRING = rf"(?:{_SINGLE}|{_DOUBLE})"
_PHP = re.compile(
    rf"""
    (?P<comment>//[^\n]*|\#[^\n]*|/\*.*?\*/)
  | \$(?P<variable>\w+)(?P<keys>(?:\[\s*{_STRING}\s*\])+)\s*=\s*(?P<value>{_STRING}(?:\s*\.\s*{_STRING})*)\s*;
  | {_STRING}  # any other literal is consumed whole, so a `//` or `#` inside it starts no comment
    """,
    re.VERBOSE | re.DOTALL,
)
_DOUBLE_ESCAPE = re.compile(r"\\(x[0-9a-fA-F]{1,2}|u\{[0-9a-fA-F]+\}|[0-7]{1,3}|[nrtvef\\$\"])")
_DOUBLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "v": "\v", "e": "\x1b", "f": "\f"}


def _php_literal(literal: str) -> str:
    body = literal[1:-1]
    if literal[0] == "'":
        # `\n` stays two characters in PHP, but the apps hand such strings to JavaScript, where it is
        # the line break it was written as.
        return re.sub(r"\\([\\'n])", lambda m: "\n" if m[1] == "n" else m[1], body)

    def one(match: re.Match[str]) -> str:
        code = match.group(1)
        if code[0] == "x":
            return chr(int(code[1:], 16))
        if code[0] == "u":
            return chr(int(code[2:-1], 16))
        if code[0].isdigit():
            return chr(int(code, 8) & 0xFF)
        return _DOUBLE_ESCAPES.get(code, code)

    return _DOUBLE_ESCAPE.sub(one, body)


def read_php(path: Path, label: str) -> dict[str, str]:
    """`$var['key'] = 'text';` statements as `var['key']` -> text (see the module docstring)."""
    messages = {}
    for match in _PHP.finditer(_text(path, label)):
        if match.group("variable") is None:
            continue
        keys = "".join(f"[{_php_literal(k)!r}]" for k in re.findall(_STRING, match.group("keys")))
        messages[match.group("variable") + keys] = "".join(
            _php_literal(s) for s in re.findall(_STRING, match.group("value"))
        )
    return messages


READERS: dict[str, Reader] = {"json": read_json, "php": read_php, "keyvalue": read_keyvalue}
