"""The interface every source kind implements, and the unit it yields.

A source kind (gettext catalogs, Qt catalogs, LibreOffice help, ...) is one module in `data.sources`
with one `Source` subclass. It is built from one entry of the package list (`data/sources.yaml`): the
Debian packages it reads and its options. `pairs(roots)` reads the extracted packages (`roots` maps a
package name to the folder `data.debian.fetch` unpacked it into) and yields English-Spanish pairs, each
with its origin, in a deterministic order for a given package version.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from data.sources.copyright import copyright_licences
from translator.errors import TranslatorError


class SourceError(TranslatorError, ValueError):
    """A source cannot be read: a package lacks the files it should have, or a file is malformed.

    The message names the package or file (and the line, where there is one)."""


@dataclass(frozen=True, order=True)
class Origin:
    """Where a pair comes from: its source kind, package (or user file) and the file inside it.

    `package` + `file` is the document a pair belongs to; `data.split` assigns whole documents to
    train, dev or test by a hash of the two.
    """

    kind: str  # "gettext", "qt", "libreoffice-help", ...
    package: str  # Debian package name, or the user's file name
    file: str  # path inside the package ("" where the package is one document)

    def __str__(self) -> str:
        return f"{self.kind}:{self.package}:{self.file}"

    @classmethod
    def parse(cls, text: str) -> Origin:
        kind, package, file = text.split(":", 2)
        return cls(kind, package, file)


@dataclass(frozen=True)
class SourcePair:
    en: str
    es: str
    origin: Origin


HELD_OUT_SPLITS = ("dev", "test")


def pinned_packages(kind: str, packages: Sequence[str], options: Mapping[str, Any]) -> dict[str, str]:
    """The packages a source's options put in one split whole, whatever the document hash
    (data.general.document_split) says: package -> "dev", "test" or "train".

    `heldout` maps packages to dev or test. A package of a few large documents (a game's catalogs) may
    have none that the document hash puts in dev or test; naming it there makes the whole package
    held-out text, and its domain gets a dev (or test) set the other packages are never scored on.

    `train_only` lists packages whose every pair is train text. It is for packages added after the
    held-out sets were fixed: the document hash would put some of their files in dev or test, the capped
    dev and test sets would be drawn again, and scores measured before and after would be on other lines."""
    pinned: dict[str, str] = {}
    heldout, train_only = options.get("heldout"), options.get("train_only")
    if heldout is not None:
        if not isinstance(heldout, dict):
            raise SourceError(f"{kind}: option `heldout` must map packages to dev or test, got {heldout!r}")
        for package, split in heldout.items():
            if package not in packages:
                raise SourceError(f"{kind}: option `heldout` names a package not listed: {package}")
            if split not in HELD_OUT_SPLITS:
                raise SourceError(f"{kind}: option `heldout`: {package} must be dev or test, got {split!r}")
        pinned.update(heldout)
    if train_only is not None:
        if not isinstance(train_only, list) or not all(isinstance(p, str) for p in train_only):
            raise SourceError(
                f"{kind}: option `train_only` must be a list of package names, got {train_only!r}"
            )
        unknown = [p for p in train_only if p not in packages]
        if unknown:
            raise SourceError(f"{kind}: option `train_only` names packages not listed: {', '.join(unknown)}")
        both = sorted(set(train_only) & set(pinned))
        if both:
            raise SourceError(f"{kind}: options `heldout` and `train_only` both name {', '.join(both)}")
        pinned.update(dict.fromkeys(train_only, "train"))
    return pinned


class Source(ABC):
    """One entry of the package list: the packages of one source kind, and how to pair their text."""

    kind: ClassVar[str]
    # Where the kind's text belongs for evaluation: "ui" (interface strings), "docs" (documentation),
    # "dict" (dictionary words), "bible", "user" (files a user brings), "synthetic" (one side machine
    # translated: data.sources.bt).
    domain: ClassVar[str]
    licence: ClassVar[str] = "the package's own (see its copyright file)"

    def __init__(self, packages: Sequence[str] = (), **options: Any) -> None:
        self.packages = tuple(packages)
        self.options = options
        self.pinned = pinned_packages(self.kind, self.packages, options)  # package -> its one split
        # package -> licence of its text, where the `License:` fields of its copyright file do not give it
        self.stated: dict[str, str] = dict(options.get("licences") or {})
        if set(self.stated) - set(self.packages):
            raise SourceError(f"{self.kind}: option `licences` names packages not listed")

    def package_licences(self, roots: Mapping[str, Path]) -> dict[str, str]:
        """Each fetched package's licences: as the `licences` option states them, else the `License:`
        fields of its copyright file (what the kinds with per-package licences report)."""
        return {p: self.stated.get(p) or copyright_licences(roots[p], p) for p in self.packages if p in roots}

    def pinned_split(self, origin: Origin) -> str | None:
        """The split the `heldout` option ("dev" or "test") or the `train_only` option ("train") puts a
        pair's whole package in; None where its documents are split as usual
        (data.general.document_split)."""
        return self.pinned.get(origin.package)

    @abstractmethod
    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        """The pairs of this source's packages, read from their extracted folders."""

    def describe(self) -> dict[str, Any]:
        """What the manifest records of this source."""
        return {"kind": self.kind, "domain": self.domain, "packages": list(self.packages), **self.options}
