"""CDN purging (biopa/frontend_cache.py): what each change purges, in both languages, and
the FRONTEND_CACHE_* variables that switch it on."""

import datetime
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from wagtail.contrib.frontend_cache import signal_handlers as wagtail_handlers
from wagtail.contrib.frontend_cache.backends import (
    BaseBackend,
    CloudflareBackend,
    CloudfrontBackend,
    HTTPBackend,
)
from wagtail.contrib.frontend_cache.utils import get_backends
from wagtail.models import PageViewRestriction

from biopa import frontend_cache
from biopa.frontend_cache import frontend_cache_settings
from home.models import SiteDetails, StandardPage
from news.models import EventPage, NewsIndexPage, NewsPage
from tests.conftest import add_page, publish
from tests.documents.factories import make_document

SITE = "http://localhost"
BASE_DIR = Path(__file__).resolve().parents[2]


class RecordingBackend(BaseBackend):
    """A CDN that remembers each batch of addresses it was asked to purge."""

    batches = []

    def purge_batch(self, urls):
        RecordingBackend.batches.append({url.removeprefix(SITE) for url in urls})

    def purge(self, url):
        self.purge_batch([url])


CDN = {"default": {"BACKEND": f"{__name__}.RecordingBackend"}}


@pytest.fixture
def tree(home_el, home_en):
    """Greek: /el/, /el/news/, /el/news/first/, /el/about/, /el/about/team/, /el/services/;
    English: /en/, /en/news/, /en/about/."""
    news = add_page(home_el, NewsIndexPage(title="Νέα", slug="news"))
    first = add_page(news, NewsPage(title="Πρώτο", slug="first", summary="Περίληψη"))
    about = add_page(home_el, StandardPage(title="Το πάρκο", slug="about"))
    team = add_page(about, StandardPage(title="Ομάδα", slug="team"))
    services = add_page(home_el, StandardPage(title="Υπηρεσίες", slug="services"))
    news_en = news.copy_for_translation(home_en.locale)
    news_en.title = "News"
    publish(news_en)
    about_en = about.copy_for_translation(home_en.locale)
    about_en.title = "The park"
    publish(about_en)
    return {
        "home_el": home_el,
        "home_en": home_en,
        "news": news,
        "first": first,
        "about": about,
        "team": team,
        "services": services,
        "about_en": about_en,
    }


@pytest.fixture
def purges(tree, django_capture_on_commit_callbacks):
    """Runs a change with a CDN configured and returns the batches purged once it commits."""
    with override_settings(WAGTAILFRONTENDCACHE=CDN, WAGTAILFRONTENDCACHE_LANGUAGES=[]):
        frontend_cache.connect_signals()

        def run(change):
            RecordingBackend.batches.clear()
            with django_capture_on_commit_callbacks(execute=True):
                change()
            return list(RecordingBackend.batches)

        try:
            yield run
        finally:
            frontend_cache.disconnect_signals()
            RecordingBackend.batches.clear()


def only_batch(batches):
    assert len(batches) == 1, batches
    return batches[0]


def test_publishing_a_greek_page_purges_its_address_and_the_pages_listing_it(purges, tree):
    batch = only_batch(purges(lambda: publish(tree["first"])))
    assert batch == {
        "/el/news/first/",
        "/el/news/",
        "/el/",
        "/sitemap.xml",
        "/el/news/feed/",
        "/el/news/events.ics",
    }


def test_publishing_the_english_translation_purges_the_english_addresses(purges, tree):
    batch = only_batch(purges(lambda: publish(tree["about_en"])))
    # The Greek page too: its language link leads to the English one.
    assert batch == {
        "/en/about/",
        "/en/",
        "/el/about/",
        "/sitemap.xml",
        "/en/news/feed/",
        "/en/news/events.ics",
    }


def test_publishing_a_greek_page_purges_its_english_translation(purges, tree):
    batch = only_batch(purges(lambda: publish(tree["about"])))
    assert {"/el/about/", "/el/", "/en/about/"} <= batch
    assert "/en/" not in batch


def test_one_batch_per_publish_with_wagtails_own_handlers_connected(purges, tree):
    """The frontend_cache app's handlers (connected before ours at startup) would purge the
    page a second time, before the commit; connect_signals takes them off."""
    wagtail_handlers.register_signal_handlers()
    frontend_cache.connect_signals()
    try:
        batches = purges(lambda: publish(tree["first"]))
    finally:
        frontend_cache._disconnect_wagtail_handlers()
    assert len(batches) == 1


