"""documents.extraction: every supported type gives its text, bad files never raise."""

import io
import zipfile

import docx
import openpyxl
import pytest
from django.utils import translation
from fpdf import FPDF
from odf import draw, table, text
from odf.opendocument import (
    OpenDocumentPresentation,
    OpenDocumentSpreadsheet,
    OpenDocumentText,
)
from odf.style import GraphicProperties, PageLayout, PageLayoutProperties, Style
from PIL import Image
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.errors import DependencyError

from documents import extraction
from documents.demo_files import FONT_DIR
from documents.extraction import ExtractionResult, extract_text

GREEK = "Βιοτεχνικό Πάρκο Ρεθύμνου"


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted on their English msgid; the site's default is Greek."""
    with translation.override("en"):
        yield


def make_pdf(*lines):
    pdf = FPDF()
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=12)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def make_scanned_pdf():
    image = Image.new("RGB", (200, 100), "white")
    for x in range(20, 180):
        image.putpixel((x, 50), (0, 0, 0))
    pdf = FPDF()
    pdf.add_page()
    pdf.image(image, x=10, y=10, w=150)
    return bytes(pdf.output())


def encrypt_pdf(data, *, user_password, owner_password):
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def make_docx():
    document = docx.Document()
    document.add_heading("Κανονισμός λειτουργίας", level=1)
    document.add_paragraph(f"Καλώς ήρθατε στο {GREEK}.")
    grid = document.add_table(rows=2, cols=2)
    grid.cell(0, 0).text = "Πυροσβεστήρες"
    grid.cell(0, 1).text = "Fire extinguishers"
    merged = grid.cell(1, 0).merge(grid.cell(1, 1))
    merged.text = "Συγχωνευμένο κελί"
    document.sections[0].header.paragraphs[0].text = "Κεφαλίδα σελίδας"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odf_bytes(document):
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def make_odt(*extra):
    document = OpenDocumentText()
    document.text.addElement(text.H(outlinelevel=1, text="Απόφαση"))
    document.text.addElement(text.P(text=f"Το {GREEK} αποφασίζει."))
    grid = table.Table(name="Πίνακας")
    grid.addElement(table.TableColumn(numbercolumnsrepeated=2))
    row = table.TableRow()
    for value in ("Ομβρίων υδάτων", "6.200"):
        cell = table.TableCell()
        cell.addElement(text.P(text=value))
        row.addElement(cell)
    grid.addElement(row)
    document.text.addElement(grid)
    for element in extra:
        document.text.addElement(element)
    return odf_bytes(document)


def make_ods():
    document = OpenDocumentSpreadsheet()
    sheet = table.Table(name="Μητρώο")
    for values in (("Οικόπεδο", "Κλάδος"), ("Ο-03", "Κεραμοποιία")):
        row = table.TableRow()
        for value in values:
            cell = table.TableCell(valuetype="string")
            cell.addElement(text.P(text=value))
            row.addElement(cell)
        sheet.addElement(row)
    document.spreadsheet.addElement(sheet)
    return odf_bytes(document)


def make_odp():
    document = OpenDocumentPresentation()
    layout = PageLayout(name="Layout")
    layout.addElement(PageLayoutProperties(pagewidth="28cm", pageheight="21cm"))
    document.automaticstyles.addElement(layout)
    frame_style = Style(name="Frame", family="graphic")
    frame_style.addElement(GraphicProperties(fill="none"))
    document.automaticstyles.addElement(frame_style)
    from odf.style import MasterPage

    master = MasterPage(name="Master", pagelayoutname=layout)
    document.masterstyles.addElement(master)
    page = draw.Page(masterpagename=master)
    frame = draw.Frame(stylename=frame_style, width="20cm", height="3cm", x="2cm", y="2cm")
    box = draw.TextBox()
    box.addElement(text.P(text="Διαφάνεια για το συνέδριο"))
    frame.addElement(box)
    page.addElement(frame)
    document.presentation.addElement(page)
    return odf_bytes(document)


def make_xlsx():
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Ρεύμα"
    first.append(("Μήνας", "Αντλιοστάσιο (kWh)"))
    first.append(("Ιανουάριος", 2310))
    second = workbook.create_sheet("Νερό")
    second.append(("Γεώτρηση", 310.0, 2.5))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pptx():
    slide = (
        '<p:sld xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"><p:cSld>'
        "<p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Παρουσίαση </a:t></a:r>"
        "<a:r><a:t>του πάρκου</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/presentation.xml", "<p:presentation/>")
        archive.writestr("ppt/slides/slide2.xml", slide.replace("Παρουσίαση ", "Δεύτερη "))
        archive.writestr("ppt/slides/slide1.xml", slide)
    return buffer.getvalue()


