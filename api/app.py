"""The app factory: settings in, a FastAPI app out; models load and the worker starts at startup.

At shutdown the worker stops after the server has finished the requests in flight (uvicorn waits
for them before it runs the lifespan's exit), so no accepted request is dropped.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from api.cors import JsonCORSMiddleware
from api.errors import install_error_handlers
from api.limits import BodySizeLimit
from api.metrics import Metrics, MetricsMiddleware
from api.reload import watch_sighup
from api.routes import admin, libre, ops, v1, web
from api.security import API_KEY_HEADER
from api.services import start_services
from api.settings import Settings

DESCRIPTION = """
Neural machine translation with GRU/LSTM attention models, one model per language pair.

* `/v1/…`: the native API, with beam or greedy search, n-best lists and attention matrices.
* `/libre/…`: LibreTranslate-compatible endpoints for existing LibreTranslate clients.
* `/health`, `/ready`, `/metrics`: for operators; `/admin/reload` when MT_ADMIN_KEY is set.
* `/`: a small web page.
"""


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.services = start_services(settings, metrics)
        stop_watching = watch_sighup(app.state.services)
        try:
            yield
        finally:
            stop_watching()
            app.state.services.worker.stop()

    # FastAPIOffline serves the /docs page's JavaScript itself: the default fetches it from a CDN.
    app = FastAPIOffline(
        title="RNN translator",
        version="0.1.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    # Each add_middleware wraps the ones before: metrics see every response, CORS headers go on errors too.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.cors_origins:
        app.add_middleware(
            JsonCORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", API_KEY_HEADER],
        )
    app.add_middleware(MetricsMiddleware, metrics=metrics)
    install_error_handlers(app, metrics)
    for module in (v1, libre, ops, web):
        app.include_router(module.router)
    if settings.admin_key:  # without a key the admin endpoints do not exist (404)
        app.include_router(admin.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app
