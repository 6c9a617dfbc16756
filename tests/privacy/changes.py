"""The ways content stops being public, as one plan that this test process or a `manage.py`
subprocess applies: the same code, so that only the process differs.

A plan is a list of steps (JSON-able dicts); `apply` runs them in order.
"""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import CollectionViewRestriction, Page, PageViewRestriction

PASSWORD = "a matrix password"  # noqa: S105 - a test restriction's password


def restrict(step):
    restriction = PageViewRestriction.objects.create(
        page=Page.objects.get(pk=step["page"]),
        restriction_type=step["type"],
        password=PASSWORD if step["type"] == PageViewRestriction.PASSWORD else "",
    )
    if step["type"] == PageViewRestriction.GROUPS:
        restriction.groups.add(Group.objects.get(pk=step["group"]))


def restrict_collection(step):
    CollectionViewRestriction.objects.create(
        collection_id=step["collection"], restriction_type=CollectionViewRestriction.LOGIN
    )


def unpublish(step):
    Page.objects.get(pk=step["page"]).specific.unpublish()


def expire(step):
    """An editor's (or a script's) edit that puts the expiry time in the past."""
    page = Page.objects.get(pk=step["page"]).specific
    page.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    page.save(update_fields=["expire_at"])


def time_passes(step):
    """The expiry time reached by the clock alone: no save, no signal, as in production
    between the moment a page expires and the scheduler's next run."""
    Page.objects.filter(pk=step["page"]).update(
        expire_at=timezone.now() - datetime.timedelta(minutes=1)
    )


def draft_title(step):
    """A new title saved as a draft, not published."""
    page = Page.objects.get(pk=step["page"]).specific
    page.title = step["title"]
    page.save_revision()


ACTIONS = {
    "restrict": restrict,
    "restrict_collection": restrict_collection,
    "unpublish": unpublish,
    "expire": expire,
    "time_passes": time_passes,
    "draft_title": draft_title,
}


def apply(plan):
    for step in plan:
        ACTIONS[step["action"]](step)
