"""Wagtail's read-only API at /api/v2/: public content only (biopa.visibility)."""

from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.images.api.v2.views import ImagesAPIViewSet

from documents.api import PublicDocumentsAPIViewSet, PublicPagesAPIViewSet

from . import visibility


class PublicImagesAPIViewSet(ImagesAPIViewSet):
    """Images in no restricted collection. Wagtail serves an image's renditions and
    original to anyone who has the address; the API at least does not list them."""

    def get_queryset(self):
        return visibility.public_images(super().get_queryset())


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PublicPagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", PublicDocumentsAPIViewSet)
