"""The Redis cache is an optimisation: when Redis stops answering, every call degrades to a
miss at once, the failure is logged once per interval, and when Redis is back the response
cache starts a new content version before serving anything from it."""

import logging
import time

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from biopa import cache as response_cache
from biopa.cache_backends import ResilientRedisCache, _states

RETRY_AFTER = 0.5


@pytest.fixture(autouse=True)
def fresh_breakers():
    _states.clear()
    yield
    _states.clear()


def backend(url, **options):
    return ResilientRedisCache(
        url, {"KEY_PREFIX": "test", "OPTIONS": {"RETRY_AFTER": RETRY_AFTER, **options}}
    )


def wait_for_breaker():
    time.sleep(RETRY_AFTER + 0.1)


def test_a_reachable_redis_works_as_a_cache(redis_server):
    cache = backend(redis_server.url)
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache.add("key", "other") is False
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2
    assert cache.get_many(["key"]) == {"key": "value"}
    assert not cache.degraded


def test_every_operation_answers_as_a_miss_when_redis_is_down(redis_server):
    cache = backend(redis_server.url)
    cache.set("key", "value")
    redis_server.stop()

    assert cache.get("key", "fallback") == "fallback"
    assert cache.degraded
    cache.set("key", "new")  # no exception
    assert cache.add("key", "value") is False
    assert cache.delete("key") is False
    assert cache.has_key("key") is False
    assert cache.touch("key") is False
    assert cache.get_many(["key"]) == {}
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete_many(["a"]) is None
    assert cache.get_or_set("key", "computed") == "computed"
    with pytest.raises(ValueError):
        cache.incr("key")


def test_a_closed_port_fails_fast_and_the_breaker_skips_redis_afterwards(redis_server):
    cache = backend(redis_server.url)
    redis_server.stop()
    started = time.monotonic()
    cache.get("key")
    first = time.monotonic() - started
    started = time.monotonic()
    for _ in range(100):
        cache.get("key")
    hundred_more = time.monotonic() - started
    assert first < 1
    assert hundred_more < 0.1, "each call waited on Redis while the breaker was open"
    assert cache.failure_count == 1


def test_the_breaker_is_shared_by_every_thread_of_the_process(redis_server):
    # Django gives each thread its own cache object; the breaker holds for all of them.
    one, other = backend(redis_server.url), backend(redis_server.url)
    redis_server.stop()
    one.get("key")
    assert other.degraded and other.failure_count == 1


def test_the_failure_is_logged_once_per_interval(redis_server, caplog):
    cache = backend(redis_server.url, WARNING_INTERVAL=60)
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="biopa.cache_backends"):
        for _ in range(3):
            cache.get("key")
            wait_for_breaker()
    warnings = [r for r in caplog.records if "unreachable" in r.getMessage()]
    assert cache.failure_count == 3
    assert len(warnings) == 1
    assert f"127.0.0.1:{redis_server.port}" in warnings[0].getMessage()


def test_the_cache_answers_again_once_redis_is_back(redis_server, caplog):
    cache = backend(redis_server.url)
    redis_server.stop()
    cache.get("key")
    assert cache.degraded
    redis_server.start()
    assert cache.get("key") is None  # the breaker is still open: Redis is not asked
    wait_for_breaker()
    with caplog.at_level(logging.WARNING, logger="biopa.cache_backends"):
        cache.set("key", "value")
        assert cache.get("key") == "value"
    assert not cache.degraded
    assert any("answers again" in r.getMessage() for r in caplog.records)


def test_a_password_in_the_url_is_not_logged(caplog):
    cache = backend("redis://:secret-password@127.0.0.1:1/0")
    with caplog.at_level(logging.WARNING, logger="biopa.cache_backends"):
        cache.get("key")
    assert caplog.records and "secret-password" not in caplog.text


def caches_on(url):
    options = {"RETRY_AFTER": RETRY_AFTER}
    return override_settings(
        CACHES={
            "default": {
                "BACKEND": "biopa.cache_backends.ResilientRedisCache",
                "LOCATION": url,
                "OPTIONS": options,
            },
            "renditions": {
                "BACKEND": "biopa.cache_backends.ResilientRedisCache",
                "LOCATION": url,
                "KEY_PREFIX": "renditions",
                "OPTIONS": options,
            },
        },
        PAGE_CACHE_SECONDS=300,
    )


@pytest.mark.django_db
def test_no_content_version_while_the_cache_is_down(redis_server):
    with caches_on(redis_server.url):
        assert response_cache.content_version() is not None
        redis_server.stop()
        assert response_cache.content_version() is None
        response_cache.invalidate()  # no exception; remembered as a failure
        assert response_cache.content_version() is None


@pytest.mark.django_db
def test_a_process_that_saw_the_cache_fail_starts_a_new_version_when_it_is_back(
    redis_server, monkeypatch
):
    """A cut between this process and Redis, which keeps its data: the version from before
    the cut is still there, and so are the responses stored under it. An invalidation this
    process could not write during the cut must not leave them in use."""
    with caches_on(redis_server.url):
        from django.core.cache import cache

        before = response_cache.content_version()

        def cut(*args, **kwargs):
            raise RedisConnectionError("cut")

        for operation in ("get", "set", "add"):
            monkeypatch.setattr(cache._cache, operation, cut)
        response_cache.invalidate()  # could not be written
        assert response_cache.content_version() is None
        monkeypatch.undo()

        wait_for_breaker()
        after = response_cache.content_version()
        assert after is not None and after != before
        assert response_cache.content_version() == after  # once, not on every request
