"""The admin form of news items and events."""

from wagtail.admin.forms import WagtailAdminPageForm


class NewsPageForm(WagtailAdminPageForm):
    """Categories offered in the page's own language only: a Greek item is filed under the
    Greek categories (their translations follow by translation key), an English one under
    the English categories."""

    def __init__(self, *args, **kwargs):
        from .models import NewsCategory  # news.models names this form as its base

        super().__init__(*args, **kwargs)
        if "categories" in self.fields:
            locale_id = self.instance.locale_id or getattr(self.parent_page, "locale_id", None)
            self.fields["categories"].queryset = NewsCategory.objects.filter(locale_id=locale_id)
