"""Workflow actions through the admin: each one says what it did, in the page editor and
on the dashboard; approving and publishing leaves no draft behind, even when the editor's
autosave posts the form again after the approval."""

import html
import json
import re

import pytest
from django.urls import reverse
from wagtail.models import Page, TaskState, WorkflowState
from wagtail.users.models import UserProfile

from home.models import StandardPage
from tests.conftest import add_page, page_form

TITLE = "Ώρες λειτουργίας"


def english_admin(user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def moderator(members):
    return english_admin(members["Moderators"])


@pytest.fixture
def editor(members):
    return english_admin(members["Editors"])


@pytest.fixture
def in_review(home_el, editor):
    """A live page whose new draft an editor has submitted for moderation."""
    page = add_page(home_el, StandardPage(title=TITLE, slug="ores", introduction="Πρώτη"))
    page.introduction = "Δεύτερη"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    page.refresh_from_db()
    return page


def edit_form(page, **fields):
    """The edit form as the editor's browser sends it for `page` as it stands."""
    page = page.get_latest_revision_as_object()
    revision = page.get_latest_revision()
    return page_form(
        page.title,
        page.slug,
        introduction=page.introduction,
        loaded_revision_id=str(revision.pk),
        loaded_revision_created_at=revision.created_at.isoformat(),
        **fields,
    )


def workflow_fields(action, comment=None):
    fields = {"action-workflow-action": "true", "workflow-action-name": action}
    if comment is not None:
        fields["workflow-action-extra-data"] = json.dumps({"comment": comment})
    return fields


def action_url(page, action):
    """The address of a dashboard workflow button."""
    task_state = page.current_workflow_task_state
    return reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])


def autosave(client, page, data):
    return client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]), data, HTTP_ACCEPT="application/json"
    )


def messages_shown(client):
    """The messages the next admin page shows, as text (without their buttons)."""
    response = client.get(reverse("wagtailadmin_home"))
    return [text_of(message.message) for message in response.context["messages"]]


def text_of(message):
    text = str(message).split('<span class="buttons">')[0]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def test_autosave_after_approve_and_publish_saves_no_draft(client, moderator, in_review):
    client.force_login(moderator)
    # The form as the moderator's browser loaded it; the approve button added its inputs.
    form = edit_form(in_review, **workflow_fields("approve"))
    response = client.post(reverse("wagtailadmin_pages:edit", args=[in_review.pk]), form)
    assert response.status_code == 302
    page = Page.objects.get(pk=in_review.pk).specific
    assert page.live and not page.has_unpublished_changes
    assert page.introduction == "Δεύτερη"
    revisions = page.revisions.count()

    # Autosave posts the same form in the background, workflow inputs and all: refused.
    response = autosave(client, in_review, form)
    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    # Without them (an unchanged form): a success that saves nothing.
    unchanged = edit_form(in_review)
    response = autosave(client, in_review, unchanged)
    assert response.status_code == 200
    assert response.json()["success"] is True
    assert "revision_id" not in response.json()

    page = Page.objects.get(pk=in_review.pk)
    assert page.revisions.count() == revisions
    assert page.live and not page.has_unpublished_changes


def test_autosave_of_a_change_still_saves_a_draft(client, moderator, in_review):
    client.force_login(moderator)
    revisions = in_review.revisions.count()
    form = edit_form(in_review)
    form["introduction"] = "Τρίτη"
    response = autosave(client, in_review, form)
    assert response.status_code == 200
    assert response.json()["revision_id"]
    assert in_review.revisions.count() == revisions + 1
    page = StandardPage.objects.get(pk=in_review.pk)
    assert page.get_latest_revision_as_object().introduction == "Τρίτη"


APPROVED = f"Page '{TITLE}' approved and published."
COMMENT = "Your comment is kept in the workflow history."
REJECTED = f"Changes requested on page '{TITLE}': it is back with its author."


@pytest.mark.parametrize(
    ("action", "comment", "expected", "status"),
    [
        ("approve", None, [APPROVED], TaskState.STATUS_APPROVED),
        ("approve", "Εντάξει", [f"{APPROVED} {COMMENT}"], TaskState.STATUS_APPROVED),
        ("reject", "Λείπει η ώρα", [f"{REJECTED} {COMMENT}"], TaskState.STATUS_REJECTED),
    ],
    ids=["approve", "approve-with-comment", "request-changes"],
)
@pytest.mark.parametrize("place", ["editor", "dashboard"])
def test_each_workflow_action_confirms_with_a_message(
    client, moderator, in_review, place, action, comment, expected, status
):
    client.force_login(moderator)
    task_state = in_review.current_workflow_task_state
    if place == "editor":
        url = reverse("wagtailadmin_pages:edit", args=[in_review.pk])
        response = client.post(url, edit_form(in_review, **workflow_fields(action, comment)))
    else:
        # The dashboard's buttons: a plain post, or the comment dialog's (XMLHttpRequest).
        dashboard = client.get(reverse("wagtailadmin_home"))
        url = action_url(in_review, action)
        assert url in dashboard.content.decode()
        data = {"next": reverse("wagtailadmin_home")}
        headers = {}
        if comment is not None:
            data["comment"] = comment
            headers["HTTP_X_REQUESTED_WITH"] = "XMLHttpRequest"
        response = client.post(url, data, **headers)
    assert response.status_code in (200, 302)
    task_state.refresh_from_db()
    assert task_state.status == status
    assert messages_shown(client) == expected
    page = Page.objects.get(pk=in_review.pk)
    assert not page.has_unpublished_changes or status == TaskState.STATUS_REJECTED


def test_the_message_shows_on_the_dashboard(client, moderator, in_review):
    client.force_login(moderator)
    task_state = in_review.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[in_review.pk, "approve", task_state.pk]
    )
    response = client.post(url, {"next": reverse("wagtailadmin_home")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "approved and published" in response.content.decode()


@pytest.mark.parametrize(
    ("button", "expected", "status"),
    [
        ("action-submit", "Page '%s' has been submitted for moderation.", "in_progress"),
        ("action-restart-workflow", "Workflow on page '%s' has been restarted.", "in_progress"),
        ("action-cancel-workflow", "Workflow on page '%s' has been cancelled.", None),
    ],
    ids=["resubmit", "restart", "cancel"],
)
def test_the_author_resubmits_restarts_or_cancels_with_a_message(
    client, moderator, editor, in_review, button, expected, status
):
    """After changes were requested, the author's own workflow actions confirm too."""
    client.force_login(moderator)
    task_state = in_review.current_workflow_task_state
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=[in_review.pk, "reject", task_state.pk]
    )
    client.post(url, {"comment": "Λείπει η ώρα"})
    assert in_review.current_workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES
    messages_shown(client)  # the moderator's confirmation, read
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:edit", args=[in_review.pk])
    response = client.post(url, edit_form(in_review, **{button: "1"}))
    assert response.status_code == 302
    assert messages_shown(client) == [expected % TITLE]
    state = in_review.current_workflow_state
    assert (state and state.status) == status
