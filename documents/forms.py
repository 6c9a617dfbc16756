"""The admin's document form (WAGTAILDOCS_DOCUMENT_FORM_BASE): checks every upload and
has the new file's text read once it is saved."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from editorial.permissions import CollectionPrivacyFormMixin

from . import services
from .models import ExtractionStatus, FileLanguage
from .validation import validate_upload


class DocumentForm(CollectionPrivacyFormMixin, BaseDocumentForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "file" in self.fields and self.instance.pk:
            self.fields["file"].help_text = self.extraction_summary()
        if "language" in self.fields:
            # The multiple uploader posts only a title and a collection.
            self.fields["language"].required = False

    def clean_language(self):
        return self.cleaned_data.get("language") or self.instance.language or FileLanguage.GREEK

    def extraction_summary(self):
        """What the editor learns about the text of the current file."""
        document = self.instance
        summary = _("Text for search: %(status)s.") % {
            "status": document.get_extraction_status_display()
        }
        if document.extraction_message:
            summary = f"{summary} {document.extraction_message}"
        elif document.extraction_status == ExtractionStatus.OK:
            summary = _("Text for search: %(status)s (%(count)s characters).") % {
                "status": document.get_extraction_status_display(),
                "count": len(document.extracted_text),
            }
        return summary

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and "file" in self.changed_data:
            validate_upload(file, file.name, max_size=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE)
        return file

    def save(self, commit=True):
        # The multiple uploader saves with commit=False and reads the file itself; its
        # view (documents.views) starts the extraction after saving.
        file_changed = "file" in self.changed_data
        document = super().save(commit=commit)
        if commit and (file_changed or document.extraction_status == ExtractionStatus.PENDING):
            services.document_file_changed(document)
        return document
