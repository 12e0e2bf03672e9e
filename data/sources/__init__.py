"""Source kinds: one module each, named after its kind (`libreoffice-help` lives in
`data.sources.libreoffice_help`), holding one `Source` subclass whose `kind` is that name."""

from __future__ import annotations

import importlib

from data.sources.base import Origin, Source, SourceError, SourcePair

__all__ = ["Origin", "Source", "SourceError", "SourcePair", "source_class"]


def source_class(kind: str) -> type[Source]:
    """The Source subclass of a kind; SourceError if there is none."""
    name = kind.replace("-", "_")
    if not name.isidentifier():
        raise SourceError(f"{kind!r} is not a source kind")
    try:
        module = importlib.import_module(f"data.sources.{name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"data.sources.{name}":
            raise
        raise SourceError(f"unknown source kind {kind!r} (no module data/sources/{name}.py)") from None
    for value in vars(module).values():
        if isinstance(value, type) and issubclass(value, Source) and getattr(value, "kind", None) == kind:
            return value
    raise SourceError(f"data/sources/{name}.py defines no Source with kind {kind!r}")
