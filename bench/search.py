"""Search at scale, on demand (not CI): `DATABASE_URL=postgres://... python bench/search.py`.

Uses the site `make bench` builds (bench/run.py: database `<name>_bench`, built if
missing), serves it with the production settings under gunicorn (2 workers, page cache
off) and measures the search and suggest in the cases that differ: common and rare words,
Greek and English, inflected, misspelled, greeklish, filtered by type, a deep page.

Prints, per case: SQL queries (in-process), single-request latency p50/p95 (one client,
sequential) and, under BENCH_CONCURRENCY clients, requests per second as a ratio to an
uncached news page and to /robots.txt measured the same way (issue #17's 0.08), and the p95
under load as a multiple of the single-request p95 ("p95×"; /robots.txt's row shows what
queueing alone costs: 8 clients on 2 workers wait for about 3 requests ahead of theirs).
Targets (issue #14): search p50 ≤ 30 ms and p95 ≤ 60 ms, suggest p50 ≤ 10 ms, search
throughput ≥ 0.25× the news page's.

The cache of anonymous search results (SEARCH_CACHE_SECONDS) is off for the measurement,
as the targets require; BENCH_SEARCH_CACHE=N measures with it on (N seconds). The load
average is printed before and after (the figures are only comparable at similar load).

BENCH_REINDEX=1 rebuilds the search index first (`migrate` does it once after the index
format changes); BENCH_SKIP_BUILD=1 skips bench/build.py (the site is built); BENCH_SINGLE=N
requests per case for the single-request figures (default 40); BENCH_ROUNDS=N rounds, each
measuring every case once, interleaved (default 3): each figure is the median of the rounds,
so that a slow moment of the machine does not fall on one case only.
"""

import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run  # noqa: E402 - bench/run.py, `make bench`

SINGLE = int(os.environ.get("BENCH_SINGLE", 40))
ROUNDS = run.ROUNDS
q = urllib.parse.quote

CASES = {
    "el common": "/el/search/?q=" + q("ρεθυμνο"),
    "el inflected": "/el/search/?q=" + q("αιτήσεις"),
    "el two words": "/el/search/?q=" + q("πάρκο ενέργεια"),
    "el rare (file)": "/el/search/?q=" + q("μετασχηματιστής"),
    "el misspelled": "/el/search/?q=" + q("ρεθιμνο"),
    "el greeklish": "/el/search/?q=rethymno",
    "el filtered": "/el/search/?q=" + q("ρεθυμνο") + "&type=news",
    "el deep page": "/el/search/?q=" + q("ρεθυμνο") + "&page=25",
    "el prefix": "/el/search/?q=" + q("πυρ"),
    "en common": "/en/search/?q=registrations",
    "en two words": "/en/search/?q=" + q("water council"),
    "en filtered": "/en/search/?q=water&type=document",
    "suggest el": "/el/search/suggest/?q=" + q("επι"),
    "suggest en": "/en/search/suggest/?q=wat",
}


def single(path, n=SINGLE):
    conn = HTTPConnection("127.0.0.1", run.PORT, timeout=30)
    times = []
    for index in range(n + 3):
        started = time.perf_counter()
        conn.request("GET", path, headers={"Host": "127.0.0.1"})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        if index >= 3:  # warm-up
            times.append(time.perf_counter() - started)
    times.sort()
    return (
        round(statistics.median(times) * 1000, 1),
        round(times[max(0, int(len(times) * 0.95) - 1)] * 1000, 1),
    )


def main():
    url = run.bench_database_url()
    env = dict(run.environment(0), SEARCH_CACHE_SECONDS=os.environ.get("BENCH_SEARCH_CACHE", "0"))
    load_before = os.getloadavg()
    run.ensure_postgres_database(url)
    run.manage("migrate", "--no-input", "-v0", env=env)
    if not os.environ.get("BENCH_SKIP_BUILD"):  # the site is built already
        subprocess.run(
            [run.PYTHON, str(run.ROOT / "bench" / "build.py")],
            cwd=run.ROOT,
            env=dict(env, DJANGO_SETTINGS_MODULE="biopa.settings.dev"),
            check=True,
        )
    run.manage("collectstatic", "--no-input", "-v0", settings="biopa.settings.production", env=env)
    if os.environ.get("BENCH_REINDEX"):
        print("Rebuilding the search index...")
        run.manage("update_index", "-v0", env=env)
    news_page = run.pick_urls(env)["news page"]
    urls = {"robots.txt": "/robots.txt", "news page": news_page, **CASES}
    queries = run.count_queries(urls, env, cached=False)
    server = run.serve(env)
    rounds = {name: [] for name in urls}
    try:
        for _ in range(ROUNDS):  # interleaved: each round measures every case once
            for name, path in urls.items():
                p50, p95 = single(path)
                run.load(path, seconds=0.5, concurrency=2)
                loaded = run.load(path)
                rounds[name].append((p50, p95, loaded["rps"], loaded["p95_ms"]))
    finally:
        server.terminate()
        server.wait()
    rows = {
        name: (queries[name], *(statistics.median(column) for column in zip(*found, strict=True)))
        for name, found in rounds.items()
    }
    news_rps = rows["news page"][3] or 1
    robots_rps = rows["robots.txt"][3] or 1
    print(
        f"Database: {url.split('@')[-1]}; {run.CONCURRENCY} clients for {run.SECONDS} s; "
        f"medians of {ROUNDS} rounds"
    )
    print(
        f"Search cache: {env['SEARCH_CACHE_SECONDS']} s; load average before "
        + "/".join(f"{value:.2f}" for value in load_before)
        + ", after "
        + "/".join(f"{value:.2f}" for value in os.getloadavg())
    )
    header = (
        f"{'case':<16}{'SQL':>5}{'p50 ms':>9}{'p95 ms':>9}"
        f"{'req/s@' + str(run.CONCURRENCY):>10}{'p95@' + str(run.CONCURRENCY):>9}{'÷news':>8}"
        f"{'÷robots':>9}{'p95×':>7}"
    )
    print(header)
    print("-" * len(header))
    for name, (sql, p50, p95, rps, loaded_p95) in rows.items():
        print(
            f"{name:<16}{sql:>5}{p50:>9.1f}{p95:>9.1f}{rps:>10.1f}{loaded_p95:>9.1f}"
            f"{rps / news_rps:>8.2f}"
            f"{rps / robots_rps:>9.3f}{loaded_p95 / p95:>7.1f}"
        )


if __name__ == "__main__":
    main()
