import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template import loader
from django.utils import translation

from .regency import cached_regency_name

logger = logging.getLogger(__name__)


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Indonesian unless the person chose another language (cookie, set by the switch or profile).

    Django's LocaleMiddleware also follows the browser's Accept-Language; many phones in
    Indonesia run with an English system language, and a regency's pages should not turn
    English for them unasked.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


# Sent with the 503: how long a browser or client should wait before asking again. Short,
# because a dropped connection or a database restart is usually over within seconds.
RETRY_AFTER_SECONDS = 30

# Shown when even the plain 503 template cannot be rendered.
_LAST_RESORT_503 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    "<title>503 · Layanan sementara tidak tersedia</title></head><body>"
    "<h1>Layanan sementara tidak tersedia</h1>"
    "<p>Maaf, layanan sedang tidak dapat menjangkau basis datanya. Silakan coba lagi beberapa saat lagi.</p>"
    '<p><a href="/">Kembali ke Beranda</a></p></body></html>'
)


class DatabaseUnavailableMiddleware:
    """A lost database answers 503 with a friendly page instead of a 500 or a traceback.

    Catches ``OperationalError`` and ``InterfaceError`` (server down, connection dropped or
    refused, database not accepting connections, SQLite file unreachable or still locked after
    its timeout) raised by the view or by rendering its response; other database errors
    (integrity, data) are bugs and stay 500s. The page is rendered without a request
    context, so it makes no query.

    Recovery needs nothing from here: Django drops a connection that raised such an error at
    the end of the request (and, with CONN_HEALTH_CHECKS, checks a reused one before the
    next), so the first request after the database is back connects afresh.

    It uses ``process_exception`` because that is the one hook that sees a view's exception:
    Django turns an exception into a 500 response before it reaches an outer middleware's
    ``__call__``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable, answered 503 to %s %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
        )
        return database_unavailable_response()


def database_unavailable_response() -> HttpResponse:
    try:
        html = loader.get_template("errors/503.html").render({"regency_name": cached_regency_name()})
    except Exception:
        logger.exception("The 503 page could not be rendered; sending the plain fallback.")
        html = _LAST_RESORT_503
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # An outage page must not be cached as if it were the page asked for.
    response["Cache-Control"] = "no-store"
    return response
