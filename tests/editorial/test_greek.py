"""The site and the admin in Greek: our own strings are all translated, the compiled
catalogue matches the .po file, and users may choose Greek for the admin."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse
from wagtail.users.models import UserProfile

from editorial.groups import EDITORS
from tests.editorial.test_permissions import edit_url

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "biopa" / "locale"
CATALOGUE = LOCALE / "el" / "LC_MESSAGES" / "django.po"
# The project's completions of Wagtail's and wagtail-localize's Greek (settings.LOCALE_PATHS).
COMPLETIONS = Path(settings.BASE_DIR) / "biopa" / "locale_wagtail" / "el" / "LC_MESSAGES"


def test_completions_come_after_the_projects_own_catalogue():
    assert [Path(path) for path in settings.LOCALE_PATHS][:2] == [LOCALE, COMPLETIONS.parent.parent]


@pytest.mark.parametrize(
    "catalogue", [CATALOGUE, COMPLETIONS / "django.po", COMPLETIONS / "djangojs.po"]
)
def test_every_string_is_translated_and_compiled(catalogue):
    po = polib.pofile(str(catalogue))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()]
    assert po.fuzzy_entries() == []
    mo = polib.mofile(str(catalogue.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): e for e in mo}
    for entry in po.translated_entries():
        found = compiled.get((entry.msgctxt, entry.msgid))
        assert found is not None, f"not compiled: {entry.msgid}"
        if entry.msgid_plural:
            assert {int(k): v for k, v in found.msgstr_plural.items()} == {
                int(k): v for k, v in entry.msgstr_plural.items()
            }
        else:
            assert found.msgstr == entry.msgstr, f"compiled .mo is stale: {entry.msgid}"


def test_public_site_speaks_greek_on_el(client, home_en, site_details):
    greek = client.get("/el/").content.decode()
    for text in ["Μετάβαση στο κύριο περιεχόμενο", "Αναζήτηση στον ιστότοπο", "Τηλέφωνο"]:
        assert text in greek, text
    english = client.get("/en/").content.decode()
    assert "Skip to main content" in english and "Μετάβαση στο κύριο" not in english
    missing = client.get("/el/no-such-page/")
    assert missing.status_code == 404
    assert "Η σελίδα δεν βρέθηκε" in missing.content.decode()
    assert "Page not found" in client.get("/en/no-such-page/").content.decode()


def test_admin_in_greek_with_greek_help_texts(client, make_user, greek_page):
    user = make_user(EDITORS, username="eleni")
    profile = UserProfile.get_for_user(user)
    client.force_login(user)
    account = client.get(reverse("wagtailadmin_account")).content.decode()
    assert 'value="el"' in account  # Greek is offered in the account's language choice
    profile.preferred_language = "el"
    profile.save()
    form = client.get(edit_url(greek_page)).content.decode()
    assert "Εμφανίζεται όταν η σελίδα κοινοποιείται στα κοινωνικά δίκτυα." in form
    assert "εισαγωγή" in form.lower()
    report = client.get(reverse("editorial_translation_status")).content.decode()
    assert "Κατάσταση μεταφράσεων" in report
