"""Pages keep Latin slugs whatever saves them: code, and wagtail-localize's translations,
which take the slug of their own title when they inherited a slug made from the source's."""

import pytest
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from home.models import StandardPage
from tests.conftest import add_page


@pytest.mark.parametrize(
    ("title", "slug", "saved"),
    [
        ("Νέο σύστημα", "", "neo-systima"),  # from the title
        ("Σελίδα", "νέο-σύστημα", "neo-systima"),  # a Greek slug given in code
        ("Σελίδα", "about", "about"),  # a Latin one kept
    ],
)
def test_a_page_saved_from_code_gets_a_latin_slug(home_el, title, slug, saved):
    page = add_page(home_el, StandardPage(title=title, slug=slug))
    assert page.slug == saved
    assert page.url_path == f"{home_el.url_path}{saved}/"


def test_a_latin_slug_taken_by_a_sibling_gets_a_number(home_el):
    add_page(home_el, StandardPage(title="Νέο σύστημα", slug="neo-systima"))
    assert add_page(home_el, StandardPage(title="Νέο σύστημα", slug="")).slug == "neo-systima-2"


def translate(page, locale, english, capture):
    """Translate `page` through wagtail-localize with `english` (Greek → English strings)
    and publish the translation; the translated page."""
    source, _created = TranslationSource.update_or_create_from_instance(page)
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        if segment.string.data in english:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": english[segment.string.data]},
            )
    translation, _created = Translation.objects.get_or_create(source=source, target_locale=locale)
    with capture(execute=True):
        translation.save_target(publish=True)
    return StandardPage.objects.get(translation_key=page.translation_key, locale=locale)


def test_an_english_translation_gets_the_slug_of_its_english_title(
    client, home_el, home_en, django_capture_on_commit_callbacks
):
    greek = add_page(home_el, StandardPage(title="Νέο σύστημα", slug=""))
    capture = django_capture_on_commit_callbacks

    # Published before its title was translated: the source's slug, for now.
    english = translate(greek, home_en.locale, {}, capture)
    assert english.slug == "neo-systima"

    english = translate(greek, home_en.locale, {"Νέο σύστημα": "New system"}, capture)
    assert english.slug == "new-system"
    assert english.live
    assert client.get("/en/new-system/").status_code == 200
    # The address it had keeps working (Wagtail's redirect for a changed slug).
    response = client.get("/en/neo-systima/")
    assert response.status_code == 301
    assert response["Location"].endswith("/en/new-system/")
    assert StandardPage.objects.get(pk=greek.pk).slug == "neo-systima"  # the source keeps its


def test_a_slug_an_editor_chose_is_kept_by_the_translation(
    home_el, home_en, django_capture_on_commit_callbacks
):
    greek = add_page(home_el, StandardPage(title="Σχετικά με το πάρκο", slug="about"))
    english = translate(
        greek,
        home_en.locale,
        {"Σχετικά με το πάρκο": "About the park"},
        django_capture_on_commit_callbacks,
    )
    assert english.title == "About the park"
    assert english.slug == "about"
