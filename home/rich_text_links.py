"""Editors link library entries everywhere, never bare files.

The document-list block chooses library entries (documents.DocumentPage, opened in the
library: home/admin_views.py); rich text chose raw files with Wagtail's "document-link".
Now rich text has no file link: an editor links a document's library entry with the page
link, as the document-list block does, so every link to a document leads to its entry
(title, description, category, the download) in the reader's language, not to a file.

Links to files already stored in rich text (from the legacy import: `<a
linktype="document" id="…">`) keep rendering, since Wagtail expands every registered link
type on the public site. So that editing such a paragraph keeps its links, the
"library-link" feature (in home.blocks.RICH_TEXT_FEATURES, with no toolbar button) reads
them into the editor as links to the document's library entry, saved as page links; a
file without a library entry stays a link to the file's address.
"""

from wagtail import hooks
from wagtail.admin.rich_text.converters.html_to_contentstate import LinkElementHandler
from wagtail.admin.rich_text.editors.draftail.features import Feature

FEATURE = "library-link"


class LibraryEntryLinkHandler(LinkElementHandler):
    """A stored file link, read into the editor as a LINK to the file's library entry."""

    def get_attribute_data(self, attrs):
        from wagtail.documents import get_document_model

        from documents.models import DocumentPage

        entry = (
            DocumentPage.objects.filter(document_id=attrs.get("id")).order_by("-live", "pk").first()
        )
        if entry is not None:
            parent = entry.get_parent()
            return {"id": entry.pk, "url": entry.url, "parentId": parent.pk if parent else None}
        document = get_document_model().objects.filter(pk=attrs.get("id")).first()
        return {"url": document.url if document else "#"}


class ConverterOnly(Feature):
    """A Draftail feature that adds nothing to the editor (its converter rule does the
    work)."""

    def construct_options(self, options):
        pass


@hooks.register("register_rich_text_features")
def register_library_link(features):
    features.register_editor_plugin("draftail", FEATURE, ConverterOnly())
    features.register_converter_rule(
        "contentstate",
        FEATURE,
        {
            "from_database_format": {
                'a[linktype="document"]': LibraryEntryLinkHandler("LINK"),
            },
            "to_database_format": {},
        },
    )
