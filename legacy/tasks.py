from django_tasks import task


@task(backend="documents")
def import_run_task(run_id):
    """An import started from the admin (legacy.views), run by the task worker
    (`manage.py db_worker --backend documents`): the trial run first, then, once an
    Administrator confirms it, the import itself."""
    from .services import run_saved_import

    return run_saved_import(run_id)
