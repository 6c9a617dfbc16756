"""The anonymous response cache: hits cost no SQL, and any publish makes them stale."""

import pytest
from django.test import override_settings

from home.models import StandardPage
from tests.conftest import add_page, get_with_queries, publish

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]


@pytest.fixture
def cache_on():
    with override_settings(PAGE_CACHE_SECONDS=300):
        yield


@pytest.fixture
def about(home_en):
    from home.models import HomePage

    home_el = HomePage.objects.get(locale__language_code="el")
    page = add_page(home_el, StandardPage(title="Το πάρκο", slug="about", introduction="Πρώτη"))
    translation = page.copy_for_translation(home_en.locale)
    translation.introduction = "First"
    publish(translation)
    return page


def get(client, url, **extra):
    response, queries = get_with_queries(client, url, **extra)
    return response, len(queries)


def test_second_anonymous_request_is_a_hit_without_sql(client, about):
    first, first_queries = get(client, "/el/about/")
    second, second_queries = get(client, "/el/about/")
    assert first["X-Cache"] == "MISS" and first_queries > 0
    assert second["X-Cache"] == "HIT" and second_queries == 0
    assert second.content == first.content


def test_cached_responses_carry_cdn_headers(client, about):
    response = client.get("/el/about/")
    cache_control = response["Cache-Control"]
    assert "public" in cache_control
    assert "s-maxage=" in cache_control and "stale-while-revalidate=" in cache_control


def test_publish_invalidates_the_page(client, about):
    client.get("/el/about/")
    about.introduction = "Δεύτερη"
    publish(about)
    response = client.get("/el/about/")
    assert response["X-Cache"] == "MISS"
    assert "Δεύτερη" in response.text


def test_publish_invalidates_other_pages_that_show_it(client, about):
    client.get("/el/")
    about.title = "Νέος τίτλος"
    about.show_in_menus = True
    publish(about)
    assert "Νέος τίτλος" in client.get("/el/").text


def test_unpublish_invalidates(client, about):
    assert client.get("/el/about/").status_code == 200
    about.unpublish()
    assert client.get("/el/about/").status_code == 404


def test_translation_publish_invalidates_the_other_locale(client, about, home_en):
    client.get("/en/about/")
    english = about.get_translation(home_en.locale)
    english.introduction = "Second"
    publish(english)
    assert "Second" in client.get("/en/about/").text


def test_move_invalidates(client, about, home_el):
    parent = add_page(home_el, StandardPage(title="Γονέας", slug="parent"))
    client.get("/el/about/")
    about.move(parent, pos="last-child")
    assert client.get("/el/about/").status_code in (301, 404)  # Wagtail may redirect
    assert client.get("/el/parent/about/").status_code == 200


def test_delete_invalidates(client, about):
    client.get("/el/about/")
    about.delete()
    assert client.get("/el/about/").status_code == 404


def test_snippet_change_invalidates(client, about, site_details):
    greek, _english = site_details
    client.get("/el/about/")
    greek.phone = "+30 28310 99999"
    greek.save()
    assert "+30 28310 99999" in client.get("/el/about/").text


def test_logged_in_users_are_never_served_or_stored(client, about, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x" * 12)
    client.force_login(user)
    response, queries = get(client, "/el/about/")
    assert "X-Cache" not in response
    assert "private" in response["Cache-Control"]
    response, queries = get(client, "/el/about/")
    assert "X-Cache" not in response and queries > 0


def test_private_pages_are_not_cached(client, about):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=about, restriction_type="login")
    response = client.get("/el/about/")
    assert response.status_code == 302
    assert "X-Cache" not in response


def test_admin_and_previews_are_not_cached(client, about):
    assert "X-Cache" not in client.get("/admin/login/")
    assert "X-Cache" not in client.get("/el/about/?preview=1")
