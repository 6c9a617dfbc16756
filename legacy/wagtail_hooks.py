from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views


@hooks.register("register_admin_urls")
def register_legacy_urls():
    return [
        path("legacy-import/", views.index, name="legacy_index"),
        path("legacy-import/<int:pk>/", views.run_detail, name="legacy_run"),
        path("legacy-import/<int:pk>/confirm/", views.confirm, name="legacy_confirm"),
        path("legacy-import/<int:pk>/report.csv", views.report_csv, name="legacy_report_csv"),
    ]


class AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return views.is_administrator(request.user)


@hooks.register("register_settings_menu_item")
def register_legacy_menu_item():
    return AdministratorsMenuItem(
        _("Old site import"), reverse("legacy_index"), icon_name="download", order=900
    )
