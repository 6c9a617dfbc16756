"""The import of the old site, end to end: the fixture mirror (tests/legacy/mirror_builder.py)
is imported ONCE for this module (setUpTestData), from a .zip, with --publish, through
`manage.py import_legacy_site`; every test then reads what it made, or runs the import
again inside its own transaction."""

import csv
import html
import io
import shutil
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, Revision

from documents.models import CustomDocument, DocumentCategory, DocumentPage
from home.models import StandardPage
from legacy.importer import load_config
from legacy.mirror import normalise
from legacy.models import ImportRecord
from legacy.services import run_import
from news.models import EventPage, NewsIndexPage, NewsPage
from tests.conftest import make_site_home

from .mirror_builder import HOST, build_mirror, pack, view


def old(article):
    """The old address of an article as the report spells it (parameters sorted)."""
    return normalise("/" + view(article))


MOJIBAKE = ("Ã", "Î", "Ï", "â€", "�")


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "redirects": Redirect.objects.count(),
        "documents": CustomDocument.objects.count(),
        "images": get_image_model().objects.count(),
        "records": ImportRecord.objects.count(),
    }


class ImportedSite(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = Path(tempfile.mkdtemp(prefix="legacy-test-"))
        cls.facts = build_mirror(cls.tmp / "mirror")
        cls.archive = pack(cls.tmp / "mirror", cls.tmp / "biopa-mirror.zip")
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    @classmethod
    def setUpTestData(cls):
        greek, _ = Locale.objects.get_or_create(language_code="el")
        Locale.objects.get_or_create(language_code="en")
        cls.home = make_site_home(greek)
        for slug, name in [("application-form", "Αιτήσεις"), ("regulation", "Κανονισμοί")]:
            DocumentCategory.objects.create(locale=greek, slug=slug, name=name)
        out = io.StringIO()
        report_path = cls.tmp / "report.csv"
        call_command(
            "import_legacy_site",
            str(cls.archive),
            "--publish",
            "--report",
            str(report_path),
            stdout=out,
            stderr=io.StringIO(),
        )
        cls.console = out.getvalue()
        with report_path.open(encoding="utf-8") as handle:
            cls.rows = list(csv.DictReader(handle))

    def rows_for(self, action):
        return [row for row in self.rows if row["action"] == action]

    def page_for(self, old_url):
        record = ImportRecord.objects.get(old_url=normalise(old_url, ("Itemid",)), kind="page")
        return record.page.specific

    def reimport(self, **options):
        return run_import(self.tmp / "mirror", publish=True, **options)

    # The report.
    def test_report_counts_what_was_done(self):
        content_pages = {
            normalise(u) for u, p in self.facts["pages"].items() if p["kind"] != "section"
        }
        created_pages = {r["old_url"] for r in self.rows_for("created") if r["kind"] != "image"}
        self.assertTrue(content_pages <= created_pages)
        self.assertGreaterEqual(len(content_pages), 30)
        self.assertEqual(
            {r["old_url"] for r in self.rows_for("created") if r["kind"] == "document"},
            set(self.facts["files"]),
        )
        self.assertIn("created", self.console)
        self.assertIn("broken-link", self.console)
        broken = {r["target"] for r in self.rows_for("broken-link")}
        self.assertTrue(
            {view(999), "images/stories/docs/missing.pdf", "images/stories/gone.gif"} <= broken
        )
        self.assertEqual(
            [r["old_url"] for r in self.rows_for("image-without-alt")], ["/images/stories/map.png"]
        )
        self.assertIn(old(200), {r["old_url"] for r in self.rows_for("type-guessed")})
        self.assertIn(
            "/old/section/page.html", {r["old_url"] for r in self.rows_for("old-address-reported")}
        )
        self.assertFalse(self.rows_for("failed"), self.rows_for("failed"))

    # Every old address.
    def test_every_old_address_answers_301_to_its_page(self):
        news = NewsIndexPage.objects.get()
        for old_url, fact in self.facts["pages"].items():
            with self.subTest(old_url):
                response = self.client.get(old_url or "/")
                if old_url in ("", "/"):
                    continue  # "/" is the new site's own language redirect
                self.assertEqual(response.status_code, 301)
                if fact["kind"] == "section":
                    target = self.home if "section" not in old_url else news
                else:
                    target = self.page_for(old_url.removesuffix("/"))
                    self.assertEqual(target.title, fact["title"])
                self.assertEqual(response["Location"], target.url)
                self.assertEqual(self.client.get(response["Location"]).status_code, 200)
        for old_url, link_text in self.facts["files"].items():
            with self.subTest(old_url):
                response = self.client.get(old_url)
                self.assertEqual(response.status_code, 301)
                entry = DocumentPage.objects.get(url_path__endswith=response["Location"][3:])
                self.assertEqual(entry.title, link_text)
        # An address seen only in a link: the old list of a category goes to the news.
        response = self.client.get("/index.php?option=com_content&task=category&sectionid=1&id=5")
        self.assertEqual((response.status_code, response["Location"]), (301, news.url))
        # Query parameters in any order, as the old site's links wrote them.
        response = self.client.get("/index.php?Itemid=30&id=2&task=view&option=com_content")
        self.assertEqual(response["Location"], self.page_for(old(2)).url)
        image = self.client.get("/images/stories/park.jpg")
        self.assertEqual(image.status_code, 301)

    # Types, dates and event fields.
    def test_types_dates_and_event_fields(self):
        conference = self.page_for(old(200))
        self.assertIsInstance(conference, EventPage)
        self.assertEqual(str(conference.registration_opens), "2010-05-17")
        self.assertEqual(str(conference.start_date), "2010-09-24")
        self.assertEqual(str(conference.date), "2010-05-10")
        day = self.page_for(old(201))
        self.assertEqual(
            (str(day.start_date), str(day.registration_opens)), ("2011-06-15", "2011-06-01")
        )
        dates = {str(self.page_for(old(article)).date) for article in range(101, 113)}
        # Greek ("Τρίτη, 20 Αυγούστου 2019"), English and numeric dates.
        self.assertEqual(dates, {"2019-08-20", "2019-03-04", "2019-01-11"})
        self.assertEqual(NewsPage.objects.filter(eventpage__isnull=True).count(), 12)
        self.assertEqual(StandardPage.objects.count(), 21)

    # Bodies: blocks, never a blob.
    def test_body_becomes_blocks_with_links_images_and_tables(self):
        park = self.page_for(old(1))
        kinds = [block.block_type for block in park.body]
        self.assertEqual(kinds[:3], ["paragraph", "image", "heading"])
        images = [block.value for block in park.body if block.block_type == "image"]
        self.assertEqual(images[0]["alt_text"], "Άποψη του πάρκου")
        flag = load_config()["missing_alt"]["el"]
        self.assertEqual(images[1]["alt_text"], flag)
        html = "".join(
            str(block.value.source) for block in park.body if block.block_type == "paragraph"
        )
        location = self.page_for(old(2))
        self.assertIn(f'<a linktype="page" id="{location.pk}">θέση του πάρκου</a>', html)
        news = NewsIndexPage.objects.get()
        self.assertIn(f'<a linktype="page" id="{news.pk}">όλα τα νέα</a>', html)  # a section
        self.assertIn('linktype="document"', html)
        self.assertIn("το παλιό έντυπο", html)  # dead links, kept as text
        self.assertIn("Παλιά ενότητα: αρχείο.", html)
        self.assertNotIn("missing.pdf", html)
        self.assertIn('href="https://ec.europa.eu/growth/"', html)
        for chrome in ("Press here", "powered by", "Tuesday, 20. August 2019", "Παλιά σελίδα"):
            self.assertNotIn(chrome, str(park.body.raw_data))
        forms = self.page_for(old(3))
        lists = [b.value for b in forms.body if b.block_type == "document_list"]
        self.assertEqual(
            [p.title for p in lists[0]["documents"]],
            ["Αίτηση εγκατάστασης", "Κανονισμός λειτουργίας"],
        )
        table = next(b.value for b in location.body if b.block_type == "table")
        self.assertEqual(list(table["header"]), ["Προορισμός", "Χιλιόμετρα"])
        self.assertEqual([list(r["cells"]) for r in table["rows"]][1], ["Αεροδρόμιο Χανίων", "80"])
        response = self.client.get(park.url)
        self.assertContains(response, "Άποψη του πάρκου")
        self.assertContains(response, flag)

    def test_documents_with_library_entries_text_and_dates(self):
        form = DocumentPage.objects.get(title="Αίτηση εγκατάστασης")
        self.assertEqual(form.category.slug, "application-form")
        self.assertEqual(str(form.document_date), "2019-01-11")  # the date of its page
        self.assertEqual(form.document.extraction_status, "ok")
        self.assertIn("Aitisi egkatastasis", form.document.extracted_text)
        self.assertEqual(
            DocumentPage.objects.get(title="Κανονισμός λειτουργίας").category.slug, "regulation"
        )
        word = DocumentPage.objects.get(title="Έντυπο δήλωσης")
        self.assertEqual(word.document.file_extension, "doc")
        self.assertTrue(form.live)

    # Encodings: the Greek text byte for byte.
    def test_greek_text_is_byte_for_byte_right_in_every_encoding(self):
        for old_url, (title, sentence) in self.facts["greek"].items():
            with self.subTest(old_url):
                page = self.page_for(old_url)
                self.assertEqual(page.title, title)
                self.assertIn(sentence, str(page.body.raw_data).replace("&amp;", "&"))
                shown = html.unescape(self.client.get(page.url).content.decode("utf-8"))
                self.assertIn(title.encode("utf-8"), shown.encode("utf-8"))
                self.assertIn(sentence.encode("utf-8"), shown.encode("utf-8"))
                for garbage in MOJIBAKE:
                    self.assertNotIn(garbage, page.title + str(page.body.raw_data))

    def test_imported_pages_are_found_by_search(self):
        response = self.client.get("/el/search/", {"q": "Παπαδάκης"})
        self.assertContains(response, "Διοίκηση")

    # Running again.
    def test_second_run_changes_nothing(self):
        before = counts()
        report = self.reimport()
        self.assertEqual(counts(), before)
        summary = report.summary()
        self.assertEqual((summary["created"], summary["updated"], summary["redirect"]), (0, 0, 0))
        self.assertGreaterEqual(summary["unchanged"], 30)

    def test_a_page_edited_after_the_import_is_never_overwritten(self):
        edited = self.page_for(old(12))
        edited.title = "Υπηρεσία 12, όπως τη διόρθωσε ο συντάκτης"
        edited.save_revision().publish()
        # Both pages change on the old site; only the one nobody edited is updated.
        for article in (12, 13):
            path = self.tmp / "mirror" / HOST / (view(article) + ".html")
            path.write_text(path.read_text().replace("των υπηρεσιών", "όλων των υπηρεσιών"))
        try:
            report = self.reimport()
        finally:
            for article in (12, 13):
                path = self.tmp / "mirror" / HOST / (view(article) + ".html")
                path.write_text(path.read_text().replace("όλων των υπηρεσιών", "των υπηρεσιών"))
        edited.refresh_from_db()
        self.assertEqual(edited.title, "Υπηρεσία 12, όπως τη διόρθωσε ο συντάκτης")
        self.assertIn(
            old(12), {r["old_url"] for r in report.rows if r["action"] == "skipped-edited"}
        )
        updated = self.page_for(old(13))
        self.assertEqual([r["old_url"] for r in report.rows if r["action"] == "updated"], [old(13)])
        self.assertIn("όλων των υπηρεσιών", str(updated.body.raw_data))

    def test_dry_run_writes_nothing(self):
        before = counts()
        report = self.reimport(dry_run=True)
        self.assertEqual(counts(), before)
        self.assertTrue(report.dry_run)
