from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from biopa import links
from biopa.cache import cache_degraded, fragment, kept_until
from biopa.visibility import next_expiry

from . import routing
from .sitemaps import sitemap_entries, sitemap_xml

HEALTH_PROBE_KEY = "biopa:healthz"


@require_safe
def healthz(request):
    """200 when the database answers a query, 503 otherwise; never cached.

    The cache is reported, not required: without it the site serves every page, slower
    (biopa/cache_backends.py), so an unreachable cache says "degraded" and stays 200."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        status, code = "unavailable", 503
    else:
        status, code = "ok", 200
    cache.get(HEALTH_PROBE_KEY)  # a real call: the backend learns whether it answers
    degraded = cache_degraded()
    body = {"status": status, "cache": "unavailable" if degraded else "ok"}
    if degraded:
        body["degraded"] = True
    response = JsonResponse(body, status=code)
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@cache_control(public=True, max_age=86400)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /el/search/",
        "Disallow: /en/search/",
        f"Sitemap: {links.absolute_url(request, reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request):
    """Written once per content version and address (its URLs are absolute), and kept no
    longer than until the next page expires: the same for every request until then."""

    xml = fragment(
        "sitemap.xml",
        lambda: kept_until(sitemap_xml(sitemap_entries(request)), [next_expiry()]),
        request=request,
        parts=(request.scheme, request.get_host()),
    )
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


def serve(request, path):
    """Wagtail's page view, with the page found in two queries (home/routing.py)."""
    routing.prime_route(request, path)
    return wagtail_views.serve(request, path)
