"""Back up and restore the whole site: the database through Django (dumpdata/loaddata, so
that one archive moves between SQLite and PostgreSQL) and every file in the media storage
and in the private documents storage.

    python -m biopa.backup create [DIRECTORY]    writes DIRECTORY/biopa-YYYYmmdd-HHMMSS.tar.gz
    python -m biopa.backup restore FILE          replaces the site's content with FILE's

`make backup` and `make restore FILE=...` call these. Restoring empties the database
first: every page, revision, translation, document, image, form submission and user of
the archive comes back as it was, then the search index is rebuilt.
"""

import io
import json
import os
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

# Transient or rebuilt after a restore: sessions and login attempts, the search index.
# Everything else is dumped with its primary keys (content types and permissions too), so
# that references without database constraints, such as the log entries of deleted pages,
# come back exactly as they were.
EXCLUDED = ["sessions", "axes", "wagtailsearch"]
# Content types and permissions are loaded first: saving other objects may look them up.
CORE = ["contenttypes", "auth.permission"]
CORE_MEMBER = "database-core.json"
DATABASE_MEMBER = "database.json"
MEDIA_PREFIX = "media/"
DOCUMENTS_PREFIX = "private-documents/"
MANIFEST_MEMBER = "manifest.json"


def _media_files(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in files:
        yield f"{directory}/{name}" if directory else name
    for sub in directories:
        yield from _media_files(storage, f"{directory}/{sub}" if directory else sub)


def _add_bytes(archive, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def _storages():
    """Archive prefix → storage: media (images) and the documents' own storage."""
    from django.core.files.storage import storages

    return {MEDIA_PREFIX: storages["default"], DOCUMENTS_PREFIX: storages["documents"]}


def create(directory, *, stamp=None):
    """Write a timestamped archive into `directory` and return its path."""
    from django.core.management import call_command

    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = stamp or datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = directory / f"biopa-{stamp}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        core = Path(tmp) / CORE_MEMBER
        call_command("dumpdata", *CORE, output=str(core), verbosity=0)
        dump = Path(tmp) / DATABASE_MEMBER
        call_command("dumpdata", exclude=[*EXCLUDED, *CORE], output=str(dump), verbosity=0)
        files = [
            (prefix, storage, name)
            for prefix, storage in _storages().items()
            for name in sorted(_media_files(storage))
        ]
        with tarfile.open(path, "w:gz") as archive:
            archive.add(core, arcname=CORE_MEMBER)
            archive.add(dump, arcname=DATABASE_MEMBER)
            for prefix, storage, name in files:
                with storage.open(name, "rb") as handle:
                    _add_bytes(archive, prefix + name, handle.read())
            manifest = {"created": stamp, "media_files": len(files), "format": 1}
            _add_bytes(archive, MANIFEST_MEMBER, json.dumps(manifest).encode())
    return path


def check_constraints_now():
    """PostgreSQL refuses to empty tables with deferred constraint checks pending in the
    transaction (inside a test, say): run those checks first."""
    from django.db import connection

    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def restore(path):
    """Replace the database content and the media files with those of the archive."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile
    from django.core.management import call_command
    from django.db import transaction

    with tarfile.open(path, "r:gz") as archive, tempfile.TemporaryDirectory() as tmp:
        members = {member.name: member for member in archive.getmembers() if member.isfile()}
        if DATABASE_MEMBER not in members or CORE_MEMBER not in members:
            raise ValueError(f"{path} is not a site backup: it has no {DATABASE_MEMBER}")
        # Files first: saving documents may read them.
        for name, member in members.items():
            prefix = next((p for p in _storages() if name.startswith(p)), None)
            if prefix is None:
                continue
            storage = _storages()[prefix]
            target = name[len(prefix) :]
            if ".." in Path(target).parts or target.startswith("/"):
                raise ValueError(f"Unsafe file name in the archive: {name}")
            if storage.exists(target):
                storage.delete(target)
            storage.save(target, ContentFile(archive.extractfile(member).read()))
        fixtures = []
        for member in (CORE_MEMBER, DATABASE_MEMBER):
            fixture = Path(tmp) / member
            fixture.write_bytes(archive.extractfile(members[member]).read())
            fixtures.append(fixture)
        with transaction.atomic():
            # Empty every table without recreating content types and permissions, so
            # that those of the archive come back with their own keys.
            check_constraints_now()
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            ContentType.objects.clear_cache()
            for fixture in fixtures:
                call_command("loaddata", str(fixture), verbosity=0)
        ContentType.objects.clear_cache()
    # Archives made before documents had a storage of their own hold them under media/.
    from documents.models import CustomDocument
    from documents.storage import move_documents_to_private_storage

    move_documents_to_private_storage(CustomDocument)
    call_command("update_index", verbosity=0)


def main(argv):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "biopa.settings.dev")
    import django

    django.setup()
    if len(argv) >= 2 and argv[1] == "create":
        from django.conf import settings

        directory = argv[2] if len(argv) > 2 else settings.VAR_DIR / "backups"
        print(create(directory))
        return 0
    if len(argv) == 3 and argv[1] == "restore":
        restore(argv[2])
        print(f"Restored {argv[2]}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
