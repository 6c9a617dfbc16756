"""Page serving's share of the rule (biopa/wagtail_hooks.py): what Wagtail itself serves
although the public may not see it."""

import datetime

import pytest
import time_machine
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
    expiry = timezone.now() + datetime.timedelta(hours=1)
    page = add_page(home_el, StandardPage(title="Προσωρινή", slug="temporary", expire_at=expiry))
    assert client.get("/el/temporary/").status_code == 200  # its route is kept from now on
    with time_machine.travel(expiry + datetime.timedelta(minutes=1), tick=False):
        assert Page.objects.get(pk=page.pk).live  # the scheduler has not run
        assert client.get("/el/temporary/").status_code == 404


def test_an_expiry_written_without_a_publish_shows_within_a_minute(client, home_el):
    page = add_page(home_el, StandardPage(title="Προσωρινή", slug="temporary"))
    assert client.get("/el/temporary/").status_code == 200
    # Set in the database by other means than a publish (no signal, no new content
    # version): the kept route is served for its 60 s at most, never later.
    now = timezone.now()
    Page.objects.filter(pk=page.pk).update(expire_at=now - datetime.timedelta(minutes=1))
    with time_machine.travel(now + datetime.timedelta(seconds=61), tick=False):
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
