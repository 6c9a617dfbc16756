"""documents.validation: allowed types pass, anything else is refused with a clear message."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from documents.extraction import OLE2_SIGNATURE
from documents.validation import ALLOWED_EXTENSIONS, validate_upload
from tests.documents.test_extraction import (
    make_docx,
    make_odp,
    make_ods,
    make_odt,
    make_pdf,
    make_pptx,
    make_xlsx,
)

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted on their English msgid; the site's default is Greek."""
    with translation.override("en"):
        yield


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format=image_format)
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


OLE2_FILE = OLE2_SIGNATURE + b"\x00" * 1024

VALID_FILES = {
    "pdf": lambda: make_pdf("Κανονισμός"),
    "doc": lambda: OLE2_FILE,
    "docx": make_docx,
    "odt": make_odt,
    "xls": lambda: OLE2_FILE,
    "xlsx": make_xlsx,
    "ods": make_ods,
    "ppt": lambda: OLE2_FILE,
    "pptx": make_pptx,
    "odp": make_odp,
    "txt": lambda: "Ανακοίνωση: διακοπή νερού.\r\nNotice.\r\n".encode("utf-8-sig"),
    "csv": lambda: "Μήνας;Εργασία\nΜάρτιος;Κλάδεμα\n".encode("cp1253"),
    "zip": lambda: zip_bytes({"a.txt": "a", "b.pdf": "%PDF-1.4"}),
    "jpg": lambda: image_bytes("JPEG"),
    "png": lambda: image_bytes("PNG"),
}


def validate(data, filename, max_size=10 * MB):
    validate_upload(io.BytesIO(data), filename, max_size=max_size)


def refusal(data, filename, max_size=10 * MB):
    stream = io.BytesIO(data)
    with pytest.raises(ValidationError) as caught:
        validate_upload(stream, filename, max_size=max_size)
    assert stream.tell() == 0
    return caught.value


def test_the_allowed_extensions_are_the_documented_ones():
    assert set(ALLOWED_EXTENSIONS) == set(VALID_FILES)


@pytest.mark.parametrize("extension", sorted(VALID_FILES))
def test_each_allowed_type_passes(extension):
    stream = io.BytesIO(VALID_FILES[extension]())
    validate_upload(stream, f"Έγγραφο.{extension.upper()}", max_size=10 * MB)
    assert stream.tell() == 0


def test_uploaded_file_objects_are_accepted():
    upload = SimpleUploadedFile("form.docx", make_docx())
    validate_upload(upload, upload.name, max_size=10 * MB)
    assert upload.tell() == 0


def test_empty_file_passes():
    validate(b"", "empty.pdf")


def test_utf16_text_with_bom_passes():
    validate("Ρέθυμνο\r\n".encode("utf-16"), "notice.txt")


def test_password_protected_office_file_passes():
    data = OLE2_FILE + "EncryptedPackage".encode("utf-16-le")
    validate(data, "protected.docx")


@pytest.mark.parametrize(
    "filename",
    ["page.html", "page.HTM", "logo.svg", "app.js", "setup.exe", "macro.xlsm", "report.pdf.exe"],
)
def test_disallowed_extensions_are_refused(filename):
    error = refusal(b"MZ\x90\x00 whatever", filename)
    assert error.code == "extension_not_allowed"
    message = error.messages[0]
    assert "cannot be uploaded" in message
    assert filename.rsplit(".", 1)[1].lower() in message
    assert "pdf, doc, docx" in message


def test_file_without_extension_is_refused():
    error = refusal(b"text", "README")
    assert error.code == "no_extension"


def test_oversized_file_is_refused_with_the_limit_in_mb():
    error = refusal(b"x" * (2 * MB + 1), "big.txt", max_size=2 * MB)
    assert error.code == "file_too_large"
    assert error.messages == [
        "The file is 2.1 MB, larger than the limit of 2 MB. "
        "Compress it or split it into smaller files."
    ]


def test_file_at_the_limit_passes():
    validate(b"x" * MB, "exact.txt", max_size=MB)


def test_html_renamed_pdf_is_refused():
    error = refusal(b"<!DOCTYPE html><html><script>alert(1)</script></html>", "report.pdf")
    assert error.code == "content_mismatch"
    assert "does not match" in error.messages[0]
    assert ".pdf" in error.messages[0]


def test_pdf_header_inside_html_is_refused():
    refusal(b"<html><!-- %PDF-1.7 --><script>alert(1)</script></html>", "report.pdf")


def test_png_renamed_docx_is_refused():
    assert refusal(image_bytes("PNG"), "form.docx").code == "content_mismatch"


def test_zip_without_word_document_renamed_docx_is_refused():
    data = zip_bytes({"[Content_Types].xml": "<Types/>", "hello.txt": "hello"})
    assert refusal(data, "form.docx").code == "content_mismatch"


def test_docx_renamed_xlsx_or_odt_is_refused():
    assert refusal(make_docx(), "sheet.xlsx").code == "content_mismatch"
    assert refusal(make_docx(), "text.odt").code == "content_mismatch"


def test_spreadsheet_renamed_odt_is_refused():
    assert refusal(make_ods(), "decision.odt").code == "content_mismatch"


def test_truncated_zip_is_refused():
    data = make_docx()
    assert refusal(data[:200], "form.docx").code == "content_mismatch"


@pytest.mark.parametrize("extension", ["doc", "xls", "ppt", "jpg", "png", "zip"])
def test_wrong_signature_is_refused(extension):
    assert refusal(b"plain text, not binary", f"file.{extension}").code == "content_mismatch"


def test_jpeg_renamed_png_is_refused():
    assert refusal(image_bytes("JPEG"), "photo.png").code == "content_mismatch"


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><title>x</title>",
        b"  \r\n<html><body>hi</body></html>",
        b'\xef\xbb\xbf<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"<script>alert(1)</script>",
        b'<?xml version="1.0"?><svg/>',
        b"Dear visitor,\n<iframe src=//evil.example></iframe>",
        b"name,comment\nx,<SCRIPT src=//evil.example/x.js></SCRIPT>\n",
    ],
)
def test_markup_renamed_txt_or_csv_is_refused(content):
    assert refusal(content, "notes.txt").code == "not_plain_text"
    assert refusal(content, "data.csv").code == "not_plain_text"


def test_binary_renamed_txt_is_refused():
    assert refusal(b"MZ\x90\x00\x03\x00\x00\x00", "program.txt").code == "not_plain_text"
    assert refusal(image_bytes("PNG"), "image.csv").code == "not_plain_text"


def test_text_mentioning_angle_brackets_passes():
    validate("Τιμή < 100 € και > 50 €\n".encode(), "prices.txt")
