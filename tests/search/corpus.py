"""A small bilingual site for the relevance tests, built once per test module."""

import datetime
import json

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    PageViewRestriction,
    Site,
)

from home.models import HomePage, StandardPage
from tests.conftest import add_page, publish


def paragraph(html):
    return json.dumps([{"type": "paragraph", "value": html}])


def standard(parent, slug, title, introduction="", body="", *, live=True):
    page = StandardPage(title=title, slug=slug, introduction=introduction)
    if body:
        page.body = paragraph(body)
    return add_page(parent, page, live=live)


def homes():
    greek, _ = Locale.objects.get_or_create(language_code="el")
    english, _ = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node()
    for placeholder in root.get_children():
        placeholder.delete()
    home_el = HomePage(title="Αρχική", slug="home", locale=greek, hero_heading="Καλώς ήρθατε")
    root.add_child(instance=home_el)
    publish(home_el)
    Site.objects.all().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=home_el, is_default_site=True)
    home_en = home_el.copy_for_translation(english)
    home_en.title = "Home"
    home_en.hero_heading = "Welcome"
    publish(home_en)
    return home_el, home_en


def documents_available():
    """Whether documents/ indexes the text of a library page's file."""
    try:
        from documents.models import DocumentPage
    except ImportError:  # pragma: no cover
        return False
    return any(
        getattr(field, "field_name", None) == "document"
        and any(getattr(f, "field_name", None) == "extracted_text" for f in field.fields)
        for field in DocumentPage.search_fields
        if hasattr(field, "fields")
    )


def document_page(library, slug, title, description, text, *, collection=None):
    from documents.models import CustomDocument, DocumentPage

    document = CustomDocument(
        title=title,
        file=ContentFile(b"%PDF-1.4 test", name=f"{slug}.pdf"),
        collection=collection or Collection.get_first_root_node(),
        extracted_text=text,
    )
    document.save()
    page = DocumentPage(
        title=title,
        slug=slug,
        description=description,
        document=document,
        document_date=datetime.date(2025, 3, 1),
    )
    return add_page(library, page)


def build():
    """Every page of the relevance set, by slug."""
    home_el, home_en = homes()
    pages = {}

    def el(slug, *args, **kwargs):
        pages[slug] = standard(home_el, slug, *args, **kwargs)

    def en(slug, *args, **kwargs):
        pages[slug] = standard(home_en, slug, *args, **kwargs)

    el(
        "odigos",
        "Οδηγός επενδυτή",
        "Όλα όσα χρειάζεται μια επιχείρηση για να εγκατασταθεί στο πάρκο.",
    )
    el(
        "rethymno",
        "Το πάρκο στο Ρέθυμνο",
        "",
        "<p>Η ΠΡΟΣΒΑΣΗ από το λιμάνι και το αεροδρόμιο είναι εύκολη.</p>",
    )
    el("aitisi", "Αίτηση εγκατάστασης", "Συμπληρώστε τη φόρμα για παραχώρηση χώρου.")
    el("oikopedo", "Διαθέσιμο οικόπεδο", "Βιομηχανικό οικόπεδο 4.000 τ.μ. στη ζώνη Β.")
    el("proypologismos", "Προϋπολογισμός 2025", "Ο ετήσιος προϋπολογισμός του φορέα.")
    el("symvoulio", "Διοικητικό Συμβούλιο", "Τα μέλη και οι αρμοδιότητες.")
    el(
        "apofasi",
        "Ανακοίνωση για τους δρόμους",
        "",
        "<p>Απόφαση του Δημοτικού Συμβουλίου για την ασφαλτόστρωση.</p>",
    )
    el(
        "phrase",
        "Ενεργειακή αναβάθμιση",
        "",
        "<p>Πρόγραμμα για φωτοβολταϊκά πάνελ στις στέγες των μονάδων.</p>",
    )
    el(
        "phrase-split",
        "Στέγες και έλεγχοι",
        "",
        "<p>Τα πάνελ ελέγχθηκαν. Οι στέγες με φωτοβολταϊκά είναι λίγες.</p>",
    )
    el("title-match", "Ανακύκλωση αποβλήτων", "Πρόγραμμα της ΒΙΠΕ για τις μονάδες.")
    el(
        "body-match",
        "Περιβαλλοντική πολιτική",
        "Η ανακύκλωση αποβλήτων είναι υποχρεωτική· η ανακύκλωση ελέγχεται κάθε μήνα.",
    )
    el("draft", "Σχέδιο για ζυμαρικά", "Εργοστάσιο ζυμαρικών.", live=False)
    el("private", "Εσωτερικός κανονισμός", "Κανονισμός ιχθυοκαλλιέργειας.")
    PageViewRestriction.objects.create(
        page=pages["private"], restriction_type=PageViewRestriction.LOGIN
    )

    en(
        "en-guide",
        "Investor guide",
        "Everything a business needs to settle in the park in Rethymno.",
    )
    en("en-registration", "Online registration", "Register your company with the park office.")
    en("en-plots", "Available plots", "Industrial land for sale in zone B.")
    en("en-cafe", "Café and canteen", "Open daily for the people who work in the park.")

    if documents_available():
        from documents.models import DocumentIndexPage

        library = add_page(home_el, DocumentIndexPage(title="Έγγραφα", slug="documents"))
        pages["doc"] = document_page(
            library,
            "kanonismos",
            "Κανονισμός λειτουργίας",
            "Οι κανόνες του πάρκου.",
            "Άρθρο 12. Η σύνδεση με το δίκτυο ΑΠΟΧΕΤΕΥΣΗΣ γίνεται με ευθύνη της μονάδας.",
        )
        secret = Collection.get_first_root_node().add_child(name="Εσωτερικά")
        CollectionViewRestriction.objects.create(
            collection=secret, restriction_type=CollectionViewRestriction.LOGIN
        )
        pages["private-doc"] = document_page(
            library,
            "esoteriko",
            "Πρακτικά συνεδρίασης",
            "Πρακτικά.",
            "Απόρρητος πίνακας μισθοδοσίας.",
            collection=secret,
        )
    return pages


def set_published(page, days_ago):
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    Page.objects.filter(pk=page.pk).update(first_published_at=moment)
