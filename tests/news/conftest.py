import datetime
from zoneinfo import ZoneInfo

import pytest

from news.models import EventPage, NewsCategory, NewsIndexPage, NewsPage
from tests.conftest import add_page, publish

ATHENS = ZoneInfo("Europe/Athens")


def at(*args):
    """An aware datetime in Athens time."""
    return datetime.datetime(*args, tzinfo=ATHENS)


@pytest.fixture
def news_index(home_el):
    return add_page(home_el, NewsIndexPage(title="Νέα", slug="news", show_in_menus=True))


@pytest.fixture
def news_index_en(news_index, home_en):
    index = news_index.copy_for_translation(home_en.locale)
    index.title = "News"
    return publish(index)


@pytest.fixture
def categories(locales):
    greek, english = locales
    grants = NewsCategory.objects.create(locale=greek, name="Χρηματοδοτήσεις", slug="grants")
    works = NewsCategory.objects.create(locale=greek, name="Έργα", slug="works")
    grants_en = grants.copy_for_translation(english)
    grants_en.name = "Grants"
    grants_en.save()
    works_en = works.copy_for_translation(english)
    works_en.name = "Works"
    works_en.save()
    return {"grants": grants, "works": works, "grants_en": grants_en, "works_en": works_en}


def add_news(index, title, slug, *, date, categories=(), **fields):
    page = NewsPage(title=title, slug=slug, date=date, summary=f"Περίληψη {title}", **fields)
    page.categories = list(categories)
    return add_page(index, page)


def add_event(index, title, slug, *, start, end, date=None, categories=(), **fields):
    page = EventPage(
        title=title,
        slug=slug,
        date=date or start.date(),
        summary=f"Περίληψη {title}",
        start=start,
        end=end,
        **fields,
    )
    page.categories = list(categories)
    return add_page(index, page)
