"""The pages and documents endpoints of /api/v2/: what the public may see only
(biopa.visibility), whoever asks; the API is never cached and is read anonymously."""

from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from biopa import visibility


class PublicPagesAPIViewSet(PagesAPIViewSet):
    """Wagtail's own base queryset (live pages whose restrictions the request passes, on
    the requested site) narrowed to public pages: no alias of a private page, no library
    entry with a private file, nothing expired. The listing, `?search=`, the detail view
    and `find/` all start from this queryset."""

    def get_base_queryset(self):
        return visibility.public_pages_for_search(super().get_base_queryset())


class PublicDocumentsAPIViewSet(DocumentsAPIViewSet):
    def get_queryset(self):
        return visibility.public_documents(super().get_queryset())
