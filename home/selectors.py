"""Reads shared by the site chrome: each runs a fixed number of queries, whatever the
amount of content."""

from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from wagtail.models import Locale, Page, Site

from biopa.visibility import public_pages

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
        .defer_streamfields()
    )
    return {home.locale.language_code: home for home in homes}


def menu_pages(*, home):
    """The main menu: the children of a locale's home page shown in menus that the public
    may see (biopa.visibility), in one query."""
    if home is None:
        return []
    return list(public_pages(home.get_children().in_menu()).only("title", "url_path", "expire_at"))


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
    """The page's translations that the public may see, and the page itself when live,
    keyed by language code, in one query. The switcher and hreflang must not point at a
    translation behind a restriction; the page itself is in the answer even when it is
    private (a signed-in visitor is reading it), so that its own language leads back to it."""
    public = public_pages(Page.objects.filter(translation_key=page.translation_key))
    pages = Page.objects.filter(
        Q(pk__in=public.values("pk")) | Q(pk=page.pk, live=True)
    ).select_related("locale")
    return {p.locale.language_code: p for p in pages}


def public_localized_pages(pages, *, locale_id):
    """`pages` (chosen in blocks, in any locale; None allowed) as the public may follow
    them, in the same order: each in the locale `locale_id` where a public translation
    exists, else the chosen page itself when it is public, else None; one query."""
    keys = {page.translation_key for page in pages if page is not None}
    versions = {}
    if keys:
        for page in public_pages(Page.objects.filter(translation_key__in=keys)):
            versions.setdefault(page.translation_key, {})[page.locale_id] = page
    found = []
    for page in pages:
        mine = versions.get(page.translation_key, {}) if page is not None else {}
        found.append(mine.get(locale_id) or (mine.get(page.locale_id) if mine else None))
    return found
