import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

from .middleware import database_unavailable_response
from .regency import cached_regency_name
from .services_catalog import catalog_with_links, url_or_none

logger = logging.getLogger(__name__)


def home(request):
    return render(
        request,
        "core/home.html",
        {
            "dimensions": catalog_with_links(),
            "complaint_submit_url": url_or_none("complaints:submit"),
            "complaint_track_url": url_or_none("complaints:track"),
        },
    )


# The error handlers. `requires_csrf_token` makes {% csrf_token %} work on these pages (the
# language switch posts a form), even when the failing view never touched the token.


@requires_csrf_token
def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "errors/403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


# Shown when even the plain template cannot be rendered (a broken template or static setup).
_LAST_RESORT_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>500 · Gangguan sistem</title></head><body>"
    "<h1>Terjadi gangguan pada sistem</h1>"
    "<p>Maaf, layanan sedang mengalami gangguan. Silakan coba lagi beberapa saat lagi.</p>"
    '<p><a href="/">Kembali ke Beranda</a></p></body></html>'
)


def server_error(request):
    """The 500 page. It must render while the database (or anything else) is down.

    So no RequestContext: context processors could query the database or the session. The
    template gets a plain context with the regency's name only if it is already known without
    a query, and if rendering fails anyway a fixed HTML page goes out. A database outage met
    outside a view (e.g. saving the session) gets the 503 page, as one inside a view does.
    """
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable_response()
    try:
        html = loader.get_template("errors/500.html").render({"regency_name": cached_regency_name()})
    except Exception:
        logger.exception("The 500 page could not be rendered; sending the plain fallback.")
        html = _LAST_RESORT_500
    return HttpResponseServerError(html)
