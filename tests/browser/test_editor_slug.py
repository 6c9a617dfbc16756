"""In a real browser: typing a Greek title into the page form fills the slug field with
its ELOT 743 transliteration, the one the server gives (home/slugs.py), and saving keeps it."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from wagtail.models import Locale

from home.models import StandardPage
from home.slugs import latin_slug
from tests.conftest import make_site_home

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a long browser test password"
TITLES = [
    "Νέο σύστημα Ευαγγελισμός",
    "Μπαμπάς, Αύγουστος & Ευχαριστώ: Αϊτή, Ξάνθη, Ψυχή, Άγκυρα, Αντώνης, Ρεθύμνου",
]


@pytest.fixture
def home(django_db_serialized_rollback):
    greek, _ = Locale.objects.get_or_create(language_code="el")
    get_user_model().objects.create_superuser("admin", "admin@example.com", PASSWORD)
    return make_site_home(greek)


def test_a_greek_title_fills_an_elot_slug(live_server, new_page, home):
    page = new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.locator("input[name=username]").fill("admin")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    page.goto(f"{live_server.url}/admin/pages/add/home/standardpage/{home.pk}/")
    title, slug = page.locator("#id_title"), page.locator("#id_slug")
    for text in TITLES:
        title.fill("")
        title.press_sequentially(text)
        # Playwright types letters off its US keyboard without key events; a last real
        # key (as a Greek keyboard gives for every letter) lets the title's keyup sync run.
        title.press("End")
        expect(slug).to_have_value(latin_slug(text))
    assert latin_slug(TITLES[0]) == "neo-systima-evangelismos"

    page.locator("form#page-edit-form").evaluate("form => form.requestSubmit()")
    expect(page).to_have_url(re.compile(r"/admin/pages/\d+/edit/"))
    assert StandardPage.objects.get(title=TITLES[-1]).slug == latin_slug(TITLES[-1])
    assert not page.console_errors
