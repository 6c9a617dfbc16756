import datetime
import re

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from news.models import EventPage, NewsIndexPage, NewsPage

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db

NOW = "2024-06-01 12:00:00+03:00"


class TestPageTree(WagtailPageTestCase):
    def test_news_index_under_home_holds_news_and_events(self):
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage, EventPage})
        self.assertAllowedParentPageTypes(EventPage, {NewsIndexPage})
        self.assertCanNotCreateAt(Page, NewsPage)


def titles(response):
    assert response.status_code == 200
    listing = response.text.split('class="news-list"', 1)
    if len(listing) == 1:
        return []
    return re.findall(r'<h3><a href="[^"]+">([^<]+)</a></h3>', listing[1].split("</ul>", 1)[0])


@pytest.fixture
def tree(news_index, categories, time_machine):
    time_machine.move_to(NOW)
    index = news_index
    add_news(
        index,
        "Νέο 2023",
        "news-2023",
        date=datetime.date(2023, 3, 1),
        categories=[categories["grants"]],
    )
    add_news(
        index,
        "Νέο 2024",
        "news-2024",
        date=datetime.date(2024, 5, 1),
        categories=[categories["works"]],
    )
    add_event(
        index,
        "Παλιά εκδήλωση",
        "past-event",
        date=datetime.date(2023, 9, 1),
        start=at(2023, 10, 1, 10),
        end=at(2023, 10, 1, 14),
        categories=[categories["grants"]],
    )
    add_event(
        index,
        "Μακρινή εκδήλωση",
        "far-event",
        date=datetime.date(2024, 4, 1),
        start=at(2024, 9, 1, 10),
        end=at(2024, 9, 1, 14),
        categories=[categories["works"], categories["grants"]],
    )
    add_event(
        index,
        "Κοντινή εκδήλωση",
        "near-event",
        date=datetime.date(2024, 2, 1),
        start=at(2024, 6, 10, 10),
        end=at(2024, 6, 10, 14),
        categories=[categories["works"]],
    )
    draft = NewsPage(
        title="Πρόχειρο", slug="draft", summary="x", live=False, date=datetime.date(2024, 6, 1)
    )
    draft.locale = index.locale
    index.add_child(instance=draft)
    return index


# By the date each item shows: an event's start (far 2024-09-01, near 2024-06-10, past
# 2023-10-01), a news item's publication date (2024-05-01, 2023-03-01); not by the events'
# publication dates (2024-04-01, 2024-02-01, 2023-09-01), which the listing does not show.
ALL = ["Μακρινή εκδήλωση", "Κοντινή εκδήλωση", "Νέο 2024", "Παλιά εκδήλωση", "Νέο 2023"]


def test_listing_is_in_the_order_of_the_dates_it_shows_and_leaves_out_drafts(client, tree):
    assert titles(client.get("/el/news/")) == ALL


def year_options(response):
    select = response.text.split('name="year"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="(\d+)"', select)


def test_year_filter_offers_only_years_with_items_of_that_locale(
    client, tree, news_index_en, categories
):
    add_event(
        tree,
        "Εκδήλωση του 2025",
        "event-2025",
        date=datetime.date(2024, 5, 2),  # published in 2024, takes place in 2025
        start=at(2025, 1, 20, 10),
        end=at(2025, 1, 20, 12),
    )
    add_news(news_index_en, "English 2019", "english-2019", date=datetime.date(2019, 1, 1))
    assert year_options(client.get("/el/news/")) == ["2025", "2024", "2023"]
    assert year_options(client.get("/en/news/")) == ["2019"]
    # The year filter goes by the date shown, as the order does.
    assert titles(client.get("/el/news/?year=2025")) == ["Εκδήλωση του 2025"]
    assert "Εκδήλωση του 2025" not in titles(client.get("/el/news/?year=2024"))
    assert titles(client.get("/el/news/")).index("Εκδήλωση του 2025") == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=news", ["Νέο 2024", "Νέο 2023"]),
        ("type=event", ["Μακρινή εκδήλωση", "Κοντινή εκδήλωση", "Παλιά εκδήλωση"]),
        ("when=upcoming", ["Κοντινή εκδήλωση", "Μακρινή εκδήλωση"]),
        ("when=past", ["Παλιά εκδήλωση"]),
        ("category=grants", ["Μακρινή εκδήλωση", "Παλιά εκδήλωση", "Νέο 2023"]),
        ("category=works", ["Μακρινή εκδήλωση", "Κοντινή εκδήλωση", "Νέο 2024"]),
        ("year=2023", ["Παλιά εκδήλωση", "Νέο 2023"]),
        ("year=2024", ["Μακρινή εκδήλωση", "Κοντινή εκδήλωση", "Νέο 2024"]),
        ("type=news&category=works", ["Νέο 2024"]),
        ("type=event&year=2023", ["Παλιά εκδήλωση"]),
        ("type=event&when=upcoming&category=grants", ["Μακρινή εκδήλωση"]),
        ("when=upcoming&year=2024&category=works", ["Κοντινή εκδήλωση", "Μακρινή εκδήλωση"]),
        ("type=news&when=upcoming", []),
        ("category=grants&year=2024", ["Μακρινή εκδήλωση"]),
        ("type=news&year=2022", []),
    ],
)
def test_filters_and_their_combinations(client, tree, query, expected):
    assert titles(client.get(f"/el/news/?{query}")) == expected


