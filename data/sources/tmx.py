"""A user's TMX translation memory, as a source kind.

    - kind: tmx
      path: memory.tmx
      src_lang: en   # the language code of the English side (default en)
      tgt_lang: es   # the language code of the Spanish side (default es)

The file is read with the Translate Toolkit (`translate.storage.tmx`), which parses it with lxml and
gives each translation unit's variants (`<tuv>`) with their text. Language codes match without regard
to case and by prefix, so `en`, `EN`, `en-US` and `en_GB` are all English: tools write all of these.
A unit lacking either language is skipped; where a unit has two variants of one language (en-US and
en-GB) the first is taken. Inline codes (`<bpt>`, `<ph>`, ...) read as the native text they hold,
so a placeholder `<ph>{name}</ph>` stays `{name}` for the cleaning step to recognise.

Each unit's origin is (tmx, the file's name, the unit's `tuid`, or "" where it has none).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from lxml import etree
from translate.misc.xml_helpers import getXMLlang
from translate.storage.tmx import tmxfile, tmxunit

from data.sources.base import Origin, Source, SourceError, SourcePair
from data.sources.user_files import user_path


def language_matches(code: str | None, wanted: str) -> bool:
    """Whether a TMX language code (`en-US`) is of the wanted language (`en`)."""
    if not code:
        return False
    code, wanted = code.lower().replace("_", "-"), wanted.lower().replace("_", "-")
    return code == wanted or code.startswith(wanted + "-")


def read_tmx(path: Path) -> list[tmxunit]:
    """The translation units of a TMX file; SourceError naming the file (and line) if it is not one."""
    try:
        with path.open("rb") as handle:
            memory = tmxfile(handle)
    except FileNotFoundError:
        raise SourceError(f"{path}: no such file") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    except etree.XMLSyntaxError as exc:
        raise SourceError(f"{path}:{exc.lineno}: not well-formed XML ({exc.msg})") from None
    except AssertionError:
        # The Translate Toolkit asserts that the root element is <tmx>.
        raise SourceError(f"{path}: not a TMX file (the root element is not <tmx>)") from None
    return memory.units


class Tmx(Source):
    kind = "tmx"
    domain = "user"
    licence = "the user's own"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        super().__init__(packages, **options)
        self.path = user_path(self.kind, options)
        self.src_lang = options.get("src_lang", "en")
        self.tgt_lang = options.get("tgt_lang", "es")
        for key, value in (("src_lang", self.src_lang), ("tgt_lang", self.tgt_lang)):
            if not isinstance(value, str) or not value:
                raise SourceError(f"data/sources.yaml: tmx `{key}` must be a language code, got {value!r}")

    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        for unit in read_tmx(self.path):
            en = es = None
            for variant in unit.getlanguageNodes():
                code = getXMLlang(variant)
                if en is None and language_matches(code, self.src_lang):
                    en = unit.getNodeText(variant)
                elif es is None and language_matches(code, self.tgt_lang):
                    es = unit.getNodeText(variant)
            if en is not None and es is not None:
                yield SourcePair(en, es, Origin(self.kind, self.path.name, unit.xmlelement.get("tuid", "")))
