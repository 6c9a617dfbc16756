from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from editorial.permissions import EditorialPagePermissionsMixin

from .blocks import BodyBlock
from .routing import PrimedViewRestrictionsMixin
from .slugs import LatinSlugMixin


class CustomImage(AbstractImage):
    """The site's image model; a credit line is the only addition, decided before the first
    migration so that it never has to be swapped later."""

    credit = models.CharField(_("credit"), max_length=255, blank=True)

    admin_form_fields = (*Image.admin_form_fields, "credit")

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class Rendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)

    def __setstate__(self, state):
        super().__setstate__(state)
        # Read back from the renditions cache (unpickled): Wagtail 8.0's get_renditions
        # writes every rendition it did not mark `_from_cache` back to the cache, so each
        # page view wrote the renditions it had just read there.
        self._from_cache = True


class BasePage(LatinSlugMixin, EditorialPagePermissionsMixin, PrimedViewRestrictionsMixin, Page):
    """What every page of the site shares: an optional social image for link previews."""

    # The site search: what kind of result a page is, and the field holding its date
    # (None: first publication). search/registry.py reads these; each page model says.
    search_result_type = "page"
    search_result_date_field = None

    social_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the page is shared on social media."),
    )

    promote_panels = [*Page.promote_panels, FieldPanel("social_image")]

    class Meta:
        abstract = True


class HomePage(BasePage):
    hero_heading = models.CharField(_("heading"), max_length=200)
    hero_intro = models.TextField(_("introduction"), blank=True)
    hero_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_intro"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
            ],
            heading=_("Welcome"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("hero_heading"),
        index.SearchField("hero_intro"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "news.NewsIndexPage",
        "documents.DocumentIndexPage",
        "contact.ContactPage",
    ]

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")

    def get_context(self, request, *args, **kwargs):
        from .sections import home_sections

        context = super().get_context(request, *args, **kwargs)
        context["home_sections"] = home_sections(self, request)
        return context


class StandardPage(BasePage):
    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
        verbose_name_plural = _("standard pages")


class SiteDetails(TranslatableMixin, ClusterableModel):
    """The park office's details and the footer text, one per locale, translated with
    wagtail-localize like any other snippet. Read through home.selectors.site_details."""

    site_name = models.CharField(_("site name"), max_length=200)
    address = models.TextField(_("address"))
    phone = models.CharField(_("phone"), max_length=50)
    fax = models.CharField(_("fax"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"))
    opening_hours = models.CharField(_("opening hours"), max_length=200)
    footer_text = models.TextField(_("footer text"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    social_image = models.ForeignKey(
        CustomImage,
        verbose_name=_("default social image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when a page without its own social image is shared."),
    )

    panels = [
        FieldPanel("site_name"),
        MultiFieldPanel(
            [
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("fax"),
                FieldPanel("email"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Office"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("facebook_url"), FieldPanel("linkedin_url"), FieldPanel("youtube_url")],
            heading=_("Social media"),
        ),
        FieldPanel("social_image"),
        InlinePanel("footer_links", heading=_("Footer menu"), label=_("link")),
    ]

    translatable_fields = [
        TranslatableField("site_name"),
        TranslatableField("address"),
        TranslatableField("opening_hours"),
        TranslatableField("footer_text"),
        SynchronizedField("phone"),
        SynchronizedField("fax"),
        SynchronizedField("email"),
        SynchronizedField("facebook_url"),
        SynchronizedField("linkedin_url"),
        SynchronizedField("youtube_url"),
        SynchronizedField("social_image"),
        SynchronizedField("footer_links"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("site details")
        verbose_name_plural = _("site details")

    def __str__(self):
        return f"{self.site_name} ({self.locale})"


class FooterLink(Orderable):
    """A page the footer menu links (the accessibility statement, the privacy notice...).
    Chosen once, in the source language: each language shows the page's own translation."""

    details = ParentalKey(SiteDetails, on_delete=models.CASCADE, related_name="footer_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("page")]

    class Meta(Orderable.Meta):
        verbose_name = _("footer link")
        verbose_name_plural = _("footer links")
