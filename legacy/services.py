"""The one way in to the import, for the management command and the task worker."""

import logging
from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage

from .importer import Importer, ImportFailed, default_report_path
from .mirror import MirrorError, open_source
from .models import ImportRun

logger = logging.getLogger(__name__)


def run_import(source, *, locale="el", publish=False, dry_run=False, config=None, progress=None):
    """Import the mirror at `source` (a folder, .zip or .tar.gz); the report."""
    with open_source(source) as folder:
        importer = Importer(
            folder,
            locale=locale,
            publish=publish,
            dry_run=dry_run,
            config=config,
            progress=progress,
        )
        return importer.run()


def archive_storage():
    """Uploaded archives wait here for the task worker: outside MEDIA_ROOT, never served."""
    return FileSystemStorage(location=Path(settings.VAR_DIR) / "legacy-imports")


def start_run(run):
    """Hand `run` (saved, with its archive stored) to the task worker."""
    from .tasks import import_run_task

    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportRun.Status.WAITING, done=0, total=0, error=""
    )
    import_run_task.enqueue(run.pk)


def run_saved_import(run_id):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return None
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    storage = archive_storage()

    def progress(done, total):
        if done == total or done % 5 == 0:
            ImportRun.objects.filter(pk=run.pk).update(done=done, total=total)

    try:
        report = run_import(
            storage.path(run.archive),
            locale=run.locale,
            publish=run.publish,
            dry_run=run.dry_run,
            progress=progress,
        )
    except (ImportFailed, MirrorError, OSError) as error:
        ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.FAILED, error=str(error))
        return ImportRun.Status.FAILED
    except Exception as error:
        logger.exception("The import %s failed", run.pk)
        ImportRun.objects.filter(pk=run.pk).update(
            status=ImportRun.Status.FAILED, error=repr(error)[:1000]
        )
        raise
    status = ImportRun.Status.CHECKED if run.dry_run else ImportRun.Status.DONE
    ImportRun.objects.filter(pk=run.pk).update(
        status=status, summary=report.summary(), rows=report.rows
    )
    if not run.dry_run:
        report.write_csv(default_report_path())
        storage.delete(run.archive)
    return status
