from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import DocumentCategory
from .views import MultipleAddView


@hooks.register("register_admin_urls")
def register_admin_urls():
    # Takes the address of Wagtail's own multiple uploader: this app's hooks load before
    # wagtail.documents' (INSTALLED_APPS order), so this pattern is matched first.
    return [
        path(
            "documents/multiple/add/",
            MultipleAddView.as_view(),
            name="documents_add_multiple",
        ),
    ]


register_snippet(DocumentCategory)
