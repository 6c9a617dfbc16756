"""A small copy of the park's old site as `wget --mirror --adjust-extension` leaves it:
a Joomla 1.0 site under www.biopa.gr/, with the date header, the menus and the "powered
by" footer around every page, query-string addresses, a news list, news items, events
(one announcing "Registration will be possible from 17/05/2010"), standard pages in
UTF-8, windows-1253 and ISO-8859-7 (declared and not, and declared wrong), HTML
entities, one page saved by HTTrack, PDFs and a DOC, images with and without alt text,
and links that lead nowhere.

`build_mirror(folder)` writes it and returns the facts the tests check.
"""

import datetime
import io
import os
import tarfile
import zipfile
from pathlib import Path

HOST = "www.biopa.gr"
NEWS_LIST = "index.php?option=com_content&task=section&id=1&Itemid=2"


def view(article_id, itemid=30):
    return f"index.php?option=com_content&task=view&id={article_id}&Itemid={itemid}"


CHROME = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>{meta}<title>{title} - ΒΙΟ.ΠΑ. Ρεθύμνου</title>
<link rel="stylesheet" href="templates/biopa/css/template_css.css" type="text/css" />
</head><body>
<div id="header"><a href="index.php">Press here to visit the Homepage</a>
<a href="index.php?option=com_contact&amp;Itemid=3">Press here to contact us.</a></div>
<div class="date-header">Tuesday, 20. August 2019</div>
<table width="100%"><tr>
<td id="left"><table class="moduletable"><tr><td>
<a class="mainlevel" href="index.php">Αρχική</a>
<a class="mainlevel" href="{news_list}">Νέα</a>
<a class="mainlevel" href="{about}">Το Πάρκο</a>
<a class="mainlevel" href="{old_page}">Παλιά σελίδα</a>
</td></tr></table></td>
<td id="main">
<span class="pathway"><a href="index.php">Αρχική</a> <img src="images/M_images/arrow.png" alt="" />
<a href="{section_link}">{section}</a> <img src="images/M_images/arrow.png" alt="" /> {title}</span>
<table class="contentpaneopen"><tr><td class="contentheading" width="100%">{title}</td>
<td class="buttonheading"><a href="index2.php?option=com_content&amp;do_pdf=1">PDF</a></td></tr>
<tr><td class="createdate">{date}</td></tr>
<tr><td valign="top">
{body}
</td></tr></table>
</td></tr></table>
<div id="footer">powered by<br />ιντερνετ, δίκτυα &amp; τηλεπικοινωνίες</div>
</body></html>
"""

LOREM_EL = (
    "Το Βιοτεχνικό Πάρκο Ρεθύμνου φιλοξενεί επιχειρήσεις μεταποίησης, αποθήκευσης και "
    "υπηρεσιών, με κοινόχρηστες υποδομές, φύλαξη και διαχείριση αποβλήτων. "
)
LOREM_EN = (
    "The Industrial Park of Rethymno hosts manufacturing, storage and service businesses, "
    "with shared infrastructure, security and waste management. "
)

# Text whose every byte the tests check after the import, per encoding.
GREEK_SENTENCES = {
    "utf-8": "Άδεια εγκατάστασης: ό,τι χρειάζεστε — «Ρέθυμνο», ΐ ΰ ς.",
    "cp1253": "Άνοιγμα γραφείου: Δευτέρα έως Παρασκευή, «Ώρες» ύδρευσης — ϊ ϋ.",
    "iso8859-7": "Άρθρο 5: Οι επιχειρήσεις του ΒΙΟ.ΠΑ. τηρούν τους κανόνες ασφαλείας.",
    "cp1253-undeclared": "Άμεση εξυπηρέτηση επενδυτών στο γραφείο Διοίκησης του Πάρκου.",
    "iso8859-7-undeclared": "Ένα πάρκο για όλους: Άλλες υπηρεσίες, Έργα υποδομής.",
    "cp1253-as-iso": "Άποψη του πάρκου από ψηλά· Ώρα λειτουργίας «Ά».",
    "entities": "Αλφα ά é & «εισαγωγικά» — ΒΙΟ.ΠΑ.",
}
ENTITIES_HTML = (
    "&Alpha;&lambda;&phi;&alpha; &#940; &eacute; &amp; &laquo;&epsilon;&iota;&sigma;&alpha;"
    "&gamma;&omega;&gamma;&iota;&kappa;&#940;&raquo; &mdash; &#914;&#921;&#927;.&#928;&#913;."
)

GREEK_DATES = [
    "Τρίτη, 20 Αυγούστου 2019",
    "Δευτέρα, 04 Μαρτίου 2019",
    "Παρασκευή, 11 Ιανουαρίου 2019",
]


def _pdf(text, when):
    """A one-page PDF with `text` in its text layer and its creation date."""
    stamp = when.strftime("D:%Y%m%d090000+00'00'")
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({text}) /CreationDate ({stamp}) >>".encode("latin-1"),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1)
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


def _doc():
    """An old Word file as far as the upload checks go: the OLE2 signature."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _image(kind, colour):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), colour).save(buffer, format=kind)
    return buffer.getvalue()


