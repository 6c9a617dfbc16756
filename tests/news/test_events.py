import datetime
import json
import re

import pytest

from news.models import EventState, RegistrationState
from tests.conftest import add_page

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(news_index, categories, time_machine):
    time_machine.move_to("2010-05-01 09:00:00+03:00")
    return add_event(
        news_index,
        "Ευρωπαϊκή Διάσκεψη Συστάδων 2010",
        "conference",
        start=at(2010, 6, 24, 9, 30),
        end=at(2010, 6, 25, 17, 0),
        venue="Square – Brussels Meeting Centre",
        address="Mont des Arts, 1000 Bruxelles",
        organiser="Ευρωπαϊκή Επιτροπή",
        registration_opens=datetime.date(2010, 5, 17),
        registration_closes=datetime.date(2010, 6, 18),
        registration_url="https://example.com/register",
        categories=[categories["grants"]],
    )


def test_event_page_shows_its_event_date_beside_the_badge(client, conference):
    conference.date = datetime.date(2010, 4, 30)  # the publication date
    conference.save_revision().publish()
    text = client.get("/el/news/conference/").text
    meta = text.split('<p class="meta">', 1)[1].split("</p>", 1)[0]
    assert "tag--event" in meta
    assert 'datetime="2010-06-24T09:30:00+03:00"' in meta
    assert "2010-04-30" not in meta


@pytest.mark.parametrize(
    ("moment", "event", "registration"),
    [
        ("2010-05-16 23:59:59+03:00", EventState.UPCOMING, RegistrationState.NOT_YET_OPEN),
        ("2010-05-17 00:00:00+03:00", EventState.UPCOMING, RegistrationState.OPEN),
        # 22:00 UTC on the 16th is already the 17th in Athens.
        ("2010-05-16 21:00:00+00:00", EventState.UPCOMING, RegistrationState.OPEN),
        ("2010-06-18 23:59:59+03:00", EventState.UPCOMING, RegistrationState.OPEN),
        ("2010-06-19 00:00:00+03:00", EventState.UPCOMING, RegistrationState.CLOSED),
        ("2010-06-24 09:29:59+03:00", EventState.UPCOMING, RegistrationState.CLOSED),
        ("2010-06-24 09:30:00+03:00", EventState.UNDER_WAY, RegistrationState.CLOSED),
        ("2010-06-25 16:59:59+03:00", EventState.UNDER_WAY, RegistrationState.CLOSED),
        ("2010-06-25 17:00:00+03:00", EventState.PAST, RegistrationState.CLOSED),
        ("2026-01-01 12:00:00+02:00", EventState.PAST, RegistrationState.CLOSED),
    ],
)
def test_event_and_registration_state_at_the_boundaries(
    conference, time_machine, moment, event, registration
):
    time_machine.move_to(moment)
    assert conference.event_state() == event
    assert conference.registration_state() == registration


def test_page_says_registration_is_not_yet_open_with_the_date(client, conference, time_machine):
    time_machine.move_to("2010-05-10 12:00:00+03:00")
    text = client.get("/el/news/conference/").text
    assert "registration--not_yet_open" in text
    assert "17 Μαΐου 2010" in text
    assert "event-state--upcoming" in text


def test_page_says_registration_is_open_with_closing_date_and_how(client, conference, time_machine):
    time_machine.move_to("2010-06-18 20:00:00+03:00")
    text = client.get("/el/news/conference/").text
    assert "registration--open" in text
    assert "18 Ιουνίου 2010" in text
    assert 'href="https://example.com/register"' in text


def test_page_says_registration_is_closed_and_event_under_way(client, conference, time_machine):
    time_machine.move_to("2010-06-24 12:00:00+03:00")
    text = client.get("/el/news/conference/").text
    assert "registration--closed" in text
    assert "event-state--under_way" in text
    assert 'href="https://example.com/register"' not in text


def test_page_says_event_is_past(client, conference, time_machine):
    time_machine.move_to("2010-07-01 12:00:00+03:00")
    text = client.get("/el/news/conference/").text
    assert "event-state--past" in text
    assert 'href="/el/news/conference/event.ics"' in text


def test_registration_by_email_until_the_event_starts(news_index, time_machine):
    time_machine.move_to("2024-03-01 12:00:00+02:00")
    event = add_event(
        news_index,
        "Ημερίδα",
        "workshop",
        start=at(2024, 3, 10, 10),
        end=at(2024, 3, 10, 13),
        registration_email="events@example.com",
    )
    assert event.registration_state() == RegistrationState.OPEN
    time_machine.move_to("2024-03-11 00:00:00+02:00")
    assert event.registration_state() == RegistrationState.CLOSED


def test_event_without_registration_says_nothing_about_it(client, news_index):
    add_event(news_index, "Γιορτή", "fest", start=at(2030, 1, 1, 10), end=at(2030, 1, 1, 12))
    text = client.get("/el/news/fest/").text
    assert "registration--" not in text


