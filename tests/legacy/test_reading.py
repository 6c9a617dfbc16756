"""Reading old pages without a database: encodings and dates."""

import datetime

import pytest

from legacy.dates import date_after, parse_date
from legacy.mirror import decode_html, normalise, url_for
from legacy.slugs import make_slug

GREEK = "Άδεια λειτουργίας: Ώρες «γραφείου» — Ά ά ΐ ς"
PAGE = "<html><head>{meta}</head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "meta"),
    [
        ("utf-8", '<meta charset="utf-8">'),
        ("utf-8", ""),
        ("cp1253", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1253">'),
        ("cp1253", ""),
        ("iso8859-7", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-7">'),
        ("iso8859-7", ""),
        # Declared wrong, as old servers did: windows-1253 bytes labelled ISO-8859-7 or Latin-1.
        ("cp1253", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-7">'),
        ("cp1253", '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'),
        ("iso8859-7", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1253">'),
    ],
)
def test_greek_pages_decode_without_mojibake(encoding, meta):
    text = GREEK if encoding != "iso8859-7" else GREEK.replace("—", "―")
    data = PAGE.format(meta=meta, text=text).encode(encoding)
    decoded, _used = decode_html(data)
    assert text in decoded


def test_utf8_with_a_byte_order_mark():
    decoded, used = decode_html(b"\xef\xbb\xbf" + PAGE.format(meta="", text=GREEK).encode())
    assert (GREEK in decoded, used) == (True, "utf-8")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Τρίτη, 20 Αυγούστου 2019", "2019-08-20"),
        ("ΤΡΙΤΗ, 20 ΑΥΓΟΥΣΤΟΥ 2019", "2019-08-20"),
        ("Δευτέρα, 4 Μαρτίου 2019", "2019-03-04"),
        ("20/08/2019", "2019-08-20"),
        ("20.08.2019", "2019-08-20"),
        ("Tuesday, 20. August 2019", "2019-08-20"),
        ("August 20, 2019", "2019-08-20"),
        ("2019-08-20", "2019-08-20"),
        ("Μάιος 2019", None),
        ("31/02/2019", None),
    ],
)
def test_dates_in_greek_and_english(text, expected):
    date = parse_date(text)
    assert (str(date) if date else None) == expected


def test_registration_date_follows_its_phrase():
    text = "Conference on 24/09/2010. Registration will be possible from 17/05/2010 on."
    assert date_after(text, ["Registration will be possible from"]) == datetime.date(2010, 5, 17)


def test_old_addresses_from_wget_and_httrack_names(tmp_path):
    page = tmp_path / "index.php?option=com_content&task=view&id=12&Itemid=30.html"
    page.write_text("<html></html>")
    assert url_for(page.name, page) == "/index.php?Itemid=30&id=12&option=com_content&task=view"
    copy = tmp_path / "index4f2c.html"
    copy.write_text(
        "<!-- Mirrored from www.biopa.gr/index.php?id=9&option=x by HTTrack Website Copier/3.x -->"
    )
    assert url_for(copy.name, copy) == "/index.php?id=9&option=x"
    assert normalise("/index.php?option=x&Itemid=3&id=9", ("Itemid",)) == "/index.php?id=9&option=x"


def test_greek_titles_get_latin_slugs():
    assert make_slug("Αίτηση εγκατάστασης στο Πάρκο") == "aitisi-egkatastasis-sto-parko"
    assert make_slug("Ευρωπαϊκό μπλοκ") == "evropaiko-blok"


def test_an_archive_that_writes_outside_its_folder_is_refused(tmp_path):
    import zipfile

    from legacy.mirror import MirrorError, open_source

    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("www.biopa.gr/index.html", "<html></html>")
        out.writestr("../../escaped.html", "<html></html>")
    with pytest.raises(MirrorError), open_source(archive):
        pass
    assert not (tmp_path.parent / "escaped.html").exists()
