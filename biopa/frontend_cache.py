"""Purging a CDN (Cloudflare, CloudFront, or Varnish or any proxy that accepts PURGE) when
the public site changes, through `wagtail.contrib.frontend_cache`.

On only when FRONTEND_CACHE_BACKEND is set (`frontend_cache_settings`, read by
settings/base.py). Each translation is its own page with its own `/el/…` or `/en/…`
address, so Wagtail's rewriting of every URL into every language is switched off
(WAGTAILFRONTENDCACHE_LANGUAGES = []) and the addresses are listed here instead.

A publish, unpublish, move, slug change or deletion of a page sends one `PurgeBatch`, after
the transaction commits (so the CDN cannot fetch the old page again before the change is
visible), holding:
- the page's address (and the old addresses of it and its descendants when it moved),
  plus its `event.ics` for an event;
- its live ancestors up to the home page of its locale (the news index and the home page
  list news);
- its live translations in the other locale (their language links point at it);
- /sitemap.xml, and the RSS and iCalendar feeds of the news index of its locale.

A snippet, document, image or site change purges, for its locale (every locale when the
object is not translatable), the home page, the home page's children (the section and index
pages: news, library, contact), the sitemap and the feeds. A page view restriction purges
the page it guards and every live page below it, at once: a page made private must not go
on being served by the CDN.

Left to the CDN's lifetime (s-maxage = PAGE_CACHE_CDN_SECONDS, then up to 60 seconds of
stale-while-revalidate; see biopa/cache.py): what a change shows on pages that are neither
listed above, such as a menu title in every page's navigation, a home page title in
breadcrumbs, a snippet or document shown deeper in the tree, and listing addresses with a
query string (`?page=2`, `?category=…`), which purging by address cannot reach. Purging
every page on each such change would cost more (CloudFront charges per invalidated path)
than a few minutes of staleness.
"""

import copy
import importlib.util
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch

from biopa.settings.env import env_list, env_str

BACKENDS = {
    "cloudflare": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
    "cloudfront": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
    "http": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
}
# The options each backend requires, and the environment variable each is read from.
# CloudFront's AWS credentials are found by boto3 itself (AWS_ACCESS_KEY_ID and
# AWS_SECRET_ACCESS_KEY, or the instance's role).
BACKEND_OPTIONS = {
    "cloudflare": {
        "BEARER_TOKEN": "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN",
        "ZONEID": "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID",
    },
    "cloudfront": {"DISTRIBUTION_ID": "FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"},
    "http": {"LOCATION": "FRONTEND_CACHE_HTTP_LOCATION"},
}
# Addresses a page answers besides its own, by page type (news/urls.py, news/models.py).
EXTRA_PATHS = {
    "news.newsindexpage": ("feed/", "events.ics"),
    "news.eventpage": ("event.ics",),
}


def frontend_cache_settings():
    """WAGTAILFRONTENDCACHE read from the environment, or None when FRONTEND_CACHE_BACKEND is
    unset. A wrong or missing value stops the site at startup (ImproperlyConfigured)."""
    value = env_str("FRONTEND_CACHE_BACKEND")
    if value is None:
        stray = [
            variable
            for options in BACKEND_OPTIONS.values()
            for variable in options.values()
            if env_str(variable) is not None
        ]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} set, but FRONTEND_CACHE_BACKEND is not: "
                f"set it to one of {', '.join(BACKENDS)}"
            )
        return None

    name = value.strip().lower()
    if name not in BACKENDS:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE_BACKEND must be one of {', '.join(BACKENDS)}, not {value!r}"
        )
    missing = [var for var in BACKEND_OPTIONS[name].values() if env_str(var) is None]
    if missing:
        raise ImproperlyConfigured(f"FRONTEND_CACHE_BACKEND={name} needs {', '.join(missing)}")

    config = {"BACKEND": BACKENDS[name]}
    for option, variable in BACKEND_OPTIONS[name].items():
        config[option] = env_str(variable).strip()
    if name == "http":
        location = urlsplit(config["LOCATION"])
        if location.scheme not in ("http", "https") or not location.netloc:
            raise ImproperlyConfigured(
                "FRONTEND_CACHE_HTTP_LOCATION must be the proxy's address, such as "
                f"http://varnish:6081, not {config['LOCATION']!r}"
            )
    if name == "cloudfront" and importlib.util.find_spec("boto3") is None:
        raise ImproperlyConfigured("FRONTEND_CACHE_BACKEND=cloudfront needs boto3 installed")
    if hostnames := env_list("FRONTEND_CACHE_HOSTNAMES"):
        config["HOSTNAMES"] = hostnames
    return {"default": config}


# What a change purges.


def purge_page(page, *, old_url_path=None, old_parent=None, descendants=False):
    """Purge, after commit, what a change to `page` makes stale (see the module docstring).
    `old_url_path`: where the page was before a move or slug change; `old_parent`: the parent
    it left; `descendants`: purge its live descendants' addresses too."""
    from wagtail.models import Page

    batch = PurgeBatch()
    _add_page(batch, page)
    if old_url_path and old_url_path != page.url_path:
        _add_page(batch, _at_url_path(page, old_url_path))
        for descendant in page.get_descendants().live():
            old_path = old_url_path + descendant.url_path[len(page.url_path) :]
            _add_page(batch, _at_url_path(descendant, old_path))
    if descendants:
        for descendant in page.get_descendants().live():
            _add_page(batch, descendant)

    chains = [page.get_ancestors()]
    if old_parent is not None and old_parent.pk != page.get_parent().pk:
        chains.append(Page.objects.ancestor_of(old_parent, inclusive=True))
    for chain in chains:
        for ancestor in chain.live().exclude(depth=1):
            _add_page(batch, ancestor)
    for translation in page.get_translations().live():
        _add_page(batch, translation)

    _add_sitemap_and_feeds(batch, page, locale_ids=[page.locale_id])
    _purge_on_commit(batch)


