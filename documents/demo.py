"""Demo content of the document library: the library page, the five categories and the
demo files (committed in documents/demo_documents/, documents/demo_manifest.py), each a
real file with its text read, a Greek library entry and its English translation (with its
own file where the document has one)."""

import io

from django.core.files.base import ContentFile
from wagtail.utils.file import hash_filelike

from editorial.groups import public_collection
from home.demo import greek_home
from home.demo_tools import get_or_add_child, locales, translate

from .demo_manifest import load_demo_files
from .models import CustomDocument, DocumentCategory, DocumentIndexPage, DocumentPage, FileLanguage
from .services import extract_document_text

CATEGORY_NAMES = {
    "application-form": ("Αιτήσεις και έντυπα", "Application forms"),
    "regulation": ("Κανονισμοί", "Regulations"),
    "decision": ("Αποφάσεις", "Decisions"),
    "report": ("Εκθέσεις και στοιχεία", "Reports and data"),
    "announcement": ("Ανακοινώσεις", "Announcements"),
}


def build(glossary, log):
    t = glossary.t
    greek, english = locales()
    home = greek_home()

    library, created = get_or_add_child(
        home,
        DocumentIndexPage(
            title=t("Έγγραφα και αιτήσεις", "Documents and forms"),
            slug="documents",
            locale=greek,
            show_in_menus=True,
            introduction=t(
                "Οι αιτήσεις, οι κανονισμοί, οι αποφάσεις και οι εκθέσεις του πάρκου, "
                "για ανάγνωση και λήψη.",
                "The application forms, regulations, decisions and reports of the park, "
                "to read and download.",
            ),
        ),
    )
    if created:
        log("Created the document library")
    translate(library, glossary, english)

    categories = {}
    for slug, (greek_name, english_name) in CATEGORY_NAMES.items():
        name = t(greek_name, english_name)
        category = DocumentCategory.objects.filter(locale=greek, slug=slug).first()
        if category is None:
            category = DocumentCategory.objects.create(locale=greek, slug=slug, name=name)
        translate(category, glossary, english)
        categories[slug] = category

    collection = public_collection()  # where Editors may edit them
    for demo in load_demo_files():
        file = demo_document(
            demo.title_el,
            demo.filename,
            demo.content,
            language=demo.language,
            collection=collection,
        )
        page, created = get_or_add_child(
            library,
            DocumentPage(
                title=t(demo.title_el, demo.title_en),
                slug=demo.key,
                locale=greek,
                description=t(demo.description_el, demo.description_en),
                document=file,
                category=categories[demo.category],
                document_date=demo.date,
            ),
        )
        if created:
            log(f"Created the document {page.title}")
        english_page = translate(page, glossary, english)
        if demo.content_en is not None:
            english_file = demo_document(
                demo.title_en,
                demo.filename_en,
                demo.content_en,
                language=FileLanguage.ENGLISH,
                collection=collection,
            )
            if english_page.document_id != english_file.pk:
                # The file is an overridable synchronised field: the translation keeps it.
                english_page.document = english_file
                english_page.save_revision().publish()
    return library


def demo_document(title, filename, content, *, language, collection):
    """The document with this file's content (or title), created with its text read."""
    file_hash = hash_filelike(io.BytesIO(content))
    document = (
        CustomDocument.objects.filter(file_hash=file_hash).first()
        or CustomDocument.objects.filter(title=title).first()
    )
    if document is not None:
        return document
    document = CustomDocument(title=title, collection=collection, language=language)
    document.file.save(filename, ContentFile(content), save=False)
    document._set_document_file_metadata()
    document.save()
    return extract_document_text(document)
