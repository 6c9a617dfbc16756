"""What kind of thing a search result is, as each page model declares it.

Every page model of the site says it itself, in two class attributes (home.models.BasePage
gives the defaults, the news, event, library and contact models their own):

* ``search_result_type``: a key of ``RESULT_TYPES``;
* ``search_result_date_field``: the name of its own date or date-time field shown with
  the result and used for recency (news ``date``, event ``start``, document
  ``document_date``), or None for the first publication.

Nothing is guessed: a page model without the attributes (Wagtail's own ``Page``, the tree
root) is an ordinary "page" dated by its first publication.
"""

from dataclasses import dataclass
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _


@dataclass
class ResultType:
    key: str
    label: str
    label_plural: str


RESULT_TYPES = {
    "page": ResultType("page", _("Page"), _("Pages")),
    "news": ResultType("news", _("News"), _("News")),
    "event": ResultType("event", _("Event"), _("Events")),
    "document": ResultType("document", _("Document"), _("Documents")),
}
DEFAULT_TYPE = "page"

# Fields whose text makes up a result's snippet, in this order (the body comes last), for
# the page models that have them.
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


def type_for_model(model):
    return RESULT_TYPES[getattr(model, "search_result_type", DEFAULT_TYPE)]


def type_for_content_type_id(content_type_id):
    """The result type of a content type id; ContentType's cache makes this query-free after
    the first use of each type in a process."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return type_for_model(model) if model is not None else RESULT_TYPES[DEFAULT_TYPE]


def date_field_name(model):
    """The name of the model's own date (or date-time) field, or None."""
    return getattr(model, "search_result_date_field", None)


@cache
def text_field_names(model):
    """The snippet fields (TEXT_FIELD_NAMES) that `model` has."""
    names = {field.name for field in model._meta.get_fields()}
    return tuple(name for name in TEXT_FIELD_NAMES if name in names)


@cache
def related_text_fields(model):
    """Foreign keys of the model that point to something with extracted text."""
    names = []
    for model_field in model._meta.concrete_fields:
        target = getattr(model_field, "related_model", None)
        if model_field.many_to_one and target is not None:
            if any(f.name == RELATED_TEXT_FIELD for f in target._meta.concrete_fields):
                names.append(model_field.name)
    return tuple(names)
