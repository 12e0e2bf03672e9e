"""Licences of a Debian package, read from its machine-readable copyright file, for the kinds whose
packages carry different licences (the manifest and model cards list them)."""

from __future__ import annotations

from pathlib import Path


def copyright_licences(root: Path, package: str) -> str:
    """The distinct `License:` short names of `usr/share/doc/<package>/copyright` under `root`."""
    path = root / "usr" / "share" / "doc" / package / "copyright"
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return "unknown (no copyright file)"
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("License:")]
    return ", ".join(dict.fromkeys(n for n in names if n)) or "unknown (no License: field)"
