"""Debian packages as data: fetched with `apt-get download`, unpacked with `dpkg-deb -x`.

Neither needs root nor installs dependencies, so a package's files arrive without the hundreds of
packages an `apt-get install` would pull in. Everything lives under one cache folder:

    CACHE/debs/NAME_VERSION_ARCH.deb   the downloaded archive
    CACHE/root/NAME/                   its files, unpacked; CACHE/root/NAME.version marks it complete

A re-run finds the marker and neither downloads nor unpacks again. The version recorded is the one
unpacked, which the manifest keeps, so a corpus can be traced to exact package versions.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from translator.errors import TranslatorError

DEFAULT_CACHE = Path(__file__).resolve().parent / "cache"


class PackageError(TranslatorError, RuntimeError):
    """A package cannot be had; the message names it and says why."""


@dataclass(frozen=True)
class Unpacked:
    name: str
    version: str
    root: Path  # the folder its files were unpacked into


def _run(args: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise PackageError(f"{args[0]} not found: fetching Debian packages needs apt and dpkg") from None


def _marker(cache: Path, name: str) -> Path:
    return cache / "root" / f"{name}.version"


def fetch(name: str, cache: Path = DEFAULT_CACHE) -> Unpacked:
    """The package `name` unpacked under `cache`, downloading it unless a complete copy is there."""
    marker = _marker(cache, name)
    root = cache / "root" / name
    if marker.is_file() and root.is_dir():
        return Unpacked(name, marker.read_text().strip(), root)
    debs = cache / "debs"
    debs.mkdir(parents=True, exist_ok=True)
    result = _run(["apt-get", "download", "-q", name], cwd=debs)
    if result.returncode != 0:
        why = (result.stderr.strip().splitlines() or ["apt-get download failed"])[-1]
        raise PackageError(
            f"package {name}: cannot download it ({why}); check the name, the network and that "
            "`apt-get update` has run"
        )
    found = sorted(debs.glob(f"{name}_*.deb"), key=lambda p: p.stat().st_mtime)
    if not found:
        raise PackageError(f"package {name}: apt-get download reported success but left no {name}_*.deb")
    deb = found[-1]
    version = _run(["dpkg-deb", "-f", str(deb), "Version"]).stdout.strip()
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    result = _run(["dpkg-deb", "-x", str(deb), str(root)])
    if result.returncode != 0:
        raise PackageError(f"package {name}: {deb.name} does not unpack ({result.stderr.strip()})")
    marker.write_text(version + "\n")
    return Unpacked(name, version, root)


def fetch_all(names: Iterable[str], cache: Path = DEFAULT_CACHE) -> dict[str, Unpacked]:
    """Every named package, in order, with a progress bar; the first that cannot be had stops it."""
    names = list(dict.fromkeys(names))
    result = {}
    for name in tqdm(names, desc="packages", unit=" pkg"):
        result[name] = fetch(name, cache)
    return result
