"""The pages endpoint of /api/v2/ without library entries whose file is private."""

from wagtail.api.v2.views import PagesAPIViewSet

from .selectors import restricted_document_pages


class PublicPagesAPIViewSet(PagesAPIViewSet):
    def get_queryset(self):
        return super().get_queryset().exclude(pk__in=restricted_document_pages())
