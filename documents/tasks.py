from django_tasks import task

from .models import CustomDocument


@task(backend="documents")
def extract_document_text_task(document_id):
    """Background half of services.document_file_changed, run by
    `manage.py db_worker --backend documents` (settings.TASKS)."""
    from .services import extract_document_text

    document = CustomDocument.objects.filter(pk=document_id).first()
    if document is None:  # deleted before the worker got to it
        return None
    return extract_document_text(document).extraction_status
