import datetime
import json

import pytest
import time_machine
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.utils import timezone

from home.models import HomePage, StandardPage
from tests.conftest import add_page, get_with_queries, publish

pytestmark = pytest.mark.django_db


def test_root_redirects_to_greek_by_default(client, home_el):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/el/"


def test_root_redirects_to_english_for_english_browsers(client, home_el):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_root_redirects_unknown_languages_to_greek(client, home_el):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9")
    assert response["Location"] == "/el/"


def test_home_pages_render_in_their_language(client, home_en, site_details):
    greek = client.get("/el/")
    english = client.get("/en/")
    assert greek.status_code == english.status_code == 200
    assert '<html lang="el">' in greek.text
    assert '<html lang="en">' in english.text
    assert "Βιοτεχνικό Πάρκο Ρεθύμνου" in greek.text
    assert "Industrial Park of Rethymno" in english.text


def test_header_shows_today_in_greek(client, home_el, time_machine):
    time_machine.move_to("2019-08-20 10:00:00+03:00")
    response = client.get("/el/")
    assert "Τρίτη, 20 Αυγούστου 2019" in response.text


def test_header_shows_today_in_english(client, home_en, time_machine):
    time_machine.move_to("2019-08-20 10:00:00+03:00")
    response = client.get("/en/")
    assert "Tuesday, 20 August 2019" in response.text


def test_header_date_is_athens_date_not_utc(client, home_el, time_machine):
    # 23:30 UTC on the 19th is already the 20th in Athens.
    time_machine.move_to("2019-08-19 23:30:00+00:00")
    assert "Τρίτη, 20 Αυγούστου 2019" in client.get("/el/").text


def test_switcher_leads_to_the_translation(client, home_en):
    home_el = HomePage.objects.get(locale__language_code="el")
    about = add_page(home_el, StandardPage(title="Το πάρκο", slug="about"))
    publish(about.copy_for_translation(home_en.locale))
    response = client.get("/el/about/")
    assert 'href="/en/about/" hreflang="en"' in response.text
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/about/">' in response.text
    )


def test_switcher_falls_back_to_the_other_home_page(client, home_en):
    home_el = HomePage.objects.get(locale__language_code="el")
    add_page(home_el, StandardPage(title="Μόνο ελληνικά", slug="greek-only"))
    response = client.get("/el/greek-only/")
    assert 'href="/en/" hreflang="en"' in response.text
    # No translation: no hreflang alternate for English.
    assert 'hreflang="en" href=' not in response.text


def test_unknown_page_is_a_404_in_the_language_of_the_url(client, home_en):
    for lang in ("el", "en"):
        response = client.get(f"/{lang}/no-such-page-xyz/")
        assert response.status_code == 404
        assert f'<html lang="{lang}">' in response.text


def test_main_menu_lists_pages_shown_in_menus_per_locale(client, home_en):
    home_el = HomePage.objects.get(locale__language_code="el")
    add_page(home_el, StandardPage(title="Στο μενού", slug="in-menu", show_in_menus=True))
    add_page(home_el, StandardPage(title="Εκτός μενού", slug="hidden"))
    greek = client.get("/el/").text
    assert 'href="/el/in-menu/">Στο μενού</a>' in greek
    assert "Εκτός μενού" not in greek
    assert "Στο μενού" not in client.get("/en/").text


def test_breadcrumbs_show_the_path(client, home_el):
    parent = add_page(home_el, StandardPage(title="Γονέας", slug="parent"))
    add_page(parent, StandardPage(title="Παιδί", slug="child"))
    response = client.get("/el/parent/child/")
    assert '<nav class="breadcrumbs wrap" aria-label="Διαδρομή πλοήγησης">' in response.text
    assert 'href="/el/parent/">Γονέας</a>' in response.text
    assert '<span aria-current="page">Παιδί</span>' in response.text


def test_healthz_ok(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "cache": "ok"}


def test_healthz_503_when_database_fails(client, db, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("down")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["status"] != "ok"


def test_robots_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_sitemap_lists_both_locales_with_hreflang(client, home_en):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.text
    assert "<loc>http://testserver/el/</loc>" in body
    assert "<loc>http://testserver/en/</loc>" in body
    assert 'hreflang="en" href="http://testserver/en/"' in body
    assert 'hreflang="el" href="http://testserver/el/"' in body


def test_sitemap_leaves_out_drafts(client, home_el):
    draft = StandardPage(title="Πρόχειρο", slug="draft", live=False)
    draft.locale = home_el.locale
    home_el.add_child(instance=draft)
    assert "/el/draft/" not in client.get("/sitemap.xml").text


def test_sitemap_is_written_once_per_content_version_and_host(client, home_el):
    add_page(home_el, StandardPage(title="Σελίδα", slug="page"))
    first = client.get("/sitemap.xml").text
    response, queries = get_with_queries(client, "/sitemap.xml")
    assert response.text == first and queries == []
    other_host = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").text
    assert "<loc>http://127.0.0.1/el/page/</loc>" in other_host
    add_page(home_el, StandardPage(title="Νέα σελίδα", slug="new"))  # a publish: at once
    assert "<loc>http://testserver/el/new/</loc>" in client.get("/sitemap.xml").text


def test_sitemap_is_kept_no_longer_than_until_a_page_expires(client, home_el):
    expiry = timezone.now() + datetime.timedelta(seconds=30)
    add_page(home_el, StandardPage(title="Σύντομη", slug="brief", expire_at=expiry))
    assert "/el/brief/" in client.get("/sitemap.xml").text
    with time_machine.travel(expiry + datetime.timedelta(seconds=1), tick=False):
        assert "/el/brief/" not in client.get("/sitemap.xml").text


def test_api_lists_only_live_public_pages(client, home_el):
    from wagtail.models import PageViewRestriction

    add_page(home_el, StandardPage(title="Δημόσια", slug="public"))
    private = add_page(home_el, StandardPage(title="Ιδιωτική", slug="private"))
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft = StandardPage(title="Πρόχειρο", slug="draft", live=False)
    draft.locale = home_el.locale
    home_el.add_child(instance=draft)
    response = client.get("/api/v2/pages/?limit=20")
    assert response.status_code == 200
    titles = {item["title"] for item in response.json()["items"]}
    assert "Δημόσια" in titles
    assert "Ιδιωτική" not in titles
    assert "Πρόχειρο" not in titles


def test_home_page_query_count_does_not_grow_with_the_menu(client, home_en, site_details):
    home_el = HomePage.objects.get(locale__language_code="el")
    add_page(home_el, StandardPage(title="Σελίδα", slug="page", show_in_menus=True))
    client.get("/el/")  # warm caches that are per process, not per request

    def count():
        # Cold: the menu and the home sections are built, not read from the fragment cache.
        for cache in caches.all(initialized_only=True):
            cache.clear()
        response, queries = get_with_queries(client, "/el/")
        assert response.status_code == 200
        return len(queries)

    before = count()
    for i in range(20):
        add_page(home_el, StandardPage(title=f"Σελίδα {i}", slug=f"page-{i}", show_in_menus=True))
    after = count()
    # At most the budget of tests/perf/test_query_budget.py (a page whose fragments are
    # built: site, route, the specific page, office details, menu, the home's sections).
    assert before == after <= 12