@pytest.fixture
def all_day(news_index):
    return add_event(
        news_index,
        "Ημέρες ανοιχτών θυρών",
        "open-days",
        start=at(2024, 10, 3, 0, 0),
        end=at(2024, 10, 4, 0, 0),
        all_day=True,
    )


@pytest.mark.parametrize(
    ("moment", "state"),
    [
        ("2024-10-02 23:59:59+03:00", EventState.UPCOMING),
        ("2024-10-03 00:00:00+03:00", EventState.UNDER_WAY),
        ("2024-10-04 23:59:59+03:00", EventState.UNDER_WAY),
        ("2024-10-05 00:00:00+03:00", EventState.PAST),
    ],
)
def test_all_day_events_fill_their_days(all_day, time_machine, moment, state):
    time_machine.move_to(moment)
    assert all_day.event_state() == state


def test_all_day_event_is_upcoming_in_listing_on_its_last_day(client, all_day, time_machine):
    time_machine.move_to("2024-10-04 22:00:00+03:00")
    assert "Ημέρες ανοιχτών θυρών" in client.get("/el/news/?when=upcoming").text
    time_machine.move_to("2024-10-05 00:00:01+03:00")
    assert "Ημέρες ανοιχτών θυρών" not in client.get("/el/news/?when=upcoming").text
    assert "Ημέρες ανοιχτών θυρών" in client.get("/el/news/?when=past").text


def test_all_day_event_shows_dates_without_times(client, all_day):
    text = client.get("/el/news/open-days/").text
    assert '<time datetime="2024-10-03">3 Οκτωβρίου 2024</time>' in text
    assert '<time datetime="2024-10-04">4 Οκτωβρίου 2024</time>' in text
    assert "00:00" not in text


def test_event_times_are_shown_in_athens(client, news_index, home_en):
    add_event(
        news_index,
        "Συνάντηση",
        "meeting",
        start=datetime.datetime(2024, 1, 15, 8, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2024, 1, 15, 10, 0, tzinfo=datetime.UTC),
    )
    text = client.get("/el/news/meeting/").text
    assert "15 Ιανουαρίου 2024, 10:00" in text
    assert "12:00" in text


def test_publication_date_defaults_to_first_publication(news_index, time_machine):
    time_machine.move_to("2024-02-29 23:30:00+02:00")
    page = add_news(news_index, "Χωρίς ημερομηνία", "undated", date=None)
    assert page.date == datetime.date(2024, 2, 29)
    time_machine.move_to("2024-03-05 10:00:00+02:00")
    page.title = "Αλλαγή"
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.date == datetime.date(2024, 2, 29)


def json_ld(text):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_news_page_has_news_article_json_ld_and_meta(client, news_index):
    add_news(
        news_index,
        "Νέο </script><b>",
        "article",
        date=datetime.date(2024, 5, 2),
        search_description="",
    )
    text = client.get("/el/news/article/").text
    data = json_ld(text)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Νέο </script><b>"
    assert data["datePublished"] == "2024-05-02"
    assert data["url"] == "http://testserver/el/news/article/"
    assert "</script><b>" not in text.split("application/ld+json")[1].split("</script>")[0]
    assert '<meta name="description" content="Περίληψη Νέο &lt;/script&gt;&lt;b&gt;">' in text
    assert '<meta property="og:type" content="article">' in text


def test_event_page_has_event_json_ld(client, conference):
    data = json_ld(client.get("/el/news/conference/").text)
    assert data["@type"] == "Event"
    assert data["name"] == "Ευρωπαϊκή Διάσκεψη Συστάδων 2010"
    assert data["startDate"] == "2010-06-24T09:30:00+03:00"
    assert data["endDate"] == "2010-06-25T17:00:00+03:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Square – Brussels Meeting Centre"
    assert data["location"]["address"] == "Mont des Arts, 1000 Bruxelles"
    assert data["offers"]["validFrom"] == "2010-05-17"
    assert data["offers"]["validThrough"] == "2010-06-18"
    assert data["organizer"]["name"] == "Ευρωπαϊκή Επιτροπή"


def test_all_day_event_json_ld_uses_dates(client, all_day):
    data = json_ld(client.get("/el/news/open-days/").text)
    assert data["startDate"] == "2024-10-03"
    assert data["endDate"] == "2024-10-04"
    assert "offers" not in data


def test_end_before_start_is_refused(news_index):
    from django.core.exceptions import ValidationError

    from news.models import EventPage

    page = EventPage(
        title="Λάθος", slug="wrong", summary="x", start=at(2024, 1, 2, 10), end=at(2024, 1, 1, 10)
    )
    page.locale = news_index.locale
    with pytest.raises(ValidationError):
        page.full_clean()


def test_standard_page_under_home_still_works(client, home_el):
    from home.models import StandardPage

    add_page(home_el, StandardPage(title="Σελίδα", slug="plain"))
    assert client.get("/el/plain/").status_code == 200
