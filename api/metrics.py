"""Prometheus metrics: requests and their latency per route, batch sizes, inference time, queue depth.

Each app has its own CollectorRegistry so that several apps (tests) can live in one process.
"""

from __future__ import annotations

import time

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Powers of two up to a batch of a few hundred sentences / a few thousand tokens.
_SENTENCE_BUCKETS = tuple(2**i for i in range(9))
_TOKEN_BUCKETS = tuple(2**i for i in range(4, 14))


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "mt_http_requests",
            "HTTP requests by method, route and status code.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "mt_http_request_seconds",
            "Time from request start to the end of its response, per route.",
            ["route"],
            registry=self.registry,
        )
        self.batch_sentences = Histogram(
            "mt_batch_sentences",
            "Sentences per model call.",
            buckets=_SENTENCE_BUCKETS,
            registry=self.registry,
        )
        self.batch_tokens = Histogram(
            "mt_batch_tokens",
            "Padded source subwords (sentences x longest) per model call.",
            buckets=_TOKEN_BUCKETS,
            registry=self.registry,
        )
        self.batch_seconds = Histogram(
            "mt_batch_seconds", "Time spent in one model call.", registry=self.registry
        )
        self.queue_depth = Gauge(
            "mt_queue_sentences", "Sentences waiting for the inference worker.", registry=self.registry
        )
        self.in_progress = Gauge(
            "mt_http_requests_in_progress",
            "HTTP requests received and not yet answered (a scrape counts itself).",
            registry=self.registry,
        )
        self.rejected = Counter(
            "mt_rejected_requests",
            "Requests refused to protect the service: queue_full, timeout, rate_limited.",
            ["reason"],
            registry=self.registry,
        )
        self.abandoned = Counter(
            "mt_abandoned_sentences",
            "Sentences not translated because their request gave up (timeout or client gone): "
            "queued (never reached the model) or decoding (dropped from the running batch).",
            ["stage"],
            registry=self.registry,
        )
        self.internal_errors = Counter(
            "mt_internal_errors",
            "Requests that ended in an unexpected error (HTTP 500).",
            registry=self.registry,
        )

    def observe_batch(self, sentences: int, tokens: int, seconds: float) -> None:
        self.batch_sentences.observe(sentences)
        self.batch_tokens.observe(tokens)
        self.batch_seconds.observe(seconds)


class MetricsMiddleware:
    """Counts every HTTP request and times it, labelled by route template (not raw path: bounded labels)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        self.metrics.in_progress.inc()
        status = 500  # what the client gets when the app raises before responding

        async def send_and_record_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_and_record_status)
        finally:
            self.metrics.in_progress.dec()
            route = scope.get("route")
            name = getattr(route, "path", "unmatched")
            self.metrics.requests.labels(scope["method"], name, str(status)).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - started)
