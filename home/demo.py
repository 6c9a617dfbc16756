"""Demo content of the home app: the two home pages, the standard pages and the office
details. Facts from the park's old homepage; the words are new."""

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.models import Page, Site

from editorial.groups import public_collection

from .demo_tools import get_or_add_child, locales, translate
from .models import CustomImage, FooterLink, HomePage, SiteDetails, StandardPage


def greek_home():
    return HomePage.objects.get(locale__language_code="el", depth=2)


# Demo images: drawn here, in a few shapes and colours, so that the demo needs no file
# from outside. Each is found by its title, and made only when missing.
DEMO_IMAGE_SIZE = (1280, 720)
SCENES = {
    # scene: (sky top, sky bottom, hills, buildings, accent)
    "park": ((120, 175, 215), (214, 232, 238), (74, 128, 84), (236, 232, 222), (179, 71, 0)),
    "road": ((96, 150, 200), (222, 228, 230), (96, 140, 90), (214, 208, 196), (240, 190, 40)),
    "website": ((11, 93, 59), (120, 180, 150), (7, 63, 40), (250, 250, 246), (29, 78, 216)),
    "workshop": ((200, 150, 90), (246, 222, 180), (150, 110, 70), (230, 226, 218), (11, 93, 59)),
}


def _draw_scene(scene):
    sky_top, sky_bottom, hills, buildings, accent = SCENES[scene]
    width, height = DEMO_IMAGE_SIZE
    picture = PILImage.new("RGB", DEMO_IMAGE_SIZE)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        mix = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(round(a + (b - a) * mix) for a, b in zip(sky_top, sky_bottom, strict=True)),
        )
    rng = random.Random(scene)  # noqa: S311 - shapes of a picture, not secrets
    draw.ellipse([width - 260, 70, width - 150, 180], fill=(255, 236, 170))
    horizon = int(height * 0.58)
    draw.polygon(
        [(0, horizon), *((x, horizon - rng.randint(30, 110)) for x in range(0, width + 160, 160))]
        + [(width, height), (0, height)],
        fill=hills,
    )
    ground = tuple(max(0, c - 25) for c in hills)
    draw.rectangle([0, horizon + 60, width, height], fill=ground)
    # A row of workshops with saw-tooth roofs.
    x = 60
    while x < width - 120:
        w, h = rng.randint(150, 230), rng.randint(90, 150)
        top = horizon + 60 - h
        draw.rectangle([x, top, x + w, horizon + 60], fill=buildings, outline=(60, 60, 60))
        for tooth in range(x, x + w, 40):
            draw.polygon([(tooth, top), (tooth + 40, top), (tooth + 40, top - 22)], fill=accent)
        for window in range(x + 15, x + w - 30, 45):
            draw.rectangle([window, top + 30, window + 25, top + 55], fill=(90, 120, 140))
        x += w + rng.randint(30, 70)
    if scene == "road":
        draw.polygon(
            [
                (width // 2 - 60, horizon + 60),
                (width // 2 + 60, horizon + 60),
                (width // 2 + 420, height),
                (width // 2 - 420, height),
            ],
            fill=(70, 72, 76),
        )
        for step in range(6):
            y = horizon + 75 + step * 30
            draw.rectangle([width // 2 - 4, y, width // 2 + 4, y + 16], fill=accent)
        for cone in (width // 2 - 300, width // 2 + 260):
            draw.polygon(
                [(cone, height - 40), (cone + 40, height - 40), (cone + 20, height - 110)],
                fill=(230, 110, 20),
            )
    elif scene == "website":
        draw.rounded_rectangle([340, 150, 940, 520], radius=18, fill=(30, 34, 40))
        draw.rectangle([365, 175, 915, 470], fill=buildings)
        draw.rectangle([365, 175, 915, 215], fill=accent)
        for row in range(5):
            draw.rectangle(
                [395, 240 + row * 42, 395 + rng.randint(200, 480), 258 + row * 42],
                fill=(170, 180, 176),
            )
        draw.polygon([(590, 520), (690, 520), (720, 600), (560, 600)], fill=(30, 34, 40))
    elif scene == "workshop":
        for cx, cy, r in ((420, 560, 70), (560, 600, 45), (860, 570, 60)):
            draw.ellipse([cx - r, cy - r, cx + r, cy + r], outline=accent, width=18)
            draw.ellipse([cx - r // 3, cy - r // 3, cx + r // 3, cy + r // 3], fill=accent)
    else:
        for tree in range(40, width, 110):
            base = horizon + 90 + rng.randint(0, 40)
            draw.rectangle([tree + 14, base, tree + 22, base + 30], fill=(90, 60, 40))
            draw.ellipse([tree, base - 44, tree + 36, base + 6], fill=(40, 100, 60))
    return picture


def demo_image(scene, title):
    """The demo image called `title`, drawn as `scene` (a key of SCENES) when missing."""
    existing = CustomImage.objects.filter(title=title).first()
    if existing is not None:
        return existing
    buffer = io.BytesIO()
    _draw_scene(scene).save(buffer, "JPEG", quality=85)
    return CustomImage.objects.create(
        title=title,
        file=ImageFile(buffer, name=f"demo-{scene}.jpg"),
        credit="ΒΙΟ.ΠΑ.",
        collection=public_collection(),  # where Editors may edit it
    )


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
            hero_image=demo_image("park", "Το Βιοτεχνικό Πάρκο Ρεθύμνου (εικόνα επίδειξης)"),
            hero_image_alt=t(
                "Σχέδιο: σειρά από βιοτεχνίες με πριονωτές στέγες και δέντρα μπροστά σε λόφους.",
                "Drawing: a row of workshops with saw-tooth roofs and trees in front of hills.",
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
                        "μόνο για να απαντήσουμε στο μήνυμά σας και διαγράφονται μετά από "
                        '<embed embedtype="retention-period"/>'
                        ", σύμφωνα με τον Γενικό Κανονισμό για την Προστασία Δεδομένων.</p>"
                        "<p>Ο ιστότοπος δεν χρησιμοποιεί cookies παρακολούθησης ούτε υπηρεσίες "
                        "τρίτων.</p>",
                        "<p>The details you send with the contact form are used only to answer "
                        "your message and are deleted after "
                        '<embed embedtype="retention-period"/>'
                        ", in line with the General "
                        "Data Protection Regulation.</p>"
                        "<p>The website uses no tracking cookies and no third-party services.</p>",
                    ),
                ),
            ],
        ),
        StandardPage(
            title=t("Νομική σημείωση", "Legal notice"),
            slug="legal-notice",
            introduction=t(
                "Ποιος δημοσιεύει τον ιστότοπο και με ποιους όρους.",
                "Who publishes this website, and on what terms.",
            ),
            body=[
                (
                    "paragraph",
                    glossary.rich(
                        "<p>Τον ιστότοπο δημοσιεύει η εταιρεία διαχείρισης του Βιοτεχνικού "
                        "Πάρκου Ρεθύμνου. Τα κείμενα μπορούν να αναδημοσιευθούν με αναφορά "
                        "της πηγής· οι εικόνες ανήκουν στους δημιουργούς τους.</p>",
                        "<p>This website is published by the management company of the "
                        "Industrial Park of Rethymno. Its texts may be reused with "
                        "acknowledgement of the source; the images belong to their "
                        "creators.</p>",
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

    # The footer menu: the pages every public body's site links from each page.
    if not details.footer_links.exists():
        for position, slug in enumerate(("accessibility", "privacy", "legal-notice")):
            page = home.get_children().filter(slug=slug).first()
            if page is not None:
                FooterLink.objects.create(details=details, page=page, sort_order=position)

    # English: the home page first, then everything under it and the snippets.
    translate(home, glossary, english)
    for page in home.get_descendants().filter(locale=greek).specific():
        translate(page, glossary, english)
    translate(details, glossary, english)
    return home
