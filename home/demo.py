"""Demo content of the home app: the two home pages, the standard pages and the office
details. Facts from the park's old homepage; the words are new."""

from wagtail.models import Page, Site

from .demo_tools import get_or_add_child, locales, translate
from .models import HomePage, SiteDetails, StandardPage


def greek_home():
    return HomePage.objects.get(locale__language_code="el", depth=2)


def build(glossary, log):
    t = glossary.t
    greek, english = locales()
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=greek)
    )

    home = HomePage.objects.filter(locale=greek, depth=2).first()
    if home is None:
        # Wagtail's first migration leaves a placeholder page (and a site on it) at the
        # slug this home page takes.
        for placeholder in root.get_children().filter(depth=2, slug="home"):
            if not isinstance(placeholder.specific, HomePage):
                placeholder.delete()
        home = HomePage(
            title=t("Αρχική", "Home"),
            slug="home",
            locale=greek,
            hero_heading=t(
                "Καλώς ήρθατε στο Βιοτεχνικό Πάρκο Ρεθύμνου",
                "Welcome to the Industrial Park of Rethymno",
            ),
            hero_intro=t(
                "Στο ΒΙΟ.ΠΑ. Ρεθύμνου βρίσκετε σε ένα σημείο όλες τις πληροφορίες, τα έγγραφα "
                "και τις αιτήσεις για την εγκατάσταση και τη λειτουργία της επιχείρησής σας "
                "στο πάρκο.",
                "At BIO.PA. Rethymno you find in one place all the information, documents "
                "and application forms for setting up and running your business in the park.",
            ),
            search_description=t(
                "Ο επίσημος ιστότοπος του Βιοτεχνικού Πάρκου Ρεθύμνου: νέα, εκδηλώσεις, "
                "έγγραφα και αιτήσεις.",
                "The official website of the Industrial Park of Rethymno: news, events, "
                "documents and application forms.",
            ),
            body=[
                (
                    "key_figures",
                    {
                        "title": t("Το πάρκο με μια ματιά", "The park at a glance"),
                        "figures": [
                            {
                                "value": "2010",
                                "label": t(
                                    "Ευρωπαϊκή διάσκεψη συστάδων", "European cluster conference"
                                ),
                            },
                            {
                                "value": "2",
                                "label": t("Γλώσσες του ιστότοπου", "Languages of the website"),
                            },
                            {
                                "value": "24/7",
                                "label": t("Πρόσβαση στα έγγραφα", "Access to documents"),
                            },
                        ],
                    },
                ),
            ],
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        log(f"Created the Greek home page {home.pk}")
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "BIOPA"},
        )
    else:
        home = home.specific

    pages = [
        StandardPage(
            title=t("Το πάρκο", "About the park"),
            slug="about",
            show_in_menus=True,
            introduction=t(
                "Το Βιοτεχνικό Πάρκο Ρεθύμνου (ΒΙΟ.ΠΑ.) είναι ο οργανωμένος χώρος όπου "
                "εγκαθίστανται και αναπτύσσονται οι βιοτεχνικές επιχειρήσεις του Ρεθύμνου.",
                "The Industrial Park of Rethymno (BIO.PA.) is the organised area where the "
                "small industries and workshops of Rethymno settle and grow.",
            ),
            body=[
                ("heading", {"text": t("Τι προσφέρει", "What it offers"), "level": "h2"}),
                (
                    "paragraph",
                    glossary.rich(
                        "<p>Οι επιχειρήσεις του πάρκου μοιράζονται δρόμους, δίκτυα ύδρευσης "
                        "και αποχέτευσης, ηλεκτροδότηση και κοινόχρηστους χώρους, με "
                        "ενιαίους κανόνες λειτουργίας.</p>"
                        "<p>Το γραφείο του πάρκου εξυπηρετεί επενδυτές και επιχειρήσεις σε "
                        "κάθε βήμα: από την πρώτη αίτηση ως την καθημερινή λειτουργία.</p>",
                        "<p>The businesses of the park share roads, water and sewerage "
                        "networks, power supply and common areas, under one set of operating "
                        "rules.</p>"
                        "<p>The park office helps investors and businesses at every step: "
                        "from the first application to daily operation.</p>",
                    ),
                ),
                (
                    "accordion",
                    {
                        "title": t("Συχνές ερωτήσεις", "Frequently asked questions"),
                        "items": [
                            {
                                "question": t(
                                    "Πώς εγκαθίσταται μια επιχείρηση στο πάρκο;",
                                    "How does a business settle in the park?",
                                ),
                                "answer": glossary.rich(
                                    "<p>Υποβάλλει αίτηση εγκατάστασης στο γραφείο του πάρκου, "
                                    "μαζί με τα δικαιολογητικά που ορίζει ο κανονισμός.</p>",
                                    "<p>It submits an application for establishment to the "
                                    "park office, with the papers that the regulation lists.</p>",
                                ),
                            },
                            {
                                "question": t(
                                    "Πού βρίσκω τα έντυπα και τους κανονισμούς;",
                                    "Where do I find the forms and regulations?",
                                ),
                                "answer": glossary.rich(
                                    "<p>Όλα τα έγγραφα και οι αιτήσεις βρίσκονται στη "
                                    "βιβλιοθήκη εγγράφων του ιστότοπου.</p>",
                                    "<p>All documents and application forms are in the "
                                    "website's document library.</p>",
                                ),
                            },
                        ],
                    },
                ),
                (
                    "table",
                    {
                        "caption": t("Υπηρεσίες του γραφείου", "Services of the office"),
                        "header": [t("Υπηρεσία", "Service"), t("Πότε", "When")],
                        "rows": [
                            {
                                "cells": [
                                    t("Αιτήσεις εγκατάστασης", "Applications for establishment"),
                                    t("Κάθε εργάσιμη", "Every working day"),
                                ]
                            },
                            {
                                "cells": [
                                    t("Ενημέρωση επενδυτών", "Briefings for investors"),
                                    t("Με ραντεβού", "By appointment"),
                                ]
                            },
                        ],
                    },
                ),
                (
                    "quote",
                    {
                        "text": t(
                            "Ένα πάρκο όπου η μικρή επιχείρηση βρίσκει χώρο να μεγαλώσει.",
                            "A park where a small business finds room to grow.",
                        ),
                        "attribution": t("Το γραφείο του πάρκου", "The park office"),
                    },
                ),
            ],
        ),
        StandardPage(
            title=t("Δήλωση προσβασιμότητας", "Accessibility statement"),
            slug="accessibility",
            introduction=t(
                "Θέλουμε ο ιστότοπος να μπορεί να τον χρησιμοποιεί ο καθένας.",
                "We want everyone to be able to use this website.",
            ),
            body=[
                (
                    "paragraph",
                    glossary.rich(
                        "<p>Ο ιστότοπος σχεδιάστηκε ώστε να πληροί τις Οδηγίες για την "
                        "Προσβασιμότητα του Περιεχομένου του Ιστού (WCAG) 2.2, επίπεδο AA. "
                        "Λειτουργεί με πληκτρολόγιο και με αναγνώστες οθόνης.</p>"
                        "<p>Αν συναντήσετε εμπόδιο, γράψτε μας μέσω της φόρμας επικοινωνίας "
                        "και θα απαντήσουμε μέσα σε δέκα εργάσιμες ημέρες.</p>",
                        "<p>The website is designed to meet the Web Content Accessibility "
                        "Guidelines (WCAG) 2.2, level AA. It works with a keyboard and with "
                        "screen readers.</p>"
                        "<p>If you meet a barrier, write to us through the contact form and "
                        "we will answer within ten working days.</p>",
                    ),
                ),
            ],
        ),
        StandardPage(
            title=t("Προστασία προσωπικών δεδομένων", "Privacy notice"),
            slug="privacy",
            introduction=t(
                "Πώς χειριζόμαστε τα προσωπικά δεδομένα που μας εμπιστεύεστε.",
                "How we handle the personal data you entrust to us.",
            ),
            body=[
                (
                    "paragraph",
                    glossary.rich(
                        "<p>Τα στοιχεία που στέλνετε με τη φόρμα επικοινωνίας χρησιμοποιούνται "
                        "μόνο για να απαντήσουμε στο μήνυμά σας και διαγράφονται μετά από δύο "
                        "χρόνια, σύμφωνα με τον Γενικό Κανονισμό για την Προστασία Δεδομένων.</p>"
                        "<p>Ο ιστότοπος δεν χρησιμοποιεί cookies παρακολούθησης ούτε υπηρεσίες "
                        "τρίτων.</p>",
                        "<p>The details you send with the contact form are used only to answer "
                        "your message and are deleted after two years, in line with the General "
                        "Data Protection Regulation.</p>"
                        "<p>The website uses no tracking cookies and no third-party services.</p>",
                    ),
                ),
            ],
        ),
    ]
    for page in pages:
        page.locale = greek
        page, created = get_or_add_child(home, page)
        if created:
            log(f"Created {page.title}")

    details = SiteDetails.objects.filter(locale=greek).first()
    if details is None:
        details = SiteDetails.objects.create(
            locale=greek,
            site_name=t("Βιοτεχνικό Πάρκο Ρεθύμνου", "Industrial Park of Rethymno"),
            address=t(
                "ΒΙΟ.ΠΑ. Ρεθύμνου\nΤ.Κ. 741 00 Ρέθυμνο, Κρήτη",
                "BIO.PA. Rethymno\n741 00 Rethymno, Crete, Greece",
            ),
            phone="+30 28310 00000",
            email="info@biopa-rethymno.example",
            opening_hours=t("Δευτέρα έως Παρασκευή, 08:00–15:00", "Monday to Friday, 08:00–15:00"),
            footer_text=t(
                "Το Βιοτεχνικό Πάρκο Ρεθύμνου φιλοξενεί και στηρίζει τις βιοτεχνίες της περιοχής.",
                "The Industrial Park of Rethymno hosts and supports the workshops and small "
                "industries of the area.",
            ),
        )

    # English: the home page first, then everything under it and the snippets.
    translate(home, glossary, english)
    for page in home.get_descendants().filter(locale=greek).specific():
        translate(page, glossary, english)
    translate(details, glossary, english)
    return home
