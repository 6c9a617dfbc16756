"""Reads of news and events: each runs a fixed number of queries, whatever the amount of
content."""

import datetime
import json
from typing import NamedTuple

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import Min, Prefetch, Q, UUIDField, Value
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from biopa.cache import fragment, kept_until
from biopa.statements import Statement, among_ids
from biopa.visibility import public_pages

from .models import (
    EventPage,
    EventState,
    NewsCategory,
    NewsPage,
    NewsPageTag,
    RegistrationState,
    athens,
)

PAGE_SIZE = 10
FEED_SIZE = 20
TYPES = {"news": _("News"), "event": _("Events")}
WHENS = {"upcoming": _("Upcoming events"), "past": _("Past events")}


class Category(NamedTuple):
    """What a page shows of a news category: its name and the slug its link filters by."""

    translation_key: object
    slug: str
    name: str


def categories_by_key(*, locale, request=None):
    """The locale's categories keyed by translation_key, sorted by name: one query once
    per content version (biopa.cache.fragment), none on the requests after it."""

    def build():
        rows = NewsCategory.objects.filter(locale=locale).values_list(
            "translation_key", "slug", "name"
        )
        return {row[0]: Category(*row) for row in rows.order_by("name", "pk")}

    return fragment("news-categories", build, request=request, parts=(locale,))


def _page_categories(markers):
    through = NewsPage.categories.through
    return (
        among_ids(through.objects.all(), markers, field="newspage")
        .order_by("newscategory__name", "newscategory_id")
        .values_list(
            "newspage_id",
            "newscategory__translation_key",
            "newscategory__slug",
            "newscategory__name",
        )
    )


# Written to SQL once per process (biopa.statements): the ORM built its join per request.
_PAGE_CATEGORIES = Statement(_page_categories)


def page_categories(page_ids, by_key):
    """Each page's categories (page id -> list), in the language of `by_key`
    (translation_key -> Category): wagtail-localize copies the source page's categories
    unchanged, so a translation shows them by their name in its own language, or as they
    are when the category has no translation. One query for all the pages, of values."""
    result = {page_id: [] for page_id in page_ids}
    for page_id, key, slug, name in _PAGE_CATEGORIES.run(ids=page_ids):
        result[page_id].append(by_key.get(key) or Category(key, slug, name))
    return result


class Tag(NamedTuple):
    name: str
    slug: str


def categories_and_tags(page_id, by_key):
    """A news or event page's categories (as `page_categories`) and tags, in one query of
    values: `(categories, tags)`."""
    through = NewsPage.categories.through
    categories = through.objects.filter(newspage_id=page_id).values_list(
        Value(0),
        "newscategory__translation_key",
        "newscategory__slug",
        "newscategory__name",
        "newscategory_id",
    )
    tags = NewsPageTag.objects.filter(content_object_id=page_id).values_list(
        Value(1),
        Value(None, output_field=UUIDField()),
        "tag__slug",
        "tag__name",
        "id",
    )
    rows = list(categories.union(tags, all=True))
    return (
        [
            by_key.get(key) or Category(key, slug, name)
            for _, key, slug, name, _ in sorted(
                (row for row in rows if row[0] == 0), key=lambda row: (row[3], row[4])
            )
        ],
        [Tag(name, slug) for *_, slug, name, _ in sorted(row for row in rows if row[0] == 1)],
    )


# The image at the top of a news or event page, exactly as news_page.html asks for it.
HERO = "fill-{1440x810,960x540,480x270} format-{avif,webp,jpeg}"
HERO_SPECS = Filter.expand_spec(HERO)


def image_with_renditions(image_id, specs):
    """The image `image_id` with its renditions of `specs` prefetched (where
    `Image.get_renditions` reads first), in one query: no look-up in the renditions cache,
    nor a write back to it, for every request. None when there is no such image."""
    if image_id is None:
        return None
    image_model = get_image_model()
    renditions = list(
        image_model.get_rendition_model()
        .objects.filter(image_id=image_id, filter_spec__in=specs)
        .select_related("image")
    )
    if renditions:
        image = renditions[0].image
    else:
        image = image_model.objects.filter(pk=image_id).first()
        if image is None:
            return None
    for rendition in renditions:
        rendition.image = image
    image.prefetched_renditions = renditions
    return image


