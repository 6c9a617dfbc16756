"""The import through the admin, as an Administrator does it: upload the archive, read
the trial run's report (nothing written yet), confirm; the task worker (run at once in the
tests) imports it. Others cannot reach it."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from editorial.groups import ADMINISTRATORS, EDITORS
from home.models import StandardPage
from legacy.importer import Importer
from legacy.models import ImportRecord, ImportRun
from legacy.services import run_import
from news.models import EventPage

from .mirror_builder import HOST, NEWS_LIST, build_mirror, pack, view

KEEP = {
    view(1),
    view(2),
    view(200),
    NEWS_LIST,
    "index",
    "images/stories/docs/aitisi_egkatastasis.pdf",
}


@pytest.fixture
def small_archive(tmp_path):
    """The fixture mirror cut down to a handful of pages and one PDF, as a .tar.gz."""
    build_mirror(tmp_path / "mirror")
    root = tmp_path / "mirror" / HOST
    for path in root.rglob("*"):
        relative = path.relative_to(root).as_posix()
        if (
            relative.endswith((".html", ".pdf", ".doc"))
            and relative.removesuffix(".html") not in KEEP
        ):
            path.unlink()
    archive = pack(tmp_path / "mirror", tmp_path / "old-site.tar.gz")
    return archive.read_bytes()


@pytest.fixture
def administrator(django_user_model, home_el):
    user = django_user_model.objects.create_user("anna", password="x", is_staff=False)
    user.groups.add(Group.objects.get(name=ADMINISTRATORS))
    return user


def test_administrator_uploads_checks_and_confirms(
    client, administrator, small_archive, settings, tmp_path
):
    settings.VAR_DIR = tmp_path / "var"
    client.force_login(administrator)
    index = client.get(reverse("legacy_index"))
    assert index.status_code == 200
    pages_before, redirects_before = Page.objects.count(), Redirect.objects.count()

    upload = SimpleUploadedFile("old-site.tar.gz", small_archive, "application/gzip")
    response = client.post(
        reverse("legacy_index"), {"archive": upload, "locale": "el", "publish": "on"}
    )
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "legacy_run", args=[run.pk]
    )
    # The trial run: a report, nothing written.
    assert run.status == ImportRun.Status.CHECKED
    assert (Page.objects.count(), Redirect.objects.count()) == (pages_before, redirects_before)
    assert not ImportRecord.objects.exists()
    assert run.summary["created"] >= 4 and run.summary["broken-link"] >= 1
    page = client.get(response["Location"])
    assert b"Confirm" in page.content or "Επιβεβαίωση".encode() in page.content
    assert b"/images/stories/docs/missing.pdf" in page.content or b"missing.pdf" in page.content

    trial = dict(run.summary)
    client.post(reverse("legacy_confirm", args=[run.pk]))
    run.refresh_from_db()
    # The trial run said what the import then did.
    for action in ("created", "redirect", "section", "broken-link", "image-without-alt"):
        assert (action, trial[action]) == (action, run.summary[action])
    assert run.status == ImportRun.Status.DONE and not run.dry_run
    assert run.done == run.total > 0
    assert Page.objects.filter(title="European Cluster Conference 2010", live=True).exists()
    response = client.get("/" + view(200))
    assert response.status_code == 301
    csv_report = client.get(reverse("legacy_report_csv", args=[run.pk]))
    assert csv_report["Content-Type"].startswith("text/csv")
    assert "created,event," in csv_report.content.decode("utf-8-sig").replace("\r", "")
    assert not any((tmp_path / "var" / "legacy-imports").iterdir())  # the archive is gone


def test_a_failed_item_leaves_nothing_behind_and_the_next_run_resumes(
    home_el, small_archive, tmp_path, monkeypatch
):
    archive = tmp_path / "again.tar.gz"
    archive.write_bytes(small_archive)
    fill = Importer.fill

    def failing_fill(self, page, parsed):
        if parsed.kind == "event":
            raise RuntimeError("the worker died here")
        return fill(self, page, parsed)

    monkeypatch.setattr(Importer, "fill", failing_fill)
    report = run_import(archive, publish=True)
    assert [row["action"] for row in report.rows].count("failed") == 1
    assert not EventPage.objects.exists()
    assert not ImportRecord.objects.filter(old_url__contains="id=200").exists()
    assert not Redirect.objects.filter(old_path__contains="id=200").exists()
    assert StandardPage.objects.count() == 2

    monkeypatch.setattr(Importer, "fill", fill)
    report = run_import(archive, publish=True)
    created = [row["kind"] for row in report.rows if row["action"] == "created"]
    assert created == ["event"]
    assert EventPage.objects.get().registration_opens.isoformat() == "2010-05-17"
    assert client_redirect(view(200)) == EventPage.objects.get().url


def client_redirect(address):
    from django.test import Client

    response = Client().get("/" + address)
    assert response.status_code == 301
    return response["Location"]


def test_only_administrators_may_import(client, django_user_model, home_el):
    editor = django_user_model.objects.create_user("eleni", password="x")
    editor.groups.add(Group.objects.get(name=EDITORS))
    client.force_login(editor)
    assert client.get(reverse("legacy_index")).status_code in (302, 403)
    assert not ImportRun.objects.exists()
