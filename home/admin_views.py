"""Small admin views of the home app (registered in home/wagtail_hooks.py)."""

import re

from django.shortcuts import redirect
from django.urls import reverse
from wagtail.models import Locale, Page

# The editor a chooser was opened from: /admin/pages/<id>/edit/ or
# /admin/pages/add/<app>/<model>/<parent id>/.
EDITOR_PAGE = re.compile(r"/pages/(?:(\d+)/edit/|add/\w+/\w+/(\d+)/)")


def _content_locale(request):
    """The language of the page being edited (from the editor's address), else `?locale=`,
    else the default language."""
    match = EDITOR_PAGE.search(request.headers.get("referer", ""))
    if match:
        page = Page.objects.filter(pk=match.group(1) or match.group(2)).only("locale").first()
        if page:
            return page.locale_id
    language = request.GET.get("locale")
    locale = Locale.objects.filter(language_code=language).first() if language else None
    return (locale or Locale.get_default()).pk


def library_chooser(request, parent_page_id=None):
    """The page chooser of the document-list block: it opens in the document library of the
    page being edited rather than at the root, where Wagtail starts when the chosen page
    type lives under several home pages. With a page already chosen, it opens beside that
    page, as Wagtail's does. Everything else (the query, the page type) is Wagtail's page
    chooser, reached with the same parameters."""
    if parent_page_id is None:
        from documents.models import DocumentIndexPage

        libraries = DocumentIndexPage.objects.filter(locale_id=_content_locale(request))
        parent_page_id = libraries.order_by("path").values_list("pk", flat=True).first()
    if parent_page_id and Page.objects.filter(pk=parent_page_id).exists():
        url = reverse("wagtailadmin_choose_page_child", args=[parent_page_id])
    else:
        url = reverse("wagtailadmin_choose_page")
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)
