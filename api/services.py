"""What the routes use, built once per app at startup and reached through `services(request)`."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from api.batching import BatchingWorker
from api.languages import LanguageDetector
from api.metrics import Metrics
from api.registry import ModelRegistry
from api.settings import Settings
from api.translation import TranslationService


@dataclass
class Services:
    settings: Settings
    metrics: Metrics
    registry: ModelRegistry
    worker: BatchingWorker
    translation: TranslationService
    detector: LanguageDetector


def start_services(settings: Settings, metrics: Metrics) -> Services:
    """Load the models, start the inference worker and the language identifier."""
    registry = ModelRegistry.load(settings.models_dir, settings.device)
    worker = BatchingWorker(settings.max_batch_tokens, settings.max_wait_ms, settings.max_queue, metrics)
    worker.start()
    detector = LanguageDetector(registry.languages())
    return Services(settings, metrics, registry, worker, TranslationService(registry, worker), detector)


def services(request: Request) -> Services:
    """FastAPI dependency: the running app's services."""
    return request.app.state.services
