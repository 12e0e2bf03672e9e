"""What the rescoring benches (overlap, by-source) write: OUT.json with the command and the rows, OUT.md."""

from __future__ import annotations

import json
from pathlib import Path


def write_report(out: Path, command: str, rows: list[dict], markdown: str) -> None:
    Path(f"{out}.json").write_text(
        json.dumps({"command": command, "rows": rows}, indent=2) + "\n", encoding="utf-8"
    )
    Path(f"{out}.md").write_text(markdown, encoding="utf-8")
    print(markdown)
