import json
import mimetypes
import re

from django.core.paginator import InvalidPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Locale,
    Page,
    TranslatableMixin,
)
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.models import BasePage

from .storage import document_storage, document_upload_to


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    OK = "ok", _("Text extracted")
    EMPTY = "empty", _("The file is empty")
    SCANNED = "scanned", _("No text: the file seems to be a scanned image")
    ENCRYPTED = "encrypted", _("No text: the file is password-protected")
    BROKEN = "broken", _("No text: the file is damaged")
    UNSUPPORTED = "unsupported", _("No text: this file type is not read")
    TOO_LARGE = "too_large", _("No text: the file is too large to read")


class FileLanguage(models.TextChoices):
    GREEK = "el", _("Greek")
    ENGLISH = "en", _("English")
    BOTH = "both", _("Greek and English")


# What visitors read as the type of a file, by extension.
TYPE_LABELS = {
    "pdf": "PDF",
    "doc": "Word",
    "docx": "Word",
    "odt": "ODT",
    "xls": "Excel",
    "xlsx": "Excel",
    "ods": "ODS",
    "ppt": "PowerPoint",
    "pptx": "PowerPoint",
    "odp": "ODP",
    "txt": _("Text"),
    "csv": "CSV",
    "zip": "ZIP",
    "jpg": "JPEG",
    "png": "PNG",
}


class CustomDocument(AbstractDocument):
    """Wagtail's document plus the language of the file and the text read from inside it,
    for search. The text is read by documents.services, never typed in."""

    # In a storage of its own, under a random directory: never served without the
    # collection check of Wagtail's serve view (documents.storage).
    file = models.FileField(
        _("file"), upload_to=document_upload_to, storage=document_storage, max_length=255
    )
    language = models.CharField(
        _("language of the file"),
        max_length=4,
        choices=FileLanguage.choices,
        default=FileLanguage.GREEK,
    )

    extracted_text = models.TextField(_("extracted text"), blank=True, editable=False)
    extraction_status = models.CharField(
        _("text extraction"),
        max_length=20,
        choices=ExtractionStatus.choices,
        default=ExtractionStatus.PENDING,
        editable=False,
    )
    extraction_message = models.CharField(
        _("extraction message"), max_length=500, blank=True, editable=False
    )
    extracted_at = models.DateTimeField(_("text read at"), null=True, blank=True, editable=False)

    admin_form_fields = (*WagtailDocument.admin_form_fields, "language")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document file")
        verbose_name_plural = _("document files")

    @property
    def type_label(self):
        """ "PDF", "Word", ...: the type as visitors know it, from the extension."""
        extension = self.file_extension.lower()
        return TYPE_LABELS.get(extension, extension.upper())

    @property
    def mime_type(self):
        return mimetypes.guess_type(self.filename)[0] or "application/octet-stream"

    def view_restrictions(self):
        """The view restrictions of the file's collection and of the collections above it,
        in one query (Collection.get_view_restrictions() takes two)."""
        own_collection = Collection.objects.filter(
            pk=self.collection_id, path__startswith=OuterRef("collection__path")
        )
        return CollectionViewRestriction.objects.filter(Exists(own_collection))

    def accepts_request(self, request):
        """Whether `request` passes every view restriction of the file's collection."""
        return all(r.accept_request(request) for r in self.view_restrictions())


class DocumentCategory(TranslatableMixin, models.Model):
    """Application form, regulation, decision, report, announcement, ...; translated with
    wagtail-localize. The slug is shared by both locales and used in the library's filter."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("document category")
        verbose_name_plural = _("document categories")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name


class DocumentIndexPage(BasePage):
    """The document library at /<lang>/documents/."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["documents.DocumentPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("document library")

    def get_context(self, request, *args, **kwargs):
        from search.greek import clean_query

        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        filters = library_filters(request.GET)
        query = clean_query(filters["q"])
        # Which entries, in what order, and what the filter form offers: kept per content
        # version (documents.selectors); only the shown page's rows are read per request.
        selection = selectors.library_selection(
            index=self,
            request=request,
            category=filters["category"],
            year=filters["year"],
            query=query,
        )
        facets = selectors.library_facets(index=self, request=request)
        try:
            page_of_documents = Paginator(selection, LIBRARY_PAGE_SIZE).page(filters["page"])
        except InvalidPage as error:
            raise Http404 from error
        page_of_documents.object_list = selectors.library_rows(
            list(page_of_documents.object_list),
            index_url=self.get_url(request),
            index_path=self.url_path,
            language=facets["language"],
            query=query,
        )
        querystring = {
            key: value for key, value in request.GET.items() if key in LIBRARY_FILTERS and value
        }
        context.update(
            documents=page_of_documents,
            categories=facets["categories"],
            years=facets["years"],
            filters={**filters, "q": query},
            filtered=any(filters[key] for key in ("category", "year")) or bool(query),
            querystring=querystring,
        )
        return context


