"""`make bench`: build the large site in its own database, serve it with the production
settings under gunicorn (2 workers) and measure each page type uncached and cached.

For every URL: SQL queries per request (in-process, Django's test client), and over
HTTP on loopback with a bounded concurrent load (threads with keep-alive connections):
latency p50/p95 and requests per second, each as a ratio to /robots.txt measured in the
same run; BENCH_ROUNDS rounds (default 3), each figure the median of the rounds. Prints a
table and writes bench/results.json. Not a test: CI does not run it.
"""

import json
import os
import secrets
import statistics
import subprocess
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", 8765))
SECONDS = float(os.environ.get("BENCH_SECONDS", 4))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", 8))
# Rounds per mode, each measuring every page once, interleaved; each figure is the median of
# the rounds (one 4-second run of a page moved by a third between runs on a 2-core machine).
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))


def bench_database_url():
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/") or "biopa"
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}_bench"))


def ensure_postgres_database(url):
    if not url.startswith("postgres"):
        return
    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def environment(cache_seconds):
    env = dict(os.environ)
    env.update(
        DATABASE_URL=bench_database_url(),
        SECRET_KEY=env.get("SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        SECURE_SSL_REDIRECT="false",
        PAGE_CACHE_SECONDS=str(cache_seconds),
        # Search hits are kept only with the response cache: uncached means uncached.
        SEARCH_CACHE_SECONDS=str(60 if cache_seconds else 0),
        VAR_DIR=str(ROOT / "var"),
        # The response cache shared by the server's workers (production refuses one per
        # process); REDIS_URL, when set, takes precedence.
        CACHE_DIR=str(ROOT / "var" / "bench-cache"),
        STATIC_ROOT=str(ROOT / "var" / "bench-static"),
        LOG_LEVEL="WARNING",
        SERVE_MEDIA="true",  # images, as a web server in front would serve them
    )
    return env


def manage(*args, settings="biopa.settings.dev", env=None):
    env = dict(env or environment(0), DJANGO_SETTINGS_MODULE=settings)
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def shell_json(script, env, settings="biopa.settings.dev", **extra_env):
    """Run `script` in `manage.py shell` and return the JSON it prints last."""
    env = dict(env, DJANGO_SETTINGS_MODULE=settings, **extra_env)
    result = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def pick_urls(env):
    """The URLs to measure, chosen from the built site in-process."""
    script = (
        "import json\n"
        "from news.models import NewsPage, EventPage, NewsIndexPage\n"
        "from documents.models import DocumentPage\n"
        "n = NewsPage.objects.live().filter(locale__language_code='el', eventpage__isnull=True)"
        ".order_by('-date').first()\n"
        "e = EventPage.objects.live().filter(locale__language_code='el')"
        ".order_by('-start').first()\n"
        "d = DocumentPage.objects.live().filter(locale__language_code='el').first()\n"
        "print(json.dumps([n.url, e.url, d.url]))\n"
    )
    news, event, document = shell_json(script, env)
    q = urllib.parse.quote
    return {
        "robots": "/robots.txt",
        "home": "/el/",
        "news index": "/el/news/",
        "news index deep": "/el/news/?page=200",
        "news page": news,
        "event page": event,
        "library": "/el/documents/",
        "library filtered": "/el/documents/?year=2015",
        "library deep": "/el/documents/?page=200",
        "library search": "/el/documents/?q=" + q("αιτήσεις") + "&page=2",
        "document page": document,
        "search el 1": "/el/search/?q=" + q("αιτήσεις"),
        "search el 2": "/el/search/?q=" + q("ρεθυμνο"),
        "search el docs": "/el/search/?q=" + q("μετασχηματιστής"),
        "search en 1": "/en/search/?q=registrations",
        "search en 2": "/en/search/?q=" + q("water council"),
        "suggest": "/el/search/suggest/?q=" + q("επι"),
        "sitemap": "/sitemap.xml",
    }


def count_queries(urls, env, cached):
    script = (
        "import json, sys\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client, counts = Client(), {}\n"
        f"for name, url in json.loads({json.dumps(json.dumps(urls))}).items():\n"
        "    client.get(url)\n"
        "    with CaptureQueriesContext(connection) as ctx:\n"
        "        client.get(url)\n"
        "    counts[name] = len(ctx)\n"
        "print(json.dumps(counts))\n"
    )
    return shell_json(
        script,
        env,
        settings="biopa.settings.production",
        PAGE_CACHE_SECONDS="300" if cached else "0",
    )


def load(path, seconds=SECONDS, concurrency=CONCURRENCY):
    latencies, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def worker():
        conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
        mine = []
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors[0] += 1
            except OSError:
                errors[0] += 1
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors[0],
        "rps": round(len(latencies) / seconds, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1) if latencies else None,
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1) if latencies else None,
    }


def serve(env, **gunicorn_env):
    """gunicorn with the production settings; its log goes to var/bench-gunicorn.log."""
    env = dict(env, DJANGO_SETTINGS_MODULE="biopa.settings.production", **gunicorn_env)
    log = open(ROOT / "var" / "bench-gunicorn.log", "ab")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "biopa.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(100):
        try:
            conn = HTTPConnection("127.0.0.1", PORT, timeout=2)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


GAP_REQUESTS = int(os.environ.get("BENCH_GAP_REQUESTS", 5000))
GAP_MAX_REQUESTS = int(os.environ.get("BENCH_GAP_MAX_REQUESTS", 400))


