from django.db import DatabaseError, connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe
from wagtail import views as wagtail_views

from . import routing
from .sitemaps import sitemap_entries, sitemap_xml


@require_safe
def healthz(request):
    """200 when the database answers a query, 503 otherwise; never cached."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        response = JsonResponse({"status": "unavailable"}, status=503)
    else:
        response = JsonResponse({"status": "ok"})
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
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def sitemap(request):
    return HttpResponse(
        sitemap_xml(sitemap_entries(request)), content_type="application/xml; charset=utf-8"
    )


def serve(request, path):
    """Wagtail's page view, with the page found in two queries (home/routing.py)."""
    routing.prime_route(request, path)
    return wagtail_views.serve(request, path)
