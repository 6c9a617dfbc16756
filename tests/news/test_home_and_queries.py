import datetime

import pytest

from tests.conftest import get_with_queries

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(news_index, news_index_en, time_machine):
    time_machine.move_to("2024-06-01 12:00:00+03:00")
    for i in range(5):
        add_news(news_index, f"Νέο {i}", f"news-{i}", date=datetime.date(2024, 5, 1 + i))
    add_event(news_index, "Πέρασε", "gone", start=at(2024, 5, 1, 10), end=at(2024, 5, 1, 12))
    for i in range(4):
        add_event(
            news_index,
            f"Εκδήλωση {i}",
            f"event-{i}",
            start=at(2024, 7, 10 - i, 10),
            end=at(2024, 7, 10 - i, 12),
        )
    add_news(news_index_en, "English news", "english-news", date=datetime.date(2024, 5, 20))
    add_event(
        news_index_en, "English event", "english-event", start=at(2024, 8, 1), end=at(2024, 8, 2)
    )
    return news_index


def section(text, heading_id):
    return text.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]


def test_home_shows_latest_three_news_and_next_three_events(client, both):
    text = client.get("/el/").text
    news = section(text, "home-news")
    assert [t for t in ("Νέο 4", "Νέο 3", "Νέο 2", "Νέο 1") if t in news] == [
        "Νέο 4",
        "Νέο 3",
        "Νέο 2",
    ]
    assert news.index("Νέο 4") < news.index("Νέο 3") < news.index("Νέο 2")
    assert "Εκδήλωση" not in news
    events = section(text, "home-events")
    assert "Πέρασε" not in events
    assert "Εκδήλωση 0" not in events
    assert events.index("Εκδήλωση 3") < events.index("Εκδήλωση 2") < events.index("Εκδήλωση 1")
    assert "English news" not in text
    assert "English event" not in text


def test_home_sections_are_per_locale(client, both):
    text = client.get("/en/").text
    assert "English news" in section(text, "home-news")
    assert "English event" in section(text, "home-events")
    assert "Νέο" not in text
    assert "Εκδήλωση" not in text


def test_home_without_news_has_no_empty_sections(client, home_el):
    text = client.get("/el/").text
    assert 'id="home-news"' not in text
    assert 'id="home-events"' not in text


def capture(client, url):
    client.get(url)  # warm caches that are per process, not per request
    response, queries = get_with_queries(client, url)
    assert response.status_code == 200
    return [q["sql"] for q in queries]


def count_queries(client, url):
    return len(capture(client, url))


def news_queries(queries):
    return [sql for sql in queries if '"news_' in sql]


def grow(index, categories, start, stop):
    for i in range(start, stop):
        kind = add_event if i % 2 else add_news
        extra = (
            {"start": at(2030, 1, 1 + i % 28, 10), "end": at(2030, 1, 1 + i % 28, 12)}
            if i % 2
            else {"date": datetime.date(2024, 1, 1) + datetime.timedelta(days=i)}
        )
        kind(index, f"Θέμα {i}", f"item-{i}", categories=categories, **extra)


# Upper bounds: the office details, the menu, the home sections, the route and the index's
# categories, years and item count come from the fragment cache (biopa.cache.fragment) once
# built.
# The news index: 5 for any page (site, route, the specific page, office details, menu),
# plus its own: the page of items (events and images joined, restrictions checked in the
# same query), the items' categories and, for upcoming or past events only (their number
# changes as events end), the count. With the route's fetch of the specific index page,
# at most 4 queries on news tables.
NEWS_INDEX_QUERIES = 9
NEWS_INDEX_OWN_QUERIES = 4
# The home page: the latest news and the upcoming events, one query each.
HOME_OWN_QUERIES = 2
# An event page: 5 for any page, the page's categories and tags (the locale's categories
# come from the fragment cache).
EVENT_PAGE_QUERIES = 7


@pytest.mark.parametrize(
    "url",
    ["/el/news/", "/el/news/?type=event&when=upcoming&category=grants", "/el/news/?page=1"],
)
def test_news_index_query_count_is_fixed(client, news_index, categories, home_en, url):
    cats = [categories["grants"], categories["works"]]
    grow(news_index, cats, 0, 5)
    before = capture(client, url)
    grow(news_index, cats, 5, 50)
    after = capture(client, url)
    assert len(before) == len(after) <= NEWS_INDEX_QUERIES
    assert len(news_queries(before)) == len(news_queries(after)) <= NEWS_INDEX_OWN_QUERIES


def test_home_query_count_is_fixed(client, news_index, categories, home_en):
    cats = [categories["grants"]]
    grow(news_index, cats, 0, 5)
    before = capture(client, "/el/")
    grow(news_index, cats, 5, 50)
    after = capture(client, "/el/")
    assert len(before) == len(after)
    assert len(news_queries(before)) == len(news_queries(after)) <= HOME_OWN_QUERIES


def test_event_page_query_count(client, news_index, categories, home_en):
    cats = [categories["grants"], categories["works"]]
    grow(news_index, cats, 0, 3)
    assert count_queries(client, "/el/news/item-1/") <= EVENT_PAGE_QUERIES
    grow(news_index, cats, 3, 30)
    assert count_queries(client, "/el/news/item-1/") <= EVENT_PAGE_QUERIES
