"""Whole-response cache for anonymous visitors.

A visitor without a session gets the page from the cache, with no SQL at all. Every entry is
keyed by one content version held in the same cache, read once per request; a change the
public can see writes a new random version, so old entries simply stop being read. The store
is shared by every process of the site (Redis with REDIS_URL, files in CACHE_DIR otherwise;
settings/base.py), so a change made by the admin, a shell, the scheduler or a task worker
reaches every server before its next response.

What invalidates (`connect_signals`, from biopa/apps.py): a publish, unpublish, move or
deletion of a page; a privacy change (page or collection view restriction, and its groups);
a change to a snippet, a setting or any other translatable model, a document, image,
collection or site. What does not: a draft save, autosave or new revision, a lock, a comment,
a workflow step. Those only write bookkeeping fields of a live page or snippet
(`save_revision` saves with `update_fields`), or save one that is not live and was not.

The cache is an optimisation: when it is unreachable (biopa/cache_backends.py) pages are
served uncached, and a process that saw it fail writes a new version as soon as it answers
again, before serving anything from it.
"""

import hashlib
import threading
import time
from collections import OrderedDict
from uuid import uuid4

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from django.utils import timezone
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
# A path whose response the cache could not store for its type (robots.txt is text/plain)
# skips the cache for this long in this process: no round trip to read a version and a
# response that can never be there. Per process, bounded, forgotten after the time.
UNSTORABLE_SECONDS = 60
UNSTORABLE_MAX = 1024
_unstorable = {}
# Fragments (the site chrome, the home page's sections) live this long at most, within one
# content version: what time alone changes (an expiry, an event ending) shows within it.
FRAGMENT_SECONDS = 60
FRAGMENT_ATTRIBUTE = "_biopa_content_version"
# Each process keeps the fragments it read or built (keyed by version, like the shared
# store) for as long as they are good, so a fragment costs no round trip to the shared
# store either: only the content version is read from it, once per request.
LOCAL_FRAGMENTS_MAX = 2048
_local_fragments = OrderedDict()  # key -> (expires at, wall clock; value)
_local_lock = threading.Lock()
# Fields that saving a draft, a revision, a lock, a comment or a workflow step writes on a
# page or snippet, and that a document or image fills in by itself: none of them changes
# what the public sees.
BOOKKEEPING_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "draft_title",
        "has_unpublished_changes",
        "locked",
        "locked_by",
        "locked_at",
        "wagtail_admin_comments",
        "numchild",
        # Worked out from the unchanged file the first time they are read.
        "file_size",
        "file_hash",
    }
)


def cache_degraded():
    """True while the default cache is known to be unreachable (only the resilient Redis
    backend can tell; a local store never is)."""
    return bool(getattr(cache, "degraded", False))


def _failure_count():
    return getattr(cache, "failure_count", 0)


def _answered_failures():
    return getattr(cache, "answered_failures", 0)


def content_version():
    """The version that keys every cached response, or None when the cache is not to be
    used for this request (unreachable, or just back and not yet brought up to date)."""
    if cache_degraded():
        return None
    failures = _failure_count()
    if failures != _answered_failures():
        # This process saw the cache fail: an invalidation it could not write, or one that
        # another process wrote while this one could not read, may be missing. A new
        # version makes sure nothing stored before the failure is served.
        version = _write_new_version()
        if version is None or _failure_count() != failures:
            return None
        cache.answer_failures(failures)
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    if _failure_count() != failures:
        return None
    return version


def request_content_version(request):
    """`content_version()`, read once per request (None without a request, or when the
    cache is not to be used)."""
    if request is None:
        return content_version()
    if not hasattr(request, FRAGMENT_ATTRIBUTE):
        setattr(request, FRAGMENT_ATTRIBUTE, content_version())
    return getattr(request, FRAGMENT_ATTRIBUTE)


