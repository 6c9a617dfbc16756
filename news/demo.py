"""Demo content of the news app: the news index of each language, a few categories, the
European Cluster Conference 2010 from the park's old homepage and recent news and events,
some of them upcoming on the day the command runs. The words are new."""

import datetime

from django.utils import timezone

from home.demo import demo_image, greek_home
from home.demo_tools import get_or_add_child, locales, translate

from .models import EventPage, NewsCategory, NewsIndexPage, NewsPage, athens


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=athens())


def categories(glossary, greek, english):
    t = glossary.t
    wanted = [
        ("events", t("Εκδηλώσεις", "Events")),
        ("announcements", t("Ανακοινώσεις", "Announcements")),
        ("funding", t("Χρηματοδοτήσεις", "Funding")),
        ("infrastructure", t("Υποδομές", "Infrastructure")),
    ]
    found = {}
    for slug, name in wanted:
        category, _created = NewsCategory.objects.get_or_create(
            locale=greek, slug=slug, defaults={"name": name}
        )
        translate(category, glossary, english)
        found[slug] = category
    return found


def conference(glossary, cats):
    t = glossary.t
    return EventPage(
        title=t("Ευρωπαϊκή Διάσκεψη για τις Συστάδες 2010", "European Cluster Conference 2010"),
        slug="european-cluster-conference-2010",
        date=datetime.date(2010, 5, 10),
        summary=t(
            "Διάσκεψη υψηλού επιπέδου για το πώς οι συστάδες επιχειρήσεων παγκόσμιας κλάσης "
            "μπορούν να ανανεώσουν την ευρωπαϊκή βιομηχανία στο πλαίσιο της στρατηγικής "
            "Ευρώπη 2020.",
            "A high-level conference on how world-class business clusters can renew European "
            "industry under the Europe 2020 strategy.",
        ),
        start=at(datetime.date(2010, 6, 24), 9, 0),
        end=at(datetime.date(2010, 6, 25), 17, 30),
        venue=t("Συνεδριακό κέντρο Square", "Square meeting centre"),
        address=t("Mont des Arts, 1000 Βρυξέλλες, Βέλγιο", "Mont des Arts, 1000 Brussels, Belgium"),
        organiser=t(
            "Ευρωπαϊκή Επιτροπή, ΓΔ Επιχειρήσεων και Βιομηχανίας, υπό τη βελγική Προεδρία της ΕΕ",
            "European Commission, DG Enterprise and Industry, under the Belgian EU Presidency",
        ),
        registration_opens=datetime.date(2010, 5, 17),
        registration_closes=datetime.date(2010, 6, 18),
        registration_url="https://ec.europa.eu/growth/",
        body=[
            (
                "paragraph",
                glossary.rich(
                    "<p>Η διάσκεψη φέρνει κοντά στελέχη της Ευρωπαϊκής Επιτροπής, των κρατών "
                    "μελών και των περιφερειών με ομιλητές από τα πανεπιστήμια και τη "
                    "βιομηχανία. Αντικείμενό της είναι πολιτικές που αξιοποιούν πλήρως τις "
                    "δυνατότητες των καλύτερων συστάδων για καινοτομία, ανάπτυξη και θέσεις "
                    "εργασίας.</p>"
                    "<p>Η Ομάδα Πολιτικής για τις Ευρωπαϊκές Συστάδες παρουσιάζει τις τελικές "
                    "της προτάσεις· στρογγυλά τραπέζια δίνουν τον λόγο στις εθνικές και "
                    "περιφερειακές αρχές, και οι διαχειριστές συστάδων συναντιούνται στην "
                    "πρώτη ανοιχτή συνάντηση της Ευρωπαϊκής Λέσχης Διαχειριστών Συστάδων.</p>",
                    "<p>The conference brings together officials of the European Commission, "
                    "the Member States and the regions with speakers from universities and "
                    "industry. Its subject is policies that make full use of what the best "
                    "clusters can do for innovation, growth and jobs.</p>"
                    "<p>The European Cluster Policy Group presents its final recommendations; "
                    "round tables give the floor to national and regional authorities, and "
                    "cluster managers meet at the first open meeting of the European Club of "
                    "Cluster Managers.</p>",
                ),
            ),
            ("heading", {"text": t("Τρία ερωτήματα", "Three questions"), "level": "h2"}),
            (
                "paragraph",
                glossary.rich(
                    "<ul><li>Ποιες νέες πολιτικές και ποια εργαλεία χρειάζονται για να "
                    "αναπτυχθούν σύγχρονες βιομηχανίες, σύμφωνα με τη σημερινή φύση της "
                    "καινοτομίας;</li>"
                    "<li>Ποιες συνθήκες επιτρέπουν σε ισχυρές συστάδες να αναπτυχθούν σε νέους, "
                    "καινοτόμους κλάδους;</li>"
                    "<li>Τι πρέπει να γίνει ώστε οι πολιτικές για τις συστάδες να γίνουν "
                    "καλύτερες και η Ευρώπη να αποκτήσει περισσότερες συστάδες παγκόσμιας "
                    "κλάσης;</li></ul>",
                    "<ul><li>Which new policies and tools are needed for modern industries to "
                    "grow, in step with the way innovation works today?</li>"
                    "<li>Which conditions let strong clusters develop in new, innovative "
                    "industries?</li>"
                    "<li>What must be done to make cluster policies better, so that Europe "
                    "gains more world-class clusters?</li></ul>",
                ),
            ),
            (
                "paragraph",
                glossary.rich(
                    "<p>Οι εγγραφές άνοιξαν στις 17 Μαΐου 2010.</p>",
                    "<p>Registration opened on 17 May 2010.</p>",
                ),
            ),
        ],
    ), [cats["events"]]


