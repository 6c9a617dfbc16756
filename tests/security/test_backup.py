import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, Revision
from wagtail_localize.models import StringTranslation, Translation

from biopa import backup
from contact import demo as contact_demo
from contact import spam
from home.demo_tools import Glossary

pytestmark = pytest.mark.django_db


def snapshot():
    document = get_document_model().objects.get()
    with document.file.storage.open(document.file.name, "rb") as handle:
        file_bytes = handle.read()
    return {
        "pages": sorted(
            Page.objects.values_list("url_path", "title", "locale__language_code", "live")
        ),
        "revisions": Revision.objects.count(),
        "translations": sorted(
            Translation.objects.values_list("target_locale__language_code", "source__object_id")
        ),
        "strings": StringTranslation.objects.count(),
        "locales": sorted(Locale.objects.values_list("language_code", flat=True)),
        "document": (document.title, document.file.name, file_bytes),
        "submissions": sorted(
            (s.page.url_path, s.form_data["email"], s.form_data["message"])
            for s in FormSubmission.objects.select_related("page")
        ),
    }


def test_backup_and_restore_round_trip(client, home_en, site_details, tmp_path):
    greek = contact_demo.build(Glossary(), log=lambda message: None)
    client.post(
        "/el/contact/",
        {
            "name": "Νίκος",
            "email": "nikos@example.com",
            "subject": greek.form_fields.get(clean_name="subject").choices.splitlines()[1],
            "message": "Ερώτηση για τα έγγραφα",
            "consent": "on",
            spam.TIMESTAMP_FIELD: spam.make_token(greek, at=time.time() - 60),
        },
    )
    get_document_model().objects.create(
        title="Κανονισμός", file=ContentFile(b"%PDF-1.4 rules of the park", name="rules.pdf")
    )
    before = snapshot()
    assert before["submissions"] and before["translations"] and before["revisions"] >= 4

    archive = backup.create(tmp_path, stamp="test")
    assert archive.name == "biopa-test.tar.gz"

    # Disaster: the database and the files are gone.
    backup.check_constraints_now()
    call_command("flush", interactive=False, verbosity=0)
    storages["documents"].delete(before["document"][1])
    assert not Page.objects.exists()

    backup.restore(archive)
    assert snapshot() == before
    # The site works again.
    assert client.get("/en/contact/").status_code == 200
    assert "Full name" in client.get("/en/contact/").text


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    import tarfile

    path = tmp_path / "other.tar.gz"
    with tarfile.open(path, "w:gz"):
        pass
    with pytest.raises(ValueError, match="not a site backup"):
        backup.restore(path)
