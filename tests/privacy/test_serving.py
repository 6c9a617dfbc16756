"""Page serving's share of the rule (biopa/wagtail_hooks.py): what Wagtail itself serves
although the public may not see it."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from home.models import StandardPage
from tests.conftest import add_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(home_el):
    return add_page(home_el, StandardPage(title="Τμήμα", slug="section"))


def test_an_alias_whose_source_is_under_a_restricted_ancestor_is_not_found(
    client, home_el, section
):
    source = add_page(section, StandardPage(title="Πηγή", slug="source"))
    alias = source.create_alias(parent=home_el, update_slug="alias")
    assert client.get("/el/alias/").status_code == 200
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert Page.objects.get(pk=alias.pk).live
    assert client.get("/el/alias/").status_code == 404


def test_the_alias_opens_for_a_user_the_source_restriction_admits(admin_client, home_el, section):
    source = add_page(section, StandardPage(title="Πηγή", slug="source"))
    source.create_alias(parent=home_el, update_slug="alias")
    PageViewRestriction.objects.create(page=section, restriction_type=PageViewRestriction.LOGIN)
    assert admin_client.get("/el/alias/").status_code == 200


def test_a_live_page_past_its_expiry_time_is_not_found_before_the_scheduler_runs(client, home_el):
    page = add_page(home_el, StandardPage(title="Προσωρινή", slug="temporary"))
    assert client.get("/el/temporary/").status_code == 200
    Page.objects.filter(pk=page.pk).update(expire_at=timezone.now() - datetime.timedelta(minutes=1))
    assert Page.objects.get(pk=page.pk).live
    assert client.get("/el/temporary/").status_code == 404


def test_the_switcher_of_a_public_page_leaves_out_a_restricted_translation(
    client, home_el, home_en
):
    greek = add_page(home_el, StandardPage(title="Σελίδα", slug="page"))
    english = greek.copy_for_translation(home_en.locale)
    english.title = "Page"
    english.save_revision().publish()
    assert "/en/page/" in client.get("/el/page/").text
    PageViewRestriction.objects.create(page=english, restriction_type=PageViewRestriction.LOGIN)
    text = client.get("/el/page/").text
    assert "/en/page/" not in text