def restarts(path="/robots.txt", total=GAP_REQUESTS, concurrency=CONCURRENCY):
    """Workers restarting under a steady load (gunicorn.conf.py's max_requests, lowered so
    that each of the 2 workers restarts several times in `total` requests): no request may
    take over a second and none may be refused, i.e. there is always a worker answering."""
    server = serve(environment(0), GUNICORN_MAX_REQUESTS=str(GAP_MAX_REQUESTS))
    latencies, refused, lock = [], [0], threading.Lock()
    remaining = [total]

    def worker():
        conn, mine = HTTPConnection("127.0.0.1", PORT, timeout=30), []
        while True:
            with lock:
                if remaining[0] <= 0:
                    break
                remaining[0] -= 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Host": "127.0.0.1"})
                conn.getresponse().read()
            except OSError:
                # A worker that restarts closes its keep-alive connections: reconnect and
                # ask again, counting the time; only a refused connection is a gap.
                conn.close()
                conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
                try:
                    conn.request("GET", path, headers={"Host": "127.0.0.1"})
                    conn.getresponse().read()
                except ConnectionRefusedError:
                    with lock:
                        refused[0] += 1
                    continue
                except OSError:
                    with lock:
                        refused[0] += 1
                    conn = HTTPConnection("127.0.0.1", PORT, timeout=30)
                    continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    try:
        threads = [threading.Thread(target=worker) for _ in range(concurrency)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait()
    latencies.sort()
    return {
        "requests": len(latencies),
        "refused": refused[0],
        "over_1s": sum(1 for latency in latencies if latency > 1),
        "max_ms": round(latencies[-1] * 1000, 1) if latencies else None,
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1) if latencies else None,
        "rps": round(len(latencies) / elapsed, 1),
        "max_requests": GAP_MAX_REQUESTS,
    }


def median_of(measurements):
    """Each figure of `load`'s answers, the median over the rounds (errors: the sum)."""
    merged = {}
    for key in ("requests", "rps", "p50_ms", "p95_ms"):
        values = [m[key] for m in measurements if m[key] is not None]
        merged[key] = round(statistics.median(values), 1) if values else None
    merged["errors"] = sum(m["errors"] for m in measurements)
    return merged


def cell(value, width):
    return f"{'-' if value is None else value:>{width}}"


def main():
    url = bench_database_url()
    ensure_postgres_database(url)
    env = environment(0)
    print(f"Benchmark database: {url}; medians of {ROUNDS} rounds of {SECONDS} s each")
    manage("migrate", "--no-input", "-v0", env=env)
    subprocess.run(
        [PYTHON, str(ROOT / "bench" / "build.py")],
        cwd=ROOT,
        env=dict(env, DJANGO_SETTINGS_MODULE="biopa.settings.dev"),
        check=True,
    )
    manage("collectstatic", "--no-input", "-v0", settings="biopa.settings.production", env=env)
    urls = pick_urls(env)
    results = {
        "database": url.split("@")[-1],
        "seconds": SECONDS,
        "concurrency": CONCURRENCY,
        "pages": {},
    }
    queries = {
        False: count_queries(urls, env, cached=False),
        True: count_queries(urls, env, cached=True),
    }
    only = {name for name in os.environ.get("BENCH_ONLY", "").split(",") if name}
    if only:  # e.g. BENCH_ONLY="robots,home,news index" (robots is always measured)
        urls = {name: url for name, url in urls.items() if name in only | {"robots"}}
    results["rounds"] = ROUNDS
    for cached in (False, True):
        server = serve(environment(300 if cached else 0))
        rounds = {name: [] for name in urls}
        try:
            for _ in range(ROUNDS):  # interleaved: each round measures every page once
                for name, path in urls.items():
                    load(path, seconds=0.5, concurrency=2)  # warm: fill caches in both workers
                    rounds[name].append(load(path))
        finally:
            server.terminate()
            server.wait()
        for name, path in urls.items():
            entry = results["pages"].setdefault(name, {"url": path})
            entry["cached" if cached else "uncached"] = dict(
                median_of(rounds[name]), queries=queries[cached][name]
            )
    for mode in ("uncached", "cached"):
        robots = results["pages"]["robots"][mode]["rps"] or 1
        for entry in results["pages"].values():
            entry[mode]["rps_ratio_to_robots"] = round(entry[mode]["rps"] / robots, 3)
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    header = (
        f"{'page':<18}{'mode':<10}{'SQL':>5}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>9}{'÷robots':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, entry in results["pages"].items():
        for mode in ("uncached", "cached"):
            m = entry[mode]
            print(
                f"{name:<18}{mode:<10}{cell(m['queries'], 5)}{cell(m['p50_ms'], 9)}"
                f"{cell(m['p95_ms'], 9)}{cell(m['rps'], 9)}{cell(m['rps_ratio_to_robots'], 9)}"
                + (f"  ({m['errors']} errors)" if m["errors"] else "")
            )
    robots = results["pages"]["robots"]
    print(
        "\n/robots.txt with the response cache on, to off: "
        f"{robots['cached']['rps'] / (robots['uncached']['rps'] or 1):.2f}x (target >= 0.9)"
    )
    if os.environ.get("BENCH_RESTARTS", "1") != "0":
        gap = results["restarts"] = restarts()
        print(
            f"Worker restarts (max_requests={gap['max_requests']}, 2 workers, "
            f"{gap['requests']} requests of /robots.txt): {gap['refused']} refused, "
            f"{gap['over_1s']} over 1 s, max {gap['max_ms']} ms, p99 {gap['p99_ms']} ms"
        )
    (ROOT / "bench" / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print("\nWritten to bench/results.json")


if __name__ == "__main__":
    main()
