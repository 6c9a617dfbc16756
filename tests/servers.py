"""A real server process for tests: gunicorn with the production settings, on a free
loopback port, against the test database, spoken to over HTTP as a browser would (log in,
publish). `database_url` also hands the test database to a `manage.py` subprocess."""

import contextlib
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
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from tests.conftest import page_form

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
PASSWORD = "a long server test password"
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


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url():
    """The test database, as another process's DATABASE_URL. On SQLite the test database is
    a file (biopa/settings/test.py), so a server sees what a transactional test commits."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


def production_environment(*, database_url, var_dir, static_root, redis_url=None):
    """What a deployment sets (README), with HTTPS left to the proxy that is not there; every
    file the server writes under `var_dir`. Without `redis_url`, no Redis: the page cache
    in files under `var_dir` (CACHE_DIR), as on a single machine."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.pop("CACHE_DIR", None)
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_SETTINGS_MODULE="biopa.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url,
        PAGE_CACHE_SECONDS="300",
        REQUIRE_2FA_FOR_ADMINS="false",
        VAR_DIR=str(var_dir),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(Path(var_dir) / "media"),
        DOCUMENTS_ROOT=str(Path(var_dir) / "private-documents"),
        LOG_LEVEL="WARNING",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="2",
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env["CACHE_DIR"] = str(Path(var_dir) / "cache")
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
    data = page_form(
        page.title,
        page.slug,
        introduction=introduction,
        csrfmiddlewaretoken=csrf_token(form),
        **{"action-publish": "action-publish"},
    )
    response = server.request("POST", url, host="127.0.0.1", cookies=cookies, data=data)
    errors = re.findall(r'class="[^"]*error-message[^"]*"[^>]*>(.*?)<', response.text, re.S)
    assert response.status == 302, f"publish failed ({response.status}): {errors}"


def collect_static(env):
    """The production static storage serves from a manifest, which collectstatic writes."""
    collected = subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collected.returncode == 0, collected.stderr


def start_server(name, env, log_dir):
    """gunicorn (gunicorn.conf.py) on a free loopback port, in a session of its own."""
    port = free_port()
    log = Path(log_dir) / f"gunicorn-{name}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - the project's own server
            # No control socket: its default path is one per user, and there may be two.
            [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "--no-control-socket"],
            cwd=ROOT,
            env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}"),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Server(name, port, process, log)


@contextlib.contextmanager
def running_server(name, env, log_dir):
    """`start_server`, ready for requests; stopped however the test ends."""
    server = start_server(name, env, log_dir)
    try:
        wait_until_ready(server, time.monotonic() + STARTUP_SECONDS)
        yield server
    finally:
        stop([server.process])


def create_publisher():
    """A superuser who logs in to a server with the production settings (PASSWORD): hashed
    as production checks it, since the test settings hash with MD5, which it refuses; few
    iterations, production upgrades the hash at the login."""
    hasher = PBKDF2PasswordHasher()
    return get_user_model().objects.create(
        username="publisher",
        email="publisher@example.com",
        password=hasher.encode(PASSWORD, hasher.salt(), iterations=1000),
        is_staff=True,
        is_superuser=True,
    )
