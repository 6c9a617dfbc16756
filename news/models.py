"""News and events.

EventPage inherits from NewsPage (multi-table inheritance) rather than both sharing an
abstract base: one NewsPage queryset then lists news items and events together, newest
first, filtered and paginated in the database, with the event fields joined in by
`select_related("eventpage")` — no `.specific()` round trip per page type.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from home.blocks import BodyBlock
from home.models import BasePage, CustomImage
from home.validators import refuse_control_characters

from .forms import NewsPageForm


def athens():
    return timezone.get_default_timezone()


class NewsCategory(TranslatableMixin, models.Model):
    """A category of news and events, translated like any snippet. The slug is shared by
    every translation, so `?category=<slug>` means the same in both languages."""

    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        allow_unicode=False,
        help_text=_("Used in addresses: latin letters, digits and hyphens."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]
    translatable_fields = [TranslatableField("name"), SynchronizedField("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["locale", "slug"], name="news_category_unique_slug")
        ]

    def __str__(self):
        return self.name


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "news.NewsPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class NewsIndexPage(RoutablePageMixin, BasePage):
    """The news and events of one locale, at `news/`, with its RSS and iCalendar feeds."""

    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction")]
    search_fields = [*Page.search_fields, index.SearchField("introduction")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsPage", "news.EventPage"]
    max_count_per_parent = 1

    # Shown in HTTP headers, iCalendar lines and feeds: one line, no control characters.
    single_line_fields = ("title", "seo_title")

    class Meta:
        verbose_name = _("news index")

    def clean(self):
        super().clean()
        refuse_control_characters(self, self.single_line_fields)

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.news_listing(index=self, params=request.GET, request=request))
        # Worked out once, with the request's site root paths: `page.url` in the template
        # would read them from the cache again.
        context["index_url"] = self.get_url(request)
        return context

    @path("feed/")
    def feed(self, request):
        from .feeds import NewsFeed

        return NewsFeed(self)(request)

    @path("events.ics/")
    def events_ics(self, request):
        from .feeds import calendar_response, events_calendar

        return calendar_response(events_calendar(self, request), "events.ics")


class NewsPage(BasePage):
    search_result_type = "news"  # search/registry.py
    search_result_date_field = "date"

    date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,  # listings, the home page and the feed are ordered by it
        help_text=_("Leave empty to use the day of first publication."),
    )
    summary = models.TextField(
        _("summary"),
        max_length=500,
        help_text=_("One or two sentences for listings, the home page and the feeds."),
    )
    image = models.ForeignKey(
        CustomImage,
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("image alternative text"),
        max_length=250,
        blank=True,
        help_text=_("Describe the image for people who cannot see it."),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("body"))
    categories = ParentalManyToManyField(
        NewsCategory, verbose_name=_("categories"), blank=True, related_name="+"
    )
    tags = ClusterTaggableManager(
        verbose_name=_("tags"), through=NewsPageTag, blank=True, related_name="+"
    )
    # The date the listing shows, stored on save so that the news index is ordered and
    # filtered by year on an index (an index scan with LIMIT), not on an expression worked
    # out for every row: an event's first day in Athens, else the publication date.
    sort_date = models.DateField(_("listing date"), null=True, editable=False, db_index=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                # Checkboxes of the page's own language (NewsPageForm limits the choice).
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
                FieldPanel("tags"),
            ],
            heading=_("Categories"),
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    base_form_class = NewsPageForm

    # Shown in HTTP headers, iCalendar lines and feeds: one line, no control characters.
    single_line_fields = ("title", "seo_title", "image_alt")

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def save(self, *args, **kwargs):
        # The day of first publication, kept once set so that re-publishing never moves it.
        if self.date is None and self.first_published_at is not None:
            self.date = timezone.localdate(self.first_published_at)
        self.sort_date = self.listing_date()
        super().save(*args, **kwargs)

    def listing_date(self):
        """The date a listing shows for this item and is ordered by (`sort_date`)."""
        return self.display_date

    def clean(self):
        super().clean()
        refuse_control_characters(self, self.single_line_fields)
        if self.image_id and not self.image_alt:
            raise ValidationError(
                {"image_alt": _("Describe the image for people who cannot see it.")}
            )

    @property
    def event(self):
        """The EventPage behind this row, or None for a news item; no query when the
        listing selected `eventpage`, nor for a news item served as itself."""
        if isinstance(self, EventPage):
            return self
        if "eventpage" not in self._state.fields_cache and self.content_type_id is not None:
            from django.contrib.contenttypes.models import ContentType

            # Content types are cached per process: a news item needs no query to say so.
            if self.content_type_id != ContentType.objects.get_for_model(EventPage).pk:
                return None
        try:
            return self.eventpage
        except EventPage.DoesNotExist:
            return None

    @property
    def kind(self):
        return "event" if self.event is not None else "news"

    @property
    def display_date(self):
        if self.date:
            return self.date
        if self.first_published_at:
            return timezone.localdate(self.first_published_at)
        return None

    def get_template(self, request, *args, **kwargs):
        return "news/news_page.html"

    def localized_categories(self, names_by_key):
        """The page's categories in the language of `names_by_key` (translation_key →
        category); wagtail-localize copies the source page's categories unchanged."""
        return [names_by_key.get(c.translation_key, c) for c in self.categories.all()]

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        by_key = selectors.categories_by_key(locale=self.locale_id, request=request)
        if getattr(request, "is_preview", False):
            # A preview shows the categories and tags being edited, which only the page
            # object holds.
            context["categories"] = self.localized_categories(by_key)
            context["tags"] = list(self.tags.all())
            context["image"] = self.image
        else:
            categories, tags = selectors.categories_and_tags(self.pk, by_key)
            context["categories"], context["tags"] = categories, tags
            context["image"] = selectors.image_with_renditions(self.image_id, selectors.HERO_SPECS)
        context["index"] = index = self.get_parent()
        context["index_url"] = index.get_url(request)
        context["json_ld"] = selectors.json_ld(self, request)
        return context


