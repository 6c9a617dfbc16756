"""Backups with django-dbbackup: what the site adds to it.

`manage.py backup` writes two compressed files into BACKUP_DIR (STORAGES["dbbackup"]):
the database (dbbackup's `pg_dump --format=custom` on PostgreSQL, a consistent copy of the
file on SQLite) and one archive of the files, media (images) under `media/` and the private
documents under `private-documents/`: dbbackup's own `mediabackup` knows only the media
storage. Storages on S3 are left out: the bucket's versioning keeps them (docs/deploy.md).
`manage.py restore` brings the newest pair (or the named ones) back, after saying what it
replaces and asking for confirmation. Retention: dbbackup's `--clean` keeps the newest
BACKUP_KEEP_DAILY backups of each kind; `keep_monthly` keeps, besides, the first backup of
each of the last BACKUP_KEEP_MONTHLY months.

This module is imported by the settings (`keep_monthly`), so it imports nothing of Django
or dbbackup at module level.
"""

import posixpath

MEDIA_PREFIX = "media/"
DOCUMENTS_PREFIX = "private-documents/"


def is_files_backup(filename):
    return ".tar" in filename


def keep_monthly(filename):
    """DBBACKUP_CLEANUP_KEEP_FILTER: True for a backup that `--clean` must keep although it
    is past the newest BACKUP_KEEP_DAILY: the oldest of its kind in its calendar month, for
    the last BACKUP_KEEP_MONTHLY months (this month included)."""
    from dbbackup.storage import get_storage
    from dbbackup.utils import filename_to_date
    from django.conf import settings
    from django.utils import timezone

    made = filename_to_date(filename)
    if made is None:
        return False
    today = timezone.localdate()
    months_ago = (today.year - made.year) * 12 + today.month - made.month
    if months_ago >= getattr(settings, "BACKUP_KEEP_MONTHLY", 12):
        return False
    same_month = [
        other
        for other in get_storage().list_backups()
        if is_files_backup(other) == is_files_backup(filename)
        and (".gpg" in other) == (".gpg" in filename)
        and (date := filename_to_date(other)) is not None
        and (date.year, date.month) == (made.year, made.month)
    ]
    return filename == min(same_month, key=filename_to_date, default=filename)


def is_remote(storage):
    """Object storage (S3): versioned by the bucket, not copied into a backup."""
    return type(storage).__module__.startswith("storages.")


def file_storages():
    """Archive prefix → storage, for the storages on this machine's disk (or in memory,
    in the tests): the media files and the private documents."""
    from django.core.files.storage import storages

    found = {MEDIA_PREFIX: storages["default"], DOCUMENTS_PREFIX: storages["documents"]}
    return {prefix: storage for prefix, storage in found.items() if not is_remote(storage)}


def walk(storage, directory=""):
    try:
        directories, files = storage.listdir(directory)
    except (FileNotFoundError, NotImplementedError):
        return
    for name in sorted(files):
        yield posixpath.join(directory, name) if directory else name
    for sub in sorted(directories):
        yield from walk(storage, posixpath.join(directory, sub) if directory else sub)


def storage_for(archive_name):
    """The storage and the name in it of a member of a files archive; None for a member
    that is not a file of a known storage or whose name leaves it."""
    for prefix, storage in file_storages().items():
        if archive_name.startswith(prefix):
            name = archive_name[len(prefix) :]
            parts = name.split("/")
            if not name or name.startswith("/") or ".." in parts or "" in parts:
                return None
            return storage, name
    return None
