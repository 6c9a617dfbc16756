"""Scheduled publishing and expiry happen when `publish_scheduled` runs (what `make run`
runs every minute, and production runs from cron or a timer)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from home.models import StandardPage

from .test_permissions import add_url, page_form

pytestmark = pytest.mark.django_db

LOCAL = "%Y-%m-%d %H:%M"


def test_moderator_schedules_publication_and_expiry(client, members, home_el):
    now = timezone.now().replace(second=0, microsecond=0)
    go_live = timezone.localtime(now + timedelta(days=2))
    expire = timezone.localtime(now + timedelta(days=5))
    client.force_login(members["Moderators"])
    response = client.post(
        add_url(home_el),
        page_form(
            "Προγραμματισμένη",
            "programmatismeni",
            go_live_at=go_live.strftime(LOCAL),
            expire_at=expire.strftime(LOCAL),
            **{"action-publish": "1"},
        ),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="programmatismeni")
    assert not page.live
    assert page.scheduled_revision is not None
    assert client.get("/el/programmatismeni/").status_code == 404

    with time_machine.travel(now + timedelta(days=1), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live

    with time_machine.travel(now + timedelta(days=2, minutes=1), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    client.logout()
    assert client.get("/el/programmatismeni/").status_code == 200

    with time_machine.travel(now + timedelta(days=5, minutes=1), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.expired
    assert client.get("/el/programmatismeni/").status_code == 404


def test_editor_cannot_schedule_directly(client, members, home_el):
    later = timezone.localtime(timezone.now() + timedelta(days=1))
    client.force_login(members["Editors"])
    client.post(
        add_url(home_el),
        page_form(
            "Πρόχειρη", "procheiri", go_live_at=later.strftime(LOCAL), **{"action-publish": "1"}
        ),
    )
    page = StandardPage.objects.get(slug="procheiri")
    with time_machine.travel(timezone.now() + timedelta(days=2), tick=False):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live
    assert page.scheduled_revision is None
