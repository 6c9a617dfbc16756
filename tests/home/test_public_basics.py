"""Public-body basics on the demo site: link previews (Open Graph, Twitter card), the
footer menu of legal pages, and the human-readable sitemap, in both languages."""

import re

import pytest
from django.utils import translation
from wagtail.models import Page, PageViewRestriction

from home.models import HomePage, StandardPage

pytestmark = pytest.mark.django_db


def meta(html, key):
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    return match.group(1) if match else None


@pytest.mark.parametrize(
    ("url", "og_locale", "title"),
    [
        ("/el/accessibility/", "el_GR", "Δήλωση προσβασιμότητας"),
        ("/en/accessibility/", "en_GB", "Accessibility statement"),
    ],
)
def test_link_preview_falls_back_to_the_home_hero(client, demo_content, url, og_locale, title):
    html = client.get(url).content.decode()
    hero = HomePage.objects.filter(locale__language_code=url[1:3]).get().hero_image
    image = meta(html, "og:image")
    assert image.startswith("http://testserver/"), image
    assert image.endswith(hero.get_rendition("fill-1200x630").url.rsplit("/", 1)[1])
    assert (meta(html, "og:image:width"), meta(html, "og:image:height")) == ("1200", "630")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert meta(html, "og:title") == title
    assert meta(html, "og:description")
    assert meta(html, "og:url") == f"http://testserver{url}"
    assert meta(html, "og:locale") == og_locale


def test_link_preview_prefers_the_page_image_then_the_site_default(client, demo_content):
    from home.models import CustomImage, SiteDetails

    page = StandardPage.objects.get(slug="privacy", locale__language_code="en")
    other = CustomImage.objects.exclude(pk=HomePage.objects.first().hero_image_id).first()
    page.social_image = other
    page.save_revision().publish()
    html = client.get("/en/privacy/").content.decode()
    assert "/" + other.get_rendition("fill-1200x630").url.rsplit("/", 1)[1] in meta(
        html, "og:image"
    )
    # The site's default beats the hero on a page without an image of its own.
    SiteDetails.objects.update(social_image=other)
    html = client.get("/el/privacy/").content.decode()
    assert meta(html, "og:image").endswith(
        other.get_rendition("fill-1200x630").url.rsplit("/", 1)[1]
    )


@pytest.mark.parametrize(
    ("lang", "titles"),
    [
        (
            "el",
            [
                "Δήλωση προσβασιμότητας",
                "Προστασία προσωπικών δεδομένων",
                "Νομική σημείωση",
                "Sitemap",
            ],
        ),
        ("en", ["Accessibility statement", "Privacy notice", "Legal notice", "Sitemap"]),
    ],
)
def test_footer_menu_links_the_legal_pages_in_each_language(client, demo_content, lang, titles):
    html = client.get(f"/{lang}/").content.decode()
    footer = html[html.index("<footer") :]
    menu = footer[footer.index('class="wrap footer-menu"') :]
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', menu)
    with translation.override(lang):
        titles = [*titles[:3], translation.gettext(titles[3])]
    assert [title for _url, title in links] == titles
    for url, _title in links:
        assert url.startswith(f"/{lang}/")
        assert client.get(url).status_code == 200


def test_footer_menu_leaves_out_a_page_the_public_may_not_see(client, demo_content):
    page = Page.objects.get(slug="legal-notice", locale__language_code="en")
    PageViewRestriction.objects.create(page=page, restriction_type="login")
    html = client.get("/en/").content.decode()
    assert "Legal notice" not in html
    assert "Privacy notice" in html


@pytest.mark.parametrize("lang", ["el", "en"])
def test_html_sitemap_lists_the_public_tree(client, demo_content, lang):
    from django.utils import timezone

    home = HomePage.objects.get(locale__language_code=lang)
    draft = home.add_child(
        instance=StandardPage(title="Draft page zz", slug="draft-zz", live=False)
    )
    hidden = home.add_child(instance=StandardPage(title="Private page zz", slug="private-zz"))
    hidden.save_revision().publish()
    PageViewRestriction.objects.create(page=hidden, restriction_type="login")
    hidden.add_child(instance=StandardPage(title="Under private zz", slug="under-zz"))
    expired = home.add_child(
        instance=StandardPage(title="Expired zz", slug="expired-zz", expire_at=timezone.now())
    )
    assert draft.pk and expired.pk

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(f"/{lang}/sitemap/")  # warm the chrome's cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/{lang}/sitemap/")
    assert response.status_code == 200
    html = response.content.decode()
    body = html[html.index("<main") : html.index("</main>")]
    for page in home.get_children().live().filter(locale=home.locale).specific():
        if "zz" not in page.title:
            assert f">{page.title}</a>" in body, page.title
    for title in ["Draft page zz", "Private page zz", "Under private zz", "Expired zz"]:
        assert title not in body
    other = "en" if lang == "el" else "el"
    assert f'href="/{other}/' not in body
    assert len(queries) <= 6, [q["sql"][:120] for q in queries.captured_queries]