def fragment(name, build, *, request, parts=(), timeout=FRAGMENT_SECONDS, shared=True):
    """What `build()` returns, computed once per content version and `parts` (the site,
    the language...) rather than once per request: the same for every visitor, signed in
    or not, so nothing user-specific may go in. `build` may return `kept_until(value,
    moments)` to keep the value for less than `timeout` (something in it changes with time).

    The value is kept in this process and, unless `shared` is False, in the shared cache
    until it expires; callers share it, so they must not change it (except a memo kept in
    this process only, `shared=False`, that they fill in: biopa.visibility.public_values).
    Without a usable cache (unreachable, or just back) it is simply built."""
    version = request_content_version(request)
    if version is None:
        return _built(build(), timeout)[0]
    key = f"biopa:fragment:{version}:{name}:" + ":".join(str(part) for part in parts)
    now = time.time()
    local = _local_get(key, now)
    if local is not None:
        return local[0]
    cached = cache.get(key) if shared else None
    if cached is not None and len(cached) == 2 and cached[1] > now:
        _local_set(key, cached)
        return cached[0]
    value, seconds = _built(build(), timeout)
    if seconds > 0:
        entry = (value, now + seconds)
        if shared:
            cache.set(key, entry, seconds)
        _local_set(key, entry)
    return value


def _local_get(key, now):
    with _local_lock:
        entry = _local_fragments.get(key)
        if entry is None:
            return None
        if entry[1] <= now:
            del _local_fragments[key]
            return None
        _local_fragments.move_to_end(key)
        return entry


def _local_set(key, entry):
    with _local_lock:
        _local_fragments[key] = entry
        _local_fragments.move_to_end(key)
        while len(_local_fragments) > LOCAL_FRAGMENTS_MAX:
            _local_fragments.popitem(last=False)


def forget_local_fragments():
    """Empty this process's copy (tests that swap the cache backend)."""
    with _local_lock:
        _local_fragments.clear()


def _built(result, timeout):
    if isinstance(result, BuiltFragment):
        return result.value, int(max(0, min(timeout, result.seconds)))
    return result, timeout


class BuiltFragment:
    """A fragment's value and how long it stays true (seconds), for `fragment()`."""

    def __init__(self, value, seconds):
        self.value, self.seconds = value, seconds


def kept_until(value, moments, *, now=None):
    """`value` for `fragment()`, kept no longer than until the first of `moments` still to
    come (datetimes: an expiry, an event's end; None and past ones change nothing)."""
    now = now or timezone.now()
    upcoming = [moment for moment in moments if moment is not None and moment > now]
    if not upcoming:
        return value
    return BuiltFragment(value, (min(upcoming) - now).total_seconds())


def invalidate(**kwargs):
    """Make every cached response stale: now, and again once the change is committed, since a
    request served between the two could have stored what it read before the commit."""
    _write_new_version()
    transaction.on_commit(_write_new_version)


def _write_new_version():
    """A fresh random version (a counter would need an atomic increment, which the file
    cache has not); None when the cache could not take it, which the resilient backend
    counts as a failure, so that this process writes one again once the cache answers."""
    version = uuid4().hex
    failures = _failure_count()
    cache.set(VERSION_KEY, version, None)
    return None if _failure_count() != failures else version


def note_whether_public_before_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """A page or snippet saved while not live: was it live until this save (made private
    with `live = False` outside Wagtail's unpublish), or is it a draft that never was? One
    query, only for such saves."""
    from wagtail.models import DraftStateMixin

    if (
        raw
        or not isinstance(instance, DraftStateMixin)
        or instance.live
        or instance.pk is None
        or instance.first_published_at is None
        or _only_bookkeeping(update_fields)
        or not isinstance(instance, _invalidating_models())
    ):
        return
    instance._biopa_was_live = (
        type(instance)._base_manager.filter(pk=instance.pk, live=True).exists()
    )


def invalidate_on_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or _only_bookkeeping(update_fields) or not isinstance(instance, _invalidating_models()):
        return
    if _is_or_was_public(instance):
        invalidate()


