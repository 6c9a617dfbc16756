"""Reads shared by the site chrome: each runs a fixed number of queries, whatever the
amount of content."""

from django.conf import settings
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Substr
from django.utils.translation import get_language
from wagtail.models import Locale, Page, PageViewRestriction, Site

from .models import HomePage, SiteDetails


def active_locale():
    """The Locale of the request's language; falls back to the default locale."""
    try:
        return Locale.objects.get_for_language(get_language() or settings.LANGUAGE_CODE)
    except Locale.DoesNotExist:
        return Locale.get_default()


def site_details(*, locale):
    """The office details and footer text of one locale, else of any locale."""
    rows = list(SiteDetails.objects.select_related("locale"))
    for row in rows:
        if row.locale_id == locale.pk:
            return row
    return rows[0] if rows else None


def home_pages_by_language(*, site):
    """Every locale's live home page of the site, keyed by language code, in one query."""
    if site is None:
        return {}
    homes = (
        HomePage.objects.live()
        .filter(translation_key=site.root_page.translation_key)
        .select_related("locale")
    )
    return {home.locale.language_code: home for home in homes}


def menu_pages(*, home):
    """The main menu: the live, public children of a locale's home page shown in menus, in
    one query (a page restricted itself, or under a restricted ancestor, is left out)."""
    if home is None:
        return []
    # A view restriction on the page itself or on any of its ancestors.
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, F("page__depth") * Page.steplen)
    )
    return list(
        home.get_children().live().in_menu().exclude(Exists(restricted)).only("title", "url_path")
    )


def home_pages_for_request(request):
    """`home_pages_by_language` for the request's site, read once per request."""
    if not hasattr(request, "_biopa_home_pages"):
        request._biopa_home_pages = home_pages_by_language(site=find_site(request))
    return request._biopa_home_pages


def request_locale(request):
    """The Locale of the request's language, from its home page when there is one."""
    home = home_pages_for_request(request).get(get_language())
    return home.locale if home else active_locale()


def find_site(request):
    return Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()


def page_translations(page):
    """The page's live translations (itself included), keyed by language code."""
    pages = (
        Page.objects.live().filter(translation_key=page.translation_key).select_related("locale")
    )
    return {p.locale.language_code: p for p in pages}