def extract(data, filename):
    return extract_text(io.BytesIO(data), filename)


def test_result_is_a_frozen_dataclass():
    result = extract(b"hello", "a.txt")
    assert result == ExtractionResult("hello", "ok", "")
    with pytest.raises(AttributeError):
        result.text = "changed"


def test_pdf_text_including_greek_is_extracted():
    result = extract(make_pdf(f"Καλώς ήρθατε στο {GREEK}", "Industrial Park"), "file.pdf")
    assert result.status == "ok"
    assert result.message == ""
    assert GREEK in result.text
    assert "Industrial Park" in result.text


def test_docx_paragraphs_table_cells_and_headers_are_extracted():
    result = extract(make_docx(), "form.docx")
    assert result.status == "ok"
    for expected in (GREEK, "Πυροσβεστήρες", "Fire extinguishers", "Κεφαλίδα σελίδας"):
        assert expected in result.text
    assert result.text.count("Συγχωνευμένο κελί") == 1


def test_odt_headings_paragraphs_and_table_cells_are_extracted():
    result = extract(make_odt(), "decision.odt")
    assert result.status == "ok"
    for expected in ("Απόφαση", GREEK, "Ομβρίων υδάτων", "6.200"):
        assert expected in result.text


def test_ods_cells_are_extracted():
    result = extract(make_ods(), "register.ODS")
    assert result.status == "ok"
    assert "Κεραμοποιία" in result.text


def test_odp_slides_are_extracted():
    result = extract(make_odp(), "slides.odp")
    assert result.status == "ok"
    assert "Διαφάνεια για το συνέδριο" in result.text


def test_xlsx_cells_of_every_sheet_are_extracted():
    result = extract(make_xlsx(), "consumption.xlsx")
    assert result.status == "ok"
    for expected in ("Αντλιοστάσιο", "2310", "Γεώτρηση", "310", "2.5", "Νερό"):
        assert expected in result.text
    assert "310.0" not in result.text


def test_pptx_slides_are_extracted_in_order():
    result = extract(make_pptx(), "slides.pptx")
    assert result.status == "ok"
    assert result.text == "Παρουσίαση του πάρκου\nΔεύτερη του πάρκου"


@pytest.mark.parametrize(
    "data",
    [
        GREEK.encode("utf-8"),
        b"\xef\xbb\xbf" + GREEK.encode("utf-8"),
        GREEK.encode("cp1253"),
        GREEK.encode("utf-16"),
    ],
    ids=["utf-8", "utf-8-bom", "cp1253", "utf-16-bom"],
)
def test_greek_text_files_are_decoded(data):
    result = extract(data, "notice.txt")
    assert result == ExtractionResult(GREEK, "ok", "")


def test_text_that_is_not_utf8_or_greek_falls_back_to_latin1():
    # 0xFF is undefined in cp1253.
    result = extract("Café ÿ".encode("latin-1"), "note.txt")
    assert result.text == "Café ÿ"


def test_csv_cells_are_separated_by_spaces():
    data = "Μήνας;Εργασία\r\nΜάρτιος;Αποψίλωση πρανών\r\n".encode("utf-8-sig")
    result = extract(data, "schedule.csv")
    assert result.text == "Μήνας Εργασία\nΜάρτιος Αποψίλωση πρανών"


def test_whitespace_is_collapsed_and_nul_bytes_dropped():
    data = b"one \x00two\t\t three\r\n\r\n\r\n  four  \x0b five\n"
    assert extract(data, "a.txt").text == "one two three\nfour five"


def test_decomposed_greek_is_normalised_to_composed_form():
    decomposed = "Ρε\u03b8υ\u0301μνο"  # ύ as υ + combining acute
    assert extract(decomposed.encode(), "a.txt").text == "Ρεθύμνο"


