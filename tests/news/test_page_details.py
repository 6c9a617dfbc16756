"""What a news or event page shows besides its body: its categories in the page's language,
its tags, its image; read in a fixed number of queries."""

import datetime

import pytest

from news.models import NewsPage
from tests.conftest import get_with_queries, publish

from .conftest import add_event, add_news, at

pytestmark = pytest.mark.django_db


def footer(response):
    assert response.status_code == 200
    return response.text.split('<footer class="news-article__footer">', 1)[1].split("</footer>")[0]


def test_categories_and_tags_show_in_their_order_and_the_pages_language(
    client, news_index, news_index_en, categories
):
    page = add_news(
        news_index,
        "Νέο",
        "item",
        date=datetime.date(2024, 1, 1),
        categories=[categories["works"], categories["grants"]],
    )
    page = NewsPage.objects.get(pk=page.pk)
    page.tags.add("ζ-τελευταία", "α-πρώτη")
    publish(page)
    text = footer(client.get("/el/news/item/"))
    # Categories by name, each linking to the listing filtered by it; the tags.
    assert text.index("Έργα") < text.index("Χρηματοδοτήσεις")
    assert 'href="/el/news/?category=works"' in text
    assert "ζ-τελευταία" in text and "α-πρώτη" in text

    translation = page.copy_for_translation(news_index_en.locale)
    translation.title = "Item"
    publish(translation)
    text = footer(client.get("/en/news/item/"))
    assert "Grants" in text and "Works" in text
    assert "Χρηματοδοτήσεις" not in text
    assert 'href="/en/news/?category=grants"' in text


def test_a_news_page_costs_the_same_with_or_without_categories_and_tags(
    client, news_index, categories
):
    add_news(news_index, "Γυμνό", "bare", date=datetime.date(2024, 1, 1))
    full = add_news(
        news_index,
        "Πλήρες",
        "full",
        date=datetime.date(2024, 1, 2),
        categories=[categories["works"], categories["grants"]],
    )
    full = NewsPage.objects.get(pk=full.pk)
    full.tags.add("ένα", "δύο", "τρία")
    publish(full)
    add_event(news_index, "Εκδήλωση", "event", start=at(2024, 2, 1, 10), end=at(2024, 2, 1, 12))
    counts = []
    for url in ("/el/news/bare/", "/el/news/full/", "/el/news/event/"):
        client.get(url)
        response, queries = get_with_queries(client, url)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] == counts[2]
