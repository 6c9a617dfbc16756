"""Backups (biopa/backup.py, `manage.py backup` / `manage.py restore`, django-dbbackup):
the database and both file storages go out and come back; retention keeps N daily and M
monthly; the restore says what it replaces and asks first."""

import datetime
import os
import subprocess

import dbbackup.settings
import dbbackup.storage
import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from wagtail.documents import get_document_model

from biopa.backup import keep_monthly

GZIP_MAGIC = b"\x1f\x8b"


@pytest.fixture
def backup_dir(tmp_path, monkeypatch):
    # dbbackup reads STORAGES["dbbackup"] once, at import.
    directory = tmp_path / "backups"
    monkeypatch.setattr(dbbackup.settings, "STORAGE_OPTIONS", {"location": str(directory)})
    return directory


def site_state():
    document = get_document_model().objects.get()
    with document.file.open("rb") as handle:
        document_bytes = handle.read()
    return {
        "users": sorted(get_user_model().objects.values_list("username", flat=True)),
        "document": (document.title, document.file.name, document_bytes),
        "media": storages["default"].open("images/park.jpg").read(),
    }


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_and_restore_round_trip(backup_dir, monkeypatch, capsys):
    get_user_model().objects.create(username="editor", email="editor@example.com")
    get_document_model().objects.create(
        title="Κανονισμός", file=ContentFile(b"%PDF-1.4 rules of the park", name="rules.pdf")
    )
    storages["default"].save("images/park.jpg", ContentFile(b"\xff\xd8 a photo"))
    before = site_state()

    call_command("backup", verbosity=0)
    made = sorted(os.listdir(backup_dir))
    database = [name for name in made if "-database-" in name and name.endswith(".gz")]
    files = [name for name in made if "-files-" in name and name.endswith(".tar.gz")]
    assert len(database) == len(files) == 1, made
    expected = ".psql.bin.gz" if connection.vendor == "postgresql" else ".sqlite3.gz"
    assert database[0].endswith(expected)

    # Disaster: content changed and lost, files gone.
    get_user_model().objects.filter(username="editor").delete()
    get_user_model().objects.create(username="after-the-backup")
    document = get_document_model().objects.get()
    storages["documents"].delete(document.file.name)
    document.delete()
    storages["default"].delete("images/park.jpg")

    # The restore says what it replaces and does nothing unless told "yes".
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("restore")
    warning = capsys.readouterr().out
    assert "REPLACES" in warning and database[0] in warning and files[0] in warning
    assert "LOST" in warning
    assert get_user_model().objects.filter(username="after-the-backup").exists()

    call_command("restore", interactive=False)
    assert site_state() == before


def test_restore_without_a_backup_says_so(backup_dir):
    with pytest.raises(CommandError, match="No database backup"):
        call_command("restore", interactive=False)


@override_settings(BACKUP_KEEP_MONTHLY=3)
def test_retention_keeps_the_newest_daily_and_the_first_of_recent_months(backup_dir):
    """dbbackup's --clean with DBBACKUP_CLEANUP_KEEP=2 and the monthly filter."""
    days = ["2026-08-01", "2026-09-02", "2026-09-05", "2026-10-01", "2026-11-03", "2026-11-29"]
    days += ["2026-11-30"]
    backup_dir.mkdir()
    for day in days:
        for kind in ("database", "files"):
            extension = "tar.gz" if kind == "files" else "psql.bin.gz"
            (backup_dir / f"biopa-{kind}-{day}-030000.{extension}").write_bytes(b"x")
    storage = dbbackup.storage.get_storage()
    with time_machine.travel(datetime.datetime(2026, 11, 30, 4, tzinfo=datetime.UTC)):
        assert keep_monthly("biopa-database-2026-09-02-030000.psql.bin.gz")
        assert not keep_monthly("biopa-database-2026-09-05-030000.psql.bin.gz")
        assert not keep_monthly("biopa-database-2026-08-01-030000.psql.bin.gz")  # 3 months ago
        for content_type in ("db", "media"):
            storage.clean_old_backups(compressed=True, content_type=content_type, keep_number=2)
    left = sorted(os.listdir(backup_dir))
    for kind in ("database", "files"):
        kept = sorted(name[len(f"biopa-{kind}-") :][:10] for name in left if f"-{kind}-" in name)
        # The two newest, and the first of September, October and November.
        assert kept == ["2026-09-02", "2026-10-01", "2026-11-03", "2026-11-29", "2026-11-30"]


@pytest.fixture
def gpg_home(tmp_path, monkeypatch):
    """A throwaway GnuPG home with one key (encryption subkey, no passphrase)."""
    home = tmp_path / "gnupg"
    home.mkdir(mode=0o700)
    monkeypatch.setenv("GNUPGHOME", str(home))
    subprocess.run(  # noqa: S603 - GnuPG on fixed arguments
        ["gpg", "--batch", "--passphrase", "", "--quick-gen-key", "backup@example.org"]
        + ["future-default", "default", "never"],
        check=True,
        capture_output=True,
    )
    monkeypatch.setattr(dbbackup.settings, "GPG_RECIPIENT", "backup@example.org")
    yield home
    subprocess.run(["gpgconf", "--kill", "gpg-agent"], check=False)  # noqa: S607


@pytest.mark.django_db
def test_encrypted_backups_open_only_with_the_key(backup_dir, gpg_home):
    storages["default"].save("images/park.jpg", ContentFile(b"\xff\xd8 a photo"))
    call_command("backup", encrypt=True, verbosity=0)
    made = sorted(name for name in os.listdir(backup_dir) if not name.endswith(".metadata"))
    assert len(made) == 2 and all(name.endswith(".gz.gpg") for name in made), made
    for name in made:
        sealed = (backup_dir / name).read_bytes()
        assert not sealed.startswith(GZIP_MAGIC)
        opened = subprocess.run(  # noqa: S603
            ["gpg", "--batch", "--decrypt", str(backup_dir / name)],  # noqa: S607
            check=True,
            capture_output=True,
        ).stdout
        assert opened.startswith(GZIP_MAGIC)
