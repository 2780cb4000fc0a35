"""The core pages plus a stand-in complaints app that has only its submit page."""

from django.http import HttpResponse
from django.urls import include, path

from .urls_bare import urlpatterns as bare_urlpatterns


def _submit(request):
    return HttpResponse("submit")


complaints_patterns = ([path("kirim/", _submit, name="submit")], "complaints")

urlpatterns = [*bare_urlpatterns, path("lapor/", include(complaints_patterns))]
