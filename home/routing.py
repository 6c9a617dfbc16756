"""Page routing in two queries, whatever the depth of the page.

Wagtail's own routing (`Page.route`) walks the URL one path segment at a time: a query for
the child with that slug and another for its specific object, at every level, after the
locale's home page has been looked up. `prime_route` reads the whole chain of pages the
URL names in one query, by their `url_path`, with the facts the rest of the request needs
(live, restricted, alias, the page's translations and the other locales' home pages);
then it fetches the one specific object that is served. The result goes where Wagtail
itself keeps a request's route (`request._wagtail_route_for_request`), so Wagtail's serve
view, hooks and `Page.find_for_request` use it unchanged.

Wherever the chain holds something this shortcut does not model (a page overriding
`route()` that claims the rest of the path, a draft home page), nothing is primed and
Wagtail routes as usual.

A route is the same for every visitor as long as the content is: it is kept per content
version (biopa.cache.fragment, in this process only), host, language and path, pickled, so
each request gets objects of its own, until the first expiry among its pages, 60 s at most.
Addresses that lead nowhere (404) are not kept: an unbounded number of them costs no memory.

The module restates what Wagtail 8.0's `Page.route`, `Page.route_for_request` and its
privacy hook (`check_view_restrictions`, `Page.get_view_restrictions`) do. On any other
Wagtail version nothing is primed at all (a warning says so at start-up) until the code
has been compared with the new version's and `WRITTEN_FOR` updated;
tests/home/test_routing_equivalence.py compares the two routings on a whole site.
"""

import hashlib
import pickle
import warnings

import wagtail
from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.urls import Resolver404
from django.utils import timezone
from django.utils.translation import get_language
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from biopa import visibility
from biopa.cache import FRAGMENT_SECONDS, BuiltFragment, fragment

WRITTEN_FOR = "8.0"  # the Wagtail release series whose routing this module restates


def routing_matches_wagtail(version):
    """Whether Wagtail `version` is the series this module was written for."""
    return version == WRITTEN_FOR or version.startswith(WRITTEN_FOR + ".")


def check_wagtail_version():
    """Switch priming on for the Wagtail series it restates, off (with one warning) for
    any other: Wagtail's own routing is slower, never wrong."""
    global ENABLED
    ENABLED = routing_matches_wagtail(wagtail.__version__)
    if not ENABLED:
        warnings.warn(
            f"home.routing restates Wagtail {WRITTEN_FOR}'s page routing and privacy check; "
            f"installed is {wagtail.__version__}: pages are routed by Wagtail itself until "
            "home/routing.py is compared with it and WRITTEN_FOR updated.",
            stacklevel=2,
        )
    return ENABLED


ENABLED = check_wagtail_version()

ROUTE_ATTRIBUTE = "_wagtail_route_for_request"
CHAIN_FIELDS = (
    "id",
    "path",
    "depth",
    "numchild",
    "title",
    "slug",
    "url_path",
    "live",
    "expire_at",
    "translation_key",
    "locale",
    "alias_of",
    "content_type",
)


def prime_route(request, path):
    """Route `path` for `request` the quick way, when it can be done exactly."""
    if not ENABLED or hasattr(request, ROUTE_ATTRIBUTE):
        return
    language = get_language()
    built = []

    def build():
        known = _known_route(request, path, language)
        built.append(known)
        if known is None or known.get("page", True) is None:
            return BuiltFragment(None, 0)  # nothing to keep: a 404, or no site
        return BuiltFragment(pickle.dumps(known, pickle.HIGHEST_PROTOCOL), known["seconds"])

    digest = hashlib.sha256(path.encode("utf-8", "surrogatepass")).hexdigest()
    kept = fragment(
        "route",
        build,
        request=request,
        parts=(request._get_raw_host(), request.get_port(), language, digest),
        shared=False,
    )
    known = built[0] if built else pickle.loads(kept)  # noqa: S301 - pickled by this process
    if known is not None:
        _apply(request, known)


def _apply(request, known):
    request._wagtail_site = known["site"]
    if "root_paths" in known:
        request._wagtail_cached_site_root_paths = known["root_paths"]
    if "home_pages" in known:
        request._biopa_home_pages = known["home_pages"]  # for the site chrome
    if "page" not in known:
        return  # Wagtail routes this one itself
    page = known["page"]
    if page is None:
        setattr(request, ROUTE_ATTRIBUTE, None)
    elif type(page).route is Page.route:
        setattr(request, ROUTE_ATTRIBUTE, RouteResult(page))
    else:
        setattr(request, ROUTE_ATTRIBUTE, page.route(request, []))