# The thumbnail of a listed item, exactly as news_index_page.html and
# home_sections_content.html ask for it: `{% picture item.image <THUMBNAIL> ... %}`. The
# renditions prefetched are these specs, so the template finds them all in the prefetch.
THUMBNAIL = "fill-{480x360,240x180} format-{avif,webp,jpeg}"
THUMBNAIL_SPECS = Filter.expand_spec(THUMBNAIL)


def with_thumbnails(queryset):
    """The items' images joined and their thumbnail renditions prefetched: one query for
    the whole list, none when no item has an image. This is what
    `ImageQuerySet.prefetch_renditions(*THUMBNAIL_SPECS)` does on an image queryset (the
    same filter on filter_spec, into the `prefetched_renditions` attribute that
    `Image.get_renditions` reads first), taken one level down through the image already
    joined here, so the images cost no query of their own."""
    renditions = (
        get_image_model().get_rendition_model().objects.filter(filter_spec__in=THUMBNAIL_SPECS)
    )
    return queryset.select_related("image").prefetch_related(
        Prefetch("image__renditions", queryset=renditions, to_attr="prefetched_renditions")
    )


# What news_index_page.html shows of an item (and `pageurl` reads): only these columns,
# which also keeps the query short to compile. The image is read whole (its renditions
# need it).
LISTED_FIELDS = (
    "title",
    "url_path",
    "first_published_at",
    "content_type_id",
    "locale_id",
    "date",
    "summary",
    "image",
    "eventpage__start",
    "eventpage__end",
    "eventpage__all_day",
)


def _items(queryset):
    """Everything a listing shows of a page, joined or prefetched once for the whole list
    (the categories: `page_categories`)."""
    return with_thumbnails(queryset.select_related("eventpage").only(*LISTED_FIELDS))


def live_items(*, locale):
    """The locale's news items and events that the public may see (biopa.visibility)."""
    return public_pages(NewsPage.objects.filter(locale=locale))


def not_over(now, prefix=""):
    """Events that have not ended at `now`: timed events before their end, all-day events
    until the end of their last day in Athens (the same rule as EventPage.event_state)."""
    midnight = datetime.datetime.combine(
        timezone.localdate(now, athens()), datetime.time.min, tzinfo=athens()
    )
    return Q(**{f"{prefix}all_day": False, f"{prefix}end__gt": now}) | Q(
        **{f"{prefix}all_day": True, f"{prefix}end__gte": midnight}
    )


def listing_years(*, index, now=None):
    """The years (newest first) in which the index's public items have their shown date
    (`sort_date`): the year filter offers only those. One query, which also tells when the
    first of those items expires (the years hold until then), for `fragment()`."""
    now = now or timezone.now()
    rows = (
        public_pages(NewsPage.objects.child_of(index), now=now)
        .annotate(year=ExtractYear("sort_date"))
        .values("year")
        .annotate(expiry=Min("expire_at"))
        .order_by("-year")
        .values_list("year", "expiry")
    )
    years, expiries = [], []
    for year, expiry in rows:
        if year is not None:
            years.append(year)
        if expiry is not None:
            expiries.append(expiry)
    return kept_until(years, expiries, now=now)


def listing_order(queryset, *, now):
    """The primary keys `queryset` lists, in its order, for `fragment()` until the first of
    them expires: one narrow query, walking the sort date's index."""
    ids, expiries = [], []
    for pk, expiry in queryset.values_list("pk", "expire_at"):
        ids.append(pk)
        if expiry is not None:
            expiries.append(expiry)
    return kept_until(ids, expiries, now=now)


