"""Where each page and translatable snippet stands in each locale.

Read by the "Translation status" admin report and `manage.py translation_status`. A fixed
number of queries, whatever the amount of content: the locales, the pages, one per
translatable snippet model, the translation sources and the translations with their
progress (wagtail-localize's `Translation.get_progress()`, done for all at once).

A translation's state, for each locale other than the source's:

- missing: no version in that locale (or only an alias showing the source's content);
- out of date: the source changed after its last sync into wagtail-localize (the page or
  snippet was published after `TranslationSource.last_updated_at`; for snippets without
  revisions, its content differs from what was extracted, wagtail-localize's own test);
- partial: some segments have no translation yet;
- complete: every segment translated and the source unchanged since the last sync.

A version made by hand (no wagtail-localize translation) counts as complete unless its
source was published after it.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import (
    ClusterableModel,
    get_all_child_relations,
    get_serializable_data_for_fields,
)
from wagtail.models import DraftStateMixin, Locale, Page, RevisionMixin, TranslatableMixin
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

COMPLETE = "complete"
PARTIAL = "partial"
OUTDATED = "outdated"
MISSING = "missing"
STATES = {
    COMPLETE: _("Complete"),
    PARTIAL: _("Has untranslated segments"),
    OUTDATED: _("Out of date"),
    MISSING: _("Missing"),
}


def translatable_snippet_models():
    """Every translatable model edited on its own: not a page, not an inline child."""
    models = []
    for model in apps.get_models():
        if not issubclass(model, TranslatableMixin) or issubclass(model, Page):
            continue
        if model._meta.proxy or model.get_translation_model() is not model:
            continue
        if any(isinstance(f, ParentalKey) for f in model._meta.get_fields()):
            continue
        models.append(model)
    return sorted(models, key=lambda m: m._meta.label)


@dataclass
class Version:
    """An object as it exists in one locale."""

    pk: object
    locale_id: int
    title: str
    live: bool
    changed_at: datetime | None
    is_alias: bool = False
    content_json: str | None = None  # snippets without revisions only


@dataclass
class Item:
    """A page or translatable snippet with its versions in every locale."""

    kind: str  # "page" or "snippet"
    model: type
    translation_key: object
    versions: dict = field(default_factory=dict)  # locale_id -> Version
    source_locale_id: int | None = None

    @property
    def source(self):
        return self.versions.get(self.source_locale_id)

    @property
    def title(self):
        version = self.source or next(iter(self.versions.values()))
        return version.title

    @property
    def type_name(self):
        return str(self.model._meta.verbose_name)


@dataclass
class Row:
    """An item's translation into one locale."""

    item: Item
    locale: Locale
    source_locale: Locale
    locales: list  # the locales the item exists in
    state: str
    total_segments: int | None = None
    translated_segments: int | None = None
    live: bool = False
    edit_url: str | None = None
    sync_url: str | None = None

    @property
    def state_display(self):
        return STATES[self.state]

    @property
    def progress(self):
        if self.total_segments is None:
            return ""
        return f"{self.translated_segments}/{self.total_segments}"

    @property
    def locales_display(self):
        return ", ".join(locale.language_code for locale in self.locales)


def _page_items():
    items = {}
    pages = (
        Page.objects.filter(depth__gt=1)
        .order_by("path")
        .values_list(
            "pk",
            "translation_key",
            "locale_id",
            "title",
            "live",
            "last_published_at",
            "latest_revision_created_at",
            "alias_of_id",
            "content_type_id",
        )
    )
    for pk, key, locale_id, title, live, published_at, revised_at, alias_of, ct in pages:
        item = items.get(key)
        if item is None:
            model = ContentType.objects.get_for_id(ct).model_class() or Page
            item = items[key] = Item("page", model, key)
        item.versions[locale_id] = Version(
            pk, locale_id, title, live, published_at or revised_at, alias_of is not None
        )
    return items


def _snippet_items():
    items = {}
    for model in translatable_snippet_models():
        queryset = model.objects.select_related("locale").order_by("pk")
        compare_content = not issubclass(model, RevisionMixin)
        if issubclass(model, RevisionMixin):
            queryset = queryset.select_related("latest_revision")
        if compare_content and issubclass(model, ClusterableModel):
            queryset = queryset.prefetch_related(
                *[rel.get_accessor_name() for rel in get_all_child_relations(model)]
            )
        for instance in queryset:
            key = instance.translation_key
            item = items.get(key)
            if item is None:
                item = items[key] = Item("snippet", model, key)
            live = instance.live if isinstance(instance, DraftStateMixin) else True
            changed_at = None
            if isinstance(instance, DraftStateMixin) and instance.last_published_at:
                changed_at = instance.last_published_at
            elif isinstance(instance, RevisionMixin) and instance.latest_revision:
                changed_at = instance.latest_revision.created_at
            content_json = None
            if compare_content:
                if isinstance(instance, ClusterableModel):
                    content_json = instance.to_json()
                else:
                    content_json = json.dumps(
                        get_serializable_data_for_fields(instance), cls=DjangoJSONEncoder
                    )
            item.versions[instance.locale_id] = Version(
                instance.pk,
                instance.locale_id,
                str(instance),
                live,
                changed_at,
                content_json=content_json,
            )
    return items


