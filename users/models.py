from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's own user model, in place from the first migration so that fields can
    be added later without swapping the model under existing data."""
