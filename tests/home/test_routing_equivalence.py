"""home.routing answers as Wagtail's own routing does, on every address of a whole site.

The demo site, grown with what the shortcut must get right (more pages in both languages,
a deep section, routable sub-routes, aliases, every kind of view restriction on a page or
on an ancestor, an alias whose source is restricted after the alias was made, draft,
unpublished and expired pages, Greek slugs), is visited page by page: the route found
and the anonymous visitor's response (status, redirect, cache headers, page served, whole
body) must be the same with the route primed and with Wagtail routing alone.
"""

import datetime
import re
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.models import Page, PageViewRestriction

from home import routing
from home.models import HomePage, StandardPage
from home.routing import ROUTE_ATTRIBUTE, prime_route
from news.models import EventPage, NewsIndexPage, NewsPage
from tests.conftest import add_page, keep_legacy_slug, publish
from tests.home.test_routing import body_difference, without_csrf_token

pytestmark = pytest.mark.django_db

MISSING = [
    "/el/no-such-page/",
    "/en/no-such-page/deeper/",
    "/el/news/no-such-item/",
    "/el/section/level-1/missing/",
    "/el/restricted-login/missing/",
    "/el/about/location/missing/",
    "/fr/",
]


def restrict(page, restriction_type, **options):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=restriction_type, **options
    )
    if restriction_type == PageViewRestriction.GROUPS:
        restriction.groups.set([Group.objects.get_or_create(name="Board members")[0]])
    return page


@pytest.fixture
def grown_site(demo_content):
    home_el = HomePage.objects.get(locale__language_code="el", depth=2)
    home_en = HomePage.objects.get(locale__language_code="en", depth=2)
    news = NewsIndexPage.objects.get(locale=home_el.locale)

    for home in (home_el, home_en):
        for number in range(3):
            add_page(home, StandardPage(title=f"Σελίδα {number}", slug=f"extra-{number}"))

    parent = add_page(home_el, StandardPage(title="Ενότητα", slug="section"))
    for depth in range(1, 6):
        parent = add_page(parent, StandardPage(title=f"Επίπεδο {depth}", slug=f"level-{depth}"))

    now = timezone.now()
    add_page(news, NewsPage(title="Ροή", slug="feed", summary="Είδηση με slug feed"))
    add_page(
        news,
        EventPage(
            title="Εκδήλωση",
            slug="event",
            summary="Εκδήλωση",
            start=now + datetime.timedelta(days=3),
            end=now + datetime.timedelta(days=3, hours=2),
        ),
    )

    # Greek slugs, as pages saved before slugs were Latin have them.
    greek = add_page(home_el, StandardPage(title="Νέα σελίδα", slug="nea-selida"))
    greek = keep_legacy_slug(greek, "νέα-σελίδα")
    child = add_page(greek, StandardPage(title="Υποσελίδα", slug="yposelida"))
    keep_legacy_slug(child, "υποσελίδα")

    for restriction_type, options in [
        ("login", {}),
        ("password", {"password": "swordfish"}),
        ("groups", {}),
    ]:
        restricted = add_page(
            home_el, StandardPage(title="Ιδιωτική", slug=f"restricted-{restriction_type}")
        )
        restrict(restricted, restriction_type, **options)
        below = add_page(restricted, StandardPage(title="Κάτω", slug="below"))
        add_page(below, StandardPage(title="Πιο κάτω", slug="deeper"))
    english_private = StandardPage.objects.get(slug="extra-2", locale=home_en.locale)
    restrict(english_private, "login")

    about = StandardPage.objects.get(slug="about", locale=home_el.locale)
    about.create_alias(parent=home_el, update_slug="about-alias", recursive=True)
    source = add_page(home_el, StandardPage(title="Πηγή", slug="source"))
    add_page(source, StandardPage(title="Κάτω από την πηγή", slug="child"))
    source.create_alias(parent=home_el, update_slug="source-alias", recursive=True)
    restrict(source, "login")  # after the alias was made
    # Aliases in a public section of a restricted page, and of a page under one.
    aliases = add_page(home_el, StandardPage(title="Αντίγραφα", slug="aliases"))
    restricted_login = Page.objects.get(slug="restricted-login").specific
    restricted_login.create_alias(parent=aliases, update_slug="private-alias")
    below_private = restricted_login.get_children().get().specific
    below_private.create_alias(parent=aliases, update_slug="below-private-alias")

    draft = StandardPage(title="Πρόχειρο", slug="draft", live=False)
    draft.locale = home_el.locale
    home_el.add_child(instance=draft)
    draft.save_revision()
    draft.add_child(instance=StandardPage(title="Κάτω", slug="below", locale=home_el.locale))
    publish(Page.objects.get(slug="below", path__startswith=draft.path).specific)
    unpublished = add_page(home_el, StandardPage(title="Αποσύρθηκε", slug="unpublished"))
    add_page(unpublished, StandardPage(title="Κάτω", slug="below"))
    unpublished.unpublish()
    expired = add_page(home_el, StandardPage(title="Έληξε", slug="expired"))
    add_page(expired, StandardPage(title="Κάτω", slug="below"))
    # Still live: the scheduler has not run since the expiry time passed.
    Page.objects.filter(pk=expired.pk).update(expire_at=now - datetime.timedelta(hours=1))

    # A translation of a public page that the public may not see.
    location = StandardPage.objects.get(slug="about", locale=home_en.locale)
    restrict(location, "password", password="swordfish")
    return home_el, home_en


