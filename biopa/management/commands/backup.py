"""manage.py backup: the database and the files, compressed, into BACKUP_DIR (biopa/backup.py)."""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from biopa.backup import file_storages

from ._files import FilesBackup


class Command(BaseCommand):
    help = (
        "Back up the database (pg_dump on PostgreSQL, a copy of the file on SQLite) and the "
        "media and document files into BACKUP_DIR, compressed; then remove the backups "
        "past the retention (BACKUP_KEEP_DAILY, BACKUP_KEEP_MONTHLY)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="Encrypt both files with GnuPG for BACKUP_GPG_RECIPIENT.",
        )
        parser.add_argument(
            "--no-clean", action="store_true", help="Keep every older backup this time."
        )

    def handle(self, *args, encrypt=False, no_clean=False, verbosity=1, **options):
        common = {
            "compress": True,
            "clean": not no_clean,
            "encrypt": encrypt,
            "quiet": verbosity < 1,
        }
        call_command("dbbackup", **common)
        if file_storages():
            call_command(FilesBackup(), **common)
        else:
            self.stdout.write(
                "Media and documents are on object storage: not copied (the bucket's "
                "versioning keeps them, docs/deploy.md)."
            )
        if verbosity:
            self.stdout.write(f"Backups in {settings.BACKUP_DIR}")
