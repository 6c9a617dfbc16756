"""manage.py restore: the database and the files of a backup (`manage.py backup`) back."""

from dbbackup.storage import StorageError, get_storage
from dbbackup.utils import filename_to_date
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections

from biopa.backup import file_storages

from ._files import FilesRestore


class Command(BaseCommand):
    help = (
        "REPLACE the whole database, and the media and document files of the same names, "
        "with a backup from BACKUP_DIR: the newest unless named. Asks first unless --no-input."
    )

    def add_arguments(self, parser):
        parser.add_argument("--database-file", help="A database backup's file name in BACKUP_DIR.")
        parser.add_argument("--files-file", help="A files backup's file name in BACKUP_DIR.")
        parser.add_argument(
            "--database-only", action="store_true", help="Leave the media and documents alone."
        )
        parser.add_argument("--decrypt", action="store_true", help="The backups are encrypted.")
        parser.add_argument("--passphrase", help="The GnuPG key's passphrase, if it has one.")
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, **options):
        storage = get_storage()
        decrypt = options["decrypt"]
        database_file = options["database_file"] or self.newest(storage, "db", decrypt)
        files_file = None
        if not options["database_only"] and file_storages():
            files_file = options["files_file"] or self.newest(storage, "media", decrypt)

        self.warn(database_file, files_file)
        if options["interactive"]:
            answer = input('Type "yes" to replace them: ')
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled: nothing was changed.")

        common = {"decrypt": decrypt, "passphrase": options["passphrase"], "uncompress": True}
        common["interactive"] = False
        # The database is replaced underneath Django: no connection may stay open across.
        connections.close_all()
        call_command("dbrestore", input_filename=database_file, **common)
        connections.close_all()
        if files_file:
            call_command(FilesRestore(), input_filename=files_file, replace=True, **common)
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {database_file}" + (f" and {files_file}" if files_file else "")
            )
        )
        self.stdout.write("Next: `manage.py migrate` if the code is newer than the backup.")

    @staticmethod
    def newest(storage, content_type, decrypt):
        try:
            return storage.get_latest_backup(
                encrypted=decrypt, compressed=True, content_type=content_type
            )
        except (StorageError, FileNotFoundError) as error:
            kind = "database" if content_type == "db" else "files"
            raise CommandError(f"No {kind} backup in BACKUP_DIR: {error}") from error

    def warn(self, database_file, files_file):
        db = connections["default"].settings_dict
        where = (
            db["NAME"]
            if db["ENGINE"].endswith("sqlite3")
            else (f'"{db["NAME"]}" on {db["HOST"] or "localhost"}')
        )
        made = filename_to_date(database_file)
        lines = [
            "",
            "RESTORE REPLACES THE SITE'S CURRENT CONTENT",
            f"  The whole database {where} is replaced by the backup",
            f"    {database_file}" + (f" (made {made:%Y-%m-%d %H:%M})" if made else ""),
            "  Every page, revision, translation, document and image record, user and form",
            "  submission made or changed since then is LOST.",
        ]
        if files_file:
            lines += [
                f"  The media and document files of {files_file}",
                "  are written over the files of the same name.",
            ]
        else:
            lines.append("  Media and document files are not touched.")
        self.stdout.write(self.style.WARNING("\n".join(lines)) + "\n")
