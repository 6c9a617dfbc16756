"""The news index's sort date, stored (news.NewsPage.sort_date): an event's first day in
Athens, else the publication date, else the day of first publication. The listing is
ordered and filtered by year on its index instead of on that expression worked out per
row; the existing items get it here, new saves fill it in themselves."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations, models
from django.db.models import DateField, F, OuterRef, Subquery
from django.db.models.functions import Coalesce, TruncDate


def fill_sort_dates(apps, schema_editor):
    news_page = apps.get_model("news", "NewsPage")
    event_page = apps.get_model("news", "EventPage")
    page = apps.get_model("wagtailcore", "Page")
    athens = ZoneInfo(settings.TIME_ZONE)

    def day_of(model, field):
        return Subquery(
            model.objects.filter(pk=OuterRef("pk"))
            .annotate(day=TruncDate(field, tzinfo=athens))
            .values("day")[:1]
        )

    news_page.objects.update(
        sort_date=Coalesce(
            day_of(event_page, "start"),
            F("date"),
            day_of(page, "first_published_at"),
            output_field=DateField(),
        )
    )
    if schema_editor.connection.vendor == "postgresql":
        # Statistics for the new column now, not at autovacuum's next pass: the planner
        # picks the index scan from them.
        schema_editor.execute("ANALYZE news_newspage")


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0004_rich_text_library_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="newspage",
            name="sort_date",
            field=models.DateField(
                db_index=True, editable=False, null=True, verbose_name="listing date"
            ),
        ),
        migrations.RunPython(fill_sort_dates, migrations.RunPython.noop, elidable=True),
    ]
