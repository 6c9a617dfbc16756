"""The header search box in a real browser: suggestions as an accessible combobox, and the
plain form without JavaScript."""

import re

import pytest

from home.models import StandardPage
from tests.conftest import add_page

from . import corpus

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def site(django_db_serialized_rollback, settings):
    settings.AXES_ENABLED = False
    home_el, _home_en = corpus.homes()
    add_page(home_el, StandardPage(title="Οδηγός επενδυτή", slug="guide"))
    add_page(home_el, StandardPage(title="Οδηγίες πρόσβασης", slug="directions"))
    return home_el


def test_suggestions_by_keyboard(live_server, new_page, site):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(f"{live_server.url}/el/")
    box = page.get_by_role("combobox", name=re.compile("Αναζήτηση|Search"))
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press_sequentially("οδηγ", delay=30)
    listbox = page.locator("#site-search-suggestions")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    options = listbox.get_by_role("option")
    expect(options).to_have_count(2)
    expect(page.locator("#site-search-status")).to_contain_text("2")

    box.press("ArrowDown")
    first = options.nth(0)
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    box.press("ArrowDown")
    expect(options.nth(1)).to_have_attribute("aria-selected", "true")
    box.press("ArrowUp")
    expect(first).to_have_attribute("aria-selected", "true")

    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.press("ArrowDown")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/el/(guide|directions)/$"))
    assert page.console_errors == []


def test_enter_without_a_choice_submits_the_form(live_server, new_page, site):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(f"{live_server.url}/el/")
    box = page.get_by_role("combobox")
    box.fill("οδηγος")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"/el/search/\?q="))
    expect(page.locator(".search-result")).to_have_count(1)


def test_the_form_works_without_javascript(live_server, new_page, site):
    from playwright.sync_api import expect

    page = new_page(javascript=False)
    page.goto(f"{live_server.url}/el/")
    page.locator("#site-search").fill("ΟΔΗΓΟΣ")
    page.locator(".search-form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/el/search/\?q="))
    expect(page.locator(".search-result mark").first).to_have_text("Οδηγός")
