import django_filters
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.pages.listing import PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import NewsCategory, NewsPage


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = _("News categories")
    list_display = ["name", "slug", "locale"]
    search_fields = ["name"]


class NewsFilterSet(PageFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Type"),
        choices=[("news", _("News items")), ("event", _("Events"))],
        method="filter_kind",
        empty_label=_("All"),
    )

    class Meta:
        model = NewsPage
        fields = []

    def filter_kind(self, queryset, name, value):
        if value == "news":
            return queryset.filter(eventpage__isnull=True)
        if value == "event":
            return queryset.filter(eventpage__isnull=False)
        return queryset


class NewsListingViewSet(PageListingViewSet):
    """Every news item and event of every locale, filterable by type."""

    model = NewsPage
    icon = "calendar"
    menu_label = _("News and events")
    add_to_admin_menu = True
    filterset_class = NewsFilterSet
    name = "news_listing"


register_snippet(NewsCategoryViewSet)


@hooks.register("register_admin_viewset")
def register_news_listing():
    return NewsListingViewSet("news_listing")