def test_publishing_an_event_purges_its_calendar(purges, tree):
    event = EventPage(
        title="Ημερίδα",
        slug="day",
        summary="Περίληψη",
        start=datetime.datetime(2030, 5, 1, 10, tzinfo=datetime.UTC),
        end=datetime.datetime(2030, 5, 1, 14, tzinfo=datetime.UTC),
    )
    batch = only_batch(purges(lambda: add_page(tree["news"], event)))
    assert {"/el/news/day/", "/el/news/day/event.ics", "/el/news/events.ics"} <= batch


def test_unpublishing_purges_the_page_and_the_pages_listing_it(purges, tree):
    batch = only_batch(purges(lambda: tree["first"].unpublish()))
    assert {"/el/news/first/", "/el/news/", "/el/", "/el/news/feed/", "/sitemap.xml"} <= batch


def test_deleting_a_live_page_purges_it(purges, tree):
    batch = only_batch(purges(lambda: tree["first"].delete()))
    assert {"/el/news/first/", "/el/news/", "/el/", "/el/news/feed/"} <= batch


def test_moving_purges_the_old_addresses_and_both_parents(purges, tree):
    batch = only_batch(purges(lambda: tree["about"].move(tree["services"], "last-child")))
    assert {
        "/el/about/",
        "/el/about/team/",
        "/el/services/about/",
        "/el/services/",
        "/el/",
        "/en/about/",
    } <= batch


def test_moving_to_another_parent_purges_the_parent_left(purges, tree):
    batch = only_batch(purges(lambda: tree["team"].move(tree["services"], "last-child")))
    assert {"/el/about/team/", "/el/services/team/", "/el/about/", "/el/services/"} <= batch


def test_changing_a_slug_purges_the_old_addresses(purges, tree):
    def rename():
        tree["about"].slug = "park"
        publish(tree["about"])

    # The publish, then Wagtail's page_slug_changed (sent after the commit).
    batches = purges(rename)
    assert len(batches) == 2
    assert {"/el/park/", "/el/about/", "/el/about/team/"} <= set().union(*batches)


def test_a_view_restriction_purges_the_page_and_everything_below(purges, tree):
    batch = only_batch(
        purges(
            lambda: PageViewRestriction.objects.create(
                page=tree["about"], restriction_type=PageViewRestriction.LOGIN
            )
        )
    )
    assert {"/el/about/", "/el/about/team/", "/el/"} <= batch


def test_a_snippet_purges_its_locales_home_and_index_pages(site_details, purges):
    _greek, english = site_details

    def edit():
        english.footer_text = "New footer"
        english.save()

    batch = only_batch(purges(edit))
    assert batch == {
        "/en/",
        "/en/news/",
        "/en/about/",
        "/sitemap.xml",
        "/en/news/feed/",
        "/en/news/events.ics",
    }
    assert SiteDetails.objects.filter(pk=english.pk, footer_text="New footer").exists()


def test_a_document_purges_every_locales_home_and_index_pages(purges):
    batches = purges(lambda: make_document(title="Ανακοίνωση"))
    assert batches
    assert {
        "/el/",
        "/el/news/",
        "/el/about/",
        "/el/services/",
        "/en/",
        "/en/about/",
    } <= set().union(*batches)


def test_without_the_setting_nothing_is_purged_and_the_app_is_not_installed(
    tree, django_capture_on_commit_callbacks
):
    assert not apps.is_installed("wagtail.contrib.frontend_cache")
    assert getattr(settings, "WAGTAILFRONTENDCACHE", None) is None
    frontend_cache.connect_signals()  # what biopa's ready() does: nothing, here
    RecordingBackend.batches.clear()
    try:
        # Were the handlers connected, this backend would now hear of the publish.
        with override_settings(WAGTAILFRONTENDCACHE=CDN, WAGTAILFRONTENDCACHE_LANGUAGES=[]):
            with django_capture_on_commit_callbacks(execute=True):
                publish(tree["first"])
                publish(tree["about_en"])
        assert RecordingBackend.batches == []
    finally:
        frontend_cache.disconnect_signals()


# Startup, in a process of its own: the settings modules are not reloaded in this one.

