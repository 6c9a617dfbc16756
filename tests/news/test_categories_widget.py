"""News categories in the editor: checkboxes of the page's own language only."""

import re

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from news.models import NewsPage
from tests.news.conftest import add_news, at


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.com", "x"))
    return client


def checkboxes(response):
    """The values of the category checkboxes on an editor page."""
    html = response.content.decode()
    return {
        int(value)
        for value in re.findall(r'<input type="checkbox" name="categories" value="(\d+)"', html)
    }


def news_form(title, slug, categories, **fields):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Περίληψη",
            "body": streamfield([]),
            "tags": "",
            "comments": inline_formset([]),
            **fields,
        }
    )
    data["categories"] = [category.pk for category in categories]  # one value per tick
    return data


@pytest.mark.parametrize("language", ["el", "en"])
def test_the_editor_offers_checkboxes_of_the_pages_language(
    admin_client, news_index, news_index_en, categories, language
):
    index = news_index if language == "el" else news_index_en
    own = {"el": ("grants", "works"), "en": ("grants_en", "works_en")}[language]
    response = admin_client.get(f"/admin/pages/add/news/newspage/{index.pk}/")
    assert checkboxes(response) == {categories[name].pk for name in own}

    page = add_news(index, "Είδηση", "item", date=at(2026, 1, 5).date())
    response = admin_client.get(f"/admin/pages/{page.pk}/edit/")
    assert checkboxes(response) == {categories[name].pk for name in own}


def test_two_categories_are_chosen_with_two_ticks(admin_client, news_index, categories):
    response = admin_client.post(
        f"/admin/pages/add/news/newspage/{news_index.pk}/",
        news_form("Είδηση", "item", [categories["grants"], categories["works"]]),
    )
    assert response.status_code == 302
    page = NewsPage.objects.get(slug="item")
    assert set(page.categories.all()) == {categories["grants"], categories["works"]}


def test_a_category_of_the_other_language_is_refused(admin_client, news_index, categories):
    response = admin_client.post(
        f"/admin/pages/add/news/newspage/{news_index.pk}/",
        news_form("Είδηση", "item", [categories["grants_en"]]),
    )
    assert response.status_code == 200
    assert "categories" in response.context["form"].errors
    assert not NewsPage.objects.filter(slug="item").exists()
