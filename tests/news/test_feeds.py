import datetime
from zoneinfo import ZoneInfo

import feedparser
import pytest
from icalendar import Calendar

from news.models import NewsPage
from tests.conftest import publish

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def content(news_index, news_index_en):
    add_news(news_index, "Ελληνικό νέο", "greek-news", date=datetime.date(2024, 5, 2))
    add_event(
        news_index,
        "Ελληνική εκδήλωση",
        "greek-event",
        start=at(2024, 7, 1, 18, 30),
        end=at(2024, 7, 1, 21, 0),
        venue="Αίθουσα εκδηλώσεων",
        address="ΒΙΟ.ΠΑ. Ρεθύμνου",
        date=datetime.date(2024, 5, 1),
    )
    add_event(
        news_index,
        "Ολοήμερη",
        "all-day",
        start=at(2024, 8, 5, 0, 0),
        end=at(2024, 8, 6, 0, 0),
        all_day=True,
        date=datetime.date(2024, 4, 1),
    )
    add_news(news_index_en, "English only", "english-news", date=datetime.date(2024, 5, 3))
    draft = NewsPage(title="Πρόχειρο", slug="draft", summary="x", live=False)
    draft.locale = news_index.locale
    news_index.add_child(instance=draft)
    return news_index


def test_rss_is_valid_and_lists_only_the_locales_live_items(client, content):
    response = client.get("/el/news/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == ["Ελληνικό νέο", "Ελληνική εκδήλωση", "Ολοήμερη"]
    first = feed.entries[0]
    assert first.link == "http://testserver/el/news/greek-news/"
    assert first.summary == "Περίληψη Ελληνικό νέο"
    assert first.published_parsed[:3] == (2024, 5, 2)
    assert feed.feed.language == "el"


def test_english_rss_has_the_english_items(client, content):
    feed = feedparser.parse(client.get("/en/news/feed/").content)
    assert not feed.bozo
    assert [e.title for e in feed.entries] == ["English only"]
    assert feed.entries[0].link == "http://testserver/en/news/english-news/"


def test_rss_has_at_most_twenty_items(client, news_index):
    for i in range(25):
        add_news(news_index, f"Νέο {i}", f"n-{i}", date=datetime.date(2024, 1, 1))
    feed = feedparser.parse(client.get("/el/news/feed/").content)
    assert len(feed.entries) == 20


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_events_ics_lists_the_locales_events_in_athens_time(client, content):
    calendar = parse_calendar(client.get("/el/news/events.ics"))
    timezones = calendar.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Athens"]
    events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
    assert set(events) == {"Ελληνική εκδήλωση", "Ολοήμερη"}
    timed = events["Ελληνική εκδήλωση"]
    start = timed.decoded("DTSTART")
    assert start == at(2024, 7, 1, 18, 30)
    assert start.tzinfo.key == "Europe/Athens"
    assert timed["DTSTART"].params["TZID"] == "Europe/Athens"
    assert timed.decoded("DTEND") == at(2024, 7, 1, 21, 0)
    assert str(timed["URL"]) == "http://testserver/el/news/greek-event/"
    assert "Αίθουσα εκδηλώσεων" in str(timed["LOCATION"])
    day = events["Ολοήμερη"]
    assert day.decoded("DTSTART") == datetime.date(2024, 8, 5)
    assert not isinstance(day.decoded("DTSTART"), datetime.datetime)
    assert day["DTSTART"].params.get("VALUE") == "DATE"
    # The end of an all-day event is exclusive.
    assert day.decoded("DTEND") == datetime.date(2024, 8, 7)


def test_event_ics_downloads_one_event_with_a_stable_uid(client, content):
    response = client.get("/el/news/greek-event/event.ics")
    calendar = parse_calendar(response)
    assert "attachment" in response["Content-Disposition"]
    (event,) = calendar.walk("VEVENT")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Athens"
    assert event.decoded("DTSTART") == datetime.datetime(
        2024, 7, 1, 18, 30, tzinfo=ZoneInfo("Europe/Athens")
    )
    uid = str(event["UID"])
    page = NewsPage.objects.get(slug="greek-event").specific
    page.title = "Νέος τίτλος"
    publish(page)
    again = parse_calendar(client.get("/el/news/greek-event/event.ics")).walk("VEVENT")[0]
    assert str(again["UID"]) == uid
    feed_uid = {
        str(e["SUMMARY"]): str(e["UID"])
        for e in parse_calendar(client.get("/el/news/events.ics")).walk("VEVENT")
    }["Νέος τίτλος"]
    assert feed_uid == uid


def test_news_item_has_no_event_ics(client, content):
    assert client.get("/el/news/greek-news/event.ics").status_code == 404


def test_empty_events_ics_is_still_valid(client, news_index):
    calendar = parse_calendar(client.get("/el/news/events.ics"))
    assert calendar.walk("VEVENT") == []


def test_event_page_links_its_ics(client, content):
    text = client.get("/el/news/greek-event/").text
    assert 'href="/el/news/greek-event/event.ics"' in text
    assert 'type="application/rss+xml"' in text
