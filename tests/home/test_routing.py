"""home.routing finds the same page as Wagtail's own routing, in two queries."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from home.routing import ROUTE_ATTRIBUTE, prime_route
from news.models import NewsIndexPage
from tests.conftest import add_page

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


def test_routing_reads_two_queries_at_any_depth(tree, django_assert_num_queries):
    request = RequestFactory().get("/el/about/location/")
    with translation.override("el"):  # per process: site root paths, content types
        prime_route(RequestFactory().get("/el/about/location/"), "about/location/")
    with translation.override("el"), django_assert_num_queries(3):  # site, chain, page
        prime_route(request, "about/location/")
    assert getattr(request, ROUTE_ATTRIBUTE)[0].slug == "location"
