"""A line break or a control character in an event's or a news item's single-line fields:
refused in the admin, and harmless in every output when it got into the database anyway."""

import html

import pytest
from defusedxml import minidom
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import translation
from icalendar import Calendar
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from home.validators import SINGLE_LINE_MESSAGE, feed_text, single_line
from news.models import EventPage, NewsPage
from tests.conftest import keep_legacy_slug

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db

HOSTILE = [
    "Ημερίδα\r\nX-Injected: yes",
    "Ημερίδα\nδεύτερη γραμμή",
    "Bell\x07 and\x0b tab",
    "Null\x00",
    "Escape\x1b[31m",
    "Separator\u2028line",
    "C1\x85control",
]


@pytest.fixture
def admin_client(client, settings):
    settings.AXES_ENABLED = False
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def event_form(**fields):
    data = {
        "title": "Ημερίδα",
        "slug": "imerida",
        "summary": "Περίληψη",
        "start": "2030-01-01 10:00",
        "end": "2030-01-01 12:00",
        "venue": "Αίθουσα",
        "organiser": "ΒΙΟ.ΠΑ.",
        "body": streamfield([]),
        "comments": inline_formset([]),
    }
    data.update(fields)
    return nested_form_data(data)


def refused(response):
    with translation.override("el"):
        message = str(translation.gettext(SINGLE_LINE_MESSAGE))
    return response.status_code == 200 and message in html.unescape(response.text)


@pytest.mark.parametrize("field", ["title", "venue", "organiser", "seo_title"])
@pytest.mark.parametrize("value", HOSTILE[:3])
def test_the_event_form_refuses_control_characters(admin_client, news_index, field, value):
    url = f"/admin/pages/add/news/eventpage/{news_index.pk}/"
    response = admin_client.post(url, event_form(**{field: value}))
    assert refused(response)
    assert not EventPage.objects.exists()


def test_the_event_form_refuses_a_null_character(admin_client, news_index):
    url = f"/admin/pages/add/news/eventpage/{news_index.pk}/"
    response = admin_client.post(url, event_form(title="Null\x00"))
    assert response.status_code == 200  # Django's own null-character check answers first
    assert not EventPage.objects.exists()


def test_the_event_form_takes_the_same_fields_on_one_line(admin_client, news_index):
    url = f"/admin/pages/add/news/eventpage/{news_index.pk}/"
    response = admin_client.post(url, event_form())
    assert response.status_code == 302
    assert EventPage.objects.get().title == "Ημερίδα"


@pytest.mark.parametrize("value", HOSTILE)
def test_the_models_refuse_control_characters_in_single_line_fields(news_index, value):
    news = NewsPage(title=value, slug="n", summary="Περίληψη")
    with pytest.raises(ValidationError) as refusal:
        news.clean()
    assert set(refusal.value.message_dict) == {"title"}
    event = EventPage(
        title="Ημερίδα", slug="e", summary="s", start=at(2030, 1, 1), end=at(2030, 1, 1),
        venue=value, organiser=value,
    )  # fmt: skip
    with pytest.raises(ValidationError) as refusal:
        event.clean()
    assert set(refusal.value.message_dict) == {"venue", "organiser"}


def test_multi_line_fields_keep_their_line_breaks(news_index):
    event = EventPage(
        title="Ημερίδα", slug="e", summary="Πρώτη\nδεύτερη", address="Οδός 1\nΡέθυμνο",
        start=at(2030, 1, 1), end=at(2030, 1, 1),
    )  # fmt: skip
    event.clean()


def save_past_the_admin(page, **fields):
    """Write fields straight to the rows, as an import or a shell would."""
    for name, value in fields.items():
        setattr(page, name, value)
    type(page).objects.filter(pk=page.pk).update(**fields)
    return page


@pytest.fixture
def hostile_event(news_index):
    event = add_event(
        news_index, "Ημερίδα", "imerida", start=at(2030, 5, 1, 10), end=at(2030, 5, 1, 12)
    )
    return save_past_the_admin(
        event,
        title="Ημερίδα\r\nX-Injected: yes\x07",
        venue="Αίθουσα\nΑ\x01",  # PostgreSQL refuses to store NUL itself
        organiser='Ο "οργανωτής"\r\nBCC: x',
        summary="Περίληψη\x0b με\r\nδύο γραμμές\x1b",
        address="<p>Οδός 1\r\nΡέθυμνο\x0c</p>",
        registration_email="info@example.com",
    )


def parse_calendar(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    # Every content line ends in CRLF and holds no other control character.
    for line in body.split("\r\n"):
        assert single_line(line) == line.strip() or not line.strip()
        assert "\n" not in line and "\r" not in line
    return Calendar.from_ical(response.content)


def test_event_ics_of_a_title_with_a_line_break_is_valid(client, hostile_event):
    response = client.get(f"{hostile_event.url}event.ics")
    calendar = parse_calendar(response)
    assert "X-Injected" not in response.headers
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Ημερίδα X-Injected: yes"
    assert str(vevent["location"]) == "Αίθουσα Α, Οδός 1, Ρέθυμνο"
    assert str(vevent["description"]) == "Περίληψη με\nδύο γραμμές"
    assert vevent["organizer"].params["cn"] == "Ο 'οργανωτής' BCC: x"
    assert str(calendar["x-wr-calname"]) == "Ημερίδα X-Injected: yes"
    assert response["Content-Disposition"] == 'attachment; filename="imerida.ics"'


def test_events_ics_of_a_title_with_a_line_break_is_valid(client, hostile_event):
    calendar = parse_calendar(client.get("/el/news/events.ics"))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["summary"]) == "Ημερίδα X-Injected: yes"


def test_the_feed_of_a_title_with_a_line_break_is_valid_xml(client, hostile_event, news_index):
    add_news(news_index, "Νέο", "neo", date=None)
    save_past_the_admin(news_index, title="Νέα\r\n\x07")
    response = client.get("/el/news/feed/")
    assert response.status_code == 200
    document = minidom.parseString(response.content)
    titles = [node.firstChild.data for node in document.getElementsByTagName("title")]
    assert titles[0] == "Νέα"
    assert "Ημερίδα X-Injected: yes" in titles
    descriptions = [node.firstChild.data for node in document.getElementsByTagName("description")]
    assert "Περίληψη με\nδύο γραμμές" in descriptions


def test_the_event_page_itself_renders(client, hostile_event):
    response = client.get(hostile_event.url)
    assert response.status_code == 200


def test_a_greek_slug_is_a_valid_download_name(client, news_index):
    # A slug from before slugs were Latin (home/slugs.py), stored as such.
    event = add_event(
        news_index, "Ημερίδα", "imerida", start=at(2030, 5, 1, 10), end=at(2030, 5, 1, 12)
    )
    event = keep_legacy_slug(event, "ημερίδα")
    response = client.get(f"{event.url}event.ics")
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert disposition.isascii()


@pytest.mark.parametrize(
    ("value", "line", "text"),
    [
        ("A\r\nB", "A B", "A\nB"),
        ("A\x00\x07B", "A B", "AB"),
        ("A\tB", "A B", "A\tB"),
        ("  A\u2028\u2029B  ", "A B", "  AB  "),
        ("", "", ""),
        (None, "", ""),
    ],
)
def test_output_helpers(value, line, text):
    assert single_line(value) == line
    assert feed_text(value) == text
