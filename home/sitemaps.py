"""The sitemap: every live, public page of every locale, each with its translations as
hreflang alternates. Wagtail's own sitemap walks one root only, so it misses the other
locale's tree."""

from collections import defaultdict
from urllib.parse import quote

from django.utils.html import escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timezone import localtime
from wagtail.models import Page

from documents.selectors import restricted_document_pages

from .selectors import find_site


def sitemap_pages(site):
    """Live, public pages under any locale's root of the site, in one query; library
    entries whose file is in a private collection are private too."""
    root = site.root_page
    roots = Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
    pages = Page.objects.none()
    for locale_root in roots:
        pages |= Page.objects.descendant_of(locale_root, inclusive=True)
    return (
        pages.live()
        .public()
        .exclude(pk__in=restricted_document_pages())
        .select_related("locale")
        .only("path", "depth", "url_path", "translation_key", "locale", "last_published_at")
        .order_by("path")
    )


def sitemap_entries(request):
    """Every entry with its absolute address and alternates. A page's address is its locale
    home page's address (Wagtail's own `get_url`) followed by the rest of its `url_path`,
    quoted as Django's `reverse` quotes it: one `get_url` per locale, not per page."""
    site = find_site(request)
    if site is None:
        return []
    pages = list(sitemap_pages(site))
    homes = {
        page.url_path: request.build_absolute_uri(url)
        for page in pages
        if page.depth == site.root_page.depth and (url := page.get_url(request)) is not None
    }
    urls = {}
    for page in pages:
        for home_path, home_url in homes.items():
            if page.url_path.startswith(home_path):
                rest = page.url_path[len(home_path) :]
                urls[page] = home_url + quote(rest, safe=RFC3986_SUBDELIMS + "/~:@")
                break
    by_key = defaultdict(list)
    for page in urls:
        by_key[page.translation_key].append(page)

    entries = []
    for page, url in urls.items():
        alternates = [
            {"code": other.locale.language_code, "url": urls[other]}
            for other in by_key[page.translation_key]
        ]
        entries.append(
            {
                "url": url,
                "lastmod": page.last_published_at,
                "alternates": alternates if len(alternates) > 1 else [],
            }
        )
    return entries


def sitemap_xml(entries):
    """The sitemap document; written directly, since a template for tens of thousands of
    entries takes a second of its own."""
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
        'schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
    ]
    for entry in entries:
        parts.append(f"<url>\n<loc>{escape(entry['url'])}</loc>")
        if entry["lastmod"]:
            parts.append(f"\n<lastmod>{localtime(entry['lastmod']).isoformat()}</lastmod>")
        for alt in entry["alternates"]:
            parts.append(
                f'\n<xhtml:link rel="alternate" hreflang="{escape(alt["code"])}" '
                f'href="{escape(alt["url"])}"/>'
            )
        parts.append("\n</url>\n")
    parts.append("</urlset>")
    return "".join(parts)
