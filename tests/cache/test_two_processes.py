"""Two application processes sharing one database and one Redis behave as one site: a
publish through one invalidates the cached page that the other serves.

Two gunicorn servers run the production settings against the test database (PostgreSQL,
or the SQLite test database's file) and one Redis database claimed for this run. An editor
logs in to server A's admin and publishes a change; server B, which had the page cached,
serves the new version at once.

Runs with Redis reachable (CI has it). Transactional, with other processes reading the
data: in the second pytest session (marker `browser`, see Makefile).
"""

import os
import secrets
import time
import urllib.parse

import pytest
import redis

from home.models import StandardPage
from tests.conftest import add_page
from tests.servers import (
    PASSWORD,
    STARTUP_SECONDS,
    create_publisher,
    database_url,
    log_in,
    production_environment,
    publish_through_admin,
    start_server,
    stop,
    wait_until_ready,
)

pytestmark = [
    pytest.mark.browser,
    # Committed, so that the servers see it; the migrations' data is restored afterwards
    # for the tests that follow in the same session.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

REDIS_LOCK = "biopa-test-two-processes:lock"


@pytest.fixture
def redis_url():
    """A Redis database of this run's own: an empty one, claimed with a lock key, flushed
    at the end. Skips when Redis does not answer."""
    base = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parts = urllib.parse.urlsplit(base)
    try:
        server = redis.Redis.from_url(base, socket_connect_timeout=1, socket_timeout=2)
        server.ping()
    except redis.RedisError as error:
        pytest.skip(f"Redis at {parts.hostname}:{parts.port or 6379} does not answer: {error}")
    try:
        databases = int(server.config_get("databases")["databases"])
    except (redis.RedisError, KeyError, ValueError):
        databases = 16
    # Never database 0 nor the one REDIS_URL names: a development server may use them.
    reserved = {0, server.connection_pool.connection_kwargs.get("db", 0)}
    run_id = secrets.token_hex(8)
    for number in range(databases - 1, 0, -1):
        if number in reserved:
            continue
        url = urllib.parse.urlunsplit(parts._replace(path=f"/{number}"))
        claimed = redis.Redis.from_url(url, socket_timeout=2)
        if claimed.set(REDIS_LOCK, run_id, nx=True, ex=600):
            if claimed.dbsize() == 1:
                break
            claimed.delete(REDIS_LOCK)  # someone else's data is there
    else:
        pytest.skip("Redis has no empty database for this test")
    try:
        yield url
    finally:
        if claimed.get(REDIS_LOCK) == run_id.encode():
            claimed.flushdb()


@pytest.fixture
def servers(tmp_path, redis_url, production_static):
    """Servers A and B: gunicorn (gunicorn.conf.py), production settings, one worker
    each, on free loopback ports; always stopped at the end."""
    env = production_environment(
        database_url=database_url(),
        redis_url=redis_url,
        var_dir=tmp_path,
        static_root=production_static,
    )
    started = []
    try:
        for name in ("A", "B"):
            started.append(start_server(name, env, tmp_path))
        deadline = time.monotonic() + STARTUP_SECONDS
        for server in started:
            wait_until_ready(server, deadline)
        yield started
    finally:
        stop([server.process for server in started])


@pytest.fixture
def page(django_db_serialized_rollback, home_el):
    return add_page(
        home_el, StandardPage(title="Το πάρκο", slug="to-parko", introduction="Πρώτη έκδοση")
    )


@pytest.fixture
def editor(django_db_serialized_rollback):
    return create_publisher()


def test_publish_through_one_process_invalidates_the_page_the_other_serves(servers, page, editor):
    a, b = servers
    url = page.url  # /el/to-parko/

    first = b.get(url)
    assert first.status == 200, b.log_tail()
    assert first.cache == "MISS" and "Πρώτη έκδοση" in first.text
    second = b.get(url)
    assert second.cache == "HIT" and second.text == first.text
    # One cache: A serves what B stored (both behind one host name, as behind a proxy).
    assert a.get(url).cache == "HIT"
    # A's own copy, under another host name.
    assert a.get(url, host="127.0.0.1").cache == "MISS"
    assert a.get(url, host="127.0.0.1").cache == "HIT"

    cookies = log_in(a, editor.username, PASSWORD)
    publish_through_admin(a, cookies, page, "Δεύτερη έκδοση")
    page.refresh_from_db()
    assert page.introduction == "Δεύτερη έκδοση"  # committed by A

    after = b.get(url)
    assert after.status == 200
    assert after.cache == "MISS", "B served its stale copy after A published"
    assert "Δεύτερη έκδοση" in after.text and "Πρώτη έκδοση" not in after.text
    assert b.get(url).cache == "HIT"

    own = a.get(url, host="127.0.0.1")
    assert own.cache == "MISS", "A served its stale copy after publishing"
    assert "Δεύτερη έκδοση" in own.text
