from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.models import BasePage


class ExtractionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    OK = "ok", _("Text extracted")
    EMPTY = "empty", _("The file is empty")
    SCANNED = "scanned", _("No text: the file seems to be a scanned image")
    ENCRYPTED = "encrypted", _("No text: the file is password-protected")
    BROKEN = "broken", _("No text: the file is damaged")
    UNSUPPORTED = "unsupported", _("No text: this file type is not read")


class CustomDocument(AbstractDocument):
    """Wagtail's document plus the text read from inside the file, for search."""

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

    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document file")
        verbose_name_plural = _("document files")


class DocumentCategory(TranslatableMixin, models.Model):
    """Application form, regulation, decision, report, announcement, ...; translated with
    wagtail-localize. The slug is shared by both locales and used in the library's filter."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = ["name", SynchronizedField("slug")]

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


class DocumentPage(BasePage):
    """One entry of the library: its title and description are translated like any page;
    the file is shared by both languages unless a translation chooses its own."""

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
    document_date = models.DateField(_("date"))

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
        index.FilterField("document_date"),
    ]
    override_translatable_fields = [SynchronizedField("document", overridable=True)]

    parent_page_types = ["documents.DocumentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
