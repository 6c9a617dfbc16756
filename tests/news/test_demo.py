import datetime

import pytest
from django.core.management import call_command

from news.models import EventPage, NewsCategory, NewsPage
from news.selectors import events_upcoming

pytestmark = pytest.mark.django_db


def test_demo_news_in_both_languages(client, demo_content, django_capture_on_commit_callbacks):
    conference = EventPage.objects.get(
        slug="european-cluster-conference-2010", locale__language_code="el"
    )
    assert conference.registration_opens == datetime.date(2010, 5, 17)
    english = EventPage.objects.get(
        translation_key=conference.translation_key, locale__language_code="en"
    )
    assert english.title == "European Cluster Conference 2010"
    text = client.get("/en/news/european-cluster-conference-2010/").text
    assert text.count("<li>") >= 3
    assert "Which new policies and tools" in text
    for lang in ("el", "en"):
        assert NewsPage.objects.live().filter(locale__language_code=lang).count() >= 9
        assert (
            len(events_upcoming(locale=conference.locale if lang == "el" else english.locale)) == 3
        )
        assert client.get(f"/{lang}/news/").status_code == 200
        assert client.get(f"/{lang}/news/events.ics").status_code == 200
        assert client.get(f"/{lang}/").status_code == 200
    assert (
        NewsCategory.objects.filter(locale__language_code="en", slug="funding").get().name
        == "Funding"
    )
    assert "Funding" in client.get("/en/news/").text
    assert any(
        p.registration_state() == "open"
        for p in EventPage.objects.filter(locale__language_code="el")
    )
    before = NewsPage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    assert NewsPage.objects.count() == before
