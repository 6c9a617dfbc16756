"""Translation memory from the project's own history: a changed segment is offered its
previous translation as a suggestion in wagtail-localize's translation editor.

When a source text changes and the translation is synced, wagtail-localize extracts the
new text as a new string and the segment shows as untranslated; the translation of the
old text stays in the database (a `StringTranslation` of the old string, in the same
context: the same field or block path). For each untranslated segment, the suggestion is
the most recent translation into the target language made in the same context; failing
that, the translation of the most similar source text of the same object (difflib ratio
of at least `SIMILARITY`).

A suggestion is only shown (editorial/static/editorial/translation_editor.js puts it under
the segment with a "Use this translation" button): it is not saved, so it neither counts
as translated nor is published until the translator accepts it and saves the segment.
Four queries per request, whatever the number of segments.
"""

import difflib
import re
from html import unescape

from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from wagtail_localize.models import StringSegment, StringTranslation, Translation
from wagtail_localize.views.edit_translation import user_can_edit_instance

SIMILARITY = 0.6
TAG = re.compile(r"<[^>]+>")


def plain(text):
    """A segment's text as the editor shows it: without inline tags, spaces collapsed."""
    return " ".join(unescape(TAG.sub("", text)).split())


def suggestions(translation):
    """[{segment_id, source, suggestion, previous_source}] for the untranslated segments
    of `translation` that have a previous translation."""
    locale_id = translation.target_locale_id
    segments = list(
        StringSegment.objects.filter(source=translation.source)
        .select_related("string")
        .order_by("order")
    )
    done = set(
        StringTranslation.objects.filter(
            locale_id=locale_id,
            context__object_id=translation.source.object_id,
            has_error=False,
        ).values_list("translation_of_id", "context_id")
    )
    untranslated = [s for s in segments if (s.string_id, s.context_id) not in done]
    if not untranslated:
        return []
    current = {(s.string_id, s.context_id) for s in segments}
    # Every translation of this object into the locale that is not of a current segment:
    # translations of earlier versions of its texts. Newest first.
    previous = [
        t
        for t in StringTranslation.objects.filter(
            locale_id=locale_id, context__object_id=translation.source.object_id
        )
        .exclude(data="")
        .select_related("translation_of")
        .order_by("-updated_at", "-pk")
        if (t.translation_of_id, t.context_id) not in current
    ]
    by_context = {}
    for t in previous:
        by_context.setdefault(t.context_id, t)
    found = []
    for segment in untranslated:
        match = by_context.get(segment.context_id)
        if match is None:
            best = 0
            for t in previous:
                ratio = difflib.SequenceMatcher(
                    None, segment.string.data, t.translation_of.data
                ).ratio()
                if ratio >= SIMILARITY and ratio > best:
                    best, match = ratio, t
        if match is not None:
            found.append(
                {
                    "segment_id": segment.pk,
                    "source": plain(segment.string.data),
                    "previous_source": plain(match.translation_of.data),
                    "suggestion": match.data,
                }
            )
    return found


def suggestions_view(request, translation_id):
    translation = get_object_or_404(Translation.objects.select_related("source"), pk=translation_id)
    if not user_can_edit_instance(request.user, translation.get_target_instance()):
        raise PermissionDenied
    return JsonResponse({"suggestions": suggestions(translation)})
