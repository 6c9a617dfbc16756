"""Where document files live: a storage of their own (STORAGES["documents"]), never the
media storage, so that no web server, CDN or SERVE_MEDIA route hands a file out without
Wagtail's serve view checking its collection's privacy first.

On local disk the files sit in DOCUMENTS_ROOT, outside MEDIA_ROOT; on S3 under a private
prefix of their own, with signed, short-lived addresses. Each file sits in a directory
named by a random token, so that its address cannot be guessed from its name.
"""

import logging
import os
import posixpath
import secrets

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, InMemoryStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils._os import safe_join
from django.utils.functional import LazyObject, empty

logger = logging.getLogger(__name__)

STORAGE_ALIAS = "documents"
UPLOAD_DIRECTORY = "documents"


class _DocumentStorage(LazyObject):
    """STORAGES["documents"], looked up again when the setting changes (in tests): the
    file field calls its storage callable once, when the model is loaded."""

    def _setup(self):
        self._wrapped = storages[STORAGE_ALIAS]


_document_storage = _DocumentStorage()


@receiver(setting_changed)
def _forget_document_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _document_storage._wrapped = empty


def document_storage():
    """The documents storage; a callable on the file field, so that migrations name this
    function rather than the storage of the settings they were made with."""
    return _document_storage


def document_upload_to(instance, filename):
    """documents/<16 hex digits>/<the upload's name>: the name stays readable in the
    download, the directory token makes the stored path unguessable."""
    return posixpath.join(UPLOAD_DIRECTORY, secrets.token_hex(8), posixpath.basename(filename))


class NoPublicAddressMixin:
    """No address outside the document serve view: Wagtail's view then streams the file
    itself (it asks for url() and path() and copes with NotImplementedError)."""

    def url(self, name):
        raise NotImplementedError("Document files have no public address; use document.url.")


class PrivateFileSystemStorage(NoPublicAddressMixin, FileSystemStorage):
    """Document files on local disk, in DOCUMENTS_ROOT."""


class PrivateInMemoryStorage(NoPublicAddressMixin, InMemoryStorage):
    """Document files in memory, for the tests. Django's in-memory storage reports a
    path on disk where nothing is; without one, Wagtail streams the file as it does
    from S3."""

    def path(self, name):
        raise NotImplementedError("In-memory files have no path on disk.")

    def _relative_path(self, name):
        # InMemoryStorage finds its files through path(); the same join, kept inside.
        return os.path.relpath(safe_join(self.location, name), self.location)


def move_documents_to_private_storage(document_model, *, log=None):
    """Move the files of documents still stored in the default (media) storage into the
    documents storage, each under a fresh random directory, and point the rows at them.
    Safe to run again: a row whose file is already in the documents storage is left
    alone. Returns the number of files moved."""
    log = log or logger.info
    source = storages["default"]
    target = storages[STORAGE_ALIAS]
    moved = 0
    for document in document_model.objects.order_by("pk").iterator():
        name = document.file.name
        if not name or target.exists(name):
            continue
        if not source.exists(name):
            log(f"Document {document.pk}: its file {name} is in neither storage; left as it is")
            continue
        with source.open(name, "rb") as handle:
            new_name = target.save(
                document_upload_to(document, name), ContentFile(handle.read(), name=name)
            )
        # update() rather than save(): only the file name changes; no new revision of
        # the search index or of reference tracking for the same file.
        document_model.objects.filter(pk=document.pk).update(file=new_name)
        source.delete(name)
        moved += 1
        log(f"Document {document.pk}: moved {name} to the private documents storage")
    return moved
