"""A Redis cache that the site can live without.

Django's RedisCache raises on every call when Redis is unreachable, and the response cache,
the renditions cache and everything else that reads the cache would turn each page into a 500.
`ResilientRedisCache` answers as if the key were missing instead (get → default, set and
delete → nothing, incr → ValueError as for a missing key), logs a warning at most once a
minute, and after a failure leaves Redis alone for a few seconds (a circuit breaker), so that
each request does not wait on its own timeout.

Its state is per server and per process, not per backend object: Django gives each thread its
own cache objects, and the breaker must hold for all of them. `failure_count` and
`answered_failures` let the response cache (biopa/cache.py) know that this process saw Redis
fail since it last started a new content version, so that it starts one once Redis answers
again: an invalidation this process could not write, or one another process wrote while this
one could not read, is never missed.
"""

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

# Short enough that a page waits on an unreachable Redis less than a visitor notices; a
# local or same-zone Redis answers in about a millisecond.
CONNECT_TIMEOUT_SECONDS = 0.25
READ_TIMEOUT_SECONDS = 0.5
RETRY_AFTER_SECONDS = 5
WARNING_INTERVAL_SECONDS = 60


@dataclass
class ServerState:
    """What this process knows of one Redis server, shared by every thread."""

    down_until: float = 0.0
    failure_count: int = 0
    # The failures up to which the response cache has written a new content version.
    answered_failures: int = 0
    last_warning: float | None = None
    warned_since_recovery: bool = False


_states = {}
_states_lock = threading.Lock()


def _state_for(location):
    with _states_lock:
        return _states.setdefault(location, ServerState())


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures degrade to cache misses.

    OPTIONS may hold RETRY_AFTER (seconds the breaker stays open) and WARNING_INTERVAL
    (seconds between two warnings); the other options go to redis-py's connection pool, with
    short socket timeouts and no retries unless given.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", RETRY_AFTER_SECONDS))
        self.warning_interval = float(options.pop("WARNING_INTERVAL", WARNING_INTERVAL_SECONDS))
        options.setdefault("socket_connect_timeout", CONNECT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", READ_TIMEOUT_SECONDS)
        # One attempt: a retry would double the wait, and the breaker retries later anyway.
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self.location = server if isinstance(server, str) else ",".join(server)
        self._state = _state_for(self.location)

    @property
    def degraded(self):
        """True while the breaker is open: Redis failed less than RETRY_AFTER seconds ago."""
        return time.monotonic() < self._state.down_until

    @property
    def failure_count(self):
        """How many times Redis failed in this process; it only grows."""
        return self._state.failure_count

    def answer_failures(self, count):
        """The response cache wrote a new content version after `count` failures."""
        with _states_lock:
            self._state.answered_failures = max(self._state.answered_failures, count)

    @property
    def answered_failures(self):
        return self._state.answered_failures

    def _call(self, operation, default, *args, **kwargs):
        if self.degraded:
            return default
        try:
            result = getattr(RedisCache, operation)(self, *args, **kwargs)
        except RedisError as error:
            self._record_failure(error)
            return default
        if self._state.warned_since_recovery:
            self._state.warned_since_recovery = False
            logger.warning("Cache at %s answers again", self._safe_location())
        return result

    def _record_failure(self, error):
        state = self._state
        now = time.monotonic()
        state.failure_count += 1
        state.down_until = now + self.retry_after
        if state.last_warning is None or now - state.last_warning >= self.warning_interval:
            state.last_warning = now
            state.warned_since_recovery = True
            logger.warning(
                "Cache at %s unreachable, the site runs without it for %s s: %s",
                self._safe_location(),
                self.retry_after,
                error,
            )

    def _safe_location(self):
        # The URL may carry a password: only the host part is logged.
        return self.location.rsplit("@", 1)[-1]

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable)")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)
