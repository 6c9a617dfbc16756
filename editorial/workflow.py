"""Workflow actions that confirm themselves and leave nothing behind.

Every workflow action on a page (approve, approve with comment, request changes, and the
"and publish" of the last step) ends with a message that says what happened, wherever
it was taken: in the page editor's action menu (the `after_edit_page` hook below) or on
the dashboard's "awaiting your review" panel (Wagtail's workflow action view, which adds
none: `WorkflowActionView`, in the page viewset registered below). Cancelling and
restarting a workflow already have Wagtail's own messages.

Autosave after a workflow action: the editor's workflow buttons add hidden inputs to the
edit form, Wagtail's unsaved-changes check took them for an edit, and autosave posted the
form a moment after the approval had published the page, which saved a new draft
(LIVE + DRAFT). The editor's script (static/editorial/workflow-autosave.js) stops
autosave once the form is submitted; on the server an autosave that carries a workflow
action is refused, and one that changes nothing against the latest revision saves no
revision (`before_edit_page` hook below).

Imported by EditorialConfig.ready(), which registers the hooks.
"""

import html
import json

from django.contrib import messages as django_messages
from django.http import JsonResponse
from django.templatetags.static import static
from django.utils.html import format_html, strip_tags
from django.utils.translation import gettext as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_latest_str
from wagtail.admin.views.pages.workflow import WorkflowActionView as WagtailWorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page, PageSubscription, TaskState

WORKFLOW_FIELDS = ("action-workflow-action", "workflow-action-name")


def confirm_workflow_action(request, page, task_state, action_name, comment=""):
    """Add the message that tells the user what `action_name` on `task_state` did; nothing
    when the task state is still in progress (the action did not happen)."""
    task_state.refresh_from_db()
    if task_state.status == TaskState.STATUS_IN_PROGRESS:
        return False
    page = Page.objects.get(pk=page.pk).specific
    title = get_latest_str(page)
    buttons = []
    if task_state.status == TaskState.STATUS_REJECTED:
        message = _("Changes requested on page '%(page_title)s': it is back with its author.") % {
            "page_title": title
        }
    elif task_state.status == TaskState.STATUS_APPROVED:
        next_task = page.current_workflow_task
        if next_task is not None:
            message = _("Page '%(page_title)s' approved; it now awaits '%(task_name)s'.") % {
                "page_title": title,
                "task_name": next_task.name,
            }
        elif page.live and not page.has_unpublished_changes:
            message = _("Page '%(page_title)s' approved and published.") % {"page_title": title}
            if page.url:
                buttons.append(messages.button(page.url, _("View live"), new_window=False))
        elif page.scheduled_revision:
            message = _(
                "Page '%(page_title)s' approved; it will be published at its go-live date."
            ) % {"page_title": title}
        else:
            message = _("Page '%(page_title)s' approved.") % {"page_title": title}
    else:
        message = _("Workflow action on page '%(page_title)s' done.") % {"page_title": title}
    if comment:
        message = f"{message} {_('Your comment is kept in the workflow history.')}"
    messages.success(request, message, buttons=buttons)
    return True


def drop_message(request, text):
    """Take the queued message `text` out of the request's messages (the editor's generic
    "has been updated" after a workflow action, which the specific message replaces)."""
    storage = django_messages.get_messages(request)
    kept = [message for message in storage if text_of(message.message) != text]
    for message in kept:
        django_messages.add_message(
            request, message.level, message.message, extra_tags=message.extra_tags
        )


def text_of(message):
    """The text of a message as Wagtail renders it (escaped, its buttons after a span)."""
    text = str(message).split('<span class="buttons">')[0]
    return " ".join(html.unescape(strip_tags(text)).split())


class WorkflowActionView(WagtailWorkflowActionView):
    """Wagtail's workflow action view (the dashboard's Approve / Request changes buttons
    and their comment dialogs), with a confirmation message."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        comment = request.POST.get("comment", "").strip()
        confirm_workflow_action(request, self.object, self.task_state, self.action_name, comment)
        return response


class EditorialPageViewSet(PageViewSet):
    """Every page type's views, Wagtail's own except the workflow action view. Registered
    after Wagtail's base page viewset (order -1), so it takes its place for `Page`."""

    workflow_action_view_class = WorkflowActionView


editorial_page_viewset = EditorialPageViewSet()


@hooks.register("register_admin_viewset")
def register_editorial_page_viewset():
    return editorial_page_viewset


def expects_json(request):
    """An autosave: the editor's background post (Wagtail's `expects_json_response`)."""
    return not request.accepts("text/html")


@hooks.register("before_edit_page")
def guard_autosave_and_note_workflow_action(request, page):
    if request.method != "POST":
        return None
    if expects_json(request):
        if any(name in request.POST for name in WORKFLOW_FIELDS):
            # Only a page whose form was being submitted with a workflow action posts
            # these in the background: the action is the form's, never the autosave's.
            return JsonResponse(
                {
                    "success": False,
                    "error_code": "invalid_revision",
                    "error_message": _(
                        "Autosave paused: the page has been sent with a workflow action."
                    ),
                },
                status=400,
            )
        if not autosave_changes_anything(request, page):
            return JsonResponse({"success": True, "pk": page.pk})
        return None
    if request.POST.get("action-workflow-action"):
        # after_edit_page tells what the action did to this task state.
        request.editorial_task_state = page.current_workflow_task_state
    return None


def autosave_changes_anything(request, page):
    """Whether the autosaved form differs from the latest revision (`page` is the latest
    revision as the editor loads it), by the form's own comparison, as Wagtail decides
    whether an approval saves a new revision."""
    form_class = page.get_edit_handler().get_form_class()
    subscription = PageSubscription.objects.filter(
        page=page, user=request.user
    ).first() or PageSubscription(page=page, user=request.user, comment_notifications=False)
    form = form_class(
        request.POST,
        request.FILES,
        instance=page,
        subscription=subscription,
        parent_page=page.get_parent(),
        for_user=request.user,
    )
    return form.has_changed()


@hooks.register("after_edit_page")
def confirm_editor_workflow_action(request, page):
    task_state = getattr(request, "editorial_task_state", None)
    if task_state is None:
        return None
    action_name = request.POST.get("workflow-action-name", "")
    comment = _comment(request.POST.get("workflow-action-extra-data", ""))
    generic = _("Page '%(page_title)s' has been updated.") % {
        "page_title": page.get_admin_display_title()
    }
    if confirm_workflow_action(request, page, task_state, action_name, comment):
        drop_message(request, generic)
    return None


def _comment(extra_json):
    """The comment of an "... with comment" action, from the editor's extra data."""
    try:
        return str(json.loads(extra_json or "{}").get("comment") or "").strip()
    except (ValueError, AttributeError):
        return ""


@hooks.register("insert_editor_js")
def stop_autosave_on_submit():
    return format_html('<script src="{}"></script>', static("editorial/workflow-autosave.js"))