def parse_filters(params, *, categories):
    """The valid filters of a query string; unknown values are dropped, not refused."""
    filters = {}
    kind = params.get("type")
    if kind in TYPES:
        filters["type"] = kind
    when = params.get("when")
    if when in WHENS:
        filters["when"] = when
    slugs = {c.slug for c in categories}
    category = params.get("category")
    if category in slugs:
        filters["category"] = category
    year = params.get("year", "")
    if year.isascii() and year.isdigit() and len(year) == 4 and 1900 <= int(year) <= 2999:
        filters["year"] = int(year)
    return filters


def filtered_items(*, index, filters, now=None):
    """The live children of a news index matching `filters`, in listing order: by the date
    each shows (an event's start, a news item's publication), newest first, or soonest
    first for upcoming events. `when` concerns events only."""
    now = now or timezone.now()
    queryset = public_pages(NewsPage.objects.child_of(index), now=now)
    if filters.get("type") == "news":
        queryset = queryset.filter(eventpage__isnull=True)
    elif filters.get("type") == "event" or "when" in filters:
        queryset = queryset.filter(eventpage__isnull=False)
    if "category" in filters:
        # A condition, not a join: no duplicate rows, so no DISTINCT over the whole row.
        tagged = NewsPage.categories.through.objects.filter(
            newscategory__slug=filters["category"]
        ).values("newspage_id")
        queryset = queryset.filter(pk__in=tagged)
    if "year" in filters:
        # A range of sort_date, on its index.
        queryset = queryset.filter(sort_date__year=filters["year"])
    if filters.get("when") == "upcoming":
        # Not over yet, so an event under way counts as upcoming until it ends.
        queryset = queryset.filter(not_over(now, "eventpage__")).order_by("eventpage__start", "pk")
    elif filters.get("when") == "past":
        queryset = queryset.exclude(not_over(now, "eventpage__")).order_by(
            "-eventpage__start", "-pk"
        )
    else:
        # sort_date is the date each item shows, stored: the database walks its index
        # newest first and stops after the page it serves.
        queryset = queryset.order_by("-sort_date", "-first_published_at", "-pk")
    return queryset


