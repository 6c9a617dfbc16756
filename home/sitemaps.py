"""The sitemap: every live, public page of every locale, each with its translations as
hreflang alternates. Wagtail's own sitemap walks one root only, so it misses the other
locale's tree."""

from collections import defaultdict

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
        .defer_streamfields()
        .order_by("path")
    )


def sitemap_entries(request):
    site = find_site(request)
    if site is None:
        return []
    urls = {}
    for page in sitemap_pages(site):
        url = page.get_url(request)
        if url is not None:
            urls[page] = request.build_absolute_uri(url)
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
