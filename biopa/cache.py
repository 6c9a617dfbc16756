"""Whole-response cache for anonymous visitors.

A visitor without a session gets the page from the cache, with no SQL at all. Any change
that can alter what the public sees (a page published, unpublished, moved or deleted, a
translation saved, a snippet, document, image, site or restriction changed) bumps one
content version held in the same cache; every entry is keyed by that version, so old
entries simply stop being read. With Redis shared by several application processes, a
publish through one invalidates the pages every other serves.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils.cache import patch_cache_control

VERSION_KEY = "biopa:content-version"
CACHED_TYPES = (
    "text/html",
    "application/rss+xml",
    "application/xml",
    "text/calendar",
    "application/json",
)
# Paths never cached: the admin, file downloads (collection privacy is checked per
# request), the API, health and the contact form's POST target.
SKIPPED_PREFIXES = ("/admin/", "/documents/", "/api/", "/healthz", "/static/", "/media/")


def content_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def invalidate(**kwargs):
    """Make every cached response stale: now, and again once the change is committed, since a
    request served between the two could have stored what it read before the commit."""
    _next_version()
    transaction.on_commit(_next_version)


def _next_version():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)


def invalidate_on_change(sender, instance, **kwargs):
    if isinstance(instance, _invalidating_models()):
        invalidate()


def _invalidating_models():
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Collection, Site, TranslatableMixin

    return (
        TranslatableMixin,
        AbstractDocument,
        AbstractImage,
        BaseViewRestriction,
        Collection,
        Site,
    )


def connect_signals():
    from wagtail.signals import page_published, page_unpublished, post_page_move

    page_published.connect(invalidate, dispatch_uid="biopa-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="biopa-cache-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="biopa-cache-moved")
    post_save.connect(invalidate_on_change, dispatch_uid="biopa-cache-saved")
    post_delete.connect(invalidate_on_change, dispatch_uid="biopa-cache-deleted")


def _cache_key(request, version):
    digest = hashlib.sha256(
        f"{request.get_host()}|{request.get_full_path()}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return f"biopa:response:{version}:{digest}"


class AnonymousCacheMiddleware:
    """Serve and store whole responses for anonymous GET and HEAD requests.

    It stands before the session and authentication middleware, so a hit touches neither
    the session store nor the database. A request that carries a session cookie (an
    editor, a preview) is never served from the cache nor stored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def timeout(self):
        return settings.PAGE_CACHE_SECONDS

    def __call__(self, request):
        if not self.may_use_cache(request):
            response = self.get_response(request)
            if request.COOKIES.get(settings.SESSION_COOKIE_NAME):
                patch_cache_control(response, private=True)
            return response

        version = content_version()
        key = _cache_key(request, version)
        cached = cache.get(key)
        if cached is not None:
            cached["X-Cache"] = "HIT"
            return cached

        response = self.get_response(request)
        if self.may_store(request, response):
            self.add_cdn_headers(response)
            cache.set(key, response, self.timeout)
            response["X-Cache"] = "MISS"
        return response

    def may_use_cache(self, request):
        return (
            self.timeout > 0
            and request.method in ("GET", "HEAD")
            and not request.path.startswith(SKIPPED_PREFIXES)
            and request.path != "/"
            and not request.COOKIES.get(settings.SESSION_COOKIE_NAME)
            and "preview" not in request.GET
        )

    def may_store(self, request, response):
        # "Vary: Cookie" is no reason to skip: a request with a session cookie never
        # reaches the cache. A page holding a CSRF token is skipped: the token belongs to
        # one visitor.
        cache_control = response.get("Cache-Control", "")
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in cache_control
            and "no-store" not in cache_control
            and response.get("Content-Type", "").split(";")[0] in CACHED_TYPES
        )

    def add_cdn_headers(self, response):
        if "max-age" not in response.get("Cache-Control", ""):
            patch_cache_control(
                response,
                public=True,
                max_age=60,
                s_maxage=settings.PAGE_CACHE_CDN_SECONDS,
                stale_while_revalidate=60,
            )
