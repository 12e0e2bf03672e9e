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


def held_out_packages(kind: str, packages: Sequence[str], option: Any) -> dict[str, str]:
    """The `heldout` option of a source: package -> "dev" or "test", for a package held out whole.

    A package of a few large documents (a game's catalogs) may have none that the document hash puts in
    dev or test; naming it here makes the whole package held-out text, and its domain gets a dev (or
    test) set the other packages are never scored on."""
    if option is None:
        return {}
    if not isinstance(option, dict):
        raise SourceError(f"{kind}: option `heldout` must map packages to dev or test, got {option!r}")
    for package, split in option.items():
        if package not in packages:
            raise SourceError(f"{kind}: option `heldout` names a package not listed: {package}")
        if split not in HELD_OUT_SPLITS:
            raise SourceError(f"{kind}: option `heldout`: {package} must be dev or test, got {split!r}")
    return dict(option)


def train_only_packages(
    kind: str, packages: Sequence[str], option: Any, heldout: Mapping[str, str]
) -> frozenset[str]:
    """The `train_only` option of a source: packages whose every pair is train text, never dev or test.

    For packages added after the held-out sets were fixed: the document hash
    (data.general.document_split) would put some of their files in dev or test, and the capped dev and
    test sets would then be drawn again, so scores measured before and after would be on other lines."""
    if option is None:
        return frozenset()
    if not isinstance(option, list) or not all(isinstance(p, str) for p in option):
        raise SourceError(f"{kind}: option `train_only` must be a list of package names, got {option!r}")
    unknown = [p for p in option if p not in packages]
    if unknown:
        raise SourceError(f"{kind}: option `train_only` names packages not listed: {', '.join(unknown)}")
    both = sorted(set(option) & set(heldout))
    if both:
        raise SourceError(f"{kind}: options `heldout` and `train_only` both name {', '.join(both)}")
    return frozenset(option)


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
        self.heldout = held_out_packages(self.kind, self.packages, options.get("heldout"))
        self.train_only = train_only_packages(
            self.kind, self.packages, options.get("train_only"), self.heldout
        )
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
        if origin.package in self.train_only:
            return "train"
        return self.heldout.get(origin.package)

    @abstractmethod
    def pairs(self, roots: Mapping[str, Path]) -> Iterator[SourcePair]:
        """The pairs of this source's packages, read from their extracted folders."""

    def describe(self) -> dict[str, Any]:
        """What the manifest records of this source."""
        return {"kind": self.kind, "domain": self.domain, "packages": list(self.packages), **self.options}
