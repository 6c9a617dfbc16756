from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .groups import TRANSLATORS
from .permissions import (
    COLLECTION_PRIVACY_ERROR,
    crosses_collection_privacy,
    may_cross_collection_privacy,
)
from .views import TranslationStatusView


@hooks.register("register_admin_urls")
def register_translation_status_urls():
    return [
        path(
            "reports/translation-status/",
            TranslationStatusView.as_view(),
            name="editorial_translation_status",
        ),
        path(
            "reports/translation-status/results/",
            TranslationStatusView.as_view(results_only=True),
            name="editorial_translation_status_results",
        ),
    ]


class TranslationStatusMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(
            request.user, ["add", "change", "publish"]
        )


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return TranslationStatusMenuItem(
        _("Translation status"),
        reverse("editorial_translation_status"),
        name="translation-status",
        icon_name="globe",
        order=1000,
    )


def only_translates(user):
    """A member of Translators and of no group that may restructure the tree."""
    if user.is_superuser:
        return False
    names = set(user.groups.values_list("name", flat=True))
    return TRANSLATORS in names and names <= {TRANSLATORS}


# The page permission tester (editorial/permissions.py) already hides and refuses these
# actions; the hooks below stay as a second line, for views that ask Wagtail's own tester
# (the root page's, say) or none at all.

TRANSLATORS_REFUSED = _("Translators may not delete, move or reorder pages.")


def refuse(request, reason, *, back_url=None):
    """A refusal as an admin page of its own, with the reason and a way back."""
    return render(
        request,
        "editorial/refused.html",
        {
            "page_title": _("Not allowed"),
            "header_title": _("Not allowed"),
            "header_icon": "warning",
            "reason": reason,
            "back_url": back_url or reverse("wagtailadmin_home"),
        },
        status=403,
    )


def _explore_url(page):
    parent = page.get_parent()
    return reverse("wagtailadmin_explore", args=(parent.pk,)) if parent else None


@hooks.register("before_delete_page")
def translators_do_not_delete(request, page):
    if only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=_explore_url(page))


@hooks.register("before_move_page")
def translators_do_not_move(request, page, destination):
    if only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=_explore_url(page))


@hooks.register("before_bulk_action")
def translators_do_not_bulk_delete_or_move(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move") and only_translates(request.user):
        return refuse(request, TRANSLATORS_REFUSED, back_url=action_class_instance.next_url)


@hooks.register("before_bulk_action")
def files_keep_their_privacy(request, action_type, objects, action_class_instance):
    """Wagtail's "Add to collection" bulk action for documents and images moves files
    without their edit form, so the form's check is made here as well."""
    if action_type != "add_to_collection" or not objects:
        return None
    destination = action_class_instance.cleaned_form.cleaned_data.get("collection")
    if may_cross_collection_privacy(request.user, type(objects[0])):
        return None
    sources = {item.collection_id for item in objects}
    if destination is not None and crosses_collection_privacy(sources, destination.pk):
        return refuse(request, COLLECTION_PRIVACY_ERROR, back_url=action_class_instance.next_url)
    return None


@hooks.register("construct_page_action_menu")
def hide_delete_from_translators(menu_items, request, context):
    if only_translates(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-delete"]