STARTUP_PROBE = """
import json
import django
from django.apps import apps
from django.conf import settings
django.setup()
from wagtail.contrib.frontend_cache import signal_handlers
from wagtail.signals import page_published
from home.models import StandardPage
ids = {key[0] for key, *_ in page_published.receivers}
names = [config.name for config in apps.get_app_configs()]
print(json.dumps({
    "cdn": settings.WAGTAILFRONTENDCACHE,
    "languages": settings.WAGTAILFRONTENDCACHE_LANGUAGES,
    "app_before_home": names.index("wagtail.contrib.frontend_cache") < names.index("home"),
    "ours": "biopa-cdn-published" in ids,
    "wagtails": id(signal_handlers.page_published_signal_handler) in ids,
}))
"""


def start(**env):
    environ = {
        key: value for key, value in os.environ.items() if not key.startswith("FRONTEND_CACHE_")
    }
    environ.update(DJANGO_SETTINGS_MODULE="biopa.settings.test", **env)
    return subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", STARTUP_PROBE],
        cwd=BASE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_startup_with_a_backend_installs_the_app_and_purges_in_one_batch():
    result = start(
        FRONTEND_CACHE_BACKEND="http", FRONTEND_CACHE_HTTP_LOCATION="http://varnish:6081"
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "cdn": {
            "default": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": "http://varnish:6081",
            }
        },
        "languages": [],
        "app_before_home": True,
        "ours": True,
        "wagtails": False,
    }


def test_startup_fails_clearly_with_an_unknown_backend():
    result = start(FRONTEND_CACHE_BACKEND="akamai")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "FRONTEND_CACHE_BACKEND must be one of cloudflare, cloudfront, http" in result.stderr


# Reading the environment.


@pytest.fixture
def environ(monkeypatch):
    for name in list(os.environ):
        if name.startswith("FRONTEND_CACHE_"):
            monkeypatch.delenv(name)

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)

    return set_env


def test_no_backend_means_no_cdn(environ):
    assert frontend_cache_settings() is None


@pytest.mark.parametrize(
    ("variables", "expected", "backend_class"),
    [
        (
            {
                "FRONTEND_CACHE_BACKEND": "cloudflare",
                "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
                "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID": "zone",
            },
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": "token",
                "ZONEID": "zone",
            },
            CloudflareBackend,
        ),
        (
            {
                "FRONTEND_CACHE_BACKEND": "cloudfront",
                "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID": "E123",
            },
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
                "DISTRIBUTION_ID": "E123",
            },
            CloudfrontBackend,
        ),
        (
            {
                "FRONTEND_CACHE_BACKEND": "HTTP",
                "FRONTEND_CACHE_HTTP_LOCATION": "http://127.0.0.1:6081",
                "FRONTEND_CACHE_HOSTNAMES": "www.example.gr, example.gr",
            },
            {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": "http://127.0.0.1:6081",
                "HOSTNAMES": ["www.example.gr", "example.gr"],
            },
            HTTPBackend,
        ),
    ],
)
def test_each_backend_gets_the_options_wagtail_expects(environ, variables, expected, backend_class):
    environ(**variables)
    config = frontend_cache_settings()
    assert config == {"default": expected}
    # Wagtail builds the backend from it without complaint.
    assert isinstance(get_backends(config)["default"], backend_class)


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"FRONTEND_CACHE_BACKEND": "akamai"}, "must be one of cloudflare, cloudfront, http"),
        (
            {
                "FRONTEND_CACHE_BACKEND": "cloudflare",
                "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
            },
            "needs FRONTEND_CACHE_CLOUDFLARE_ZONE_ID",
        ),
        ({"FRONTEND_CACHE_BACKEND": "cloudfront"}, "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
        ({"FRONTEND_CACHE_BACKEND": "http"}, "needs FRONTEND_CACHE_HTTP_LOCATION"),
        (
            {"FRONTEND_CACHE_BACKEND": "http", "FRONTEND_CACHE_HTTP_LOCATION": "varnish:6081"},
            "must be the proxy's address",
        ),
        (
            {"FRONTEND_CACHE_CLOUDFLARE_ZONE_ID": "zone"},
            "FRONTEND_CACHE_BACKEND is not",
        ),
    ],
)
def test_a_wrong_or_missing_value_fails_clearly(environ, variables, message):
    environ(**variables)
    with pytest.raises(ImproperlyConfigured, match=message):
        frontend_cache_settings()
