from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .models import DocumentCategory
from .views import CreateView, DocumentPageViewSet, EditView, MultipleAddView, library_entry


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
        path("documents/add/", CreateView.as_view(), name="documents_add"),
        path("documents/edit/<int:document_id>/", EditView.as_view(), name="documents_edit"),
        path(
            "documents/<int:document_id>/library-entry/",
            library_entry,
            name="documents_library_entry",
        ),
    ]


@hooks.register("register_admin_viewset")
def register_document_page_viewset():
    # The library entry's views: Wagtail's and the editorial ones, with a create form
    # that starts from a file (`?document=<id>`).
    return DocumentPageViewSet()


register_snippet(DocumentCategory)
