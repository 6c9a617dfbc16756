"""The news index's stored sort date (NewsPage.sort_date): filled on every save and by the
migration, it keeps the listing in the order of the dates it shows; what the listing keeps
once per content version (years, number of items) holds only until an item expires."""

import datetime
import importlib
import re

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from news.models import EventPage, NewsPage
from tests.conftest import add_page, publish

from .conftest import add_event, add_news, at
from .test_listing import titles, year_options

pytestmark = pytest.mark.django_db

NOW = "2024-06-01 12:00:00+03:00"


def sort_date(page):
    return NewsPage.objects.values_list("sort_date", flat=True).get(pk=page.pk)


def test_a_news_item_sorts_by_its_publication_date_or_first_publication(news_index):
    dated = add_news(news_index, "Με ημερομηνία", "dated", date=datetime.date(2021, 3, 4))
    assert sort_date(dated) == datetime.date(2021, 3, 4)
    undated = add_news(news_index, "Χωρίς ημερομηνία", "undated", date=None)
    assert sort_date(undated) == timezone.localdate(undated.first_published_at)


def test_an_event_sorts_by_its_first_day_in_athens(news_index):
    # 00:30 in Athens is still the day before in UTC.
    event = add_event(
        news_index,
        "Μεταμεσονύχτια",
        "midnight",
        date=datetime.date(2023, 12, 1),
        start=at(2024, 1, 1, 0, 30),
        end=at(2024, 1, 1, 2),
    )
    assert sort_date(event) == datetime.date(2024, 1, 1)


def test_moving_an_event_moves_it_in_the_listing(client, news_index, time_machine):
    time_machine.move_to(NOW)
    add_news(news_index, "Νέο", "news", date=datetime.date(2024, 3, 1))
    event = add_event(
        news_index, "Εκδήλωση", "event", start=at(2024, 2, 1, 10), end=at(2024, 2, 1, 12)
    )
    assert titles(client.get("/el/news/")) == ["Νέο", "Εκδήλωση"]
    event = EventPage.objects.get(pk=event.pk)
    event.start, event.end = at(2024, 4, 1, 10), at(2024, 4, 1, 12)
    publish(event)
    assert titles(client.get("/el/news/")) == ["Εκδήλωση", "Νέο"]
    assert year_options(client.get("/el/news/")) == ["2024"]


def test_a_draft_save_does_not_move_the_live_item(client, news_index, time_machine):
    time_machine.move_to(NOW)
    event = add_event(
        news_index, "Εκδήλωση", "event", start=at(2024, 2, 1, 10), end=at(2024, 2, 1, 12)
    )
    event = EventPage.objects.get(pk=event.pk)
    event.start, event.end = at(2030, 4, 1, 10), at(2030, 4, 1, 12)
    event.save_revision()
    assert sort_date(event) == datetime.date(2024, 2, 1)


def test_the_migration_fills_the_sort_date_of_existing_items(news_index):
    news = add_news(news_index, "Νέο", "news", date=datetime.date(2022, 5, 6))
    undated = add_news(news_index, "Χωρίς", "undated", date=None)
    NewsPage.objects.filter(pk=undated.pk).update(date=None)
    event = add_event(
        news_index,
        "Εκδήλωση",
        "event",
        date=datetime.date(2022, 1, 1),
        start=at(2023, 7, 1, 0, 15),
        end=at(2023, 7, 1, 3),
    )
    draft = NewsPage(title="Πρόχειρο", slug="draft", summary="x")
    add_page(news_index, draft, live=False)
    NewsPage.objects.update(sort_date=None)

    migration = importlib.import_module("news.migrations.0005_sort_date")
    migration.fill_sort_dates(apps, SchemaEditor())

    assert sort_date(news) == datetime.date(2022, 5, 6)
    assert sort_date(undated) == timezone.localdate(undated.first_published_at)
    assert sort_date(event) == datetime.date(2023, 7, 1)
    assert sort_date(draft) is None


class SchemaEditor:
    """What the data migration uses of a schema editor (SQLite refuses a real one inside
    the test's transaction)."""

    connection = connection

    def execute(self, sql):
        with connection.cursor() as cursor:
            cursor.execute(sql)


def item_count(response):
    return int(re.search(r'<p class="meta" role="status">(\d+)', response.text).group(1))


def test_years_and_count_hold_only_until_the_first_item_expires(client, news_index, time_machine):
    """A page past its expiry time leaves the listing before the scheduler unpublishes it
    (biopa.visibility): the kept years and number of items must not outlive it, although
    nothing was published."""
    time_machine.move_to(NOW, tick=False)
    add_news(news_index, "Μένει", "stays", date=datetime.date(2024, 1, 1))
    leaving = add_news(news_index, "Φεύγει", "leaves", date=datetime.date(2019, 1, 1))
    NewsPage.objects.filter(pk=leaving.pk).update(
        expire_at=timezone.now() + datetime.timedelta(seconds=30)
    )
    publish(NewsPage.objects.get(slug="stays"))  # a new content version after the update
    response = client.get("/el/news/")
    assert year_options(response) == ["2024", "2019"]
    assert item_count(response) == 2

    time_machine.move_to("2024-06-01 12:00:40+03:00", tick=False)
    response = client.get("/el/news/")
    assert titles(response) == ["Μένει"]
    assert year_options(response) == ["2024"]
    assert item_count(response) == 1
    assert client.get("/el/news/?year=2019").status_code == 200
