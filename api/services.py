"""What the routes use, built once per app at startup and reached through `services(request)`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from fastapi import Request

from api.batching import BatchingWorker
from api.languages import LanguageDetector
from api.metrics import Metrics
from api.ratelimit import RateLimiter
from api.registry import ModelRegistry
from api.settings import Settings
from api.threads import configure_process_threads
from api.translation import TranslationService


@dataclass
class Services:
    settings: Settings
    metrics: Metrics
    registry: ModelRegistry
    worker: BatchingWorker
    translation: TranslationService
    detector: LanguageDetector
    rate_limiter: RateLimiter
    reload_lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    def swap_models(self, registry: ModelRegistry, detector: LanguageDetector) -> None:
        """Serve `registry` from the next request on. Called on the event loop, so no request sees
        half a swap; requests already holding a model finish with it."""
        self.registry = registry
        self.translation.registry = registry
        self.detector = detector


def start_services(settings: Settings, metrics: Metrics) -> Services:
    """Set the torch threads, load the models, start the inference worker and the language identifier."""
    worker_threads = configure_process_threads(settings.threads)
    registry = ModelRegistry.load(
        settings.models_dir, settings.device, settings.precision, settings.compile, settings.memory
    )
    worker = BatchingWorker(
        settings.max_batch_tokens,
        settings.max_wait_ms,
        settings.max_queue,
        metrics,
        timeout_s=settings.request_timeout_s,
        threads=worker_threads,
        warm_up=registry.warm_up if settings.compile else None,
        max_output=settings.max_output_subwords,
    )
    worker.start()
    detector = LanguageDetector(registry.languages())
    return Services(
        settings,
        metrics,
        registry,
        worker,
        TranslationService(registry, worker, settings.max_sentence_subwords),
        detector,
        RateLimiter(settings.rate_limit),
    )


async def services(request: Request) -> Services:
    """FastAPI dependency: the running app's services. Async, as the dependencies in api/security.py:
    FastAPI runs a plain function on a worker thread, a hand-off per request for no work."""
    return request.app.state.services
