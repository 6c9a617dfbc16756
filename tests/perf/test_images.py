"""Images: responsive <picture> elements (AVIF and WebP sources, a JPEG <img> with srcset,
sizes, width and height), the hero fetched first, listing thumbnails lazy, and renditions
that cost a fixed number of queries however many items a listing shows."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images.models import Filter

from home.models import CustomImage, Rendition
from news.models import NewsIndexPage, NewsPage
from news.selectors import THUMBNAIL_SPECS
from tests.conftest import add_page, publish

pytestmark = pytest.mark.django_db

RENDITIONS = Rendition._meta.db_table
IMAGES = CustomImage._meta.db_table


def make_image(title, size=(64, 48), colour=(20, 120, 60)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return CustomImage.objects.create(title=title, file=ImageFile(buffer, name="photo.png"))


@pytest.fixture
def news_index(home_el):
    return add_page(home_el, NewsIndexPage(title="Νέα", slug="news"))


def add_news(index, number, *, image=None):
    page = NewsPage(
        title=f"Νέο {number}",
        slug=f"news-{number}",
        date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
        summary=f"Περίληψη {number}",
        image=image,
        image_alt=f"Περιγραφή εικόνας {number}" if image else "",
    )
    return add_page(index, page)


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def check_picture(picture, *, widths):
    """A <picture> with AVIF then WebP sources and a JPEG <img> fallback, each with one
    candidate per width (largest first), and the <img> sized so that it takes its place
    before loading."""
    sources = picture.find_all("source")
    assert [s["type"] for s in sources] == ["image/avif", "image/webp"]
    img = picture.find("img")
    for element in [*sources, img]:
        candidates = [c.strip() for c in element["srcset"].split(",")]
        assert [c.rsplit(" ", 1)[1] for c in candidates] == [f"{w}w" for w in widths]
        assert element["sizes"]
    assert all(".avif " in c for c in sources[0]["srcset"].split(","))
    assert all(".webp " in c for c in sources[1]["srcset"].split(","))
    assert img["src"].endswith(".jpg")
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    return img


def queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


def reading(sqls, table):
    return [sql for sql in sqls if sql.lstrip().startswith("SELECT") and f'FROM "{table}"' in sql]


# Above the fold: the hero and the article image.


def test_hero_is_a_picture_fetched_first(client, home_el):
    home_el.hero_image = make_image("Πάρκο", size=(1000, 600))
    home_el.hero_image_alt = "Βιοτεχνίες μπροστά σε λόφους"
    publish(home_el)
    picture = soup(client.get("/el/")).select_one(".hero picture")
    img = check_picture(picture, widths=[1000, 960, 480])
    assert img["class"] == ["hero__image"]
    assert img["alt"] == "Βιοτεχνίες μπροστά σε λόφους"
    assert img["loading"] == "eager"
    assert img["fetchpriority"] == "high"
    # The largest rendition, cropped to 16:9: the box has its ratio before the image loads.
    assert int(img["width"]) == 1000
    assert int(img["width"]) / int(img["height"]) == pytest.approx(16 / 9, rel=0.01)


def test_news_article_image_is_a_picture_loaded_at_once(client, news_index):
    add_news(news_index, 1, image=make_image("Δρόμος", size=(1000, 600)))
    page = soup(client.get("/el/news/news-1/"))
    img = check_picture(page.select_one("article picture"), widths=[1000, 960, 480])
    assert img["alt"] == "Περιγραφή εικόνας 1"
    assert img["loading"] == "eager"
    assert "news-article__image" in img["class"]


def test_a_page_image_costs_no_query_once_its_renditions_are_cached(client, home_el):
    image = make_image("Πάρκο")
    home_el.hero_image = image
    home_el.hero_image_alt = "Πάρκο"
    publish(home_el)
    client.get("/el/")  # makes the renditions, and caches them
    assert Rendition.cache_backend is caches["renditions"]
    spec = "fill-480x270|format-avif"
    key = Rendition.construct_cache_key(image, Filter(spec).get_cache_key(image), spec)
    assert caches["renditions"].get(key) is not None
    assert caches["default"].get(key) is None
    assert reading(queries(client, "/el/"), RENDITIONS) == []


def test_the_hero_costs_no_query_once_rendered_yet_follows_a_publish_and_a_preview(client, home_el):
    first, second = make_image("Πρώτη"), make_image("Δεύτερη", colour=(200, 30, 30))
    home_el.hero_image, home_el.hero_image_alt = first, "Πρώτη"
    publish(home_el)

    def hero_file(html):
        return BeautifulSoup(html, "html.parser").select_one(".hero img")["src"]

    shown = hero_file(client.get("/el/").content)
    assert reading(queries(client, "/el/"), IMAGES) == []  # kept per content version
    # A draft's preview shows the draft's image, not the kept one; the live page is unchanged.
    home_el.hero_image = second
    preview = home_el.make_preview_request()
    preview.render()
    assert hero_file(preview.content) != shown
    assert hero_file(client.get("/el/").content) == shown
    publish(home_el)  # a new content version: the new image at once
    assert hero_file(client.get("/el/").content) == hero_file(preview.content)


# Listings: thumbnails, lazy, and a fixed number of queries.


def thumbnails(page, selector):
    return page.select(f"{selector} picture")


def test_news_index_thumbnails_are_lazy_and_sized(client, news_index):
    add_news(news_index, 1, image=make_image("Α"))
    add_news(news_index, 2)
    add_news(news_index, 3, image=make_image("Β", colour=(200, 80, 20)))
    page = soup(client.get("/el/news/"))
    items = page.select(".news-list > li")
    assert [bool(item.find("picture")) for item in items] == [True, False, True]
    for picture in thumbnails(page, ".news-list"):
        img = check_picture(picture, widths=[64, 64])  # a small original is not enlarged
        assert img["loading"] == "lazy"
        # Decorative beside the linked title: the article itself describes the image.
        assert img["alt"] == "" and img["aria-hidden"] == "true"
        assert "fetchpriority" not in img.attrs


def test_home_news_cards_have_lazy_sized_thumbnails(client, news_index):
    add_news(news_index, 1, image=make_image("Α", size=(600, 400)))
    add_news(news_index, 2)
    page = soup(client.get("/el/"))
    cards = page.select('section[aria-labelledby="home-news"] li.card')
    assert [bool(card.find("picture")) for card in cards] == [False, True]
    img = check_picture(cards[1].find("picture"), widths=[480, 240])
    assert (int(img["width"]), int(img["height"])) == (480, 360)
    assert img["loading"] == "lazy"
    assert img["alt"] == ""


def warm_then_count(client, url):
    """The queries of `url` once its renditions exist, with the renditions cache empty (a
    restart, another process), so that only the prefetch keeps them to one query."""
    client.get(url)  # makes the renditions that are missing
    caches["renditions"].clear()
    return queries(client, url)


def test_news_index_query_count_does_not_grow_with_images(client, news_index):
    for number in range(2):
        add_news(news_index, number, image=make_image(f"Εικόνα {number}"))
    with_two = warm_then_count(client, "/el/news/")
    for number in range(2, 12):
        add_news(news_index, number, image=make_image(f"Εικόνα {number}"))
    with_twelve = warm_then_count(client, "/el/news/")
    assert len(with_twelve) == len(with_two)
    # One query for every item's renditions; the images come with the items.
    assert len(reading(with_twelve, RENDITIONS)) == 1
    assert reading(with_twelve, IMAGES) == []
    # Ten items on the page, every one with its thumbnail.
    assert len(thumbnails(soup(client.get("/el/news/")), ".news-list")) == 10


def test_rendering_the_listing_runs_no_query_per_item(client, news_index):
    for number in range(5):
        add_news(news_index, number, image=make_image(f"Εικόνα {number}"))
    add_news(news_index, 5)
    sqls = warm_then_count(client, "/el/news/")
    # The renditions the template asks for are exactly those prefetched: none is looked up
    # or made item by item.
    assert len(reading(sqls, RENDITIONS)) == 1
    assert not [sql for sql in sqls if sql.lstrip().startswith(("INSERT", "UPDATE"))]
    assert Rendition.objects.filter(filter_spec__in=THUMBNAIL_SPECS).count() == 5 * 6


def test_a_listing_without_images_costs_no_rendition_query(client, news_index):
    for number in range(3):
        add_news(news_index, number)
    for url in ("/el/news/", "/el/"):
        assert reading(warm_then_count(client, url), RENDITIONS) == []


def home_sections_built(client):
    """The home page's queries while its sections are built (they are kept as HTML in the
    fragment cache after that), with the renditions cache empty."""
    client.get("/el/")  # makes the renditions that are missing
    for cache in caches.all(initialized_only=True):
        cache.clear()
    return queries(client, "/el/")


def test_home_query_count_does_not_grow_with_images(client, news_index):
    add_news(news_index, 0, image=make_image("Εικόνα 0"))
    with_one = home_sections_built(client)
    for number in range(1, 6):
        add_news(news_index, number, image=make_image(f"Εικόνα {number}"))
    with_three = home_sections_built(client)
    assert len(with_three) == len(with_one)
    assert len(reading(with_three, RENDITIONS)) == 1
    cards = soup(client.get("/el/")).select('section[aria-labelledby="home-news"] li.card')
    assert len(cards) == 3 and all(card.find("picture") for card in cards)


def test_demo_news_items_show_thumbnails_in_both_languages(
    client, demo_content, django_capture_on_commit_callbacks
):
    for lang in ("el", "en"):
        assert len(thumbnails(soup(client.get(f"/{lang}/news/")), ".news-list")) == 3
        cards = soup(client.get(f"/{lang}/")).select('section[aria-labelledby="home-news"] li')
        assert all(card.find("picture") for card in cards) and len(cards) == 3
    article = soup(client.get("/en/news/road-maintenance/"))
    img = article.select_one("article picture img")
    assert img["alt"].startswith("Drawing: a road")
    hero = soup(client.get("/en/")).select_one(".hero picture img")
    assert hero["alt"].startswith("Drawing: a row of workshops")
    assert CustomImage.objects.count() == 4
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_content", verbosity=0)
    assert CustomImage.objects.count() == 4


def test_renditions_read_from_the_cache_are_not_written_back(monkeypatch):
    image = make_image("Φωτογραφία")
    specs = ("width-100|format-webp", "width-200|format-webp")
    first = image.get_renditions(*specs)  # made, stored in the database and the cache
    writes = []
    backend = Rendition.cache_backend
    monkeypatch.setattr(backend, "set_many", lambda data, *a, **kw: writes.append(data))
    again = CustomImage.objects.get(pk=image.pk).get_renditions(*specs)
    assert {spec: r.pk for spec, r in again.items()} == {spec: r.pk for spec, r in first.items()}
    assert writes == []
