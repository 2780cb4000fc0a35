"""A URL configuration with only the core pages: as if no feature app were installed yet."""

from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("pamong.core.urls")),
    path("bahasa/", set_language, name="set_language"),
]
