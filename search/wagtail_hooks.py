from django.contrib.auth.models import Permission
from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .admin_views import REPORT_PERMISSION, SearchQueryReportView

report_urls = (
    [
        path("", SearchQueryReportView.as_view(), name="index"),
        path("results/", SearchQueryReportView.as_view(results_only=True), name="results"),
    ],
    "search_report",
)


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("reports/site-searches/", include(report_urls))]


class SearchReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(REPORT_PERMISSION)


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchReportMenuItem(
        _("Site searches"),
        reverse("search_report:index"),
        name="site-searches",
        icon_name="search",
        order=1310,
    )


@hooks.register("register_permissions")
def register_permissions():
    return Permission.objects.filter(
        content_type__app_label="search", codename="view_searchquerylog"
    )
