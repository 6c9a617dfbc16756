"""Profile the uncached page types in-process (pyinstrument), the way issue #17 asks:
`pip install pyinstrument` in the venv (a profiling tool only, not a dependency), then

    DATABASE_URL=... .venv/bin/python bench/profiles/profile_pages.py LABEL

serves each page type 20 times warm with the production settings and the response cache
off, prints the single-request p50 and writes one pyinstrument text profile per page type
to bench/profiles/LABEL-<page>.txt. Run it on the demo site (`manage.py load_demo_content`).
Give it a Redis database (REDIS_URL) of its own: fragments are keyed by the content version,
not by the database, so a store shared with the bench site would hand one site's to the other.
"""

import os
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="biopa.settings.production",
    SECRET_KEY=os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
    ALLOWED_HOSTS="testserver,127.0.0.1",
    SECURE_SSL_REDIRECT="false",
    PAGE_CACHE_SECONDS="0",
    LOG_LEVEL="WARNING",
)
os.environ.setdefault("VAR_DIR", str(ROOT / "var"))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from documents.models import DocumentPage  # noqa: E402
from news.models import EventPage, NewsPage  # noqa: E402

WARM = int(os.environ.get("PROFILE_REQUESTS", 20))


def urls():
    news = (
        NewsPage.objects.live()
        .filter(locale__language_code="el", eventpage__isnull=True)
        .order_by("-date")
        .first()
    )
    event = EventPage.objects.live().filter(locale__language_code="el").order_by("-start").first()
    document = DocumentPage.objects.live().filter(locale__language_code="el").first()
    return {
        "robots": "/robots.txt",
        "home": "/el/",
        "news-index": "/el/news/",
        "news-page": news.url,
        "event-page": event.url,
        "library": "/el/documents/",
        "document-page": document.url,
    }


def profile_text(client, url, requests=WARM):
    """A pyinstrument text profile of `requests` warm requests of `url`."""
    profiler = Profiler(interval=0.0005)
    profiler.start()
    for _ in range(requests):
        client.get(url)
    profiler.stop()
    return profiler.output_text(unicode=True, color=False, show_all=False)


def main(label):
    client = Client(HTTP_HOST="127.0.0.1")
    pages = urls()
    counts = {}
    for name, url in pages.items():
        for _ in range(3):
            if client.get(url).status_code != 200:
                raise SystemExit(f"{url} does not answer 200")
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        counts[name] = len(queries)
    print(f"{'page':<15}{'SQL':>5}{'p50 ms':>9}{'min ms':>9}")
    for name, url in pages.items():
        times = []
        for _ in range(WARM):
            started = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        profile = profile_text(client, url)
        if name != "robots":
            (ROOT / "bench" / "profiles" / f"{label}-{name}.txt").write_text(profile)
        print(f"{name:<15}{counts[name]:>5}{statistics.median(times):>9.1f}{min(times):>9.1f}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "profile")
