"""A request path that looks like another host (`//evil.example/...`) never puts that host
in an answer: not in the language switcher, hreflang, og:url or a redirect.

Under gunicorn `GET //evil.example/x` reaches Django with the path `//evil.example/x`,
which `build_absolute_uri`, `translate_url` and browsers read as an address on
evil.example. The Django test client reads such an address as a host and a path, so the
path is also handed to it as the server gives it (PATH_INFO), and one test sends the
requests to a real gunicorn process with the production settings.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
STARTUP_SECONDS = 60  # an upper bound on a loaded machine; a start takes a few seconds

HOST = "evil.example"
HOSTILE_PATHS = [
    "//evil.example/x",
    "//evil.example/el/",
    "///evil.example",
    "/el//evil.example/",
    "//evil.example/en/search/?q=park",
    "/\\evil.example/el/",
    "/el/%2F%2Fevil.example/",
]


def hostile_answers(client, path):
    """The answers to `path` as the test client reads it and as a server passes it on."""
    raw_path, _, query = path.partition("?")
    yield client.get(path)
    yield client.get(raw_path, QUERY_STRING=query, PATH_INFO=urllib.parse.unquote(raw_path))


@pytest.mark.django_db
@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_a_path_naming_another_host_never_links_to_it(home_en, site_details, client, path):
    for response in hostile_answers(client, path):
        assert response.status_code < 500, path
        assert HOST not in response.get("Location", ""), path
        assert HOST not in response.content.decode(), path


@pytest.mark.django_db
def test_a_404_links_every_language_to_its_home_page(home_en, site_details, client):
    response = client.get("/el/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert 'href="/en/" hreflang="en"' in body
    assert 'rel="alternate"' not in body and 'property="og:url"' not in body


@pytest.mark.django_db
def test_a_view_links_its_translations_with_the_query(home_en, site_details, client):
    body = client.get("/el/search/?q=park").content.decode()
    assert 'href="/en/search/?q=park" hreflang="en"' in body
    assert '<link rel="alternate" hreflang="en" href="http://testserver/en/search/?q=park">' in body
    assert '<meta property="og:url" content="http://testserver/el/search/?q=park">' in body


def database_url():
    """The test database, as the server's DATABASE_URL (an SQLite file or PostgreSQL)."""
    db = connection.settings_dict
    if db["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{db['NAME']}"
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    name = urllib.parse.quote(db["NAME"], safe="")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}{port}/{name}"


class Server:
    def __init__(self, process, port, log):
        self.process, self.port, self.log = process, port, log

    def get(self, path):
        """GET `path` sent exactly as given: (status, headers, body)."""
        conn = HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request("GET", path, headers={"Host": "localhost"})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()

    def log_tail(self):
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-30:])

    def wait_until_ready(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited\n{self.log_tail()}")
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn not ready in {STARTUP_SECONDS} s\n{self.log_tail()}")

    def stop(self):
        """gunicorn's quick shutdown; SIGKILL to its process group if it outlives it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def gunicorn(tmp_path):
    """One gunicorn process with the production settings on the test database."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        DJANGO_SETTINGS_MODULE="biopa.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="localhost,127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=database_url(),
        PAGE_CACHE_SECONDS="0",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        DOCUMENTS_ROOT=str(tmp_path / "documents"),
        LOG_LEVEL="WARNING",
        GUNICORN_WORKERS="1",
        GUNICORN_THREADS="1",
        GUNICORN_GRACEFUL_TIMEOUT="5",
    )
    env.pop("REDIS_URL", None)
    # The production static storage serves from a manifest, which collectstatic writes.
    collected = subprocess.run(  # noqa: S603 - the project's own command
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collected.returncode == 0, collected.stderr
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - the project's own server
            [GUNICORN, "-c", str(ROOT / "gunicorn.conf.py"), "--no-control-socket"],
            cwd=ROOT,
            env=dict(env, GUNICORN_BIND=f"127.0.0.1:{port}"),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(process, port, log)
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.mark.browser  # a transactional test: in the second pytest session (see Makefile)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_under_gunicorn_a_path_naming_another_host_never_links_to_it(
    django_db_serialized_rollback, home_en, site_details, gunicorn
):
    status, _headers, body = gunicorn.get("/el/")
    assert status == 200 and 'hreflang="en"' in body  # the site is there, in both languages
    for path in HOSTILE_PATHS:
        status, headers, body = gunicorn.get(path)
        assert status < 500, (path, gunicorn.log_tail())
        assert HOST not in headers.get("Location", ""), path
        assert HOST not in body, path
