"""Profile the site search and suggest in-process (pyinstrument), on the `make bench` site:

    DATABASE_URL=postgres://.../biopa_bench REDIS_URL=redis://127.0.0.1:6379/N \
        .venv/bin/python bench/profiles/profile_search.py LABEL [CASE ...]

serves each case of bench/search.py 30 times warm with the production settings, the
response cache and the search cache off, prints the single-request p50, this process's CPU time
(p50: what the machine's other load changes least) and the time spent waiting for the
database, and writes one pyinstrument text profile per case to
bench/profiles/LABEL-search-<case>.txt (pyinstrument installed in the venv by hand).
"""

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.environ["SEARCH_CACHE_SECONDS"] = "0"
os.environ.setdefault("STATIC_ROOT", str(HERE.parent.parent / "var" / "bench-static"))
sys.path.insert(0, str(HERE))

# The same set-up as the page profiles: production settings, response cache off, Django set up.
import profile_pages  # noqa: E402

ROOT = profile_pages.ROOT

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_search", ROOT / "bench" / "search.py")
sys.path.insert(1, str(ROOT / "bench"))  # bench/search.py imports bench/run.py
_bench_search = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_bench_search)
CASES = _bench_search.CASES

WARM = int(os.environ.get("PROFILE_REQUESTS", 30))


class DatabaseTime:
    def __init__(self):
        self.seconds, self.queries = 0.0, 0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.queries += 1


def main(label, names):
    client = Client(HTTP_HOST="127.0.0.1")
    cases = {name: CASES[name] for name in names or CASES}
    print(f"{'case':<16}{'SQL':>5}{'p50 ms':>9}{'cpu ms':>8}{'db ms':>8}")
    for name, url in cases.items():
        for _ in range(3):
            if client.get(url).status_code != 200:
                raise SystemExit(f"{url} does not answer 200")
        times, cpu, waited = [], [], DatabaseTime()
        with connection.execute_wrapper(waited):
            for _ in range(WARM):
                started, used = time.perf_counter(), time.process_time()
                client.get(url)
                times.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - used) * 1000)
        slug = name.replace(" ", "-").replace("(", "").replace(")", "")
        out = ROOT / "bench" / "profiles" / f"{label}-search-{slug}.txt"
        out.write_text(profile_pages.profile_text(client, url, WARM))
        print(
            f"{name:<16}{waited.queries // WARM:>5}{statistics.median(times):>9.1f}"
            f"{statistics.median(cpu):>8.1f}{waited.seconds * 1000 / WARM:>8.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "profile", sys.argv[2:])
