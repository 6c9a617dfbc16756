"""The admin's image form (WAGTAILIMAGES_IMAGE_FORM_BASE): Wagtail's own, with the check
that keeps images on their side of the line between private and public collections."""

from wagtail.images.forms import BaseImageForm

from .permissions import CollectionPrivacyFormMixin


class ImageForm(CollectionPrivacyFormMixin, BaseImageForm):
    pass
