"""Two editors on the same page see each other (Wagtail's editing sessions), the second
is told their version is out of date, and no revision is lost."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse
from wagtail.admin.models import EditingSession

from .test_permissions import edit_url, page_form

pytestmark = pytest.mark.django_db


def ping(client, page, session_id, **data):
    url = reverse(
        "wagtailadmin_editing_sessions:ping",
        args=("wagtailcore", "page", page.pk, session_id),
    )
    response = client.post(url, data)
    assert response.status_code == 200
    return response.json()


def test_two_editors_on_one_page(make_user, greek_page):
    anna, bill = Client(), Client()
    anna.force_login(make_user("Editors", username="anna"))
    bill.force_login(make_user("Editors", username="bill"))

    # Both open the editor: each gets an editing session.
    assert anna.get(edit_url(greek_page)).status_code == 200
    assert bill.get(edit_url(greek_page)).status_code == 200
    page_type = ContentType.objects.get_for_model(greek_page, for_concrete_model=False)
    sessions = EditingSession.objects.filter(object_id=str(greek_page.pk))
    assert {s.content_type_id for s in sessions} <= {
        page_type.pk,
        ContentType.objects.get(app_label="wagtailcore", model="page").pk,
    }
    assert sessions.count() == 2
    anna_session = sessions.get(user__username="anna").pk
    bill_session = sessions.get(user__username="bill").pk
    loaded = greek_page.latest_revision

    # Each sees the other.
    seen_by_anna = ping(anna, greek_page, anna_session, is_editing="1")
    assert [s["user"] for s in seen_by_anna["other_sessions"]] == ["bill"]
    seen_by_bill = ping(bill, greek_page, bill_session, revision_id=loaded.pk)
    assert [s["user"] for s in seen_by_bill["other_sessions"]] == ["anna"]
    assert seen_by_bill["other_sessions"][0]["is_editing"] is True

    # Anna saves: Bill's next ping names her new revision.
    response = anna.post(
        edit_url(greek_page),
        page_form("Υπηρεσίες (Άννα)", greek_page.slug, loaded_revision_id=loaded.pk),
    )
    assert response.status_code == 302
    annas = greek_page.revisions.order_by("-pk").first()
    assert annas.pk != loaded.pk
    seen_by_bill = ping(bill, greek_page, bill_session, revision_id=loaded.pk)
    assert seen_by_bill["other_sessions"][0]["revision_id"] == annas.pk

    # Bill's autosave from the old version is refused rather than overwriting hers.
    response = bill.post(
        edit_url(greek_page),
        page_form("Υπηρεσίες (Μπιλ)", greek_page.slug, loaded_revision_id=loaded.pk),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"

    # If Bill saves anyway, his version is a new revision: Anna's stays in the history.
    response = bill.post(
        edit_url(greek_page),
        page_form("Υπηρεσίες (Μπιλ)", greek_page.slug, loaded_revision_id=loaded.pk),
    )
    assert response.status_code == 302
    titles = [r.content["title"] for r in greek_page.revisions.order_by("pk")]
    assert titles[-2:] == ["Υπηρεσίες (Άννα)", "Υπηρεσίες (Μπιλ)"]
