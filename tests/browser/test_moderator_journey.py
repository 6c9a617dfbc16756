"""The moderator's journey in a real browser: an editor submits a change to a live news
item for moderation; the moderator approves and publishes it from the page editor. Three
seconds later (autosave used to post the form again 0.8 s after the approval) the page
is live with no draft, in the database and on the page's status badge, and the moderator
was told what happened."""

import re

import pytest
from playwright.sync_api import expect

from news.models import NewsPage
from tests.browser.test_editorial_flow import click_action, log_in, publish, site  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Διακοπή νερού στο πάρκο"


def test_approve_and_publish_from_the_editor_leaves_no_draft(live_server, new_page, site):  # noqa: F811
    base = live_server.url
    item = NewsPage(title=TITLE, slug="diakopi-nerou", summary="Την Τρίτη.")
    site["news"].add_child(instance=item)
    item = publish(item)

    # The editor changes the summary and submits the change for moderation.
    editor = new_page()
    log_in(editor, base, "editors")
    editor.goto(f"{base}/admin/pages/{item.pk}/edit/")
    editor.locator("#id_summary").fill("Την Τρίτη, από τις 8 ως τις 12.")
    click_action(editor, "button[name='action-submit']")
    expect(editor).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    item.refresh_from_db()
    assert item.has_unpublished_changes
    assert item.current_workflow_state is not None

    # The moderator approves and publishes from the page editor.
    moderator = new_page()
    log_in(moderator, base, "moderators")
    moderator.goto(f"{base}/admin/pages/{item.pk}/edit/")
    # Wagtail's unsaved-changes check starts two seconds after the editor loads.
    moderator.wait_for_timeout(2500)
    click_action(
        moderator,
        "button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])",
    )
    expect(moderator).to_have_url(re.compile(r"/admin/pages/\d+/$"))
    expect(moderator.locator(".messages")).to_contain_text(
        f"Page '{TITLE}' approved and published."
    )
    revisions = item.revisions.count()

    moderator.wait_for_timeout(3000)
    item = NewsPage.objects.get(pk=item.pk)
    assert item.live
    assert not item.has_unpublished_changes
    assert item.summary == "Την Τρίτη, από τις 8 ως τις 12."
    assert item.revisions.count() == revisions
    assert item.current_workflow_state is None

    # In the explorer, where the approval led, the page's status badge says live, with no
    # draft ("live + draft" before).
    moderator.reload()
    row = moderator.locator("tr", has_text=TITLE)
    expect(row.locator(".w-status")).to_have_text(re.compile(r":\s*live\s*$", re.IGNORECASE))
