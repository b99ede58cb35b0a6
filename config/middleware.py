"""Project-wide answers that no single view should state: a lost database, private caching and
the session's idle time."""

import logging
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers, patch_cache_control

logger = logging.getLogger(__name__)

# Seconds a client should wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30

DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def database_unavailable_response() -> HttpResponse:
    """The Swedish 503 page, rendered without a request: no context processor may touch the DB."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """A view that cannot reach PostgreSQL answers 503 with ``Retry-After``, not a 500.

    Nothing is kept between requests: the next request opens a new connection (or, with
    CONN_MAX_AGE, the health check replaces the dead one), so the app recovers by itself as soon as
    the database is back. Errors outside views (another middleware) reach ``config.views``'s
    handler500, which gives the same page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, DATABASE_UNAVAILABLE):
            logger.error("Database unavailable: %s", exception, exc_info=exception)
            return database_unavailable_response()
        return None


class PrivateForSignedInMiddleware:
    """Every response to a signed-in user is ``Cache-Control: private, no-store``.

    Internal pages must not be kept by a shared cache or left on a shared computer's disk. Pages
    for anonymous visitors keep their own caching (the public pages set public, max-age, ETag).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        cache_control = response.get("Cache-Control", "")
        if "private" in cache_control and "no-store" in cache_control:
            return response  # already private (the 503 page: no need to ask the DB who this is)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if "public" in response.get("Cache-Control", ""):
                del response["Cache-Control"]
            patch_cache_control(response, private=True, no_store=True)
        return response


def session_renewed_at_login(sender, request, user, **kwargs) -> None:
    """Receiver: a new session starts its idle period at sign-in (SlidingSessionMiddleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SlidingSessionMiddleware.KEY] = int(time.time())


class SlidingSessionMiddleware:
    """A session ends ``SESSION_COOKIE_AGE`` seconds after the last request, as with
    ``SESSION_SAVE_EVERY_REQUEST``, without a database write on every request: the session (its
    expiry in the database and the cookie's max-age) is renewed when more than
    ``SESSION_REFRESH_SECONDS`` have passed since it last was. A session therefore ends between
    ``SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS`` and ``SESSION_COOKIE_AGE`` after the last
    request (7 h 55 min to 8 h by default) and a page costs one write less.
    """

    KEY = "_renewed_at"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[self.KEY] = (
                    now  # modified: SessionMiddleware saves it and resets the cookie
                )
        return self.get_response(request)
