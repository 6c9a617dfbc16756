"""dbbackup's media commands over both file storages (biopa/backup.py)."""

import tarfile

from dbbackup import utils
from dbbackup.management.commands import mediabackup, mediarestore

from biopa.backup import file_storages, storage_for, walk


class FilesBackup(mediabackup.Command):
    """One tar of the media files (media/...) and the private documents (private-documents/...)."""

    def _create_tar(self, name):
        fileobj = utils.create_spooled_temporary_file()
        with tarfile.open(name=name, fileobj=fileobj, mode="w:gz" if self.compress else "w") as tar:
            for prefix, storage in file_storages().items():
                for path in walk(storage):
                    info = tarfile.TarInfo(prefix + path)
                    info.size = storage.size(path)
                    with storage.open(path, "rb") as handle:
                        tar.addfile(info, handle)
        return fileobj


class FilesRestore(mediarestore.Command):
    """Each file of the archive back into its storage, replacing one of the same name."""

    def _upload_file(self, name, media_file):
        target = storage_for(name)
        if target is None:
            self.logger.warning("Skipped %s: not a media or document file", name)
            return
        storage, path = target
        if storage.exists(path):
            storage.delete(path)
        storage.save(path, media_file)
