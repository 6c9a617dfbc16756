import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, db, settings):
    # django-axes would record force_login's visitor address, "unknown", which
    # PostgreSQL's inet type refuses; lockout is not what these tests are about.
    settings.AXES_ENABLED = False
    user = get_user_model().objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def test_admin_news_listing_filters_by_type(admin_client, news_index):
    add_news(news_index, "Ανακοίνωση", "notice", date=None)
    add_event(news_index, "Ημερίδα", "workshop", start=at(2030, 1, 1, 10), end=at(2030, 1, 1, 12))
    everything = admin_client.get("/admin/news_listing/")
    assert everything.status_code == 200
    assert "Ανακοίνωση" in everything.text and "Ημερίδα" in everything.text
    events = admin_client.get("/admin/news_listing/?kind=event").text
    assert "Ημερίδα" in events and "Ανακοίνωση" not in events
    news = admin_client.get("/admin/news_listing/?kind=news").text
    assert "Ανακοίνωση" in news and "Ημερίδα" not in news


def test_event_editor_has_tabs(admin_client, news_index):
    event = add_event(
        news_index, "Ημερίδα", "workshop", start=at(2030, 1, 1, 10), end=at(2030, 1, 1, 12)
    )
    text = admin_client.get(f"/admin/pages/{event.pk}/edit/").text
    # The admin speaks Greek: compare with the labels in the admin's language.
    with translation.override("el"):
        for tab in ("Content", "Event details", "Promote"):
            assert str(translation.gettext(tab)) in text
        assert (
            translation.gettext("Last day of registration; empty means until the event starts.")[
                :20
            ]
            in text
        )


def test_categories_are_snippets(admin_client, categories):
    response = admin_client.get("/admin/snippets/news/newscategory/")
    assert response.status_code == 200
    assert "Χρηματοδοτήσεις" in response.text
