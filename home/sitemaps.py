"""The sitemap: every live, public page of every locale, each with its translations as
hreflang alternates. Wagtail's own sitemap walks one root only, so it misses the other
locale's tree."""

from collections import defaultdict
from html import escape
from urllib.parse import quote

from django.utils.http import RFC3986_SUBDELIMS
from django.utils.timezone import localtime
from wagtail.models import Page

from biopa.visibility import public_pages

from .selectors import find_site


def sitemap_pages(site):
    """The site's locale home pages, and the pages under them that the public may see
    (biopa.visibility) as rows of (url_path, translation_key, language, last published), in
    one query after the homes'."""
    root = site.root_page
    homes = list(
        Page.objects.filter(translation_key=root.translation_key, depth=root.depth)
        .select_related("locale")
        .order_by("path")
    )
    pages = Page.objects.none()
    for home in homes:
        pages |= Page.objects.descendant_of(home, inclusive=True)
    rows = (
        public_pages(pages)
        .order_by("path")
        .values_list("url_path", "translation_key", "locale__language_code", "last_published_at")
    )
    return homes, rows


def sitemap_entries(request):
    """Every entry with its absolute address and alternates. A page's address is its locale
    home page's address (Wagtail's own `get_url`) followed by the rest of its `url_path`,
    quoted as Django's `reverse` quotes it: one `get_url` per locale, not per page, and no
    page objects at all."""
    site = find_site(request)
    if site is None:
        return []
    homes, rows = sitemap_pages(site)
    home_urls = {
        home.url_path: request.build_absolute_uri(url)
        for home in homes
        if home.live and (url := home.get_url(request)) is not None
    }
    pages = []  # (url, translation key, language, last published)
    for url_path, key, language, published in rows:
        for home_path, home_url in home_urls.items():
            if url_path.startswith(home_path):
                rest = quote(url_path[len(home_path) :], safe=RFC3986_SUBDELIMS + "/~:@")
                pages.append((home_url + rest, key, language, published))
                break
    by_key = defaultdict(list)
    for url, key, language, _published in pages:
        by_key[key].append({"code": language, "url": url})

    entries = []
    for url, key, _language, published in pages:
        alternates = by_key[key]
        entries.append(
            {
                "url": url,
                "lastmod": published,
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
