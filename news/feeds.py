"""The RSS feed of a news index and the iCalendar files of its events.

Text goes out through home.validators' single_line() and feed_text(): a title saved with
a line break or a control character (past the admin's check) must neither break an
iCalendar content line or an XML feed nor inject into them."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.utils import timezone
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone

from home.validators import feed_text, single_line

from . import selectors
from .models import athens


class NewsFeed(Feed):
    """RSS 2.0: the index's latest live items with absolute links, dates and summaries."""

    feed_type = Rss201rev2Feed

    def __init__(self, index):
        super().__init__()
        self.index = index

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return single_line(self.index.title)

    def link(self):
        return self.index.get_url(self.request)

    def description(self):
        return feed_text(self.index.introduction) or single_line(self.index.title)

    def items(self):
        return selectors.feed_items(index=self.index)

    def item_title(self, item):
        return single_line(item.title)

    def item_description(self, item):
        return feed_text(item.summary)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return selectors.absolute_url(item, self.request)

    item_guid_is_permalink = True

    def item_pubdate(self, item):
        published = item.first_published_at
        if published and timezone.localdate(published) == item.display_date:
            return published
        return datetime.datetime.combine(item.display_date, datetime.time(9), tzinfo=athens())

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        return [_("Event")] if item.event is not None else [_("News")]


def _vevent(event, request):
    vevent = Event()
    host = request.get_host().split(":")[0] if request else "biopa"
    # Stable across edits, languages share the translation key: one event, one UID.
    vevent.add("uid", f"{event.translation_key}-{event.locale.language_code}@{host}")
    vevent.add("summary", single_line(event.title))
    vevent.add("description", feed_text(event.summary))
    if event.all_day:
        vevent.add("dtstart", event.start_date)
        # DTEND of an all-day event is exclusive: the day after the last day.
        vevent.add("dtend", event.end_date + datetime.timedelta(days=1))
    else:
        vevent.add("dtstart", event.local_start)
        vevent.add("dtend", event.local_end)
    stamp = event.last_published_at or event.latest_revision_created_at or timezone.now()
    vevent.add("dtstamp", stamp.astimezone(datetime.UTC))
    url = selectors.absolute_url(event, request)
    if url:
        vevent.add("url", url)
    address = ", ".join(
        line.strip() for line in feed_text(strip_tags(event.address)).split("\n") if line.strip()
    )
    location = ", ".join(part for part in (single_line(event.venue), address) if part)
    if location:
        vevent.add("location", location)
    if event.organiser:
        vevent.add(
            "organizer", f"mailto:{event.registration_email}" if event.registration_email else url
        )
        # A parameter value cannot hold a double quote at all (RFC 5545, 3.1).
        vevent["organizer"].params["cn"] = single_line(event.organiser).replace('"', "'")
    return vevent


def _calendar(events, request, name):
    calendar = Calendar()
    calendar.add("prodid", "-//BIOPA Rethymno//News and events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", single_line(name))
    calendar.add("x-wr-timezone", "Europe/Athens")
    # Every calendar carries Europe/Athens, all-day events or not, covering its events.
    today = timezone.localdate()
    first = min([e.start_date for e in events] + [today]) - datetime.timedelta(days=366)
    last = max([e.end_date for e in events] + [today]) + datetime.timedelta(days=366)
    calendar.add_component(Timezone.from_tzid("Europe/Athens", first_date=first, last_date=last))
    for event in events:
        calendar.add_component(_vevent(event, request))
    return calendar


def event_calendar(event, request):
    return _calendar([event], request, event.title)


def events_calendar(index, request):
    return _calendar(selectors.index_events(index=index), request, index.title)


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    # Quoted and, for a Greek slug, RFC 6266's filename* (Django escapes both).
    response["Content-Disposition"] = content_disposition_header(True, single_line(filename))
    return response
