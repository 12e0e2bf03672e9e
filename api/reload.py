"""Reload the models without a restart: `POST /admin/reload` or SIGHUP.

A reload is all or nothing: every model directory is loaded again, off the event loop, and the
new set replaces the old one only when every model loaded. A corrupt or truncated model.pt
(CheckpointError) leaves the old models serving and the reload reports which file failed.
Requests in flight keep the model they started with; later ones get the new models.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Callable

from api.languages import LanguageDetector
from api.registry import ModelRegistry
from api.services import Services
from api.threads import configure_loading_thread
from translator.errors import TranslatorError

log = logging.getLogger(__name__)


class ReloadFailed(TranslatorError, RuntimeError):
    """The models on disk could not all be loaded; the previous models still serve."""


def _load(services: Services) -> tuple[ModelRegistry, LanguageDetector]:
    configure_loading_thread()
    settings = services.settings
    registry = ModelRegistry.load(
        settings.models_dir, settings.device, settings.precision, settings.compile, settings.memory
    )
    return registry, LanguageDetector(registry.languages())


async def reload_models(services: Services) -> ModelRegistry:
    """Load every model again and swap them in; raises ReloadFailed and keeps the old ones on error.

    Reloads run one at a time: a second one waits for the first and then loads again.
    """
    async with services.reload_lock:
        registry, detector = await asyncio.to_thread(_load, services)
        if registry.failures:
            reasons = "; ".join(registry.failures.values())
            raise ReloadFailed(f"reload failed, still serving the previous models: {reasons}")
        if not len(registry):
            raise ReloadFailed(
                f"reload failed, still serving the previous models: no model found in "
                f"{services.settings.models_dir} (MT_MODELS_DIR)"
            )
        services.swap_models(registry, detector)
        log.info("reloaded %d models: %s", len(registry), ", ".join(m.name for m in registry.models()))
        return registry


def watch_sighup(services: Services) -> Callable[[], None]:
    """Reload on SIGHUP while the app runs; returns the function that stops watching.

    Signal handlers belong to the main thread: an app served from another thread (tests) has none.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGHUP"):
        return lambda: None
    loop = asyncio.get_running_loop()
    running: set[asyncio.Task] = set()  # a reference, so a reload task is not garbage-collected

    async def reload_logging_failure() -> None:
        try:
            await reload_models(services)
        except ReloadFailed as exc:
            log.error("%s", exc)

    def on_sighup() -> None:
        task = loop.create_task(reload_logging_failure())
        running.add(task)
        task.add_done_callback(running.discard)

    loop.add_signal_handler(signal.SIGHUP, on_sighup)

    def stop() -> None:
        loop.remove_signal_handler(signal.SIGHUP)

    return stop