def _translations():
    """{(source_id, locale_id): (total, translated)} for every enabled translation."""
    segments = StringSegment.objects.filter(source_id=OuterRef("source_id"))
    translated = segments.filter(
        Exists(
            StringTranslation.objects.filter(
                translation_of_id=OuterRef("string_id"),
                context_id=OuterRef("context_id"),
                locale_id=OuterRef(OuterRef("target_locale_id")),
                has_error=False,
            )
        )
    )

    def count(queryset):
        return Coalesce(
            Subquery(
                queryset.order_by().values("source_id").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        )

    rows = (
        Translation.objects.filter(enabled=True)
        .annotate(total=count(segments), translated=count(translated))
        .values_list("source_id", "target_locale_id", "total", "translated")
    )
    return {(source, locale): (total, done) for source, locale, total, done in rows}


def _url(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _edit_url(item, version):
    if item.kind == "page":
        return _url("wagtailadmin_pages:edit", version.pk)
    meta = item.model._meta
    return _url(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", str(version.pk))


def _changed(item, source, version):
    """Has the source changed since `source` (a TranslationSource row) was extracted?"""
    if version.content_json is not None:
        return json.loads(version.content_json) != json.loads(source["content_json"])
    return version.changed_at is not None and version.changed_at > source["last_updated_at"]


def collect():
    """Every page and translatable snippet, with the source chosen and versions filled."""
    items = {}
    for kind_items in (_page_items(), _snippet_items()):
        for key, item in kind_items.items():
            items[(item.kind, key)] = item

    sources = {}
    needs_content = {key for (kind, key), item in items.items() if kind == "snippet"}
    fields = ["pk", "object_id", "locale_id", "last_updated_at", "specific_content_type_id"]
    rows = TranslationSource.objects.values(*fields)
    if needs_content:
        # content_json is only read for snippets; a page's can be large.
        rows = TranslationSource.objects.values(*fields, "content_json")
    for row in rows:
        sources.setdefault(row["object_id"], {})[row["locale_id"]] = row
    return items, sources


def translation_status(locale=None, state=None, kind=None):
    """The rows of the report: one per item and locale other than the item's source's.

    `locale` (a language code), `state` and `kind` ("page"/"snippet") filter them."""
    locales = {loc.pk: loc for loc in Locale.objects.order_by("pk")}
    items, sources = collect()
    progress = _translations()
    rows = []
    for (item_kind, key), item in items.items():
        if kind and item_kind != kind:
            continue
        item_sources = sources.get(key, {})
        real_versions = {lid: v for lid, v in item.versions.items() if not v.is_alias}
        source_row = None
        # The source is the locale wagtail-localize translated from; failing that, the
        # oldest version (smallest primary key).
        candidates = [row for lid, row in item_sources.items() if lid in real_versions]
        if candidates:
            source_row = min(candidates, key=lambda row: row["pk"])
            item.source_locale_id = source_row["locale_id"]
        elif real_versions:
            item.source_locale_id = min(real_versions.values(), key=lambda v: v.pk).locale_id
        else:
            continue
        source_version = item.versions[item.source_locale_id]
        existing = [locales[lid] for lid in sorted(real_versions) if lid in locales]
        for locale_id, target_locale in locales.items():
            if locale_id == item.source_locale_id:
                continue
            if locale and target_locale.language_code != locale:
                continue
            version = real_versions.get(locale_id)
            row = Row(
                item=item,
                locale=target_locale,
                source_locale=locales[item.source_locale_id],
                locales=existing,
                state=MISSING,
            )
            if version is not None:
                row.live = version.live
                row.edit_url = _edit_url(item, version)
                counts = progress.get((source_row["pk"], locale_id)) if source_row else None
                if counts is not None:
                    row.total_segments, row.translated_segments = counts
                    row.sync_url = _url("wagtail_localize:update_translations", source_row["pk"])
                    if _changed(item, source_row, source_version):
                        row.state = OUTDATED
                    elif row.translated_segments < row.total_segments:
                        row.state = PARTIAL
                    else:
                        row.state = COMPLETE
                elif (
                    source_version.changed_at
                    and version.changed_at
                    and source_version.changed_at > version.changed_at
                ):
                    row.state = OUTDATED  # translated by hand, before the source changed
                else:
                    row.state = COMPLETE
            if state and row.state != state:
                continue
            rows.append(row)
    rows.sort(key=lambda r: (r.item.kind, r.item.type_name, r.item.title.lower(), r.locale.pk))
    return rows


def pages_without_live_counterpart(source_language="el", target_language="en"):
    """Live pages in `source_language` whose `target_language` version is missing, an
    alias or not live: (pk, title) pairs, in tree order. One query."""
    target = Page.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=target_language,
        live=True,
        alias_of__isnull=True,
    )
    return list(
        Page.objects.filter(depth__gt=1, live=True, locale__language_code=source_language)
        .exclude(Exists(target))
        .order_by("path")
        .values_list("pk", "title")
    )
