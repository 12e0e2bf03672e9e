"""What the user-file kinds (`tsv`, `moses`, `tmx`) share: the option naming a file.

These kinds read files a user brings rather than Debian packages, so their entries in
data/sources.yaml list no packages and name the file(s) instead; each file is one document.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from data.sources.base import SourceError


def user_path(kind: str, options: Mapping[str, Any], key: str = "path") -> Path:
    """The file an option names; SourceError unless it is a non-empty string."""
    value = options.get(key)
    if not isinstance(value, str) or not value:
        raise SourceError(f"data/sources.yaml: {kind} needs `{key}:`, the path of the file")
    return Path(value)