def build_mirror(folder):
    """Write the mirror under `folder`/www.biopa.gr; the facts the tests check."""
    root = Path(folder) / HOST
    (root / "images" / "stories" / "docs").mkdir(parents=True, exist_ok=True)
    facts = {"pages": {}, "files": {}, "images": {}, "greek": {}, "dead": []}

    def write(name, data, mtime=None):
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if mtime:
            os.utime(path, (mtime, mtime))

    def page(
        name,
        title,
        body,
        *,
        date="",
        section="Το Πάρκο",
        section_link=None,
        encoding="utf-8",
        declare=True,
        declared_as=None,
        kind="standard",
        url=None,
        httrack=None,
    ):
        charset = declared_as or {"cp1253": "windows-1253", "iso8859-7": "iso-8859-7"}.get(
            encoding, encoding
        )
        meta = (
            f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />'
            if declare
            else ""
        )
        html = CHROME.format(
            meta=meta,
            title=title,
            date=date,
            body=body,
            section=section,
            section_link=(section_link or view(1)).replace("&", "&amp;"),
            news_list=NEWS_LIST.replace("&", "&amp;"),
            about=view(1).replace("&", "&amp;"),
            old_page=view(998, 77).replace("&", "&amp;"),
        )
        if httrack:
            html = (
                f"<!-- Mirrored from {HOST}/{httrack} by HTTrack Website Copier/3.x "
                f"[XR&CO'2014], Tue, 20 Aug 2019 10:00:00 GMT -->\n" + html
            )
        write(name, html.encode(encoding))
        facts["pages"]["/" + (url if url is not None else name.removesuffix(".html"))] = {
            "title": title,
            "kind": kind,
        }

    # The front page and the news list: sections, no page of their own.
    news_items = []
    for number in range(12):
        article = 101 + number
        greek = number % 3 != 2
        title = f"Ανακοίνωση {number + 1}: νέα του πάρκου" if greek else f"Park news {number + 1}"
        date = (
            GREEK_DATES[(number // 2) % 3]
            if greek
            else ["Tuesday, 20. August 2019", "20/08/2019"][number % 2]
        )
        body = f"<p>{(LOREM_EL if greek else LOREM_EN) * 2}</p><p>Αριθμός {article}.</p>"
        if number == 0:
            body += (
                f'<p>Δείτε και την <a href="{view(999)}">παλιά ανακοίνωση</a> και '
                f'<a href="{view(102)}">την επόμενη</a>.</p>'
            )
        page(
            view(article) + ".html",
            title,
            body,
            date=date,
            section="Νέα",
            section_link=NEWS_LIST,
            kind="news",
        )
        news_items.append((article, title))
    links = "".join(f'<li><a href="{view(a)}">{t}</a></li>' for a, t in news_items)
    page(
        NEWS_LIST + ".html",
        "Νέα",
        f"<p>{LOREM_EL}</p><ul>{links}</ul>",
        section="Νέα",
        section_link=NEWS_LIST,
        kind="section",
    )
    page(
        "index.html",
        "Αρχική",
        "<p>Καλώς ήρθατε στο Βιοτεχνικό Πάρκο Ρεθύμνου (ΒΙΟΠΑ). Εδώ μπορείτε να βρείτε όλα "
        "τις πληροφορίες, έγγραφα, αιτήσεις που αναζητάτε σχετικά με το ΒΙΟ.ΠΑ. Ρεθύμνου.</p>"
        f"<ul>{links}</ul>",
        section="Αρχική",
        section_link="index.php",
        kind="section",
        url="",
    )

    # Events: the 2010 conference of the seed, found by its registration sentence.
    conference = (
        "<p>The high-level “European Cluster Conference 2010” will address the role of "
        "world-class clusters in renewing European industry in light of the Europe 2020 "
        "strategy. It will gather key policy-makers from the European Commission, Member "
        "States, regional authorities and high-level speakers from academia and industry.</p>"
        "<ul><li>What new cluster policies are needed to foster modern industries?</li>"
        "<li>What are the enabling framework conditions for strong clusters?</li></ul>"
        "<p>Registration will be possible from 17/05/2010 on at this website. "
        "Date: 24/09/2010. For more information please contact the park office.</p>"
    )
    page(
        view(200) + ".html",
        "European Cluster Conference 2010",
        conference,
        date="Monday, 10. May 2010",
        section="Νέα",
        section_link=NEWS_LIST,
        kind="event",
    )
    page(
        view(201) + ".html",
        "Ημερίδα για την ενέργεια",
        f"<p>{LOREM_EL}</p><p>Ημερομηνία: 15/06/2011, αίθουσα του πάρκου.</p>"
        "<p>Οι εγγραφές θα είναι δυνατές από 01/06/2011.</p>",
        date="Τετάρτη, 01 Ιουνίου 2011",
        section="Εκδηλώσεις",
        section_link=view(201),
        kind="event",
    )

    # Files: PDFs with and without a date of their own, a DOC, one PDF linked but missing.
    files = {
        "images/stories/docs/aitisi_egkatastasis.pdf": (
            _pdf("Aitisi egkatastasis epixeirisis", datetime.date(2009, 3, 2)),
            "Αίτηση εγκατάστασης",
        ),
        "images/stories/docs/kanonismos_leitourgias.pdf": (
            _pdf("Kanonismos leitourgias parkou", datetime.date(2008, 6, 30)),
            "Κανονισμός λειτουργίας",
        ),
        "images/stories/docs/conference_programme.pdf": (
            _pdf("European Cluster Conference programme", datetime.date(2010, 5, 1)),
            "Programme",
        ),
        "images/stories/docs/entypo_dilosis.doc": (_doc(), "Έντυπο δήλωσης"),
    }
    when = datetime.datetime(2009, 1, 15, 12, 0, tzinfo=datetime.UTC).timestamp()
    for name, (data, link_text) in files.items():
        write(name, data, mtime=when)
        facts["files"]["/" + name] = link_text
    write("images/stories/park.jpg", _image("JPEG", (30, 120, 60)))
    write("images/stories/map.png", _image("PNG", (200, 200, 40)))
    write("images/M_images/arrow.png", _image("PNG", (0, 0, 0)))
    facts["images"] = {
        "/images/stories/park.jpg": "Άποψη του πάρκου",
        "/images/stories/map.png": "",
    }

    # Standard pages.
    documents_list = "".join(
        f'<li><a href="{name}">{text}</a> (PDF, 12 KB)</li>'
        for name, (_data, text) in list(files.items())[:2]
    )
    page(
        view(1) + ".html",
        "Το Πάρκο",
        f"<p>{LOREM_EL * 2}</p>"
        '<p><img src="images/stories/park.jpg" alt="Άποψη του πάρκου" width="300" /></p>'
        f"<h2>Υποδομές</h2><p>{LOREM_EL}</p>"
        '<p><img src="images/stories/map.png" border="0" /> Ο χάρτης του πάρκου.</p>'
        f'<p>Δείτε τη <a href="{view(2)}">θέση του πάρκου</a>, την '
        '<a href="http://www.biopa.gr/images/stories/docs/entypo_dilosis.doc">'
        "Έντυπο δήλωσης</a> και "
        'το <a href="images/stories/docs/missing.pdf">παλιό έντυπο</a>. '
        '<img src="images/stories/gone.gif" alt="Παλιά φωτογραφία" /></p>'
        '<p>Παλιά ενότητα: <a href="old/section/page.html">αρχείο</a>. Κατηγορία: '
        '<a href="index.php?option=com_content&amp;task=category&amp;sectionid=1&amp;id=5">'
        "όλα τα νέα</a>. Εξωτερικός σύνδεσμος: "
        '<a href="https://ec.europa.eu/growth/">European Commission</a>.</p>',
        date="Δευτέρα, 04 Μαρτίου 2019",
    )
    page(
        view(2) + ".html",
        "Θέση και πρόσβαση",
        f"<p>{LOREM_EL}</p><h3>Αποστάσεις</h3>"
        "<table><tr><th>Προορισμός</th><th>Χιλιόμετρα</th></tr>"
        "<tr><td>Λιμάνι Ρεθύμνου</td><td>5</td></tr>"
        "<tr><td>Αεροδρόμιο Χανίων</td><td>80</td></tr></table>"
        f'<p>Επιστροφή στο <a href="{view(1)}">Πάρκο</a>.</p>',
        date="20/08/2019",
    )
    page(
        view(3) + ".html",
        "Έντυπα και αιτήσεις",
        f"<p>{LOREM_EL}</p><ul>{documents_list}</ul>"
        f"<p>Το πρόγραμμα του συνεδρίου: "
        f'<a href="images/stories/docs/conference_programme.pdf">Programme</a>.</p>',
        date="Παρασκευή, 11 Ιανουαρίου 2019",
    )
    encodings = [
        (4, "utf-8", "utf-8", True, None),
        (5, "cp1253", "cp1253", True, None),
        (6, "iso8859-7", "iso8859-7", True, None),
        (7, "cp1253-undeclared", "cp1253", False, None),
        (8, "iso8859-7-undeclared", "iso8859-7", False, None),
        (9, "cp1253-as-iso", "cp1253", True, "iso-8859-7"),
    ]
    for article, label, encoding, declare, declared_as in encodings:
        sentence = GREEK_SENTENCES[label]
        title = f"Σελίδα {article}: Ώρες και Άδειες"
        page(
            view(article) + ".html",
            title,
            f"<p>{sentence}</p><p>{LOREM_EL}</p>",
            encoding=encoding,
            declare=declare,
            declared_as=declared_as,
        )
        facts["greek"]["/" + view(article)] = (title, sentence)
    page(
        view(10) + ".html",
        "Οντότητες HTML",
        f"<p>{ENTITIES_HTML}</p><p>{LOREM_EL}</p>",
        encoding="iso8859-7",
    )
    facts["greek"]["/" + view(10)] = ("Οντότητες HTML", GREEK_SENTENCES["entities"])
    # Saved by HTTrack: the file name is its own, the address is in the comment.
    page(
        "index4f2c.html",
        "Διοίκηση",
        f"<p>{LOREM_EL}</p><p>Πρόεδρος: Γ. Παπαδάκης. Αντιπρόεδρος: Μ. Σταυρουλάκη.</p>",
        httrack=view(11, 40),
        url=view(11, 40),
    )
    for article in range(12, 22):
        page(
            view(article) + ".html",
            f"Υπηρεσία {article}",
            f"<p>{LOREM_EL}</p><p>Ενότητα {article} των υπηρεσιών του πάρκου.</p>",
            date="Τρίτη, 20 Αυγούστου 2019",
        )
    facts["dead"] = [
        "/" + view(999),
        "/images/stories/docs/missing.pdf",
        "/old/section/page.html",
    ]
    return facts


def pack(folder, archive):
    """The mirror in `folder` as a .zip or .tar.gz archive at `archive`."""
    folder, archive = Path(folder), Path(archive)
    if archive.name.endswith(".zip"):
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    out.write(path, path.relative_to(folder).as_posix())
    else:
        with tarfile.open(archive, "w:gz") as out:
            out.add(folder / HOST, arcname=HOST)
    return archive
