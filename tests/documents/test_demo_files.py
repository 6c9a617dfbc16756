"""documents.demo_files: real, reproducible files whose inner text is searchable."""

import io
import re
import zipfile
from collections import Counter

import pytest
from pypdf import PdfReader

from documents.demo_files import CATEGORIES, FONT_DIR, LANGUAGES, build_demo_files
from documents.demo_manifest import DemoFilesChanged, load_demo_files, write_demo_files
from documents.extraction import extract_text, file_extension
from documents.validation import validate_upload

MAX_UPLOAD = 10 * 1024 * 1024


@pytest.fixture(scope="module")
def demo_files():
    return build_demo_files()


@pytest.fixture(scope="module")
def texts(demo_files):
    """Extracted text of every file, by file name."""
    return {
        filename: extract_text(io.BytesIO(content), filename)
        for demo in demo_files
        for filename, content in demo.files
    }


def test_demo_files_are_byte_for_byte_reproducible(demo_files):
    again = build_demo_files()
    assert [demo.files for demo in again] == [demo.files for demo in demo_files]
    assert again == demo_files


def test_zip_based_files_carry_only_the_document_date(demo_files):
    for demo in demo_files:
        for filename, content in demo.files:
            if not zipfile.is_zipfile(io.BytesIO(content)):
                continue
            archive = zipfile.ZipFile(io.BytesIO(content))
            stamps = {info.date_time[:3] for info in archive.infolist()}
            assert stamps == {(demo.date.year, demo.date.month, demo.date.day)}, filename
            if "docProps/core.xml" in archive.namelist():
                core = archive.read("docProps/core.xml").decode()
                dates = re.findall(r"<dcterms:\w+[^>]*>([^<]*)</dcterms:", core)
                assert dates, filename
                assert all(value.startswith(demo.date.isoformat()) for value in dates), filename


def test_pdfs_carry_the_document_date(demo_files):
    for demo in demo_files:
        for filename, content in demo.files:
            if filename.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(content))
                assert reader.metadata.creation_date.date() == demo.date, filename


def test_opendocument_files_start_with_a_stored_mimetype(demo_files):
    for demo in demo_files:
        for filename, content in demo.files:
            if file_extension(filename) in {"odt", "ods"}:
                first = zipfile.ZipFile(io.BytesIO(content)).infolist()[0]
                assert first.filename == "mimetype"
                assert first.compress_type == zipfile.ZIP_STORED


def test_the_library_covers_every_category_and_format(demo_files):
    assert len(demo_files) >= 9
    assert {demo.category for demo in demo_files} == set(CATEGORIES)
    extensions = Counter(
        file_extension(filename) for demo in demo_files for filename, _content in demo.files
    )
    assert extensions["pdf"] >= 3
    for extension in ("docx", "odt", "xlsx", "ods", "txt", "csv"):
        assert extensions[extension] >= 1, extension


def test_each_document_is_complete(demo_files):
    keys = [demo.key for demo in demo_files]
    assert len(keys) == len(set(keys))
    filenames = [filename for demo in demo_files for filename, _content in demo.files]
    assert len(filenames) == len(set(filenames))
    for demo in demo_files:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", demo.key)
        assert demo.language in LANGUAGES
        assert demo.title_el and demo.title_en and demo.description_el and demo.description_en
        assert re.search("[α-ωΑ-Ω]", demo.title_el + demo.description_el), demo.key
        assert demo.secret_terms
        assert (demo.content_en is None) == (demo.filename_en is None)
        assert (demo.content_en is None) == (not demo.secret_terms_en)


def test_the_conference_programme_is_a_pdf_in_greek_and_english(demo_files, texts):
    programme = next(demo for demo in demo_files if demo.key == "cluster-conference-2010-programme")
    assert programme.filename.endswith(".pdf") and programme.filename_en.endswith(".pdf")
    greek = texts[programme.filename].text
    english = texts[programme.filename_en].text
    assert "European Cluster Conference 2010" in greek
    assert "Βρυξέλλες" in greek
    assert "European Cluster Policy Group" in english
    assert "Knowledge and Collaboration Platform" in english


def test_the_application_form_is_a_docx(demo_files):
    form = next(demo for demo in demo_files if demo.category == "application-form")
    assert form.filename.endswith(".docx")


def test_every_file_passes_upload_validation(demo_files):
    for demo in demo_files:
        for filename, content in demo.files:
            stream = io.BytesIO(content)
            validate_upload(stream, filename, max_size=MAX_UPLOAD)


def test_every_file_yields_text(texts):
    for filename, result in texts.items():
        assert result.status == "ok", (filename, result.status)
        assert len(result.text) > 200, filename


def test_each_secret_term_is_extracted_from_its_own_file(demo_files, texts):
    for demo in demo_files:
        pairs = [(demo.filename, demo.secret_terms), (demo.filename_en, demo.secret_terms_en)]
        for filename, terms in pairs:
            for term in terms:
                assert term.casefold() in texts[filename].text.casefold(), (filename, term)


def test_secret_terms_appear_nowhere_else(demo_files, texts):
    for demo in demo_files:
        for term in (*demo.secret_terms, *demo.secret_terms_en):
            folded = term.casefold()
            metadata = " ".join(
                (demo.title_el, demo.title_en, demo.description_el, demo.description_en)
            )
            assert folded not in metadata.casefold(), (demo.key, term)
            own_files = {demo.filename, demo.filename_en}
            for filename, result in texts.items():
                if filename not in own_files:
                    assert folded not in result.text.casefold(), (term, filename)
            if demo.filename_en:
                other = demo.filename_en if term in demo.secret_terms else demo.filename
                assert folded not in texts[other].text.casefold(), (term, other)


def test_the_font_is_committed_with_its_licence():
    fonts = sorted(FONT_DIR.glob("*.ttf"))
    assert fonts
    assert sum(font.stat().st_size for font in fonts) < 1024 * 1024
    assert "Bitstream" in (FONT_DIR / "LICENSE").read_text()


def test_the_committed_files_are_the_generator_s(demo_files):
    """load_demo_content reads documents/demo_documents/ (no fpdf2 or odfpy on a server);
    after a change to the generator, `manage.py make_demo_files` writes them again."""
    assert load_demo_files() == demo_files


def test_a_committed_file_that_no_longer_matches_its_hash_is_refused(demo_files, tmp_path):
    write_demo_files(demo_files, tmp_path)
    first = demo_files[0]
    (tmp_path / first.key / first.filename).write_bytes(b"changed")
    with pytest.raises(DemoFilesChanged, match=first.filename):
        load_demo_files(tmp_path)
