"""Small library trees for the document tests."""

import datetime

from django.core.files.base import ContentFile
from django.utils.text import slugify
from wagtail.models import Collection, CollectionViewRestriction

from documents.models import CustomDocument, DocumentCategory, DocumentIndexPage, DocumentPage
from documents.services import extract_document_text
from tests.conftest import add_page


def make_document(title="Έγγραφο", filename="notice.txt", content=None, **fields):
    """A CustomDocument saved through Django's storage, with its text read."""
    if content is None:
        content = "Ανακοίνωση του πάρκου για τις επιχειρήσεις.".encode()
    document = CustomDocument(title=title, **fields)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return extract_document_text(document)


def make_library(home, **fields):
    fields.setdefault("title", "Έγγραφα" if home.locale.language_code == "el" else "Documents")
    return add_page(home, DocumentIndexPage(slug="documents", **fields))


def make_entry(library, title, *, document=None, day=datetime.date(2019, 5, 1), **fields):
    if document is None:
        document = make_document(title=title)
    fields.setdefault("slug", slugify(title, allow_unicode=True))
    return add_page(
        library, DocumentPage(title=title, document=document, document_date=day, **fields)
    )


def make_category(locale, name, slug):
    return DocumentCategory.objects.create(locale=locale, name=name, slug=slug)


def private_collection(name="Εσωτερικά", *, restriction_type=CollectionViewRestriction.LOGIN):
    collection = Collection.get_first_root_node().add_child(name=name)
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type
    )
    return collection