def purge_locale_homes(*, locale_id=None):
    """Purge, after commit, the home page and its children of one locale (of every locale
    when `locale_id` is None), with the sitemap and feeds: for changes that are not pages."""
    from wagtail.models import Page, Site

    homes = Page.objects.live().filter(
        translation_key__in=Site.objects.values("root_page__translation_key")
    )
    if locale_id is not None:
        homes = homes.filter(locale_id=locale_id)
    batch = PurgeBatch()
    for home in homes:
        _add_page(batch, home)
        for child in home.get_children().live():
            _add_page(batch, child)
        _add_sitemap_and_feeds(batch, home, locale_ids=[home.locale_id])
    _purge_on_commit(batch)


def _add_page(batch, page):
    batch.add_page(page)
    extra = EXTRA_PATHS.get(page.specific_class._meta.label_lower, ())
    if extra and (url := page.get_full_url(batch)):
        batch.add_urls(url + path for path in extra)


def _at_url_path(page, url_path):
    """The page as it was at `url_path`, for the address it had there."""
    old = copy.copy(page)
    old.url_path = url_path
    return old


def _add_sitemap_and_feeds(batch, page, *, locale_ids):
    from news.models import NewsIndexPage

    parts = page.get_url_parts(batch)
    if parts and parts[1]:
        batch.add_url(parts[1] + reverse("sitemap"))
    for index in NewsIndexPage.objects.live().filter(locale_id__in=locale_ids):
        if url := index.get_full_url(batch):
            batch.add_urls(url + path for path in EXTRA_PATHS["news.newsindexpage"])


def _purge_on_commit(batch):
    # robust: a CDN that cannot be reached must not turn an editor's saved change into an error.
    if batch.urls:
        transaction.on_commit(batch.purge, robust=True)


# Signal handlers.


def _on_page_published(sender, instance, **kwargs):
    purge_page(instance)


def _on_page_unpublished(sender, instance, **kwargs):
    # Also sent for each live page being deleted (wagtail.signal_handlers), while it is still
    # in the tree.
    purge_page(instance)


def _on_page_moved(sender, instance, parent_page_before, url_path_before, **kwargs):
    purge_page(instance, old_url_path=url_path_before, old_parent=parent_page_before)


def _on_page_slug_changed(sender, instance, instance_before, **kwargs):
    if instance_before.live:
        purge_page(instance, old_url_path=instance_before.url_path)


def _on_content_changed(sender, instance, raw=False, **kwargs):
    from wagtail.models import Page, PageViewRestriction, TranslatableMixin

    from biopa.cache import _invalidating_models

    if raw or isinstance(instance, Page) or not isinstance(instance, _invalidating_models()):
        return
    if isinstance(instance, PageViewRestriction):
        if page := Page.objects.filter(pk=instance.page_id).first():
            purge_page(page, descendants=True)
        return
    locale_id = instance.locale_id if isinstance(instance, TranslatableMixin) else None
    purge_locale_homes(locale_id=locale_id)


def _receivers():
    from wagtail.signals import (
        page_published,
        page_slug_changed,
        page_unpublished,
        post_page_move,
    )

    return [
        (page_published, _on_page_published, "biopa-cdn-published"),
        (page_unpublished, _on_page_unpublished, "biopa-cdn-unpublished"),
        (post_page_move, _on_page_moved, "biopa-cdn-moved"),
        (page_slug_changed, _on_page_slug_changed, "biopa-cdn-slug-changed"),
        (post_save, _on_content_changed, "biopa-cdn-saved"),
        (post_delete, _on_content_changed, "biopa-cdn-deleted"),
    ]


def connect_signals():
    """Purge on every change when WAGTAILFRONTENDCACHE is set; do nothing otherwise.

    The frontend_cache app connects its own handlers, which purge the published page alone,
    at once rather than after commit; they are disconnected so that a change is one batch.
    settings/base.py lists the app before "biopa" (biopa/apps.py) so that they exist by then.
    """
    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    _disconnect_wagtail_handlers()
    for signal, receiver, uid in _receivers():
        signal.connect(receiver, dispatch_uid=uid)


def disconnect_signals():
    for signal, receiver, uid in _receivers():
        signal.disconnect(receiver, dispatch_uid=uid)


def _disconnect_wagtail_handlers():
    from django.apps import apps
    from wagtail.contrib.frontend_cache import signal_handlers
    from wagtail.models import Page
    from wagtail.signals import page_published, page_unpublished

    for model in apps.get_models():
        if issubclass(model, Page):
            page_published.disconnect(signal_handlers.page_published_signal_handler, model)
            page_unpublished.disconnect(signal_handlers.page_unpublished_signal_handler, model)
