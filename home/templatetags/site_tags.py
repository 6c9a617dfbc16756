from urllib.parse import unquote, urlsplit

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from biopa import links, visibility
from biopa.cache import fragment, kept_until
from home import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def site_chrome(context):
    """Everything the header, menu and footer show, read once per request.

    `alternates` lists every language with the address of this page in it: the page's
    translation the public may see where it has one, the same view's address for non-page
    views (the search keeps its query), or that language's home page when there is no
    translation or no such view (an error page). `url` is the absolute address of what is
    shown, for og:url; none on an error page. Nothing here is built from the request path
    without links.local_path, so no address can point at another host (`//host/...`).
    """
    request = context.get("request")
    page = context.get("page") or context.get("self")
    language = get_language() or settings.LANGUAGE_CODE
    # A page served through home.routing comes with its translations and the locale home
    # pages, read with the route itself.
    homes = getattr(page, "_route_homes", None)
    if homes is None:
        homes = home_pages(request) if request else {}
    home = homes.get(language)
    locale = home.locale if home else selectors.active_locale()

    translations = {}
    is_page = hasattr(page, "translation_key") and hasattr(page, "url_path")
    if is_page and page.pk:
        translations = getattr(page, "_route_translations", None)
        if translations is None:
            translations = selectors.page_translations(page)

    error_page = "request_path" in context  # Django's 404 view (django.views.defaults)
    view_addresses = None
    if request is not None and not is_page and not error_page:
        view_addresses = addresses_of_view(request)

    alternates = []
    for code, name in settings.LANGUAGES:
        target = translations.get(code)
        if target is not None:
            url, exact = target.get_url(request), True
        elif view_addresses is not None:
            url, exact = view_addresses[code], True
        else:
            target = homes.get(code)
            url, exact = (target.get_url(request) if target else f"/{code}/"), False
        alternates.append(
            {"code": code, "name": name, "url": url, "exact": exact, "current": code == language}
        )

    host = request.get_host() if request is not None else ""
    return {
        "details": fragment(
            "site-details",
            lambda: selectors.site_details(locale=locale),
            request=request,
            parts=(locale.pk,),
        ),
        "home": home,
        "menu": fragment(
            "menu",
            lambda: menu_items(home, request),
            request=request,
            parts=(host, getattr(home, "pk", None)),
        ),
        "breadcrumbs": breadcrumbs(page) if is_page and page.depth and page.depth > 2 else [],
        "alternates": alternates,
        "language": language,
        "url": None
        if request is None or error_page
        else links.absolute_url(request, request.get_full_path()),
    }


def home_pages(request):
    """Every locale's home page of the request's site (`selectors.home_pages_for_request`),
    once per content version and host rather than once per request."""
    if not hasattr(request, "_biopa_home_pages"):
        request._biopa_home_pages = fragment(
            "homes",
            lambda: selectors.home_pages_by_language(site=selectors.find_site(request)),
            request=request,
            parts=(request.get_host(),),
        )
    return request._biopa_home_pages


def menu_items(home, request):
    """The main menu as the header shows it (title, address, tree address), kept until the
    first of its pages expires at the latest."""
    pages = selectors.menu_pages(home=home)
    items = [
        {
            "pk": page.pk,
            "title": page.title,
            "url_path": page.url_path,
            "url": page.get_url(request),
        }
        for page in pages
    ]
    return kept_until(items, [page.expire_at for page in pages])


def addresses_of_view(request):
    """Each language's address of the view answering `request` (a site-relative path), or
    None when no view answers its path."""
    path = links.local_path(request.get_full_path())
    try:
        resolve(unquote(urlsplit(path).path))
    except Resolver404:
        return None
    return {code: links.local_path(translate_url(path, code)) for code, _ in settings.LANGUAGES}


def breadcrumbs(page):
    """The page's ancestors below the tree root, from the primed route when it has them.

    A draft or expired ancestor is left out (its title is not public, its address a 404).
    A restricted one cannot occur: Wagtail refuses a page under a restriction, and an
    alias under an alias of a restricted page, unless the visitor passes it."""
    chain = getattr(page, "_route_chain", None)
    ancestors = chain[:-1] if chain is not None else page.get_ancestors()
    return [
        ancestor
        for ancestor in ancestors
        if ancestor.depth > 1 and ancestor.live and not visibility.is_expired(ancestor)
    ]


@register.simple_tag
def today():
    """Today in Athens, with the day and the month spelled in the active language."""
    return timezone.localdate()


@register.filter
def absolute_url(url, request):
    """`url` as an absolute address on this site (biopa.links: never another host)."""
    if request is None:
        return url
    return links.absolute_url(request, url)


@register.tag("chrome_fragment")
def chrome_fragment(parser, token):
    """{% chrome_fragment "name" %}…{% endchrome_fragment %}: markup of the site chrome
    rendered once per content version, host and language, then kept (biopa.cache.fragment,
    in this process: rendering it again costs less than a round trip to the shared cache).

    Only for markup that depends on nothing else: not on the page, the path, the query or
    the user, and not on values kept for less than a fragment's time (`kept_until`)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% chrome_fragment %} takes one name")
    nodelist = parser.parse(("endchrome_fragment",))
    parser.delete_first_token()
    return ChromeFragmentNode(parser.compile_filter(bits[1]), nodelist)


class ChromeFragmentNode(template.Node):
    def __init__(self, name, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return fragment(
            f"chrome-html-{self.name.resolve(context)}",
            lambda: mark_safe(self.nodelist.render(context)),  # noqa: S308 - rendered markup
            request=request,
            parts=(request.get_host(), get_language() or settings.LANGUAGE_CODE),
            shared=False,
        )