def _known_route(request, path, language):
    """What routing `path` found out, as a dict for `_apply`: the site, its root paths and
    home pages and, when this shortcut routes it, "page" (None for a 404); "seconds" it
    stays true. None without a site."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    known = {"site": site, "seconds": FRAGMENT_SECONDS}
    root_paths = site_root_paths(request)
    known["root_paths"] = root_paths
    homes = {root.language_code: root.root_path for root in root_paths if root.site_id == site.pk}
    home_path = homes.get(language)
    if home_path is None:
        return known

    components = [component for component in path.split("/") if component]
    chain_paths = [
        home_path + "".join(f"{c}/" for c in components[:i]) for i in range(len(components) + 1)
    ]
    target_path = chain_paths[-1]
    # url_path has no index: the slugs (indexed) narrow each lookup to a few rows first.
    home_slugs = {language: last_slug(path) for language, path in homes.items()}
    target = Page.objects.filter(
        slug=components[-1] if components else home_slugs[language], url_path=target_path
    )
    rows = list(
        Page.objects.filter(
            Q(
                slug__in={*components, *home_slugs.values()},
                url_path__in=[*chain_paths, *homes.values()],
            )
            | Q(translation_key=Subquery(target.values("translation_key")[:1]))
        )
        # A row is "restricted" when it carries a view restriction or when the tree root
        # does: the root is no row of the chain, and its restriction covers every page.
        .annotate(
            restricted=Exists(
                PageViewRestriction.objects.filter(Q(page=OuterRef("pk")) | Q(page__depth=1))
            ),
            # The site's one visibility rule, for the translations the language switcher
            # and hreflang may link to.
            public=ExpressionWrapper(public_page_q(), output_field=BooleanField()),
        )
        .select_related("locale")
        .only(*CHAIN_FIELDS)
    )
    # The route holds until the first of its pages expires (it is no longer public then).
    now = timezone.now()
    for row in rows:
        if row.expire_at is not None and row.expire_at > now:
            seconds = (row.expire_at - now).total_seconds()
            known["seconds"] = min(known["seconds"], int(seconds))
    by_path = {row.url_path: row for row in rows}
    home = by_path.get(home_path)
    if home is None or not home.live:
        return known  # Wagtail falls back to the default locale's home page.
    home_pages = {
        row.locale.language_code: row for row in rows if row.url_path in homes.values() and row.live
    }
    known["home_pages"] = home_pages

    chain = []
    for depth, url_path in enumerate(chain_paths):
        remaining = components[depth:]
        row = by_path.get(url_path)
        if row is None:
            # No page has this address and no page above claims it: Wagtail's routing
            # would end in the same 404.
            known["page"] = None
            return known
        chain.append(row)
        if remaining and claims_path(row, remaining):
            return known  # a routable page answers for the rest of the URL

    row = chain[-1]
    model = row.specific_class
    if model is None or model.route not in (Page.route, RoutablePageMixin.route):
        return known
    if not row.live:
        known["page"] = None  # Wagtail's routing does not serve drafts
        return known
    page = row.specific
    page._route_chain = chain
    # As home.selectors.page_translations: the translations the public may see, and the
    # page itself (a signed-in visitor may be reading a private page).
    page._route_translations = {
        other.locale.language_code: other
        for other in rows
        if other.translation_key == page.translation_key and (other.public or other.pk == page.pk)
    }
    page._route_homes = home_pages
    if chain[:-1]:
        page._cached_parent_obj = chain[-2]
    known["page"] = page
    return known


def site_root_paths(request):
    """Wagtail's site root paths, read once per request: kept where Wagtail's own URL
    building (`Page._get_site_root_paths(request)`) looks for them, so the route and every
    `pageurl` of the page share one read of the cache instead of one each."""
    try:
        return request._wagtail_cached_site_root_paths
    except AttributeError:
        request._wagtail_cached_site_root_paths = Site.get_site_root_paths()
        return request._wagtail_cached_site_root_paths


def public_page_q():
    """biopa.visibility's rule for pages, library entries included (a library entry whose
    file is private is not public), as one condition."""
    from documents.models import DocumentPage  # documents' models build on home's

    private_entries = DocumentPage.objects.filter(visibility.private_file_q()).values("pk")
    return visibility.public_page_q() & ~Q(pk__in=private_entries)


def last_slug(url_path):
    return url_path.rstrip("/").rsplit("/", 1)[-1]


def claims_path(row, remaining):
    """Whether the page `row` itself answers for the rest of the URL (a sub-route)."""
    model = row.specific_class
    if model is None:
        return True
    if model.route is RoutablePageMixin.route:
        if not row.live:
            return False
        try:
            model.get_resolver().resolve("/" + "".join(f"{c}/" for c in remaining))
        except Resolver404:
            return False
        return True
    return model.route is not Page.route


class PrimedViewRestrictionsMixin:
    """Pages whose view restrictions the primed route already read.

    The route's one query tells, for the page and each ancestor from the home page down,
    whether it (or the tree root) carries a view restriction or is an alias; when none
    does, and the home page sits right under the tree root (no other ancestor, as for a
    site whose home is deeper in the tree), Wagtail's privacy check needs no query of its
    own.
    """

    def get_view_restrictions(self):
        chain = getattr(self, "_route_chain", None)
        if (
            chain is not None
            and chain[0].depth == 2
            and not any(row.restricted or row.alias_of_id for row in chain)
        ):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
