"""A URL that fails, for tests/deploy/test_errors.py."""

from django.urls import path


def broken(request):
    raise RuntimeError("the database caught fire")


urlpatterns = [path("broken/", broken)]