def invalidate_on_delete(sender, instance, **kwargs):
    if isinstance(instance, _invalidating_models()) and _is_or_was_public(instance):
        invalidate()


def invalidate_on_groups_change(sender, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        invalidate()


def _only_bookkeeping(update_fields):
    return update_fields is not None and set(update_fields) <= BOOKKEEPING_FIELDS


def _is_or_was_public(instance):
    """False for a page or snippet that is not live and was not live before this save: a
    draft, a draft saved again, a scheduled or unpublished page being edited. A page is not
    thereby visible (its privacy is the visibility rule's business); True only says that the
    change may show."""
    from wagtail.models import DraftStateMixin

    if not isinstance(instance, DraftStateMixin) or instance.live:
        return True
    return getattr(instance, "_biopa_was_live", False)


def _invalidating_models():
    from wagtail.contrib.search_promotions.models import Query, SearchPromotion
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.documents.models import AbstractDocument
    from wagtail.images.models import AbstractImage
    from wagtail.models import BaseViewRestriction, Collection, Page, Site, TranslatableMixin
    from wagtail.snippets.models import get_snippet_models

    return (
        Page,
        TranslatableMixin,
        *get_snippet_models(),
        BaseSiteSetting,
        BaseGenericSetting,
        AbstractDocument,
        AbstractImage,
        BaseViewRestriction,
        Collection,
        Site,
        # the search page's promotions (and the query each answers) are kept per content
        # version (search.selectors._promoted_queries)
        SearchPromotion,
        Query,
    )


def connect_signals():
    from wagtail.models import CollectionViewRestriction, PageViewRestriction
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    page_published.connect(invalidate, dispatch_uid="biopa-cache-published")
    page_unpublished.connect(invalidate, dispatch_uid="biopa-cache-unpublished")
    published.connect(invalidate, dispatch_uid="biopa-cache-snippet-published")
    unpublished.connect(invalidate, dispatch_uid="biopa-cache-snippet-unpublished")
    post_page_move.connect(invalidate, dispatch_uid="biopa-cache-moved")
    pre_save.connect(note_whether_public_before_save, dispatch_uid="biopa-cache-saving")
    post_save.connect(invalidate_on_save, dispatch_uid="biopa-cache-saved")
    post_delete.connect(invalidate_on_delete, dispatch_uid="biopa-cache-deleted")
    for restriction in (PageViewRestriction, CollectionViewRestriction):
        m2m_changed.connect(
            invalidate_on_groups_change,
            sender=restriction.groups.through,
            dispatch_uid=f"biopa-cache-{restriction._meta.model_name}-groups",
        )


def _cache_key(request, version):
    digest = hashlib.sha256(
        f"{request.get_host()}|{request.get_full_path()}".encode("utf-8", "surrogatepass")
    ).hexdigest()
    return f"biopa:response:{version}:{digest}"


def remember_unstorable(route):
    if len(_unstorable) >= UNSTORABLE_MAX:
        _unstorable.clear()
    _unstorable[route] = time.monotonic() + UNSTORABLE_SECONDS


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

        route = (request.get_host(), request.path)
        address = (route[0], request.get_full_path())  # a response too large: this one only
        now = time.monotonic()
        if _unstorable.get(route, 0) > now or _unstorable.get(address, 0) > now:
            return self.get_response(request)
        version = request_content_version(request)
        if version is None:
            return self.get_response(request)
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
        elif not self.storable_type(response):
            remember_unstorable(route)
        elif self.too_large(response):
            remember_unstorable(address)
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
            and self.storable_type(response)
            and not self.too_large(response)
        )

    def too_large(self, response):
        """A response larger than PAGE_CACHE_MAX_BYTES costs more to read back from the
        shared cache than to build: never stored, and its path not looked up for a while."""
        return not response.streaming and len(response.content) > settings.PAGE_CACHE_MAX_BYTES

    def storable_type(self, response):
        """Whether a response of this kind is ever stored: what this path serves, not its
        content (a status, a cookie) decides."""
        return (
            not response.streaming
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
