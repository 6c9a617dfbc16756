from wagtail.documents.views import multiple

from . import services


class MultipleAddView(multiple.AddView):
    """Wagtail's multiple uploader, reading the text of each file it saves."""

    def save_object(self, form):
        document = super().save_object(form)
        services.document_file_changed(document)
        return document
