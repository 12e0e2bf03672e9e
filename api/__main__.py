"""`python -m api [--host H] [--port P] [--models DIR]`: serve the models with uvicorn.

Every other setting comes from `MT_*` environment variables (api/SETTINGS.md).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import uvicorn

from api.app import create_app
from api.settings import Settings, settings_table


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m api", description=__doc__)
    p.add_argument("--host", help="listen address (MT_HOST, default 127.0.0.1)")
    p.add_argument("--port", type=int, help="listen port (MT_PORT, default 8000)")
    p.add_argument("--models", type=Path, help="folder of model directories (MT_MODELS_DIR, default models)")
    p.add_argument(
        "--settings-table", action="store_true", help="print the settings table (Markdown) and exit"
    )
    return p


def settings_from_args(args: argparse.Namespace) -> Settings:
    """Environment settings, with the command-line options given taking precedence."""
    given = {"host": args.host, "port": args.port, "models_dir": args.models}
    return Settings(**{name: value for name, value in given.items() if value is not None})


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.settings_table:
        print(settings_table(), end="")
        return
    settings = settings_from_args(args)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port)


if __name__ == "__main__":
    main()
