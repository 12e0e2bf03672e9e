"""The web page: static HTML, JavaScript and CSS from api/static, no build step."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/")
def index() -> FileResponse:
    return FileResponse(STATIC_DIR / "index.html")


@router.get("/favicon.ico")
def favicon() -> FileResponse:
    """Browsers ask for /favicon.ico by themselves, whatever the page links (the same SVG icon)."""
    return FileResponse(STATIC_DIR / "favicon.svg", media_type="image/svg+xml")
