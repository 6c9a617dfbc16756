"""Latin slugs (ELOT 743): the rules, the admin's slug field, and the Greek slugs of
existing pages turned Latin with permanent redirects from their old addresses."""

import importlib
import json

import pytest
from django.apps import apps
from django.test import override_settings
from wagtail.contrib.redirects.models import Redirect
from wagtail.coreutils import get_js_regex
from wagtail.models import Page

from home.models import StandardPage
from home.slugs import ELOT_743, latin_slug, transliterate
from tests.conftest import add_page, page_form


@pytest.mark.parametrize(
    ("greek", "slug"),
    [
        ("Ρεθύμνου", "rethymnou"),
        ("Νέο σύστημα", "neo-systima"),
        # ου
        ("Ουρανός", "ouranos"),
        ("Λουκάς", "loukas"),
        # αυ, ευ, ηυ: v before a vowel or voiced consonant, f before a voiceless one and last
        ("Αύγουστος", "avgoustos"),
        ("Αυτοκίνητο", "aftokinito"),
        ("Ευαγγελισμός", "evangelismos"),
        ("Ευχαριστώ", "efcharisto"),
        ("Ευρώπη", "evropi"),
        ("ταυ", "taf"),
        ("Ηύρα", "ivra"),
        # γγ, γκ, γξ, γχ
        ("Αγγελική", "angeliki"),
        ("Άγκυρα", "agkyra"),
        ("Σφιγξ", "sfinx"),
        ("Σύγχρονος", "synchronos"),
        # μπ: b at the start of a word, mb inside; ντ: nt
        ("Μπαμπάς", "bambas"),
        ("Λάμπα μπλε", "lamba-ble"),
        ("Αντώνης", "antonis"),
        # final ς, η, υ, χ, ψ, ξ, θ, φ, ω
        ("Ψυχή", "psychi"),
        ("Ξάνθη", "xanthi"),
        ("Φως και ώρα", "fos-kai-ora"),
        # diaeresis and an accent on the first vowel keep two vowels apart
        ("Αϊτή", "aiti"),
        ("Κάιρος", "kairos"),
        ("Πραΰνω", "prayno"),
        ("Μαΐου", "maiou"),
        ("άυλος", "aylos"),
        # capitals, punctuation, digits, Latin letters, polytonic
        ("ΕΥΡΩΠΗ", "evropi"),
        ("ΒΙΟ.ΠΑ. Ρεθύμνου 2026", "viopa-rethymnou-2026"),
        ("Νέα για το EU project", "nea-gia-to-eu-project"),
        ("ἄνθρωπος", "anthropos"),
    ],
)
def test_greek_is_transliterated_by_elot_743(greek, slug):
    assert latin_slug(greek) == slug


def test_latin_text_is_left_as_it_is():
    assert transliterate("Open days 2026") == "Open days 2026"


def test_every_rule_is_one_the_browser_reads_alike():
    """Wagtail hands each rule to the browser: a case-insensitive, global, Unicode regular
    expression, with a replacement that has no back-reference."""
    for pattern, replacement in ELOT_743:
        source, flags = get_js_regex(pattern)
        assert flags == "giu"
        assert "\\b" not in source
        assert "\\" not in replacement and "$" not in replacement


@pytest.fixture
def admin_client(client, django_user_model, home_el):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "x")
    client.force_login(user)
    return client


def test_the_slug_field_proposes_elot_slugs_in_the_browser(admin_client, home_el):
    response = admin_client.get(f"/admin/pages/add/home/standardpage/{home_el.pk}/")
    html = response.content.decode()
    start = html.index('data-w-slug-formatters-value="') + len('data-w-slug-formatters-value="')
    formatters = json.loads(html[start : html.index('"', start)].replace("&quot;", '"'))
    assert len(formatters) == len(ELOT_743)
    assert formatters[0][1] == "av"


def test_a_greek_slug_posted_to_the_admin_is_saved_in_latin(admin_client, home_el):
    response = admin_client.post(
        f"/admin/pages/add/home/standardpage/{home_el.pk}/",
        page_form("Νέο σύστημα", "νέο-σύστημα", **{"action-publish": "publish"}),
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(title="Νέο σύστημα")
    assert page.slug == "neo-systima"
    assert admin_client.get("/el/neo-systima/").status_code == 200


def greek_slug(page, slug):
    """Give `page` (and the addresses below it) a Greek slug, as pages made before the
    Latin slugs had: straight in the database, past every save()."""
    old = page.url_path
    new = old[: -len(page.slug) - 1] + slug + "/"
    for below in Page.objects.filter(path__startswith=page.path):
        Page.objects.filter(pk=below.pk).update(url_path=new + below.url_path[len(old) :])
    Page.objects.filter(pk=page.pk).update(slug=slug)
    page.refresh_from_db()
    return page


def run_latin_slugs_migration():
    migration = importlib.import_module("home.migrations.0003_latin_slugs")
    migration.latin_slugs(apps, None)


@override_settings(WAGTAILREDIRECTS_AUTO_CREATE=False)
def test_existing_greek_slugs_become_latin_and_old_addresses_redirect(client, home_el, home_en):
    section = greek_slug(
        add_page(home_el, StandardPage(title="Νέα σελίδα", slug="x")), "νέα-σελίδα"
    )
    child = greek_slug(add_page(section, StandardPage(title="Υποσελίδα", slug="y")), "υποσελίδα")
    sibling = add_page(home_el, StandardPage(title="Άλλη", slug="nea-selida"))
    draft = greek_slug(
        add_page(home_el, StandardPage(title="Πρόχειρη", slug="z"), live=False), "πρόχειρη"
    )

    run_latin_slugs_migration()

    section.refresh_from_db()
    child.refresh_from_db()
    draft.refresh_from_db()
    sibling.refresh_from_db()
    assert section.slug == "nea-selida-2"  # its Latin slug was taken by a sibling
    assert sibling.slug == "nea-selida"
    assert child.slug == "yposelida"
    assert child.url_path == f"{home_el.url_path}nea-selida-2/yposelida/"
    assert draft.slug == "procheiri"
    assert section.get_latest_revision().content["slug"] == "nea-selida-2"
    # Old addresses, percent-encoded as browsers send them, answer 301 to the new ones.
    for old, new in [
        ("/el/νέα-σελίδα/", "/el/nea-selida-2/"),
        ("/el/νέα-σελίδα/υποσελίδα/", "/el/nea-selida-2/yposelida/"),
        ("/el/%CE%BD%CE%AD%CE%B1-%CF%83%CE%B5%CE%BB%CE%AF%CE%B4%CE%B1/", "/el/nea-selida-2/"),
    ]:
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
        assert client.get(new).status_code == 200
    assert Redirect.objects.filter(is_permanent=True).count() == 2  # not for the draft
    run_latin_slugs_migration()  # a second run finds nothing to do
    assert Redirect.objects.count() == 2
