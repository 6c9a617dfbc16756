"""The human-readable sitemap: /el/sitemap/ and /en/sitemap/, every page the public may
see in the active language, as a nested list (the XML sitemap is home.views.sitemap)."""

from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.models import Page

from biopa import visibility

from . import selectors


def html_sitemap(request):
    homes = selectors.home_pages_by_language(site=selectors.find_site(request))
    home = homes.get(request.LANGUAGE_CODE)
    if home is None:
        raise Http404
    return TemplateResponse(request, "home/sitemap_page.html", {"tree": page_tree(home, request)})


def page_tree(home, request):
    """[{"page", "url", "children": [...]}] under `home` (itself first, at the root), in one
    query: a page shows only when it and every page above it are public (a page below one
    that is not public is left out with it)."""
    pages = visibility.public_pages(
        Page.objects.descendant_of(home, inclusive=True).filter(locale_id=home.locale_id)
    ).order_by("path")
    nodes = {}
    root = None
    for page in pages:
        parent_path = page.path[: -Page.steplen]
        node = {"page": page, "children": []}
        if page.pk == home.pk:
            root = node
        elif parent_path in nodes:
            nodes[parent_path]["children"].append(node)
        else:
            continue  # its parent is not public
        nodes[page.path] = node
    return [root] if root else []
