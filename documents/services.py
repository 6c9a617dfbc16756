"""Writes of the document library: reading the text inside an uploaded file and putting
it in the search index. Called from the admin forms and views (documents.forms,
documents.views) and from the management command, never from signals or save()."""

import logging

from django.conf import settings
from django.utils import timezone
from wagtail.search import index

from .extraction import extract_text_isolated
from .models import CustomDocument, DocumentPage, ExtractionStatus

logger = logging.getLogger(__name__)


def document_file_changed(document):
    """A file was uploaded or replaced: its old text no longer counts; the task worker
    reads the new one (documents.tasks), so the upload answers at once."""
    from .tasks import extract_document_text_task

    CustomDocument.objects.filter(pk=document.pk).update(
        extracted_text="",
        extraction_status=ExtractionStatus.PENDING,
        extraction_message="",
        extracted_at=None,
    )
    document.extraction_status = ExtractionStatus.PENDING
    extract_document_text_task.enqueue(document.pk)


def extract_document_text(document):
    """Read the text of `document`'s file, store it with its status, and re-index the
    library pages that use the file. Never raises for a bad file. The file is read in a
    child process with caps on time, memory and unpacked size (EXTRACTION_* settings)."""
    try:
        with document.open_file() as file_obj:
            data = file_obj.read()
        result = extract_text_isolated(
            data,
            document.filename,
            timeout=settings.EXTRACTION_TIMEOUT_SECONDS,
            max_memory=settings.EXTRACTION_MAX_MEMORY_MB * 1024 * 1024,
            max_unpacked=settings.EXTRACTION_MAX_UNPACKED_MB * 1024 * 1024,
        )
        text, status, message = result.text, result.status, str(result.message)
    except OSError:
        logger.warning("Cannot open the file of document %s", document.pk, exc_info=True)
        text, status = "", ExtractionStatus.BROKEN
        message = str(ExtractionStatus.BROKEN.label)
    document.extracted_text = text
    document.extraction_status = status
    document.extraction_message = message[:500]
    document.extracted_at = timezone.now()
    # update() rather than save(): only these columns, and no second round of indexing
    # or reference tracking for an unchanged document.
    CustomDocument.objects.filter(pk=document.pk).update(
        extracted_text=document.extracted_text,
        extraction_status=document.extraction_status,
        extraction_message=document.extraction_message,
        extracted_at=document.extracted_at,
    )
    for page in DocumentPage.objects.filter(document=document):
        index.insert_or_update_object(page)
    return document
