"""The query budget: every public page type, in both languages, runs at most 12 SQL queries
for an uncached anonymous request and none for a cached one, and the numbers do not move
when the site grows (the demo site, then the demo site with many more pages of every kind).
"""

import datetime

import pytest
from django.test import override_settings
from wagtail.models import Locale

from documents.models import DocumentIndexPage
from news.models import NewsCategory, NewsIndexPage
from tests.conftest import get_with_queries, publish
from tests.documents.factories import make_entry
from tests.news.conftest import add_event, add_news, at

BUDGET = 12
EVENT = "european-cluster-conference-2010"
NEWS = "new-website"
DOCUMENT = "cluster-conference-2010-programme"
URLS = {
    "home": "/{lang}/",
    "standard page": "/{lang}/about/",
    "news index": "/{lang}/news/",
    "news index, filtered": "/{lang}/news/?type=event&when=past&year=2010",
    "news page": f"/{{lang}}/news/{NEWS}/",
    "event page": f"/{{lang}}/news/{EVENT}/",
    "document library": "/{lang}/documents/",
    "document library, filtered": "/{lang}/documents/?q=2010&year=2010",
    "document page": f"/{{lang}}/documents/{DOCUMENT}/",
    "contact": "/{lang}/contact/",
    "search": "/{lang}/search/?q={query}",
    "suggest": "/{lang}/search/suggest/?q={query}",
    "not found": "/{lang}/no-such-page/",
    "sitemap": "/sitemap.xml",  # both languages' pages, whatever the language of the request
}
QUERIES = {"el": "ρεθυμνο", "en": "rethymno"}
# What the queries are, for whoever reads a failure (the demo site, an uncached anonymous
# request; biopa.cache.fragment keeps the site chrome, the home page's sections and the news
# index's years once per content version, so a warm request runs fewer): the site, the
# route (the chain of pages, their translations, the home pages), the specific page; the
# office details and the menu (from the fragment cache once built); then each page type's
# own reads. The test asserts no exact number: a Wagtail upgrade that adds one query must
# not fail it, only a page whose queries grow with the content or pass the budget.


def count(client, url):
    response, queries = get_with_queries(client, url)
    assert response.status_code in (200, 404), (url, response.status_code)
    return len(queries)


def measure(client):
    counts = {}
    for language in ("el", "en"):
        for name, pattern in URLS.items():
            url = pattern.format(lang=language, query=QUERIES[language])
            client.get(url)  # per-process caches (content types, site root paths), renditions
            counts[(name, language)] = count(client, url)
    return counts


def grow(count_each=12):
    """Many more pages of every kind, in Greek and translated to English."""
    greek = Locale.objects.get(language_code="el")
    english = Locale.objects.get(language_code="en")
    news_index = NewsIndexPage.objects.get(locale=greek)
    library = DocumentIndexPage.objects.get(locale=greek)
    categories = []
    for i in range(4):
        category = NewsCategory.objects.create(locale=greek, name=f"Θέμα {i}", slug=f"topic-{i}")
        translation = category.copy_for_translation(english)
        translation.name = f"Topic {i}"
        translation.save()
        categories.append(category)
    pages = []
    for i in range(count_each):
        pages.append(
            add_news(
                news_index,
                f"Νέο {i}",
                f"grown-news-{i}",
                date=datetime.date(2010 + i % 12, 1 + i % 12, 1 + i),
                categories=categories[: 1 + i % 4],
            )
        )
        start = at(2010 + i % 12, 3, 1 + i, 10)
        pages.append(
            add_event(
                news_index,
                f"Εκδήλωση {i}",
                f"grown-event-{i}",
                start=start,
                end=start + datetime.timedelta(hours=3),
                categories=categories[: 1 + i % 4],
            )
        )
        pages.append(
            make_entry(library, f"Έγγραφο {i} 2010", day=datetime.date(2010 + i % 12, 5, 1))
        )
    for page in pages:
        publish(page.copy_for_translation(english))


@pytest.mark.django_db
def test_every_page_type_keeps_to_the_budget_whatever_the_amount_of_content(client, demo_content):
    with override_settings(PAGE_CACHE_SECONDS=0):
        small = measure(client)
        grow()
        large = measure(client)

    assert large == small
    assert max(large.values()) <= BUDGET
    assert set(large) == {(name, lang) for name in URLS for lang in ("el", "en")}


@pytest.mark.django_db
def test_a_cached_request_runs_no_query(client, demo_content):
    with override_settings(PAGE_CACHE_SECONDS=300):
        for language in ("el", "en"):
            for name, pattern in URLS.items():
                if name in ("contact", "search", "suggest", "not found"):
                    continue  # never stored: a CSRF token, the query log, an error
                url = pattern.format(lang=language, query=QUERIES[language])
                client.get(url)
                assert count(client, url) == 0, url