# Three news items carry an image, drawn by home.demo (scene, image title), so that the
# listings show thumbnails.
IMAGES = {
    "new-website": ("website", "Ο νέος ιστότοπος (εικόνα επίδειξης)"),
    "road-maintenance": ("road", "Έργα στο οδικό δίκτυο (εικόνα επίδειξης)"),
    "support-scheme": ("workshop", "Στήριξη βιοτεχνιών (εικόνα επίδειξης)"),
}


def recent(glossary, cats, today):
    t = glossary.t
    day = datetime.timedelta(days=1)

    def paragraph(el, en):
        return [("paragraph", glossary.rich(f"<p>{el}</p>", f"<p>{en}</p>"))]

    return [
        (
            NewsPage(
                title=t("Νέος ιστότοπος για το πάρκο", "A new website for the park"),
                slug="new-website",
                date=today - 3 * day,
                summary=t(
                    "Ο ιστότοπος του ΒΙΟ.ΠΑ. ανανεώθηκε: νέα, εκδηλώσεις, έγγραφα και αιτήσεις "
                    "σε ελληνικά και αγγλικά.",
                    "The BIO.PA. website has been renewed: news, events, documents and "
                    "application forms in Greek and English.",
                ),
                image_alt=t(
                    "Σχέδιο: οθόνη υπολογιστή με μια ιστοσελίδα, μπροστά στις βιοτεχνίες του "
                    "πάρκου.",
                    "Drawing: a computer screen showing a web page, in front of the park's "
                    "workshops.",
                ),
                body=paragraph(
                    t(
                        "Όλα τα έντυπα βρίσκονται πλέον στη βιβλιοθήκη εγγράφων.",
                        "All forms are now in the document library.",
                    ),
                    "All forms are now in the document library.",
                ),
            ),
            [cats["announcements"]],
        ),
        (
            NewsPage(
                title=t("Έργα συντήρησης στο οδικό δίκτυο", "Maintenance works on the roads"),
                slug="road-maintenance",
                date=today - 12 * day,
                summary=t(
                    "Από τη Δευτέρα ξεκινούν εργασίες ασφαλτόστρωσης στους εσωτερικούς δρόμους "
                    "του πάρκου.",
                    "Resurfacing of the park's inner roads starts on Monday.",
                ),
                image_alt=t(
                    "Σχέδιο: δρόμος με κίτρινη διαγράμμιση και κώνους ανάμεσα στις βιοτεχνίες.",
                    "Drawing: a road with a yellow centre line and traffic cones among the "
                    "workshops.",
                ),
            ),
            [cats["infrastructure"], cats["announcements"]],
        ),
        (
            NewsPage(
                title=t("Πρόγραμμα στήριξης μικρών επιχειρήσεων", "Support scheme for small firms"),
                slug="support-scheme",
                date=today - 30 * day,
                summary=t(
                    "Ανοίγει νέο πρόγραμμα επιχορήγησης για τον εκσυγχρονισμό του εξοπλισμού "
                    "των βιοτεχνιών.",
                    "A new grant scheme opens for upgrading the equipment of small workshops.",
                ),
                image_alt=t(
                    "Σχέδιο: γρανάζια μπροστά σε βιοτεχνίες με πριονωτές στέγες.",
                    "Drawing: gear wheels in front of workshops with saw-tooth roofs.",
                ),
            ),
            [cats["funding"]],
        ),
        (
            NewsPage(
                title=t("Ωράριο γραφείου τον Αύγουστο", "Office hours in August"),
                slug="august-hours",
                date=today - 90 * day,
                summary=t(
                    "Τον Αύγουστο το γραφείο του πάρκου λειτουργεί 08:00–13:00.",
                    "In August the park office is open 08:00–13:00.",
                ),
            ),
            [cats["announcements"]],
        ),
        (
            EventPage(
                title=t("Ημερίδα για την ενεργειακή αναβάθμιση", "Workshop on energy upgrades"),
                slug="energy-workshop",
                date=today - 5 * day,
                summary=t(
                    "Πώς μια βιοτεχνία μειώνει το κόστος ενέργειας: παραδείγματα και "
                    "χρηματοδοτήσεις.",
                    "How a workshop cuts its energy costs: examples and funding.",
                ),
                start=at(today + 14 * day, 10),
                end=at(today + 14 * day, 14),
                venue=t("Αίθουσα του γραφείου του πάρκου", "Park office meeting room"),
                address=t("ΒΙΟ.ΠΑ. Ρεθύμνου, Ρέθυμνο", "BIO.PA. Rethymno, Rethymno"),
                organiser=t("Γραφείο του πάρκου", "The park office"),
                registration_opens=today - 5 * day,
                registration_closes=today + 10 * day,
                registration_email="events@biopa-rethymno.example",
            ),
            [cats["events"], cats["funding"]],
        ),
        (
            EventPage(
                title=t("Ημέρες ανοιχτών θυρών", "Open days"),
                slug="open-days",
                date=today - 2 * day,
                summary=t(
                    "Οι επιχειρήσεις του πάρκου ανοίγουν τις πόρτες τους στο κοινό.",
                    "The businesses of the park open their doors to the public.",
                ),
                start=at(today + 30 * day, 0),
                end=at(today + 31 * day, 0),
                all_day=True,
                venue=t("Όλο το πάρκο", "The whole park"),
                address=t("ΒΙΟ.ΠΑ. Ρεθύμνου, Ρέθυμνο", "BIO.PA. Rethymno, Rethymno"),
                organiser=t("Γραφείο του πάρκου", "The park office"),
            ),
            [cats["events"]],
        ),
        (
            EventPage(
                title=t("Σεμινάριο ασφάλειας στην εργασία", "Workplace safety seminar"),
                slug="safety-seminar",
                date=today - 1 * day,
                summary=t(
                    "Πρακτικό σεμινάριο για εργαζόμενους και υπεύθυνους ασφαλείας.",
                    "A hands-on seminar for workers and safety officers.",
                ),
                start=at(today + 45 * day, 9, 30),
                end=at(today + 45 * day, 13, 30),
                venue=t("Αίθουσα του γραφείου του πάρκου", "Park office meeting room"),
                organiser=t("Γραφείο του πάρκου", "The park office"),
                registration_opens=today + 15 * day,
                registration_closes=today + 40 * day,
                registration_url="https://example.com/safety-seminar",
            ),
            [cats["events"]],
        ),
        (
            EventPage(
                title=t("Γενική συνέλευση επιχειρήσεων", "General meeting of businesses"),
                slug="general-meeting",
                date=today - 60 * day,
                summary=t(
                    "Η ετήσια συνέλευση των επιχειρήσεων του πάρκου.",
                    "The yearly meeting of the park's businesses.",
                ),
                start=at(today - 40 * day, 18),
                end=at(today - 40 * day, 20),
                venue=t("Αίθουσα του γραφείου του πάρκου", "Park office meeting room"),
                organiser=t("Γραφείο του πάρκου", "The park office"),
            ),
            [cats["events"]],
        ),
        (
            EventPage(
                title=t("Ενημέρωση επενδυτών", "Briefing for investors"),
                slug="investor-briefing",
                date=today - 4 * day,
                summary=t(
                    "Παρουσίαση των διαθέσιμων οικοπέδων και της διαδικασίας εγκατάστασης.",
                    "The plots available and how to settle in the park.",
                ),
                start=at(today + 7 * day, 11),
                end=at(today + 7 * day, 12, 30),
                venue=t("Αίθουσα του γραφείου του πάρκου", "Park office meeting room"),
                organiser=t("Γραφείο του πάρκου", "The park office"),
                registration_closes=today + 5 * day,
                registration_email="info@biopa-rethymno.example",
            ),
            [cats["events"], cats["announcements"]],
        ),
    ]


def build(glossary, log):
    t = glossary.t
    greek, english = locales()
    home = greek_home()
    index, created = get_or_add_child(
        home,
        NewsIndexPage(
            title=t("Νέα και εκδηλώσεις", "News and events"),
            slug="news",
            locale=greek,
            show_in_menus=True,
            introduction=t(
                "Ανακοινώσεις του πάρκου και εκδηλώσεις για τις επιχειρήσεις του.",
                "Announcements of the park and events for its businesses.",
            ),
        ),
    )
    if created:
        log("Created the news index")
    cats = categories(glossary, greek, english)
    today = timezone.localdate()
    for page, page_categories in [conference(glossary, cats), *recent(glossary, cats, today)]:
        page.locale = greek
        page.categories = page_categories
        if page.slug in IMAGES and not index.get_children().filter(slug=page.slug).exists():
            # Drawn only for a page about to be made: a page that exists is left as it is.
            page.image = demo_image(*IMAGES[page.slug])
        page, created = get_or_add_child(index, page)
        if created:
            log(f"Created {page.title}")

    translate(index, glossary, english)
    for page in index.get_children().filter(locale=greek).specific():
        translate(page, glossary, english)
    return index
