"""The iCalendar addresses of news pages, included before Wagtail's page URLs."""

from django.urls import re_path

from . import views

app_name = "news"
urlpatterns = [
    re_path(r"^(?P<path>(?:[\w\-]+/)+)(?P<name>events|event)\.ics$", views.calendar, name="ics"),
]
