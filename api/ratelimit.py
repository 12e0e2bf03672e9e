"""Per-client rate limits (MT_RATE_LIMIT) with the `limits` package: a moving window in memory.

A client is its API key when the server has keys, else its address. Keys are hashed before they
become storage keys so the limiter never holds a secret. The storage forgets a client once its
window has passed, so memory follows the clients active in the last window.
"""

from __future__ import annotations

import hashlib
import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from translator.errors import TranslatorError


class RateLimited(TranslatorError):
    """The client used up `limit`; it may try again in `retry_after` seconds."""

    def __init__(self, limit: RateLimitItem, retry_after: int) -> None:
        super().__init__(f"rate limit of {limit} exceeded (MT_RATE_LIMIT); retry in {retry_after} s")
        self.retry_after = retry_after


def client_identity(api_key: str | None, address: str | None) -> str:
    if api_key:
        return "key:" + hashlib.sha256(api_key.encode()).hexdigest()
    return f"address:{address or 'unknown'}"


class RateLimiter:
    def __init__(self, spec: str) -> None:
        """spec: e.g. "60/minute" or "10/second;500/hour"; empty for no limit."""
        self._limits = parse_many(spec) if spec else []
        # The storage starts a timer thread: only built when there is something to count.
        self._limiter = MovingWindowRateLimiter(MemoryStorage()) if self._limits else None

    def check(self, identity: str) -> None:
        """Count one request of `identity`, or raise RateLimited without counting it."""
        if self._limiter is None:
            return
        for limit in self._limits:
            # Test every limit before counting any, so a refused request uses up none of them.
            if not self._limiter.test(limit, identity):
                reset = self._limiter.get_window_stats(limit, identity).reset_time
                raise RateLimited(limit, max(1, math.ceil(reset - time.time())))
        for limit in self._limits:
            self._limiter.hit(limit, identity)
