"""home.routing finds the same page as Wagtail's own routing, in two queries."""

import difflib
import re
import time
import warnings
from datetime import timedelta

import pytest
import wagtail
from django.test import RequestFactory
from django.utils import timezone, translation
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.url_routing import RouteResult

from biopa import cache as cache_module
from biopa.cache import forget_local_fragments
from home import routing, selectors
from home.models import StandardPage
from home.routing import ROUTE_ATTRIBUTE, prime_route
from news.models import NewsIndexPage, NewsPage
from tests.conftest import add_page, keep_legacy_slug, publish

pytestmark = pytest.mark.django_db


def wagtail_route(path, language):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        result = Page.route_for_request(request, path)
    return None if result is None else (result[0].specific, result[1], result[2])


def primed_route(path, language):
    request = RequestFactory().get(f"/{language}/{path}")
    with translation.override(language):
        prime_route(request, path)
    if not hasattr(request, ROUTE_ATTRIBUTE):
        return "not primed"
    result = getattr(request, ROUTE_ATTRIBUTE)
    return None if result is None else (result[0], result[1], result[2])


def same(path, language="el"):
    primed = primed_route(path, language)
    if primed == "not primed":
        return "not primed"
    expected = wagtail_route(path, language)
    if expected is None or primed is None:
        assert primed is expected is None, (path, primed, expected)
        return None
    assert type(primed[0]) is type(expected[0]) and primed[0].pk == expected[0].pk, path
    if expected[1]:  # a routable page's own view, its arguments
        view, args, kwargs = primed[1]
        assert view.__func__ is expected[1][0].__func__, path
        assert (args, kwargs) == tuple(expected[1][1:]), path
    return primed[0]


