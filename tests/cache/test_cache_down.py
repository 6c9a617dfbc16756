"""The cache is an optimisation, never a dependency: with Redis gone, a real server serves
every page type, /healthz says the cache is unavailable (still 200), an editor's publish
completes, and once Redis is back, with what it held before, nothing stale is served.

gunicorn runs the production settings with REDIS_URL at a redis-server of the test's own,
against a page of every type committed to the test database. Transactional, with another
process reading the data: in the second pytest session (marker `browser`, see Makefile).
"""

import datetime
import json
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.utils import timezone
from wagtail.models import Page

import contact.demo
from documents.models import DocumentIndexPage, DocumentPage
from home.demo_tools import Glossary
from home.models import HomePage, StandardPage
from news.models import EventPage, NewsIndexPage, NewsPage
from tests.conftest import add_page
from tests.documents.factories import make_entry, make_library
from tests.servers import (
    PASSWORD,
    create_publisher,
    database_url,
    log_in,
    production_environment,
    publish_through_admin,
    running_server,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Well under what a visitor notices, on a loaded machine: the breaker spares each request
# its own connection attempt.
PAGE_SECONDS_WITHOUT_REDIS = 3
TODAY = datetime.date(2026, 5, 1)


def copy_storage(alias, target):
    """The test settings keep uploads in memory: the server reads them from disk."""
    storage = storages[alias]

    def walk(path):
        directories, files = storage.listdir(path)
        for name in files:
            source = f"{path}/{name}" if path else name
            destination = Path(target) / source
            destination.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(source, "rb") as handle:
                destination.write_bytes(handle.read())
        for name in directories:
            walk(f"{path}/{name}" if path else name)

    walk("")


def first_live(model):
    pages = model.objects.live().exact_type(model).filter(locale__language_code="el")
    return pages.order_by("path").first()


def public_urls():
    """One address of every public page type and view, Greek side."""
    pages = {
        model.__name__: first_live(model)
        for model in (
            HomePage,
            StandardPage,
            NewsIndexPage,
            NewsPage,
            EventPage,
            DocumentIndexPage,
            DocumentPage,
        )
    }
    contact = Page.objects.live().filter(locale__language_code="el", slug__contains="contact")
    missing = [name for name, page in pages.items() if page is None]
    assert not missing and contact.exists(), f"the demo site lacks {missing}"
    news_index = pages["NewsIndexPage"]
    return [
        *(page.url for page in pages.values()),
        contact.first().url,
        pages["EventPage"].url + "event.ics",
        news_index.url + "feed/",
        news_index.url + "events.ics",
        "/el/search/?q=" + urllib.parse.quote("πάρκο"),
        "/el/search/suggest/?q=" + urllib.parse.quote("πάρ"),
        "/sitemap.xml",
        "/api/v2/pages/",
        "/robots.txt",
    ]


@pytest.fixture
def site(django_db_serialized_rollback, home_en, site_details):
    """A page of every type, Greek side (the demo site would take minutes to load here)."""
    home = HomePage.objects.get(locale__language_code="el")
    add_page(home, StandardPage(title="Το πάρκο", slug="about", introduction="Πρώτη έκδοση"))
    index = add_page(home, NewsIndexPage(title="Νέα", slug="news"))
    add_page(index, NewsPage(title="Νέο έργο", slug="neo-ergo", date=TODAY, summary="Έργο"))
    start = timezone.now() + datetime.timedelta(days=10)
    add_page(
        index,
        EventPage(
            title="Ημερίδα",
            slug="imerida",
            date=start.date(),
            summary="Ημερίδα για το πάρκο",
            start=start,
            end=start + datetime.timedelta(hours=2),
        ),
    )
    make_entry(make_library(home), "Κανονισμός λειτουργίας του πάρκου")
    contact.demo.build(Glossary(), log=lambda message: None)


@pytest.fixture
def editor(django_db_serialized_rollback):
    return create_publisher()


@pytest.fixture
def server(tmp_path, redis_server, site, editor, production_static):
    var_dir = tmp_path / "var"
    env = production_environment(
        database_url=database_url(),
        redis_url=redis_server.url,
        var_dir=var_dir,
        static_root=production_static,
    )
    copy_storage("default", var_dir / "media")
    if "documents" in settings.STORAGES:
        copy_storage("documents", env["DOCUMENTS_ROOT"])
    with running_server("cache-down", env, tmp_path) as server:
        yield server


def health(server):
    response = server.get("/healthz")
    return response.status, json.loads(response.text)


def test_the_site_serves_without_redis_and_nothing_stale_after_it_returns(
    server, redis_server, editor
):
    urls = public_urls()
    page = first_live(StandardPage)

    # Redis up: the pages are cached.
    for url in urls:
        response = server.get(url)
        assert response.status == 200, f"{url}: {response.status}\n{server.log_tail()}"
    assert server.get(page.url).cache == "HIT"
    assert health(server) == (200, {"status": "ok", "cache": "ok"})
    stale = server.get(page.url).text

    # Redis gone, after writing what it held to disk (it comes back with it, as a Redis
    # with persistence or a network cut would).
    redis_server.save()
    redis_server.stop()
    for url in urls:
        started = time.monotonic()
        response = server.get(url)
        elapsed = time.monotonic() - started
        assert response.status == 200, f"{url}: {response.status}\n{server.log_tail()}"
        assert response.cache is None, f"{url} answered from a cache that is not there"
        assert elapsed < PAGE_SECONDS_WITHOUT_REDIS, f"{url} took {elapsed:.1f} s"
    assert health(server) == (
        200,
        {"status": "ok", "cache": "unavailable", "degraded": True},
    )

    # An editor's publish completes, and shows at once.
    cookies = log_in(server, editor.username, PASSWORD)
    publish_through_admin(server, cookies, page, "Γράφτηκε χωρίς Redis")
    assert "Γράφτηκε χωρίς Redis" in server.get(page.url).text

    # Redis back, with the old content version and the old copy of the page.
    redis_server.start()
    assert redis_server.key_count() > 0
    deadline = time.monotonic() + 15
    while health(server)[1]["cache"] != "ok":
        assert time.monotonic() < deadline, server.log_tail()
        time.sleep(0.5)
    fresh = server.get(page.url)
    assert fresh.status == 200
    assert "Γράφτηκε χωρίς Redis" in fresh.text and fresh.text != stale
    again = server.get(page.url)
    assert again.cache == "HIT" and "Γράφτηκε χωρίς Redis" in again.text

    log = server.log.read_text(errors="replace")
    assert log.count("unreachable") == 1, "the failure is logged once a minute, not per call"