def test_text_is_capped():
    data = ("λέξη " * (extraction.MAX_TEXT_LENGTH // 2)).encode()
    result = extract(data, "long.txt")
    assert result.status == "ok"
    assert len(result.text) <= extraction.MAX_TEXT_LENGTH


def test_file_position_is_reset():
    stream = io.BytesIO(make_docx())
    stream.seek(10)
    extract_text(stream, "form.docx")
    assert stream.tell() == 0


@pytest.mark.parametrize("filename", ["file.pdf", "a.docx", "a.odt", "a.ods", "a.xlsx", "a.txt"])
def test_empty_file_reports_empty(filename):
    result = extract(b"", filename)
    assert result.status == "empty"
    assert str(result.message) == "The file is empty."


def test_blank_text_file_reports_empty():
    result = extract(b" \r\n\t \x00 ", "a.txt")
    assert result.status == "empty"
    assert result.message


@pytest.mark.parametrize(
    "filename", ["a.pdf", "a.docx", "a.odt", "a.ods", "a.odp", "a.xlsx", "a.pptx"]
)
def test_garbage_bytes_report_broken(filename):
    result = extract(b"\x13\x37 this is not a document \xff" * 50, filename)
    assert result.status == "broken"
    assert result.text == ""
    assert "damaged" in str(result.message)


@pytest.mark.parametrize(
    ("maker", "filename"), [(make_docx, "a.docx"), (make_odt, "a.odt"), (make_xlsx, "a.xlsx")]
)
def test_truncated_office_file_reports_broken(maker, filename):
    data = maker()
    result = extract(data[: len(data) // 2], filename)
    assert result.status == "broken"
    assert result.text == ""


def test_truncated_pdf_does_not_raise():
    data = make_pdf(GREEK)
    result = extract(data[: len(data) // 2], "a.pdf")
    assert result.status in {"ok", "broken", "scanned"}


def test_truncated_zip_reports_broken():
    data = make_docx()
    assert extract(data[: len(data) // 2], "a.docx").status == "broken"


def test_zip_without_word_document_reports_broken():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    assert extract(buffer.getvalue(), "a.docx").status == "broken"


def test_password_protected_pdf_reports_encrypted():
    data = encrypt_pdf(make_pdf(GREEK), user_password="μυστικό", owner_password="owner")
    result = extract(data, "secret.pdf")
    assert result.status == "encrypted"
    assert result.text == ""
    assert "password" in str(result.message)


def test_pdf_with_only_an_owner_password_is_read():
    data = encrypt_pdf(make_pdf(GREEK), user_password="", owner_password="owner")
    result = extract(data, "no-printing.pdf")
    assert result.status == "ok"
    assert GREEK in result.text


def test_password_protected_office_file_reports_encrypted():
    # Office wraps an encrypted package in an OLE2 container with these streams.
    data = (
        extraction.OLE2_SIGNATURE
        + b"\x00" * 504
        + "EncryptionInfo".encode("utf-16-le")
        + "EncryptedPackage".encode("utf-16-le")
    )
    assert extract(data, "form.docx").status == "encrypted"
    assert extract(data, "sheet.xlsx").status == "encrypted"


def test_password_protected_odf_reports_encrypted():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:'
            'manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        archive.writestr("content.xml", b"\x8f\x12 encrypted bytes")
    assert extract(buffer.getvalue(), "a.odt").status == "encrypted"


def test_scanned_pdf_reports_scanned():
    result = extract(make_scanned_pdf(), "scan.pdf")
    assert result.status == "scanned"
    assert result.text == ""
    assert "scanned" in str(result.message)


@pytest.mark.parametrize(
    "filename", ["a.doc", "a.xls", "a.ppt", "a.zip", "a.jpg", "a.png", "noextension"]
)
def test_other_types_report_unsupported(filename):
    result = extract(b"anything", filename)
    assert result.status == "unsupported"
    assert result.text == ""
    assert str(result.message)


def test_zip_bomb_is_not_unpacked(monkeypatch):
    monkeypatch.setattr(extraction, "MAX_UNPACKED_SIZE", 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\x00" * 100_000)
    assert len(buffer.getvalue()) < 2048
    result = extract(buffer.getvalue(), "bomb.docx")
    assert result.status == "too_large"
    assert "large" in str(result.message)


def test_huge_space_count_in_odt_does_not_allocate_it():
    paragraph = text.P(text="before")
    paragraph.addElement(text.S(c=1_000_000_000))
    paragraph.addText("after")
    result = extract(make_odt(paragraph), "spaces.odt")
    assert "before after" in result.text


def test_file_extension():
    assert extraction.file_extension("Report.PDF") == "pdf"
    assert extraction.file_extension("archive.tar.gz") == "gz"
    assert extraction.file_extension(r"C:\Users\x\form.docx") == "docx"
    assert extraction.file_extension(".bashrc") == ""
    assert extraction.file_extension("README") == ""


def test_pdf_that_needs_a_missing_decryption_package_reports_encrypted(monkeypatch):
    # pypdf decrypts AES only with `cryptography`; simulate its absence.
    def extract_without_cryptography(page, *args, **kwargs):
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    encrypted = encrypt_pdf(make_pdf(GREEK), user_password="", owner_password="owner")
    plain = make_pdf(GREEK)
    monkeypatch.setattr(PageObject, "extract_text", extract_without_cryptography)
    assert extract(encrypted, "aes.pdf").status == "encrypted"
    assert extract(plain, "plain.pdf").status == "broken"
