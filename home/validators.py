"""Single-line text: titles and names that end up in HTTP headers, iCalendar content lines
and XML feeds, where a line break or a control character is either an error or an
injection. Editors are refused them (refuse_control_characters, from a model's clean());
every output that cannot take them passes text through single_line() or feed_text(), for
rows written before the rule or past the admin."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (Unicode category Cc: C0, DEL and C1) and the line and paragraph
# separators (Zl, Zp).
_BREAKING_RUN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# In multi-line text (summaries): the same, except the line feed and the tab.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

SINGLE_LINE_MESSAGE = _("Write this on a single line, without line breaks or control characters.")


def has_control_characters(value):
    return bool(value) and _BREAKING_RUN.search(value) is not None


def refuse_control_characters(instance, field_names):
    """ValidationError, field by field, for each of `field_names` on `instance` that holds a
    line break or a control character."""
    errors = {
        name: ValidationError(SINGLE_LINE_MESSAGE, code="control_characters")
        for name in field_names
        if has_control_characters(getattr(instance, name, ""))
    }
    if errors:
        raise ValidationError(errors)


def single_line(value):
    """`value` on one line: each run of line breaks and control characters becomes one
    space."""
    return _BREAKING_RUN.sub(" ", value or "").strip()


def feed_text(value):
    """Multi-line `value` that XML and iCalendar accept: line breaks kept as line feeds,
    other control characters dropped."""
    text = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _UNPRINTABLE.sub("", text)