def news_listing(*, index, params, request=None):
    """The context of the news index: one page of items and the filters, visible and
    removable. A page number out of range or malformed is a 404.

    The categories, the years and the order of the items (so their number) are the same
    for every visitor and every page of the listing: kept once per content version
    (biopa.cache.fragment), each until the first of its items expires; a page of the
    listing then reads its ten items by primary key, however deep it is. Upcoming and past
    events change as events end: those are paginated in the database on every request."""
    now = timezone.now()
    by_key = categories_by_key(locale=index.locale_id, request=request)
    categories = list(by_key.values())
    filters = parse_filters(params, categories=categories)
    if "when" in filters:
        paginator = Paginator(
            _items(filtered_items(index=index, filters=filters, now=now)), PAGE_SIZE
        )
    else:
        order = fragment(
            "news-order",
            lambda: listing_order(filtered_items(index=index, filters=filters, now=now), now=now),
            request=request,
            parts=(index.pk, _query(filters)),
        )
        paginator = Paginator(order, PAGE_SIZE)
    try:
        page = paginator.page(params.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404(str(error)) from error
    if "when" in filters:
        items = list(page.object_list)
    else:
        # The order was read under the visibility rule, for this content version and
        # until the first of its items expires: these ten rows are public.
        by_pk = {
            item.pk: item
            for item in _items(NewsPage.objects.filter(pk__in=page.object_list).order_by())
        }
        items = [by_pk[pk] for pk in page.object_list if pk in by_pk]
    by_page = page_categories([item.pk for item in items], by_key) if items else {}
    for item in items:
        item.category_list = by_page[item.pk]
    names = {c.slug: c.name for c in categories}
    active = []
    for key, value in filters.items():
        rest = {k: v for k, v in filters.items() if k != key}
        label = {
            "type": lambda v: TYPES[v],
            "when": lambda v: WHENS[v],
            "category": lambda v: names[v],
            "year": str,
        }[key](value)
        active.append({"key": key, "label": label, "remove_query": _query(rest)})
    return {
        "items": items,
        "page_obj": page,
        "paginator": paginator,
        "filters": filters,
        "active_filters": active,
        "filter_query": _query(filters),
        "categories": categories,
        "types": TYPES,
        "whens": WHENS,
        # The same for every visitor and page of the listing: once per content version.
        "years": fragment(
            "news-years",
            lambda: listing_years(index=index, now=now),
            request=request,
            parts=(index.pk,),
        ),
    }


def _query(filters):
    from urllib.parse import urlencode

    return urlencode(filters)


def news_latest(*, locale, limit=3):
    """The locale's latest news items (events left out), in one query, and one more for
    their thumbnails when any of them has an image."""
    return list(
        with_thumbnails(
            live_items(locale=locale)
            .filter(eventpage__isnull=True)
            .order_by("-date", "-first_published_at", "-pk")
            .defer_streamfields()
        )[:limit]
    )


def events_upcoming(*, locale, limit=3, now=None):
    """The locale's next events not yet over, soonest first, in one query."""
    now = now or timezone.now()
    return list(
        public_pages(EventPage.objects.filter(locale=locale), now=now)
        .filter(not_over(now))
        .order_by("start", "pk")
        .defer_streamfields()[:limit]
    )


def feed_items(*, index):
    return list(
        public_pages(NewsPage.objects.child_of(index))
        .order_by("-date", "-first_published_at", "-pk")
        .select_related("eventpage")
        .defer_streamfields()[:FEED_SIZE]
    )


def index_events(*, index):
    return list(public_pages(EventPage.objects.child_of(index)).order_by("start", "pk"))


def absolute_url(page, request):
    """The page's address with the scheme and host the visitor used."""
    url = page.get_url(request)
    if request is None or url is None or url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


EVENT_STATUS = "https://schema.org/EventScheduled"


def json_ld(page, request):
    """The page's schema.org description: a NewsArticle, or an Event with its place,
    status and registration offer."""
    url = absolute_url(page, request)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": page.title,
        "description": page.summary,
        "url": url,
        "inLanguage": get_language(),
        "datePublished": page.display_date.isoformat() if page.display_date else None,
        "dateModified": timezone.localtime(page.last_published_at).isoformat()
        if page.last_published_at
        else None,
    }
    event = page.event
    if event is not None:
        data["@type"] = "Event"
        data["name"] = data.pop("headline")
        if event.all_day:
            data["startDate"] = event.start_date.isoformat()
            data["endDate"] = event.end_date.isoformat()
        else:
            data["startDate"] = event.local_start.isoformat()
            data["endDate"] = event.local_end.isoformat()
        data["eventStatus"] = EVENT_STATUS
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["location"] = {
            "@type": "Place",
            "name": event.venue or strip_tags(event.address) or page.title,
            "address": event.address or event.venue,
        }
        if event.organiser:
            data["organizer"] = {"@type": "Organization", "name": event.organiser}
        if event.has_registration:
            offer = {"@type": "Offer", "url": event.registration_url or url}
            if event.registration_opens:
                offer["validFrom"] = event.registration_opens.isoformat()
            if event.registration_closes:
                offer["validThrough"] = event.registration_closes.isoformat()
            offer["availability"] = (
                "https://schema.org/InStock"
                if event.registration_state() == RegistrationState.OPEN
                else "https://schema.org/SoldOut"
                if event.registration_state() == RegistrationState.CLOSED
                else "https://schema.org/PreOrder"
            )
            data["offers"] = offer
    data = {k: v for k, v in data.items() if v is not None}
    return safe_json(data)


def safe_json(data):
    """JSON for a <script> element: <, > and & escaped as json_script does."""
    text = json.dumps(data, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


__all__ = ["EventState", "RegistrationState"]
