"""`python -m api [--host H] [--port P] [--models DIR]`: serve the models with uvicorn.

Every other setting comes from `MT_*` environment variables (api/SETTINGS.md).

SIGTERM (or Ctrl+C) shuts down gracefully: the listening socket closes, requests in flight finish
(for up to MT_SHUTDOWN_TIMEOUT_S), the worker stops, and the process exits 0. SIGHUP reloads the models.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from pathlib import Path
from types import FrameType

# GNU OpenMP reads its wait policy once, when torch loads it (below). Its default lets an idle
# thread of the inference worker's team spin and hold its core, so when another process takes the
# other core the team's straggler waits for a time slice at every parallel op; a passive thread
# sleeps and leaves its core to the straggler (bench/PROFILE.md, "Threads beside a busy process").
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import uvicorn
from pydantic import ValidationError

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


def proxy_options(settings: Settings) -> dict:
    """uvicorn's forwarded-header options. uvicorn believes X-Forwarded-For from 127.0.0.1 unless
    told otherwise, which lets any local client (or a proxy that passes the header on) pick the
    address that rate limits count against: believe only the proxies MT_FORWARDED_ALLOW_IPS names."""
    if not settings.forwarded_allow_ips:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": settings.forwarded_allow_ips}


def _exit_after_shutdown(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    if args.settings_table:
        print(settings_table(), end="")
        return
    try:
        settings = settings_from_args(args)
    except ValidationError as exc:
        for error in exc.errors():
            name = ".".join(str(part) for part in error["loc"])
            where = f"MT_{name.upper()}" if name else "settings"
            print(f"error: {where}: {error['msg']}", file=sys.stderr)
        sys.exit(2)
    # The service's own messages (models loaded or skipped, reloads); uvicorn configures its loggers itself.
    logging.basicConfig(level=logging.INFO, format="%(levelname)s:     %(name)s: %(message)s")
    # uvicorn handles SIGTERM/SIGINT while it serves, then raises the signal again once it has shut
    # down gracefully; with these handlers restored by then, that ends the process with status 0
    # instead of a death by signal (or a KeyboardInterrupt traceback).
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, _exit_after_shutdown)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        # uvicorn annotates an int but hands it to asyncio.wait_for, which takes fractions of a second.
        timeout_graceful_shutdown=settings.shutdown_timeout_s,  # type: ignore[arg-type]
        **proxy_options(settings),
    )


if __name__ == "__main__":
    main()
