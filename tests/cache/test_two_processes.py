"""Two application processes sharing one PostgreSQL and one Redis behave as one site: a
publish through one invalidates the cached page that the other serves.

Two gunicorn servers run the production settings against the test database and one Redis
database claimed for this run. An editor logs in to server A's admin and publishes a
change; server B, which had the page cached, serves the new version at once.

Runs only on PostgreSQL with Redis reachable (CI has both). Transactional, with other
processes reading the data: in the second pytest session (marker `browser`, see Makefile).
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.models import StandardPage
from tests.conftest import add_page

pytestmark = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="two application processes need PostgreSQL (set DATABASE_URL)",
    ),
    pytest.mark.browser,
    # Committed, so that the servers see it; the migrations' data is restored afterwards
    # for the tests that follow in the same session.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
REDIS_LOCK = "biopa-test-two-processes:lock"
PASSWORD = "a long two-process test password"
STARTUP_SECONDS = 60  # an upper bound on a loaded machine; a start takes a few seconds
REQUEST_SECONDS = 20


@dataclass
class Response:
    status: int
    headers: object
    text: str

    @property
    def cache(self):
        return self.headers.get("X-Cache")


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def get(self, path, *, host="localhost", cookies=None):
        return self.request("GET", path, host=host, cookies=cookies)

    def request(self, method, path, *, host="localhost", cookies=None, data=None):
        headers = {"Host": host}
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", self.port, timeout=REQUEST_SECONDS)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            return Response(response.status, response.headers, response.read().decode())
        finally:
            conn.close()

    def log_tail(self, lines=40):
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- server {self.name} log ---\n" + "\n".join(text.splitlines()[-lines:])


@pytest.fixture
def database_url():
    """The test database, as the servers' DATABASE_URL."""
    db = connection.settings_dict
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_environment(database_url, redis_url, static_root, media_root):
    # What a deployment sets (README), with HTTPS left to the proxy that is not there.
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="biopa.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        PAGE_CACHE_SECONDS="300",
        REQUIRE_2FA_FOR_ADMINS="false",
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(media_root),
        LOG_LEVEL="WARNING",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    return env


def stop(processes):
    """gunicorn's quick shutdown (SIGINT) for all at once; SIGKILL to the process group of
    any that outlives it."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        process.send_signal(signal.SIGINT)
    for process in running:
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)  # its own session: master and workers
            process.wait(timeout=10)


def wait_until_ready(server, deadline):
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"server {server.name} exited\n{server.log_tail()}")
        try:
            if server.get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"server {server.name} not ready in {STARTUP_SECONDS} s\n{server.log_tail()}")


@pytest.fixture
def servers(tmp_path, database_url, redis_url):
    """Servers A and B: gunicorn (gunicorn.conf.py), production settings, one worker
    each, on free loopback ports; always stopped at the end."""
    env = production_environment(database_url, redis_url, tmp_path / "static", tmp_path / "media")
    # The production static storage serves from a manifest, which collectstatic writes.
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr
    started = []
    try:
        for name in ("A", "B"):
            port = free_port()
            log = tmp_path / f"gunicorn-{name}.log"
            with log.open("wb") as output:
                process = subprocess.Popen(  # noqa: S603 - the project's own server
                    # No control socket: its default path is one per user, and there are two.
                    [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "--no-control-socket"],
                    cwd=ROOT,
                    env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}"),
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            started.append(Server(name, port, process, log))
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
    # Hashed as production checks it (the test settings hash with MD5, which it refuses);
    # few iterations here, production upgrades the hash at the login.
    hasher = PBKDF2PasswordHasher()
    return get_user_model().objects.create(
        username="publisher",
        email="publisher@example.com",
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000),
        is_staff=True,
        is_superuser=True,
    )


def update_cookies(cookies, response):
    for header in response.headers.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(header).items():
            cookies[name] = morsel.value


def csrf_token(response):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
    assert match, f"no CSRF token in the form (status {response.status})"
    return match.group(1)


def log_in(server, username, password):
    """The admin's login form, as a browser submits it; returns the session's cookies."""
    cookies = {}
    form = server.get("/admin/login/", host="127.0.0.1")
    assert form.status == 200, server.log_tail()
    update_cookies(cookies, form)
    response = server.request(
        "POST",
        "/admin/login/",
        host="127.0.0.1",
        cookies=cookies,
        data={
            "csrfmiddlewaretoken": csrf_token(form),
            "username": username,
            "password": password,
            "next": "/admin/",
        },
    )
    assert response.status == 302, f"login refused ({response.status})\n{server.log_tail()}"
    update_cookies(cookies, response)
    assert "sessionid" in cookies
    return cookies


def publish_through_admin(server, cookies, page, introduction):
    """Wagtail's edit view, "Publish": what the editor's browser posts."""
    url = f"/admin/pages/{page.pk}/edit/"
    form = server.get(url, host="127.0.0.1", cookies=cookies)
    assert form.status == 200, f"edit form: {form.status}\n{server.log_tail()}"
    update_cookies(cookies, form)
    data = nested_form_data(
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "title": page.title,
            "slug": page.slug,
            "introduction": introduction,
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = server.request("POST", url, host="127.0.0.1", cookies=cookies, data=data)
    errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)<', response.text, re.S)
    assert response.status == 302, f"publish failed ({response.status}): {errors}"


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