@pytest.fixture
def tree(home_el, home_en):
    about = add_page(home_el, StandardPage(title="Το πάρκο", slug="about"))
    add_page(about, StandardPage(title="Θέση", slug="location"))
    draft = StandardPage(title="Πρόχειρο", slug="draft", live=False, locale=home_el.locale)
    home_el.add_child(instance=draft)
    draft.add_child(instance=StandardPage(title="Κάτω", slug="below", locale=home_el.locale))
    below = draft.get_children().get().specific
    below.save_revision().publish()
    news = add_page(home_el, NewsIndexPage(title="Νέα", slug="news"))
    private = add_page(home_el, StandardPage(title="Ιδιωτική", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    english_about = about.copy_for_translation(home_en.locale)
    english_about.save_revision().publish()
    return {"about": about, "news": news, "private": private}


@pytest.mark.parametrize(
    "path",
    ["", "about/", "about/location/", "draft/", "draft/below/", "news/", "private/", "nope/"],
)
def test_the_primed_route_is_wagtails_route(tree, path):
    assert same(path) != "not primed"


def test_english_pages_route_in_english(tree):
    page = same("about/", "en")
    assert page.locale.language_code == "en"


def test_sub_routes_of_routable_pages_are_left_to_them(tree):
    assert primed_route("news/feed/", "el") == "not primed"
    view, args, kwargs = wagtail_route("news/feed/", "el")[1]
    assert view.__name__ == "feed"


def test_a_missing_page_under_a_routable_page_is_a_404(tree):
    assert same("news/no-such-item/") is None


def test_a_draft_home_page_is_left_to_wagtail(tree, home_en):
    home_en.unpublish()
    assert primed_route("about/", "en") == "not primed"


def test_privacy_is_known_from_the_route(tree, client):
    page = same("private/")
    assert page._route_chain[-1].restricted
    response = client.get("/el/private/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_public_page_needs_no_query_for_its_privacy(tree, django_assert_num_queries):
    page = same("about/location/")
    with django_assert_num_queries(0):
        assert list(page.get_view_restrictions()) == []


def test_routing_reads_three_queries_at_any_depth_then_none_until_the_content_changes(
    tree, django_assert_num_queries
):
    with translation.override("el"):  # per process: site root paths, content types
        prime_route(RequestFactory().get("/el/"), "")
    for path in ("about/", "about/location/"):
        forget_local_fragments()
        request = RequestFactory().get(f"/el/{path}")
        with translation.override("el"), django_assert_num_queries(3):  # site, chain, page
            prime_route(request, path)
    first = getattr(request, ROUTE_ATTRIBUTE)[0]
    again = RequestFactory().get("/el/about/location/")
    with translation.override("el"), django_assert_num_queries(0):
        prime_route(again, "about/location/")
    known = getattr(again, ROUTE_ATTRIBUTE)[0]
    assert known.slug == "location" and known.pk == first.pk
    assert known is not first and known._route_chain[0] is not first._route_chain[0]
    # Any public change is a new content version: the route is read again, and sees it.
    PageViewRestriction.objects.create(page=tree["about"], restriction_type="login")
    after = RequestFactory().get("/el/about/location/")
    with translation.override("el"), django_assert_num_queries(3):
        prime_route(after, "about/location/")
    assert getattr(after, ROUTE_ATTRIBUTE)[0]._route_chain[1].restricted


def test_an_address_that_leads_nowhere_is_not_kept(tree, django_assert_num_queries):
    with translation.override("el"):
        prime_route(RequestFactory().get("/el/nope/"), "nope/")
    request = RequestFactory().get("/el/nope/")
    with translation.override("el"), django_assert_num_queries(2):  # the site, the chain
        prime_route(request, "nope/")
    assert getattr(request, ROUTE_ATTRIBUTE) is None


def test_a_route_is_kept_no_longer_than_its_first_expiry(tree):
    page = tree["about"]
    page.expire_at = timezone.now() + timedelta(seconds=5)
    page.save_revision().publish()
    forget_local_fragments()
    with translation.override("el"):
        prime_route(RequestFactory().get("/el/about/"), "about/")
    kept = [
        entry[1] - time.time()
        for key, entry in cache_module._local_fragments.items()
        if ":route:" in key
    ]
    assert kept and max(kept) <= 5


# What Wagtail would serve, compared with what is served once the route is primed: the
# whole response (status, redirect, cache headers, page and chrome).


def response_without_priming(client, monkeypatch, url, **extra):
    with monkeypatch.context() as patch:
        patch.setattr(routing, "prime_route", lambda request, path: None)
        return client.get(url, **extra)


def assert_same_response(client, monkeypatch, url, **extra):
    primed = client.get(url, **extra)
    expected = response_without_priming(client, monkeypatch, url, **extra)
    assert (primed.status_code, primed.get("Location"), primed.get("Cache-Control")) == (
        expected.status_code,
        expected.get("Location"),
        expected.get("Cache-Control"),
    ), url
    if not primed.streaming:
        primed_body, expected_body = without_csrf_token(primed), without_csrf_token(expected)
        assert primed_body == expected_body, (url, body_difference(primed_body, expected_body))
    return primed


def body_difference(primed, expected):
    """The lines that differ, for the failure message."""
    lines = difflib.unified_diff(
        expected.decode().splitlines(), primed.decode().splitlines(), lineterm="", n=0
    )
    return "\n".join(lines)


def without_csrf_token(response):
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content)


@pytest.fixture
def wider_tree(tree, home_el, home_en, site_details):
    # Greek slugs, as pages saved before slugs were Latin have them.
    greek = add_page(home_el, StandardPage(title="Νέα σελίδα", slug="nea-selida"))
    greek = keep_legacy_slug(greek, "νέα-σελίδα")
    child = add_page(greek, StandardPage(title="Υποσελίδα", slug="yposelida"))
    keep_legacy_slug(child, "υποσελίδα")
    add_page(home_el, StandardPage(title="Κεφαλαία", slug="Kefalaia"))
    password = add_page(home_el, StandardPage(title="Με κωδικό", slug="password"))
    PageViewRestriction.objects.create(page=password, restriction_type="password", password="x")
    add_page(password, StandardPage(title="Κάτω", slug="below"))
    add_page(tree["private"], StandardPage(title="Κάτω", slug="below"))
    add_page(tree["news"], NewsPage(title="Ροή", slug="feed", summary="Σελίδα με slug feed"))
    add_page(tree["news"], NewsPage(title="Είδηση", slug="item", summary="Είδηση"))
    tree["about"].create_alias(parent=home_el, update_slug="about-alias", recursive=True)
    tree["private"].create_alias(parent=home_el, update_slug="private-alias", recursive=True)
    return tree


@pytest.mark.parametrize(
    "url",
    [
        "/el/",
        "/en/",
        "/en/about/",
        "/el/about/location/",
        "/en/about/location/",
        "/el/νέα-σελίδα/υποσελίδα/",
        "/el/%CE%BD%CE%AD%CE%B1-%CF%83%CE%B5%CE%BB%CE%AF%CE%B4%CE%B1/",
        "/el/ΝΈΑ-ΣΕΛΊΔΑ/",
        "/el/Kefalaia/",
        "/el/kefalaia/",
        "/el/draft/below/",
        "/el/private/below/",
        "/el/password/below/",
        "/el/about-alias/location/",
        "/el/private-alias/below/",
        "/el/news/",
        "/el/news/feed/",
        "/el/news/item/",
        "/el/news/events.ics",
        "/el/about/nope/",
    ],
)
def test_the_response_is_the_one_wagtails_route_gives(wider_tree, client, monkeypatch, url):
    assert_same_response(client, monkeypatch, url)


def test_head_requests_are_routed_alike(wider_tree, client, monkeypatch):
    primed = client.head("/el/about/location/")
    with monkeypatch.context() as patch:
        patch.setattr(routing, "prime_route", lambda request, path: None)
        expected = client.head("/el/about/location/")
    assert primed.status_code == expected.status_code == 200


def test_a_draft_english_home_is_routed_as_wagtail_does(wider_tree, home_en, client, monkeypatch):
    home_en.unpublish()
    for url in ("/en/", "/en/about/", "/el/about/"):
        assert_same_response(client, monkeypatch, url)


def test_a_draft_translation_is_routed_as_wagtail_does(tree, home_en, client, monkeypatch):
    Page.objects.get(locale=home_en.locale, slug="about").unpublish()
    for url in ("/en/about/", "/el/about/"):
        assert_same_response(client, monkeypatch, url)


def test_a_moved_page_is_routed_at_its_new_address(tree, home_el, client, monkeypatch):
    Page.objects.get(slug="location").move(home_el, pos="last-child")
    for url in ("/el/location/", "/el/about/location/"):
        assert_same_response(client, monkeypatch, url)


# Differences found in review.


@pytest.fixture
def second_site(tree, home_el, site_details):
    """A second site whose home is a page below the first site's home, which is private."""
    Site.objects.create(hostname="other.test", port=80, root_page=tree["about"])
    PageViewRestriction.objects.create(page=home_el, restriction_type="login")


def test_a_restriction_above_the_sites_home_page_is_kept(second_site, client, monkeypatch):
    response = assert_same_response(client, monkeypatch, "/el/location/", HTTP_HOST="other.test")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_restriction_on_the_tree_root_is_kept(tree, client, monkeypatch):
    PageViewRestriction.objects.create(page=Page.get_first_root_node(), restriction_type="login")
    response = assert_same_response(client, monkeypatch, "/el/about/location/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_routable_page_overriding_route_is_left_to_wagtail(tree, monkeypatch):
    def route(self, request, path_components):
        if path_components == ["archive"]:
            return RouteResult(self, kwargs={"archive": True})
        return RoutablePageMixin.route(self, request, path_components)

    monkeypatch.setattr(NewsIndexPage, "route", route)
    assert wagtail_route("news/archive/", "el")[2] == {"archive": True}
    assert primed_route("news/archive/", "el") == "not primed"


def test_the_menu_leaves_out_pages_under_a_restricted_ancestor_above_the_home(second_site, tree):
    # home.selectors.menu_pages looks only at the item and the home page for restrictions;
    # `.public()`, which it replaced, looked at every ancestor.
    location = Page.objects.get(slug="location").specific
    location.show_in_menus = True
    location.save_revision().publish()
    about = Page.objects.get(pk=tree["about"].pk)
    assert list(about.get_children().live().public().in_menu()) == []  # as before a4fd475
    assert selectors.menu_pages(home=about) == []


# The version guard: home.routing restates one Wagtail series and stands aside on others.


def test_another_wagtail_version_is_routed_by_wagtail_alone(tree, client, monkeypatch):
    monkeypatch.setattr(routing, "ENABLED", routing.ENABLED)  # restored after the test
    monkeypatch.setattr(wagtail, "__version__", "8.1.0")
    with pytest.warns(UserWarning, match="installed is 8.1.0"):
        assert routing.check_wagtail_version() is False
    assert primed_route("about/location/", "el") == "not primed"
    response = client.get("/el/about/location/")
    assert response.status_code == 200
    assert not hasattr(response.context["page"], "_route_chain")


@pytest.mark.parametrize("version", ["8.0", "8.0.1", "8.0.12"])
def test_the_wagtail_series_it_restates_is_primed_without_a_warning(tree, monkeypatch, version):
    monkeypatch.setattr(routing, "ENABLED", False)
    monkeypatch.setattr(wagtail, "__version__", version)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert routing.check_wagtail_version() is True
    assert same("about/location/") not in ("not primed", None)


@pytest.mark.parametrize("version", ["7.3", "8.01", "8.1", "9.0.0", "8.0a1"])
def test_only_the_series_it_restates_matches(version):
    assert not routing.routing_matches_wagtail(version)


# Privacy of aliases and of the language switcher.


def test_an_alias_of_a_restricted_page_keeps_wagtails_privacy_check(tree, home_el, client):
    alias = tree["about"].create_alias(parent=home_el, update_slug="about-alias")
    PageViewRestriction.objects.create(page=tree["about"], restriction_type="login")
    page = same("about-alias/")
    assert [r.page_id for r in page.get_view_restrictions()] == [tree["about"].pk]
    assert client.get("/el/about-alias/").status_code in (302, 404)
    assert alias.pk == page.pk


def translate(page, locale):
    return publish(page.copy_for_translation(locale))


@pytest.fixture
def hidden_translations(tree, home_el, home_en, site_details):
    """Greek public pages whose English translation the public may not see, each hidden
    another way; the Greek addresses."""
    english = home_en.locale
    about_en = Page.objects.get(locale=english, slug="about")
    PageViewRestriction.objects.create(page=about_en, restriction_type="password", password="x")

    expired = add_page(home_el, StandardPage(title="Λήγει", slug="expiring"))
    expired_en = translate(expired, english)
    Page.objects.filter(pk=expired_en.pk).update(expire_at=timezone.now() - timedelta(hours=1))

    withdrawn = add_page(home_el, StandardPage(title="Αποσύρεται", slug="withdrawn"))
    translate(withdrawn, english).unpublish()

    section = add_page(home_el, StandardPage(title="Ενότητα", slug="section"))
    child = add_page(section, StandardPage(title="Παιδί", slug="child"))
    section_en = translate(section, english)
    translate(child, english)
    PageViewRestriction.objects.create(page=section_en, restriction_type="login")

    # The English version is an alias whose source then becomes private.
    source_en = add_page(home_en, StandardPage(title="Source", slug="source"))
    alias_en = source_en.create_alias(parent=home_en, update_slug="aliased")
    aliased = add_page(home_el, StandardPage(title="Με ψευδώνυμο", slug="aliased"))
    Page.objects.filter(pk=aliased.pk).update(translation_key=alias_en.translation_key)
    PageViewRestriction.objects.create(page=source_en, restriction_type="login")
    return ["/el/about/", "/el/expiring/", "/el/withdrawn/", "/el/section/child/", "/el/aliased/"]


def test_the_switcher_and_hreflang_link_only_public_translations(
    hidden_translations, client, monkeypatch
):
    for url in hidden_translations:
        for response in (
            client.get(url),
            response_without_priming(client, monkeypatch, url),
        ):
            assert response.status_code == 200, url
            body = response.content.decode()
            assert 'href="/en/" hreflang="en"' in body, url  # the English home instead
            assert 'hreflang="en" href=' not in body, url
            assert 'hreflang="el" href="http://testserver' + url in body, url


def test_breadcrumbs_leave_out_draft_and_expired_ancestors(tree, home_el, client, monkeypatch):
    expired = add_page(home_el, StandardPage(title="Ληγμένη ενότητα", slug="old"))
    add_page(expired, StandardPage(title="Σελίδα", slug="page"))
    Page.objects.filter(pk=expired.pk).update(expire_at=timezone.now() - timedelta(hours=1))
    for url in ("/el/draft/below/", "/el/old/page/"):
        for response in (client.get(url), response_without_priming(client, monkeypatch, url)):
            body = response.content.decode()
            assert response.status_code == 200, url
            assert "Πρόχειρο" not in body and "Ληγμένη ενότητα" not in body, url
