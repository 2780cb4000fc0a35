"""The project's URLs plus one whose view loses the database, to send a real request through
the configured middleware."""

from django.db import OperationalError
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def loses_the_database(request):
    raise OperationalError("server closed the connection unexpectedly")


urlpatterns = [path("putus/", loses_the_database), *project_urlpatterns]