LIBRARY_PAGE_SIZE = 20
LIBRARY_FILTERS = ("category", "year", "q")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]{1,100}$")


def library_filters(params):
    """The library's filters from a query string; values that cannot be right (a year that
    is not a year, a category that is not a slug) are ignored rather than refused."""
    category = params.get("category", "")
    year = params.get("year", "")
    page = params.get("page") or "1"
    return {
        "category": category if _SLUG.match(category) else None,
        "year": int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else None,
        "q": params.get("q", "")[:1000],
        "page": page if page.isdigit() and len(page) < 7 else "0",
    }


def json_for_script(data):
    """JSON safe inside a <script> element (as Django's json_script escapes it)."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder)
    return mark_safe(text.translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308 - escaped above


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class DocumentPage(BasePage):
    """One entry of the library: its title and description are translated like any page;
    the file is shared by both languages unless a translation chooses its own."""

    search_result_type = "document"  # search/registry.py
    search_result_date_field = "document_date"

    description = models.TextField(_("description"), blank=True)
    document = models.ForeignKey(
        CustomDocument,
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="library_pages",
    )
    category = models.ForeignKey(
        DocumentCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    document_date = models.DateField(_("date"), db_index=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        FieldPanel("document"),
        FieldPanel("category"),
        FieldPanel("document_date"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("description"),
        # The words inside the file, so that the site search finds them.
        index.RelatedFields("document", [index.SearchField("extracted_text")]),
        index.FilterField("document_date"),
        index.FilterField("category"),
    ]
    override_translatable_fields = [SynchronizedField("document", overridable=True)]

    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["json_ld"] = json_for_script(self.json_ld(request))
        return context

    def serve(self, request, *args, **kwargs):
        restrictions = self.attach_related(request)
        # A file in a private collection keeps its page private too.
        if not all(restriction.accept_request(request) for restriction in restrictions):
            raise Http404
        return super().serve(request, *args, **kwargs)

    def attach_related(self, request):
        """Give the entry its file (without the text read from it), category and locale,
        and return the view restrictions over the file's collection: what the page shows
        and checks, the same for every visitor, read once per content version for this
        file, category and locale (a preview of a draft naming another file reads that
        one's). The instances are shared by the requests of this process: read, never
        changed (the file's size is worked out before it is kept)."""
        from biopa.cache import fragment

        def build():
            document = (
                CustomDocument.objects.defer("extracted_text").filter(pk=self.document_id).first()
            )
            if document is not None:
                document.get_file_size()
            category = (
                DocumentCategory.objects.filter(pk=self.category_id).first()
                if self.category_id
                else None
            )
            restrictions = list(document.view_restrictions()) if document is not None else []
            return {
                "document": document,
                "category": category,
                "locale": Locale.objects.filter(pk=self.locale_id).first(),
                "restrictions": restrictions,
            }

        related = fragment(
            "library-entry",
            build,
            request=request,
            parts=(self.document_id, self.category_id or "", self.locale_id),
        )
        cached = self._state.fields_cache
        for name in ("document", "category", "locale"):
            if name not in cached and related[name] is not None:
                cached[name] = related[name]
        if self.category_id is None:
            cached.setdefault("category", None)
        return related["restrictions"]

    def json_ld(self, request):
        """schema.org DigitalDocument: what search engines learn about the document."""
        document = self.document
        data = {
            "@context": "https://schema.org",
            "@type": "DigitalDocument",
            "name": self.title,
            "url": request.build_absolute_uri(self.get_url(request)),
            "datePublished": self.document_date.isoformat(),
            "inLanguage": ["el", "en"]
            if document.language == FileLanguage.BOTH
            else document.language,
            "encodingFormat": document.mime_type,
            "encoding": {
                "@type": "MediaObject",
                "contentUrl": request.build_absolute_uri(document.url),
                "encodingFormat": document.mime_type,
                "contentSize": f"{document.get_file_size() or 0} B",
                "name": document.filename,
            },
        }
        if self.description:
            data["description"] = self.description
        if self.category:
            data["genre"] = self.category.name
        return data

    def file_in_other_language(self):
        """The language the file is written in when it is not this page's language
        (for "Greek only" beside the download), else None."""
        language = self.document.language
        if language in (FileLanguage.BOTH, self.locale.language_code):
            return None
        return FileLanguage(language)