@pytest.mark.parametrize(
    "query",
    [
        "type=podcast",
        "when=tomorrow",
        "category=no-such-category",
        "year=abcd",
        "year=99999",
        "year=٢٠٢٤",
        "year=",
        "type=%00&when[]=x",
        "category=" + "x" * 5000,
    ],
)
def test_unknown_filter_values_are_ignored(client, tree, query):
    assert titles(client.get(f"/el/news/?{query}")) == ALL


def test_an_event_under_way_is_still_upcoming(client, tree, time_machine):
    time_machine.move_to("2024-06-10 12:00:00+03:00")
    assert titles(client.get("/el/news/?when=upcoming")) == ["Κοντινή εκδήλωση", "Μακρινή εκδήλωση"]
    time_machine.move_to("2024-06-10 14:00:00+03:00")
    assert titles(client.get("/el/news/?when=upcoming")) == ["Μακρινή εκδήλωση"]


def test_active_filters_are_shown_and_removable(client, tree):
    response = client.get("/el/news/?type=event&category=grants&year=2024")
    text = response.text
    assert 'class="active-filters"' in text
    assert "Χρηματοδοτήσεις" in text
    # Removing the category keeps the type and the year.
    assert 'href="/el/news/?type=event&amp;year=2024" class="active-filter"' in text
    assert 'href="/el/news/?category=grants&amp;year=2024" class="active-filter"' in text
    assert '<option value="grants" selected>' in text


def test_no_active_filters_without_filters(client, tree):
    assert 'class="active-filters"' not in client.get("/el/news/?type=nope").text


def test_categories_show_in_the_language_of_the_page(client, tree, news_index_en, categories):
    response = client.get("/en/news/")
    assert '<option value="grants">Grants</option>' in response.text


@pytest.fixture
def many(news_index):
    for i in range(25):
        add_news(
            news_index,
            f"Είδηση {i:02d}",
            f"item-{i}",
            date=datetime.date(2024, 1, 1) + datetime.timedelta(days=i),
        )
    return news_index


def test_ten_items_a_page(client, many):
    first = titles(client.get("/el/news/"))
    assert len(first) == 10
    assert first[0] == "Είδηση 24"
    assert titles(client.get("/el/news/?page=2"))[0] == "Είδηση 14"
    last = titles(client.get("/el/news/?page=3"))
    assert last[-1] == "Είδηση 00"
    assert len(last) == 5


def test_pagination_keeps_the_filters(client, many):
    response = client.get("/el/news/?type=news&page=2")
    assert 'href="?type=news&amp;page=3"' in response.text
    assert 'href="?type=news&amp;page=1"' in response.text


@pytest.mark.parametrize("page", ["4", "0", "-1", "abc", "1.5", "99999999999999999999999", ""])
def test_pages_out_of_range_are_404(client, many, page):
    assert client.get(f"/el/news/?page={page}").status_code == 404


def test_empty_listing_has_one_page(client, news_index):
    response = client.get("/el/news/")
    assert response.status_code == 200
    assert client.get("/el/news/?page=2").status_code == 404


def test_listing_advertises_both_feeds(client, news_index):
    text = client.get("/el/news/").text
    assert '<link rel="alternate" type="application/rss+xml"' in text
    assert 'href="/el/news/feed/"' in text
    assert '<link rel="alternate" type="text/calendar"' in text
    assert 'href="/el/news/events.ics"' in text
