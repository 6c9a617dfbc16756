"""Fixtures for the cache's tests and for tests that change content from another process.

`shared_cache` puts this test process and any `manage.py` subprocess it starts on one file
cache, with the response cache on: what the subprocess invalidates, this process sees.
`redis_server` is a redis-server of the test's own, on a free port, that the test can stop
and start again.
"""

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from django.test import override_settings

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PAGE_CACHE_SECONDS = 300


def file_cache_settings(directory):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(directory),
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
        },
    }


@pytest.fixture
def shared_cache(tmp_path):
    """This process on a file cache in a directory of the test's own, the response cache
    on; returns the environment that puts a `manage.py` subprocess (test settings) on the
    same cache: `subprocess.run([...], env={**os.environ, **shared_cache})`."""
    directory = tmp_path / "cache"
    with override_settings(
        CACHES=file_cache_settings(directory), PAGE_CACHE_SECONDS=PAGE_CACHE_SECONDS
    ):
        yield {
            "DJANGO_SETTINGS_MODULE": "biopa.settings.test",
            "CACHE_DIR": str(directory),
            "PAGE_CACHE_SECONDS": str(PAGE_CACHE_SECONDS),
        }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """A redis-server that writes to disk only when told (`save`): stopped without it, it
    forgets everything."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.port = free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - the test's own server
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def command(self, *words):
        """One command in Redis's protocol; its first line of answer."""
        request = f"*{len(words)}\r\n" + "".join(f"${len(w)}\r\n{w}\r\n" for w in words)
        with socket.create_connection(("127.0.0.1", self.port), timeout=5) as sock:
            sock.sendall(request.encode())
            return sock.recv(256).split(b"\r\n")[0].decode()

    def save(self):
        """Write what Redis holds to disk: the next start loads it back."""
        assert self.command("SAVE") == "+OK"

    def key_count(self):
        return int(self.command("DBSIZE").lstrip(":"))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()
