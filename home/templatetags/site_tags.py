from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.translation import get_language

from home import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Everything the header, menu and footer show, read once per request.

    `alternates` lists every language with the address of this page in it: the page's
    translation where it has one, the same view's address for non-page views (the search
    keeps its query), or that language's home page when there is no translation.
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    language = get_language() or settings.LANGUAGE_CODE
    # A page served through home.routing comes with its translations and the locale home
    # pages, read with the route itself.
    homes = getattr(page, "_route_homes", None)
    if homes is None:
        homes = selectors.home_pages_for_request(request) if request else {}
    home = homes.get(language)
    locale = home.locale if home else selectors.active_locale()

    translations = {}
    is_page = hasattr(page, "translation_key") and hasattr(page, "url_path")
    if is_page and page.pk:
        translations = getattr(page, "_route_translations", None)
        if translations is None:
            translations = selectors.page_translations(page)

    alternates = []
    for code, name in settings.LANGUAGES:
        if is_page and page.pk:
            target = translations.get(code)
            exact = target is not None
            target = target or homes.get(code)
            url = target.get_url(request) if target else f"/{code}/"
        elif request is not None:
            url, exact = translate_url(request.get_full_path(), code), True
        else:
            url, exact = f"/{code}/", False
        alternates.append(
            {"code": code, "name": name, "url": url, "exact": exact, "current": code == language}
        )

    return {
        "details": selectors.site_details(locale=locale),
        "home": home,
        "menu": selectors.menu_pages(home=home),
        "breadcrumbs": breadcrumbs(page) if is_page and page.depth and page.depth > 2 else [],
        "alternates": alternates,
        "language": language,
    }


def breadcrumbs(page):
    """The page's ancestors below the tree root, from the primed route when it has them."""
    chain = getattr(page, "_route_chain", None)
    ancestors = chain[:-1] if chain is not None else page.get_ancestors()
    return [ancestor for ancestor in ancestors if ancestor.depth > 1]


@register.simple_tag
def today():
    """Today in Athens, with the day and the month spelled in the active language."""
    return timezone.localdate()


@register.filter
def absolute_url(url, request):
    if request is None or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)