class EventState(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    UNDER_WAY = "under_way", _("Under way")
    PAST = "past", _("Past")


class RegistrationState(models.TextChoices):
    NOT_YET_OPEN = "not_yet_open", _("Not yet open")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class EventPage(RoutablePageMixin, NewsPage):
    search_result_type = "event"  # search/registry.py
    search_result_date_field = "start"

    start = models.DateTimeField(
        _("start"), help_text=_("Date and time in Athens time."), db_index=True
    )
    end = models.DateTimeField(
        _("end"),
        help_text=_("Date and time in Athens time; the last day for all-day events."),
        db_index=True,
    )
    all_day = models.BooleanField(
        _("all day"),
        default=False,
        help_text=_("The times are ignored: the event fills whole days."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.TextField(_("address"), blank=True)
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    registration_opens = models.DateField(
        _("registration opens"), null=True, blank=True, help_text=_("First day of registration.")
    )
    registration_closes = models.DateField(
        _("registration closes"),
        null=True,
        blank=True,
        help_text=_("Last day of registration; empty means until the event starts."),
    )
    registration_url = models.URLField(_("registration address"), blank=True)
    registration_email = models.EmailField(_("registration e-mail"), blank=True)

    event_panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("start"), FieldPanel("end")]), FieldPanel("all_day")],
            heading=_("When"),
        ),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("address"), FieldPanel("organiser")],
            heading=_("Where and who"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("registration_opens"), FieldPanel("registration_closes")]
                ),
                FieldPanel("registration_url"),
                FieldPanel("registration_email"),
            ],
            heading=_("Registration"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(NewsPage.content_panels, heading=_("Content")),
            ObjectList(event_panels, heading=_("Event details")),
            ObjectList(NewsPage.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings"), classname="settings"),
        ]
    )
    search_fields = [
        *NewsPage.search_fields,
        index.SearchField("venue"),
        index.SearchField("organiser"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    single_line_fields = (*NewsPage.single_line_fields, "venue", "organiser")

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("The event cannot end before it starts.")})
        if (
            self.registration_opens
            and self.registration_closes
            and self.registration_closes < self.registration_opens
        ):
            raise ValidationError(
                {"registration_closes": _("Registration cannot close before it opens.")}
            )

    def get_template(self, request, *args, **kwargs):
        return "news/event_page.html"

    def listing_date(self):
        return self.start_date if self.start else super().listing_date()

    @path("event.ics/")
    def event_ics(self, request):
        from .feeds import calendar_response, event_calendar

        if not self.live:
            raise Http404
        return calendar_response(event_calendar(self, request), f"{self.slug}.ics")

    # Times, always read in Athens.
    @property
    def local_start(self):
        return timezone.localtime(self.start, athens())

    @property
    def local_end(self):
        return timezone.localtime(self.end, athens())

    @property
    def start_date(self):
        return self.local_start.date()

    @property
    def end_date(self):
        return self.local_end.date()

    @property
    def is_multi_day(self):
        return self.start_date != self.end_date

    def _bounds(self):
        """The instants the event starts and ends; all-day events fill their days."""
        if not self.all_day:
            return self.start, self.end
        tz = athens()
        begin = datetime.datetime.combine(self.start_date, datetime.time.min, tzinfo=tz)
        finish = datetime.datetime.combine(
            self.end_date + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return begin, finish

    def event_state(self, now=None):
        now = now or timezone.now()
        begin, finish = self._bounds()
        if now < begin:
            return EventState.UPCOMING
        if now < finish:
            return EventState.UNDER_WAY
        return EventState.PAST

    @property
    def has_registration(self):
        return bool(
            self.registration_opens
            or self.registration_closes
            or self.registration_url
            or self.registration_email
        )

    @property
    def registration_last_day(self):
        return self.registration_closes or self.start_date

    def registration_state(self, now=None):
        """None when the event takes no registration; otherwise whether it is not yet
        open, open (the closing day included) or closed, by the date in Athens."""
        if not self.has_registration:
            return None
        today = timezone.localdate(now or timezone.now(), athens())
        if self.registration_opens and today < self.registration_opens:
            return RegistrationState.NOT_YET_OPEN
        if today > self.registration_last_day:
            return RegistrationState.CLOSED
        return RegistrationState.OPEN

    @cached_property
    def state(self):
        return self.event_state()

    @cached_property
    def registration(self):
        return self.registration_state()

    def ics_url(self):
        return self.url + "event.ics" if self.url else None
