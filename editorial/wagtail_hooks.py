from django.http import HttpResponseForbidden
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from .groups import TRANSLATORS
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


def _refuse(request):
    return HttpResponseForbidden(_("Translators may not delete or move pages."))


@hooks.register("before_delete_page")
def translators_do_not_delete(request, page):
    if only_translates(request.user):
        return _refuse(request)


@hooks.register("before_move_page")
def translators_do_not_move(request, page, destination):
    if only_translates(request.user):
        return _refuse(request)


@hooks.register("before_bulk_action")
def translators_do_not_bulk_delete_or_move(request, action_type, objects, action_class_instance):
    if action_type in ("delete", "move") and only_translates(request.user):
        return _refuse(request)


@hooks.register("construct_page_action_menu")
def hide_delete_from_translators(menu_items, request, context):
    if only_translates(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "action-delete"]
