"""What kind of thing a search result is: a small registry from page models to result types.

Models are named by ``app_label.modelname`` so that apps which do not exist yet (or are being
built) cost nothing; any page model not listed is an ordinary "page". Register more with
``register_type`` (e.g. from an app's ``ready()``) or by extending ``RESULT_TYPES``.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


@dataclass
class ResultType:
    key: str
    label: str
    label_plural: str
    models: set[str] = field(default_factory=set)
    date_fields: tuple[str, ...] = ()  # tried before DATE_FIELD_NAMES


RESULT_TYPES = {
    "page": ResultType("page", _("Page"), _("Pages"), {"home.homepage", "home.standardpage"}),
    "news": ResultType("news", _("News"), _("News"), {"news.newspage"}),
    "event": ResultType("event", _("Event"), _("Events"), {"news.eventpage"}, ("start",)),
    "document": ResultType("document", _("Document"), _("Documents"), {"documents.documentpage"}),
}
DEFAULT_TYPE = "page"

# The first of these that a page model has is "its date" (shown, and used for recency).
DATE_FIELD_NAMES = (
    "date",
    "publication_date",
    "published_date",
    "news_date",
    "start_date",
    "start",
    "starts_at",
    "start_at",
    "document_date",
)
# Fields whose text makes up a result's snippet, in this order (the body comes last).
TEXT_FIELD_NAMES = (
    "search_description",
    "summary",
    "introduction",
    "intro",
    "description",
    "hero_intro",
    "body",
)
# A foreign key to a model with this field (the document library's files) adds its text.
RELATED_TEXT_FIELD = "extracted_text"


def register_type(key, model_label):
    RESULT_TYPES[key].models.add(model_label.lower())


def type_for_model(model):
    label = model._meta.label_lower
    for result_type in RESULT_TYPES.values():
        if label in result_type.models:
            return result_type
    return RESULT_TYPES[DEFAULT_TYPE]


def type_for_content_type_id(content_type_id):
    """The result type of a content type id; ContentType's cache makes this query-free after
    the first use of each type in a process."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return type_for_model(model) if model is not None else RESULT_TYPES[DEFAULT_TYPE]


def date_field_name(model):
    """The name of the model's own date (or date-time) field, if it has one."""
    for name in (*type_for_model(model).date_fields, *DATE_FIELD_NAMES):
        try:
            model_field = model._meta.get_field(name)
        except Exception:  # noqa: BLE001, S112 - FieldDoesNotExist and friends
            continue
        if isinstance(model_field, (models.DateField, models.DateTimeField)):
            return name
    return None


def related_text_fields(model):
    """Foreign keys of the model that point to something with extracted text."""
    names = []
    for model_field in model._meta.concrete_fields:
        target = getattr(model_field, "related_model", None)
        if model_field.many_to_one and target is not None:
            if any(f.name == RELATED_TEXT_FIELD for f in target._meta.concrete_fields):
                names.append(model_field.name)
    return names