def addresses():
    """Every page's address, the sub-routes of routable pages, Greek slugs percent-encoded,
    and addresses where no page is."""
    urls = []
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        url = page.get_url()
        if url is None:
            continue
        urls.append(url)
        if url != unquote(url):  # Wagtail gives Greek slugs percent-encoded
            urls.append(unquote(url))
        if isinstance(page, NewsIndexPage):
            urls += [f"{url}feed/", f"{url}events.ics/", f"{url}events.ics"]
        if isinstance(page, EventPage):
            urls += [f"{url}event.ics/", f"{url}event.ics"]
    return urls + MISSING


def route(url, *, primed):
    """The page, view and arguments Wagtail's serve view would be given for `url`."""
    language, _, path = url.removeprefix("/").partition("/")
    request = RequestFactory().get(url)
    with translation.override(language):
        if primed:
            prime_route(request, path)
            if not hasattr(request, ROUTE_ATTRIBUTE):
                return "not primed"
        result = Page.route_for_request(request, path)
    if result is None:
        return None
    page, args, kwargs = result
    if args and callable(args[0]):  # a routable page's view (a method of that page object)
        args = (args[0].__name__, *args[1:])
    return (type(page.specific), page.pk, args, kwargs)


def answer(client, url):
    response = client.get(url)
    page = response.context.get("page") if response.context else None
    body = b"" if response.streaming else without_signed_tokens(response)
    return {
        "status": response.status_code,
        "location": response.get("Location"),
        "cache": response.get("Cache-Control"),
        "page": getattr(page, "pk", None),
        "body": body,
    }


def without_signed_tokens(response):
    """The body without its CSRF token and the contact form's signed start time, which
    differ from one response to the next."""
    return re.sub(rb'name="form_started" value="[^"]*"', b"", without_csrf_token(response))


def unprimed_answer(client, monkeypatch, url):
    with monkeypatch.context() as patch:
        patch.setattr(routing, "prime_route", lambda request, path: None)
        return answer(client, url)


def test_every_address_is_routed_and_answered_as_wagtail_does(grown_site, client, monkeypatch):
    urls = addresses()
    assert len(urls) > 80  # the whole site, not a sample
    differences, statuses = [], {}
    for url in urls:
        primed_route = route(url, primed=True)
        if primed_route != "not primed" and primed_route != route(url, primed=False):
            differences.append(f"{url}: route {primed_route} != {route(url, primed=False)}")
        primed, expected = answer(client, url), unprimed_answer(client, monkeypatch, url)
        statuses[url] = primed["status"]
        for key in ("status", "location", "cache", "page"):
            if primed[key] != expected[key]:
                differences.append(f"{url}: {key} {primed[key]!r} != {expected[key]!r}")
        if primed["body"] != expected["body"]:
            differences.append(f"{url}: body\n{body_difference(primed['body'], expected['body'])}")
    assert not differences, "\n".join(differences)

    # The comparison means something only if the site gave every kind of answer.
    assert statuses["/el/section/level-1/level-2/level-3/level-4/level-5/"] == 200
    assert statuses["/el/restricted-login/below/"] == 302
    assert statuses["/el/restricted-password/below/deeper/"] == 200  # the password form
    assert statuses["/el/restricted-groups/"] == 302
    assert statuses["/en/extra-2/"] == 302
    assert statuses["/el/draft/"] == statuses["/el/unpublished/"] == 404
    assert statuses["/el/draft/below/"] == 200  # Wagtail serves a live page under a draft
    assert statuses["/el/expired/"] == 404
    assert statuses["/el/news/feed/"] == statuses["/el/news/event/event.ics"] == 200
    assert statuses["/el/νέα-σελίδα/υποσελίδα/"] == 200
    assert statuses["/el/about-alias/"] == 200
    assert statuses["/el/source-alias/"] != 200  # its source is private
    assert statuses["/el/aliases/private-alias/"] != 200
    assert statuses["/el/aliases/below-private-alias/"] != 200
    assert statuses["/el/no-such-page/"] == 404
